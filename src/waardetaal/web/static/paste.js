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

function isJunk(element) {
  const name = element.nodeName;
  // Office writes namespaced elements (o:p, v:shape, w:sdt) and the bullets of its own lists as mso-list:Ignore.
  return DROPPED.has(name) || name.includes(":") || /mso-list:\s*ignore/i.test(element.getAttribute("style") || "");
}

function cleanElement(element, target) {
  const name = element.nodeName;
  if (isJunk(element)) return;
  let kept = null;
  if (KEPT.has(name) && !(name === "A" && !safeHref(element))) {
    kept = document.createElement(name.toLowerCase());
    if (name === "A") kept.setAttribute("href", safeHref(element));
  } else if (name === "DIV" && ![...element.children].some(isBlock)) {
    kept = document.createElement("p"); // a div of text is a paragraph; a div around paragraphs just unwraps
  }
  const into = kept || target;
  cleanChildren(element, into);
  if (kept) target.append(kept);
}

function cleanChildren(source, target) {
  for (const child of source.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.append(document.createTextNode(child.data.replace(/\s+/g, " ")));
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      cleanElement(child, target);
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

/** A clean fragment of the page's document built from clipboard HTML. */
export function cleanHtml(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const fragment = document.createDocumentFragment();
  cleanChildren(parsed.body, fragment);
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

// Blocks pasted inside a paragraph would nest paragraphs: split the paragraph at the caret instead.
function splitBlockAt(range, editor) {
  let block = range.startContainer.nodeType === Node.ELEMENT_NODE ? range.startContainer : range.startContainer.parentNode;
  while (block && block !== editor && !isBlock(block)) block = block.parentNode;
  if (!block || block === editor || !["P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6"].includes(block.nodeName)) {
    return;
  }
  const tail = document.createRange();
  tail.setStart(range.startContainer, range.startOffset);
  tail.setEnd(block, block.childNodes.length);
  const rest = block.cloneNode(false);
  rest.append(tail.extractContents());
  block.after(rest);
  range.setStartAfter(block);
  range.collapse(true);
  if (!block.textContent) block.remove();
  if (!rest.textContent) rest.remove();
}

/** Insert a fragment at the selection in the editor (or at its end) and put the caret after it. */
export function insertFragment(editor, fragment) {
  const selection = window.getSelection();
  let range;
  if (selection.rangeCount && editor.contains(selection.getRangeAt(0).commonAncestorContainer)) {
    range = selection.getRangeAt(0);
    range.deleteContents();
  } else {
    range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
  }
  if ([...fragment.childNodes].some(isBlock)) splitBlockAt(range, editor);
  const last = fragment.lastChild;
  range.insertNode(fragment);
  if (!last) return;
  range.setStartAfter(last);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
  // The browser shows the caret after its own paste; after ours the writer should see it too.
  const shown = last.nodeType === Node.ELEMENT_NODE ? last : last.parentElement;
  if (shown !== editor) shown.scrollIntoView({ block: "nearest" });
}

/** The editor's content as clean HTML for the clipboard (highlights are not in the DOM, so none are copied). */
export function editorHtml(editor) {
  const holder = document.createElement("div");
  const fragment = cleanHtml(editor.innerHTML);
  holder.append(fragment);
  return holder.innerHTML;
}
