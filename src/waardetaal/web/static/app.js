// waardetaal, the writers' desk: one editor where the writer pastes and types, findings drawn over it with
// the CSS Custom Highlight API (so a check never rewrites the writer's DOM), and a card per finding beside it.
// User text only enters the page as text nodes or as the cleaned fragment of paste.js (serialised from that
// fragment for the browser's undoable insertHTML), never as the clipboard's own HTML.

import { codePoints, rangeFor, readText, unitOffsets } from "./model.js";
import { cleanHtml, editorHtml, insertFragment, plainFragment } from "./paste.js";
import { arrangeCards, createCard, fillCard, markSelected } from "./cards.js";

const RECHECK_MS = 700;
const HIGHLIGHTS = {
  warning: "bevinding-waarschuwing", info: "bevinding-hint", dismissed: "bevinding-genegeerd", selected: "bevinding-gekozen",
};
const MARGIN_PX = 24; // room kept around words scrolled into view
const COUNTED = [
  ["error", "fout", "fouten"],
  ["warning", "waarschuwing", "waarschuwingen"],
  ["info", "hint", "hints"],
];

const state = {
  rules: {},
  categories: {},
  fromFile: null, // the uploaded File whose text the editor shows read-only, or null while the writer edits
  ownText: null, // the writer's own content (a fragment) while a file is shown, given back afterwards
  entries: [], // {key, finding, range, dismissed} in text order
  dismissed: new Map(), // key → reason ("" when none given); page state only
  cards: new Map(), // key → card element, kept across re-checks
  selected: null,
  sequence: 0, // answers to older requests are ignored
  timer: null,
  hadFindings: false,
};
const $ = (id) => document.getElementById(id);
const editor = () => $("tekst");

function setStatus(message) { $("status").textContent = message; }

function counted(count, singular, plural) { return `${count} ${count === 1 ? singular : plural}`; }

function categoryLabel(slug) {
  if (state.categories[slug]) return state.categories[slug];
  const words = slug.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const cardContext = {
  get rules() { return state.rules; },
  get fromFile() { return Boolean(state.fromFile); },
  categoryLabel,
  onSelect: (key) => select(key, { scrollText: true }),
  onReplace: (key, suggestion) => replace(key, suggestion),
  onDismiss: (key, reason) => dismiss(key, reason),
  onUndo: (key) => undoDismiss(key),
  onCancelDismiss: (key) => redrawCard(key, ".negeer"),
};

async function loadRules() {
  const answer = await (await fetch("api/rules")).json();
  state.rules = answer.rules;
  state.categories = answer.categories || {};
}
let rulesLoaded = null; // cards explain a finding with its rule, so they wait for the rules

// --- checking -------------------------------------------------------------------------------------------

async function post(body, headers = {}) {
  const answer = await fetch("api/check?tekst=1", { method: "POST", headers, body });
  let result;
  try {
    result = await answer.json();
  } catch {
    throw new Error(`Er ging iets mis (status ${answer.status}).`);
  }
  if (!answer.ok) throw new Error(result.error || "Er ging iets mis.");
  if (result.error) throw new Error(`${result.path}: ${result.error}`);
  return result;
}

/** Check what the editor shows (or the chosen file); options: explicit (a writer's action), after (see replace). */
async function check(options = {}) {
  clearTimeout(state.timer);
  const sequence = ++state.sequence;
  const file = $("bestand").files[0];
  try {
    if (file) {
      if (options.explicit) setStatus("Bezig met controleren…");
      const form = new FormData();
      form.append("file", file);
      form.append("genre", $("soort").value);
      const result = await post(form);
      await rulesLoaded;
      if (sequence !== state.sequence) return;
      showFile(file, result.text);
      show(result.findings, readText(editor()), options);
      return;
    }
    const model = readText(editor());
    if (!model.text.trim()) {
      clearResults();
      if (options.explicit) setStatus("Plak eerst een tekst of kies een bestand.");
      return;
    }
    if (options.explicit) setStatus("Bezig met controleren…");
    const result = await post(JSON.stringify({ text: model.text, genre: $("soort").value }),
      { "Content-Type": "application/json" });
    await rulesLoaded;
    // The writer may have typed while the server answered; the re-check that typing scheduled will follow.
    if (sequence !== state.sequence || readText(editor()).text !== model.text) return;
    show(result.findings, model, options);
  } catch (error) {
    if (sequence !== state.sequence) return;
    setStatus(error instanceof TypeError ? "Er ging iets mis bij het controleren. Probeer het opnieuw." : error.message);
  }
}

function scheduleCheck() {
  state.sequence += 1; // whatever is under way now is about an older text
  clearTimeout(state.timer);
  state.timer = setTimeout(() => check(), RECHECK_MS);
}

function showFile(file, text) {
  if (state.fromFile !== file) forgetFindings(); // cards made for pasted text offer replacements a file cannot take
  const box = editor();
  if (!state.fromFile) {
    state.ownText = document.createDocumentFragment();
    state.ownText.append(...box.childNodes);
  }
  state.fromFile = file;
  box.replaceChildren(document.createTextNode(text)); // one text node: its text is exactly what was checked
  box.contentEditable = "false";
  box.setAttribute("aria-readonly", "true");
  $("bestand-melding").textContent =
    `Je ziet de tekst uit ‘${file.name}’. Pas het document zelf aan; hier kun je de tekst niet wijzigen.`;
  $("bestand-modus").hidden = false;
  $("kopieer").hidden = true;
  $("download").hidden = !file.name.toLowerCase().endsWith(".docx");
}

function backToOwnText() {
  state.fromFile = null;
  $("bestand").value = "";
  const box = editor();
  box.replaceChildren(state.ownText || document.createDocumentFragment());
  state.ownText = null;
  box.contentEditable = "true";
  box.removeAttribute("aria-readonly");
  $("bestand-modus").hidden = true;
  $("kopieer").hidden = false;
  $("download").hidden = true;
  forgetFindings();
  clearResults();
  box.focus();
  check(); // the writer's text gets its own cards again
}

// --- findings, cards and highlights ------------------------------------------------------------------------

const sameStart = (a, b) => a.compareBoundaryPoints(Range.START_TO_START, b) === 0;
const sameEnd = (a, b) => a.compareBoundaryPoints(Range.END_TO_END, b) === 0;
const startsBefore = (a, b) => a.compareBoundaryPoints(Range.START_TO_START, b) < 0;

// The earlier findings' Ranges are live: they moved with every edit since. A new finding over the same words
// keeps that finding's key, so removing one of two identical findings does not pass its card or dismissal on.
// Both lists are in text order, so one walk through the earlier ones suffices.
function inheritedKeys(findings, ranges) {
  const previous = state.entries.filter(({ range }) => range && !range.collapsed && range.startContainer.isConnected);
  let index = 0;
  return findings.map((finding, position) => {
    const range = ranges[position];
    if (!range) return null;
    while (index < previous.length && startsBefore(previous[index].range, range)) index += 1;
    for (let look = index; look < previous.length && sameStart(previous[look].range, range); look += 1) {
      if (previous[look].finding.rule === finding.rule && sameEnd(previous[look].range, range)) return previous[look].key;
    }
    return null;
  });
}

// Otherwise (a first check, a file's new text) the key is rule + words + occurrence of that pair, made unique.
function keyed(findings, ranges) {
  const inherited = inheritedKeys(findings, ranges);
  const used = new Set(inherited.filter(Boolean));
  const seen = new Map();
  return findings.map((finding, position) => {
    if (inherited[position]) return inherited[position];
    const pair = `${finding.rule}\u0000${finding.text}`;
    let occurrence = seen.get(pair) || 0;
    while (used.has(`${pair}\u0000${occurrence}`)) occurrence += 1;
    seen.set(pair, occurrence + 1);
    const key = `${pair}\u0000${occurrence}`;
    used.add(key);
    return key;
  });
}

function show(findings, model, options) {
  const offsets = unitOffsets(model.text);
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  const ranges = sorted.map((finding) => rangeFor(model, offsets, finding.start, finding.end));
  const keys = keyed(sorted, ranges);
  state.entries = sorted.map((finding, position) => ({
    key: keys[position], finding, range: ranges[position],
    dismissed: state.dismissed.has(keys[position]) ? state.dismissed.get(keys[position]) : null,
  }));
  const current = new Set(keys);
  for (const key of [...state.cards.keys()]) if (!current.has(key)) state.cards.delete(key);
  for (const key of [...state.dismissed.keys()]) if (!current.has(key)) state.dismissed.delete(key);
  if (!current.has(state.selected)) state.selected = null;
  for (const entry of state.entries) {
    if (!state.cards.has(entry.key)) state.cards.set(entry.key, createCard(entry, cardContext));
  }
  arrangeCards($("kaarten"), state.entries.map((entry) => state.cards.get(entry.key)));
  $("resultaat").hidden = false;
  $("navigatie").hidden = !state.entries.length;
  if (active().length) state.hadFindings = true;
  refresh();
  const summary = summarise();
  setStatus(options.done ? `${options.done} ${summary}` : summary);
  if (options.after !== undefined) focusAfter(options.after);
  else if (options.explicit) bringResultsIntoView();
}

function forgetFindings() {
  state.cards.clear();
  state.dismissed.clear();
}

function clearResults() {
  state.entries = [];
  state.cards.clear();
  state.selected = null;
  state.hadFindings = false;
  $("kaarten").replaceChildren();
  $("resultaat").hidden = true;
  setStatus(""); // the counts were about a text that is gone
  paint();
}

function active() { return state.entries.filter((entry) => entry.dismissed === null); }

function paint() {
  if (!("highlights" in CSS)) return;
  const groups = { warning: [], info: [], dismissed: [], selected: [] };
  for (const entry of state.entries) {
    if (!entry.range) continue;
    const group = entry.dismissed !== null ? "dismissed" : entry.finding.severity === "info" ? "info" : "warning";
    groups[group].push(entry.range);
    if (entry.key === state.selected) groups.selected.push(entry.range);
  }
  for (const [group, ranges] of Object.entries(groups)) {
    const highlight = new Highlight(...ranges);
    if (group === "selected") highlight.priority = 1; // drawn over the finding's own style
    CSS.highlights.set(HIGHLIGHTS[group], highlight);
  }
}

function refresh() {
  paint();
  markSelected($("kaarten"), state.cards.get(state.selected) || null);
  renderSummary();
}

function summarise() {
  const open = active();
  const ignored = state.entries.length - open.length;
  const note = ignored ? ` ${counted(ignored, "bevinding", "bevindingen")} genegeerd.` : "";
  if (!open.length) {
    const more = state.hadFindings ? " meer" : "";
    return `Klaar: geen waarde-geladen onderwijstaal${more} in je tekst.${note}`;
  }
  const parts = COUNTED.map(([severity, singular, plural]) => {
    const count = open.filter((entry) => entry.finding.severity === severity).length;
    return count ? counted(count, singular, plural) : "";
  }).filter(Boolean);
  return `${counted(open.length, "bevinding", "bevindingen")}: ${parts.join(", ")}.${note}`;
}

function renderSummary() {
  const box = $("samenvatting");
  const open = active();
  const line = document.createElement("p");
  line.textContent = summarise();
  box.replaceChildren(line);
  box.classList.toggle("schoon", !open.length);
  if (!open.length) { line.prepend("✔ "); return; }
  const perCategory = new Map();
  for (const entry of open) perCategory.set(entry.finding.category, (perCategory.get(entry.finding.category) || 0) + 1);
  const list = document.createElement("ul");
  list.className = "categorieen";
  for (const [category, count] of perCategory) {
    const item = document.createElement("li");
    item.textContent = `${categoryLabel(category)}: ${count}`;
    list.append(item);
  }
  box.append(list);
}

function bringResultsIntoView() {
  const first = $("kaarten").firstElementChild;
  (first || $("samenvatting")).scrollIntoView({ block: "nearest" });
  $("samenvatting").scrollIntoView({ block: "nearest" });
}

function entryFor(key) { return state.entries.find((entry) => entry.key === key); }

/** Select a finding: mark its card and its words, and bring what was asked for into view. */
function select(key, { focus = false, scrollText = false, scrollCard = false } = {}) {
  const entry = entryFor(key);
  if (!entry) return;
  state.selected = key;
  refresh();
  const card = state.cards.get(key);
  if (scrollText && entry.range) reveal(entry.range);
  if (scrollCard) card.scrollIntoView({ block: "nearest" });
  if (focus) card.querySelector(".kaart-kies").focus();
}

// The words may sit in a text node straight in the editor (a file's text is one node), so scroll by the range's
// own box: first the editor, then the page.
function reveal(range) {
  const box = editor();
  const frame = box.getBoundingClientRect();
  const words = range.getBoundingClientRect();
  if (words.top < frame.top) box.scrollTop -= frame.top - words.top + MARGIN_PX;
  else if (words.bottom > frame.bottom) box.scrollTop += words.bottom - frame.bottom + MARGIN_PX;
  const shown = range.getBoundingClientRect();
  if (shown.top < 0) window.scrollBy(0, shown.top - MARGIN_PX);
  else if (shown.bottom > window.innerHeight) window.scrollBy(0, shown.bottom - window.innerHeight + MARGIN_PX);
}

function step(direction) {
  if (!state.entries.length) return;
  const index = state.entries.findIndex((entry) => entry.key === state.selected);
  const next = index < 0 ? (direction > 0 ? 0 : state.entries.length - 1)
    : Math.min(state.entries.length - 1, Math.max(0, index + direction));
  select(state.entries[next].key, { focus: true, scrollText: true, scrollCard: true });
}

function focusAfter(position) {
  const open = active();
  const next = open.find((entry) => entry.finding.start >= position) || open[0];
  if (next) {
    select(next.key, { focus: true, scrollText: true });
    return;
  }
  $("samenvatting").focus();
}

// --- the writer's actions ------------------------------------------------------------------------------------

async function replace(key, suggestion) {
  const entry = entryFor(key);
  // Read the words as the model does: a <br> inside them is the newline the server saw.
  if (!entry || !entry.range || readText(entry.range.cloneContents()).text !== entry.finding.text) {
    // The text changed since it was checked: check again instead of replacing the wrong words.
    await check({ done: "De tekst is veranderd sinds de controle; kies de bevinding opnieuw." });
    return;
  }
  // The browser's own editing command types the suggestion over the words with the formatting where they
  // start (a bold or a link stays around it), and the writer can undo it with Ctrl+Z.
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(entry.range.cloneRange());
  document.execCommand("insertText", false, suggestion);
  const after = entry.finding.start + codePoints(suggestion);
  await check({ after, done: `‘${entry.finding.text}’ vervangen door ‘${suggestion}’.` });
}

function redrawCard(key, focusSelector) {
  const entry = entryFor(key);
  entry.dismissed = state.dismissed.has(key) ? state.dismissed.get(key) : null;
  fillCard(state.cards.get(key), entry, cardContext, focusSelector);
  refresh();
}

function dismiss(key, reason) {
  state.dismissed.set(key, reason);
  redrawCard(key, ".ongedaan");
  setStatus(`‘${entryFor(key).finding.text}’ genegeerd. ${summarise()}`);
}

function undoDismiss(key) {
  state.dismissed.delete(key);
  redrawCard(key, ".negeer");
  setStatus(`‘${entryFor(key).finding.text}’ niet meer genegeerd. ${summarise()}`);
}

function onEditorClick() {
  const selection = window.getSelection();
  if (!selection.rangeCount) return;
  const { startContainer, startOffset } = selection.getRangeAt(0);
  const hit = state.entries.find((entry) => entry.range && entry.range.isPointInRange(startContainer, startOffset));
  if (hit) select(hit.key, { scrollCard: true });
}

// Pasted or dropped content goes through the same cleaning: the browser's own insertion would keep styles.
function insertTransfer(data) {
  $("bestand").value = "";
  const html = data.getData("text/html");
  insertFragment(editor(), html ? cleanHtml(html) : plainFragment(data.getData("text/plain")));
  check({ explicit: true });
}

function onPaste(event) {
  event.preventDefault();
  if (!state.fromFile) insertTransfer(event.clipboardData);
}

// A document dragged anywhere onto the page is checked as if it was chosen with the file field, instead of the
// browser opening it in place of the page (and the writer's text).
function onFileDrag(event) {
  if (event.dataTransfer.types.includes("Files")) event.preventDefault();
}

function onFileDrop(event) {
  if (!event.dataTransfer.files.length) return;
  event.preventDefault();
  $("bestand").files = event.dataTransfer.files;
  check({ explicit: true });
}

function onDrop(event) {
  event.preventDefault();
  if (state.fromFile || event.dataTransfer.files.length) return; // a file: see onFileDrop
  const caret = document.caretRangeFromPoint(event.clientX, event.clientY);
  if (caret) {
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(caret);
  }
  insertTransfer(event.dataTransfer);
}

let copying = false;

function onCopy(event) {
  if (!copying) return; // an ordinary copy of a selection is the browser's
  event.preventDefault();
  event.clipboardData.setData("text/html", editorHtml(editor()));
  event.clipboardData.setData("text/plain", readText(editor()).text);
}

function copyText() {
  if (!readText(editor()).text.trim()) {
    setStatus("Er is nog geen tekst om te kopiëren.");
    return;
  }
  copying = true;
  // A copy event (not navigator.clipboard) also works on an intranet page without HTTPS.
  const done = document.execCommand("copy");
  copying = false;
  setStatus(done ? "De verbeterde tekst is gekopieerd, met opmaak. Plak hem terug in Word."
    : "Kopiëren lukte niet; selecteer de tekst en kopieer hem zelf.");
}

async function download() {
  const form = new FormData();
  form.append("file", state.fromFile);
  form.append("genre", $("soort").value);
  const answer = await fetch("api/annotate", { method: "POST", body: form });
  if (!answer.ok) { setStatus((await answer.json()).error); return; }
  const url = URL.createObjectURL(await answer.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = state.fromFile.name.replace(/\.docx$/i, "") + "-nagekeken.docx";
  document.body.append(link);
  link.click();
  link.remove();
  setStatus("Het Word-bestand met opmerkingen en bijgehouden wijzigingen is gedownload.");
}

function onCardKey(event) {
  if (event.target.matches("input, textarea") || event.altKey || event.ctrlKey || event.metaKey) return;
  const direction = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }[event.key];
  if (!direction) return;
  event.preventDefault();
  step(direction);
}

function onGlobalKey(event) {
  // Alt+ArrowDown on a select opens its list; everywhere else it moves between findings.
  if (!event.altKey || !["ArrowDown", "ArrowUp"].includes(event.key) || event.target.matches("select")) return;
  event.preventDefault();
  step(event.key === "ArrowDown" ? 1 : -1);
}

function onCardFocus(event) {
  const card = event.target.closest(".kaart");
  if (card && card.dataset.key !== state.selected) select(card.dataset.key, { scrollText: true });
}

document.addEventListener("DOMContentLoaded", () => {
  rulesLoaded = loadRules().catch(() => setStatus("De uitleg bij de regels kon niet geladen worden."));
  document.execCommand("defaultParagraphSeparator", false, "p");
  const box = editor();
  $("formulier").addEventListener("submit", (event) => { event.preventDefault(); check({ explicit: true }); });
  $("soort").addEventListener("change", () => {
    if ($("bestand").files[0] || readText(editor()).text.trim()) check({ explicit: true });
  });
  box.addEventListener("input", () => {
    if (state.fromFile) return;
    $("bestand").value = ""; // what the writer types is what gets checked
    scheduleCheck();
  });
  box.addEventListener("paste", onPaste);
  box.addEventListener("drop", onDrop);
  box.addEventListener("click", onEditorClick);
  document.addEventListener("copy", onCopy);
  document.addEventListener("dragover", onFileDrag);
  document.addEventListener("drop", onFileDrop);
  document.addEventListener("keydown", onGlobalKey);
  $("kaarten").addEventListener("keydown", onCardKey);
  $("kaarten").addEventListener("focusin", onCardFocus);
  $("vorige").addEventListener("click", () => step(-1));
  $("volgende").addEventListener("click", () => step(1));
  $("kopieer").addEventListener("click", copyText);
  $("download").addEventListener("click", download);
  $("eigen-tekst").addEventListener("click", backToOwnText);
});
