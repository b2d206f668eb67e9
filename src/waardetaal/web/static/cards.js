// One card per finding. A card is built once per finding key and then kept, so that a re-check does not
// take the element (or the focus inside it) away from the writer; only a change of its own state redraws it.

const SEVERITY = { error: "Fout", warning: "Waarschuwing", info: "Hint" };
const ICON = { error: "⛔", warning: "⚠", info: "ℹ" };
let cardCount = 0;

function element(name, properties = {}, ...children) {
  const made = document.createElement(name);
  Object.assign(made, properties);
  made.append(...children);
  return made;
}

function button(text, onClick, className = "tweede") {
  const made = element("button", { type: "button", className, textContent: text });
  made.addEventListener("click", onClick);
  return made;
}

function explanation(rule) {
  const details = element("details", { className: "waarom" }, element("summary", { textContent: "Waarom / Bron" }));
  if (rule.why) details.append(element("p", { textContent: rule.why }));
  const source = element("p", { textContent: `Bron: ${rule.source || "onbekend"}` });
  if (rule.link) {
    source.append(" ", element("a", { href: rule.link, textContent: "meer informatie" }));
  }
  details.append(source);
  return details;
}

function suggestions(entry, context) {
  const { finding } = entry;
  if (!finding.suggestions.length) return [];
  if (context.fromFile) {
    const quoted = finding.suggestions.map((suggestion) => `‘${suggestion}’`).join(" of ");
    return [element("p", { className: "suggestie-tekst", textContent: `Schrijf liever ${quoted} (pas dit aan in je document).` })];
  }
  const list = element("ul", { className: "suggesties" });
  for (const suggestion of finding.suggestions) {
    list.append(element("li", {}, button(`Vervang door ‘${suggestion}’`, () => context.onReplace(entry.key, suggestion), "vervang")));
  }
  return [list];
}

function dismissQuestion(card, entry, context) {
  const id = `${card.id}-reden`;
  const input = element("input", { type: "text", id, className: "reden", autocomplete: "off" });
  const confirm = () => context.onDismiss(entry.key, input.value.trim());
  const cancel = () => context.onCancelDismiss(entry.key);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); confirm(); }
  });
  const question = element("div", { className: "negeer-vraag" },
    element("label", { htmlFor: id, textContent: "Waarom negeer je deze bevinding? (niet verplicht)" }),
    input,
    element("div", { className: "knoppen" }, button("Negeer deze bevinding", confirm, "negeer-bevestig"), button("Annuleer", cancel)));
  // Escape closes the question wherever the focus is in it, as Annuleer does: after Tab it is on a button.
  question.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); cancel(); }
  });
  return question;
}

function actions(card, entry, context) {
  if (entry.dismissed !== null) {
    const note = element("p", { className: "genegeerd-melding" }, element("strong", { textContent: "Genegeerd" }));
    if (entry.dismissed) note.append(`: ${entry.dismissed}`);
    return [note, button("Ongedaan maken", () => context.onUndo(entry.key), "tweede ongedaan")];
  }
  const dismiss = button("Negeer", () => {
    dismiss.replaceWith(dismissQuestion(card, entry, context));
    card.querySelector(".reden").focus();
  }, "tweede negeer");
  const offered = suggestions(entry, context);
  const buttons = offered.filter((part) => part.nodeName === "UL");
  const texts = offered.filter((part) => part.nodeName !== "UL");
  return [...texts, element("div", { className: "kaart-acties" }, ...buttons, dismiss)];
}

/** Draw a card's content for its entry; focus the element matching focusSelector afterwards, if given. */
export function fillCard(card, entry, context, focusSelector = null) {
  const { finding } = entry;
  const rule = context.rules[finding.rule] || {};
  const title = element("button", {
    type: "button", className: "kaart-kies", id: `${card.id}-term`, textContent: `‘${finding.text}’`,
  });
  title.addEventListener("click", () => context.onSelect(entry.key));
  const kind = element("p", { className: "soort", id: `${card.id}-soort` },
    element("span", { textContent: ICON[finding.severity] || "", ariaHidden: "true" }),
    ` ${SEVERITY[finding.severity] || finding.severity} · ${context.categoryLabel(finding.category)}`);
  const message = element("p", { className: "melding", id: `${card.id}-melding`, textContent: finding.message });
  // Focus lands on the term (after Volgende, Alt+↓ or Vervang): a screen reader then reads what is wrong too.
  title.setAttribute("aria-describedby", `${kind.id} ${message.id}`);
  const article = element("article", {},
    element("h3", { className: "kaart-kop" }, title),
    kind,
    message,
    ...actions(card, entry, context),
    explanation(rule));
  article.setAttribute("aria-labelledby", title.id);
  card.className = `kaart ernst-${finding.severity}${entry.dismissed !== null ? " genegeerd" : ""}`;
  card.replaceChildren(article);
  if (focusSelector) card.querySelector(focusSelector)?.focus();
}

/** A new card element for an entry. */
export function createCard(entry, context) {
  cardCount += 1;
  const card = element("li", { id: `kaart-${cardCount}` });
  card.dataset.key = entry.key;
  fillCard(card, entry, context);
  return card;
}

/** Put the cards in the list in the given order, moving only those not yet in place (a moved element loses focus). */
export function arrangeCards(list, cards) {
  const wanted = new Set(cards);
  for (const child of [...list.children]) if (!wanted.has(child)) child.remove();
  cards.forEach((card, index) => {
    if (list.children[index] !== card) list.insertBefore(card, list.children[index] || null);
  });
}

/** Mark one card as the selected one (or none). */
export function markSelected(list, selectedCard) {
  for (const card of list.children) {
    const chosen = card === selectedCard;
    card.classList.toggle("gekozen", chosen);
    const title = card.querySelector(".kaart-kies");
    if (chosen) title.setAttribute("aria-current", "true");
    else title.removeAttribute("aria-current");
  }
}
