// Pasting keeps the writer's layout but nothing else: clipboard HTML is parsed in an inert document and
// rebuilt from a short list of elements without attributes (links keep a safe href), never set as innerHTML.

import { isBlock } from "./model.js";

const KEPT = new Set([
  "P", "BR", "UL", "OL", "LI", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD",
  "B", "STRONG", "I", "EM", "U", "H1", "H2", "H3", "H4", "H5", "H6", "A",
]);
// Elements whose content is not text for the reader (or is Word's bookkeeping) go with their content.
const DROPPED = new Set([
  "SCRIPT", "STYLE", "HEAD", "TITLE", "META", "LINK", "TEMPLATE", "NOSCRIPT", "IFRAME", "OBJECT", "EMBED",
  "SVG", "MATH", "IMG", "PICTURE", "VIDEO", "AUDIO", "CANVAS", "INPUT", "BUTTON", "SELECT", "TEXTAREA", "XML",
]);
const STRUCTURE = new Set(["TABLE", "THEAD", "TBODY", "TFOOT", "TR", "UL", "OL"]);
const LINK_SCHEMES = new Set(["http:", "https:", "mailto:"]);

function safeHref(element) {
  try {
    const url = new URL(element.getAttribute("href") || "");
    return LINK_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null; // relative or malformed: there is no page it could safely point to
  }
}

const HTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

function isJunk(element) {
  const name = element.nodeName;
  // SVG and MathML content (titles, styles, scripts) is not text; their nodeNames are not even upper case.
  // Office writes namespaced elements (o:p, v:shape, w:sdt) and the bullets of its own lists as mso-list:Ignore.
  return element.namespaceURI !== HTML_NAMESPACE || DROPPED.has(name) || name.includes(":")
    || /mso-list:\s*ignore/i.test(element.getAttribute("style") || "");
}

// Read from the attribute: the page's CSP (no inline styles) also holds for the parsed document, so its
// element.style is not filled in.
function styleValue(element, property) {
  const found = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]+)`, "i").exec(element.getAttribute("style") || "");
  return found ? found[1].trim().toLowerCase() : "";
}

const isBold = (weight) => /^(bold|bolder|[6-9]00)$/.test(weight);

// Google Docs marks bold and italic with styled spans, and wraps the whole copy in <b style="font-weight:normal">.
function styleTags(element) {
  const name = element.nodeName;
  const tags = [];
  if (isBold(styleValue(element, "font-weight")) && name !== "B" && name !== "STRONG") tags.push("b");
  if (styleValue(element, "font-style") === "italic" && name !== "I" && name !== "EM") tags.push("i");
  return tags;
}

function keptTag(element) {
  const name = element.nodeName;
  if (name === "A") return safeHref(element) ? "a" : null;
  const weight = styleValue(element, "font-weight");
  if ((name === "B" || name === "STRONG") && weight && !isBold(weight)) return null;
  if (KEPT.has(name)) return name.toLowerCase();
  // A div of text is a paragraph; a div around paragraphs just unwraps.
  return name === "DIV" && ![...element.children].some(isBlock) ? "p" : null;
}

function cleanElement(element, target, preformatted) {
  if (isJunk(element)) return;
  const tag = keptTag(element);
  const kept = tag ? document.createElement(tag) : null;
  if (tag === "a") kept.setAttribute("href", safeHref(element));
  let into = kept || target;
  for (const styled of styleTags(element)) {
    const wrapper = document.createElement(styled);
    into.append(wrapper);
    into = wrapper;
  }
  cleanChildren(element, into, preformatted);
  if (kept) target.append(kept);
}

// Word puts a list on the clipboard as paragraphs styled mso-list, each with its bullet or number in a span.
function wordListKind(element) {
  if (element.nodeName !== "P" || !/mso-list:\s*l\d/i.test(element.getAttribute("style") || "")) return null;
  const marker = [...element.querySelectorAll("span")].find((span) => /mso-list:\s*ignore/i.test(span.getAttribute("style") || ""));
  return /^[\da-z]{1,4}[.)]$/i.test(marker?.textContent.trim() || "") ? "ol" : "ul";
}

// In clipboard HTML white space is source layout; in the editor (pre-wrap) a newline is a line break.
function appendText(data, target, preformatted) {
  if (!preformatted) {
    target.append(document.createTextNode(data.replace(/[ \t\n\r\f]+/g, " "))); // not U+00A0: it is meant
    return;
  }
  data.split("\n").forEach((line, index) => {
    if (index) target.append(document.createElement("br"));
    if (line) target.append(document.createTextNode(line));
  });
}

function cleanChildren(source, target, preformatted) {
  let list = null; // the list that Word's list paragraphs are gathered in
  for (const child of source.childNodes) {
    const listKind = child.nodeType === Node.ELEMENT_NODE ? wordListKind(child) : null;
    if (listKind) {
      if (list?.nodeName.toLowerCase() !== listKind) target.append(list = document.createElement(listKind));
      const item = document.createElement("li");
      cleanChildren(child, item, preformatted);
      list.append(item);
      continue;
    }
    if (child.nodeType === Node.TEXT_NODE) {
      if (child.data.trim()) list = null;
      appendText(child.data, target, preformatted);
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      list = null;
      cleanElement(child, target, preformatted);
    } // comments, Word's conditional comments and processing instructions are left out
  }
}

// Source formatting between cells, items and paragraphs is not text; the editor shows white space as it is.
function dropLayoutSpace(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const blank = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.data.trim()) continue;
    const parent = node.parentNode;
    const besideBlock = [node.previousSibling, node.nextSibling].some((sibling) => !sibling || isBlock(sibling));
    if (STRUCTURE.has(parent.nodeName) || (besideBlock && (parent === root || isBlock(parent)))) blank.push(node);
  }
  for (const node of blank) node.remove();
}

/** A clean fragment of the page's document built from HTML (preformatted: its newlines are line breaks). */
export function cleanHtml(html, preformatted = false) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const fragment = document.createDocumentFragment();
  cleanChildren(parsed.body, fragment, preformatted);
  dropLayoutSpace(fragment);
  fragment.normalize();
  return fragment;
}

/** A fragment for plain text: one paragraph per blank-line-separated block, <br> for a single newline. */
export function plainFragment(text) {
  const fragment = document.createDocumentFragment();
  const normalised = text.replace(/\r\n?/g, "\n");
  if (!normalised.includes("\n")) {
    fragment.append(normalised);
    return fragment;
  }
  for (const block of normalised.split(/\n\s*\n/)) {
    if (!block.trim()) continue;
    const paragraph = document.createElement("p");
    block.split("\n").forEach((line, index) => {
      if (index) paragraph.append(document.createElement("br"));
      paragraph.append(line);
    });
    fragment.append(paragraph);
  }
  return fragment;
}

/** Insert a fragment at the selection in the editor (or at its end), as an edit the writer can undo. */
export function insertFragment(editor, fragment) {
  const selection = window.getSelection();
  if (!selection.rangeCount || !editor.contains(selection.getRangeAt(0).commonAncestorContainer)) {
    const end = document.createRange();
    end.selectNodeContents(editor);
    end.collapse(false);
    selection.removeAllRanges();
    selection.addRange(end);
  }
  // The browser's own editing command puts the paste on its undo stack (Ctrl+Z), splits the paragraph around
  // pasted blocks and shows the caret after it. The fragment is clean, so its serialisation is too.
  const holder = document.createElement("div");
  holder.append(fragment);
  document.execCommand("insertHTML", false, holder.innerHTML);
  // The browser scrolls the caret into view after its own paste, not after this command.
  const caret = selection.getRangeAt(0).endContainer;
  const shown = caret.nodeType === Node.ELEMENT_NODE ? caret : caret.parentElement;
  if (shown !== editor) shown.scrollIntoView({ block: "nearest" });
}

/** The editor's content as clean HTML for the clipboard (highlights are not in the DOM, so none are copied). */
export function editorHtml(editor) {
  const holder = document.createElement("div");
  const fragment = cleanHtml(editor.innerHTML, true);
  holder.append(fragment);
  return holder.innerHTML;
}
