// waardetaal, the writers' desk. User text is only ever placed with textContent,
// never as HTML, so pasted markup shows as text.
"use strict";

const state = { rules: {}, text: "", findings: [], fromFile: null, selected: -1 };
const $ = (id) => document.getElementById(id);
const SEVERITY = { error: "fout", warning: "waarschuwing", info: "hint" };
const ICON = { error: "⛔", warning: "⚠", info: "ℹ" };

function setStatus(message) { $("status").textContent = message; }

// Offsets from the server count Unicode code points; JavaScript strings count UTF-16 units.
function codePointSlice(text, start, end) { return Array.from(text).slice(start, end).join(""); }
function toUnits(text, codePoints) { return Array.from(text).slice(0, codePoints).join("").length; }

async function loadRules() {
  const answer = await fetch("api/rules");
  state.rules = (await answer.json()).rules;
}

async function check(event) {
  if (event) event.preventDefault();
  try {
    await runCheck();
  } catch (error) {
    setStatus("Er ging iets mis bij het controleren. Probeer het opnieuw.");
  }
}

async function runCheck() {
  const file = $("bestand").files[0];
  const genre = $("soort").value;
  setStatus("Bezig met controleren…");
  let answer;
  if (file) {
    const form = new FormData();
    form.append("file", file);
    form.append("genre", genre);
    answer = await fetch("api/check?tekst=1", { method: "POST", body: form });
  } else {
    const text = $("tekst").value;
    if (!text.trim()) { setStatus("Plak eerst een tekst of kies een bestand."); return; }
    answer = await fetch("api/check?tekst=1", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text, genre }),
    });
  }
  let result;
  try {
    result = await answer.json();
  } catch (error) {
    setStatus(`Er ging iets mis (status ${answer.status}).`);
    return;
  }
  if (!answer.ok) { setStatus(result.error || "Er ging iets mis."); return; }
  if (result.error) { setStatus(`${result.path}: ${result.error}`); $("resultaat").hidden = true; return; }
  state.fromFile = file || null;
  state.text = result.text;
  state.findings = result.findings;
  state.selected = -1;
  show();
  setStatus(state.findings.length ? `${state.findings.length} bevinding(en) gevonden.` : "Geen bevindingen.");
}

function show() {
  $("resultaat").hidden = false;
  $("download").hidden = !(state.fromFile && state.fromFile.name.toLowerCase().endsWith(".docx"));
  $("kopieer").hidden = Boolean(state.fromFile);
  showSummary();
  showText();
  $("details").replaceChildren();
}

function showSummary() {
  const box = $("samenvatting");
  box.replaceChildren();
  if (!state.findings.length) {
    const clean = document.createElement("p");
    clean.className = "samenvatting-schoon";
    clean.textContent = "✔ Geen waarde-geladen onderwijstermen gevonden. Je tekst volgt de afspraken.";
    box.append(clean);
    return;
  }
  const counts = {};
  for (const finding of state.findings) counts[finding.category] = (counts[finding.category] || 0) + 1;
  const intro = document.createElement("p");
  intro.textContent = `${state.findings.length} bevinding(en), per categorie:`;
  const list = document.createElement("ul");
  for (const [category, count] of Object.entries(counts)) {
    const item = document.createElement("li");
    item.textContent = `${category}: ${count}`;
    list.append(item);
  }
  box.append(intro, list);
}

function showText() {
  const view = $("weergave");
  view.replaceChildren();
  let position = 0;
  state.findings.forEach((finding, index) => {
    view.append(document.createTextNode(codePointSlice(state.text, position, finding.start)));
    const mark = document.createElement("button");
    mark.type = "button";
    mark.className = `markering ernst-${finding.severity}`;
    mark.dataset.index = String(index);
    mark.setAttribute("aria-pressed", "false");
    mark.setAttribute("aria-label",
      `Bevinding ${index + 1} (${SEVERITY[finding.severity]}): ${finding.text}`);
    const words = document.createElement("span");
    words.textContent = codePointSlice(state.text, finding.start, finding.end);
    const number = document.createElement("span");
    number.className = "nummer";
    number.setAttribute("aria-hidden", "true");
    number.textContent = `${ICON[finding.severity]}${index + 1}`;
    mark.append(words, number);
    mark.addEventListener("click", () => select(index));
    view.append(mark);
    position = finding.end;
  });
  view.append(document.createTextNode(codePointSlice(state.text, position)));
}

function select(index) {
  state.selected = index;
  for (const mark of document.querySelectorAll(".markering")) {
    mark.setAttribute("aria-pressed", String(Number(mark.dataset.index) === index));
  }
  const finding = state.findings[index];
  const rule = state.rules[finding.rule] || {};
  const box = $("details");
  box.replaceChildren();
  const heading = document.createElement("h4");
  heading.textContent = `Bevinding ${index + 1} van ${state.findings.length}: ‘${finding.text}’ (${SEVERITY[finding.severity]})`;
  const message = document.createElement("p");
  message.textContent = finding.message;
  const why = document.createElement("p");
  why.textContent = `Waarom: ${rule.why || ""}`;
  const source = document.createElement("p");
  source.textContent = `Bron: ${rule.source || ""} `;
  if (rule.link) {
    const link = document.createElement("a");
    link.href = rule.link;
    link.textContent = "(meer informatie)";
    source.append(link);
  }
  box.append(heading, message, why, source);
  if (finding.suggestions.length) {
    const label = document.createElement("p");
    label.textContent = state.fromFile ? "Schrijf liever (pas dit aan in je document):" : "Schrijf liever:";
    const list = document.createElement("ul");
    list.className = "suggesties";
    for (const suggestion of finding.suggestions) {
      const item = document.createElement("li");
      if (state.fromFile) {
        item.textContent = `‘${suggestion}’`;
      } else {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "tweede";
        button.textContent = `Vervang door ‘${suggestion}’`;
        button.addEventListener("click", () => apply(finding, suggestion));
        item.append(button);
      }
      list.append(item);
    }
    box.append(label, list);
  }
  box.focus();
}

async function apply(finding, suggestion) {
  const field = $("tekst");
  const text = field.value;
  const start = toUnits(text, finding.start);
  const end = toUnits(text, finding.end);
  if (text.slice(start, end) !== finding.text) {
    // The text changed since it was checked: check again instead of replacing the wrong words.
    await check();
    setStatus("De tekst is veranderd sinds de controle; kies de bevinding opnieuw.");
    return;
  }
  field.value = text.slice(0, start) + suggestion + text.slice(end);
  await check();
  setStatus(`‘${finding.text}’ vervangen door ‘${suggestion}’. ${$("status").textContent}`);
}

async function copyText() {
  const text = $("tekst").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    $("tekst").select();
    document.execCommand("copy");
  }
  setStatus("De verbeterde tekst is gekopieerd.");
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

document.addEventListener("DOMContentLoaded", () => {
  loadRules();
  $("formulier").addEventListener("submit", check);
  $("kopieer").addEventListener("click", copyText);
  $("download").addEventListener("click", download);
  $("tekst").addEventListener("input", () => { $("bestand").value = ""; });
});
