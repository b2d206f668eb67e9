// The plain text model of the editor: the text that is checked, built from the editor's DOM, and the way
// back from offsets in that text to DOM positions, so that a finding becomes a Range without touching the DOM.

const BLOCKS = new Set([
  "P", "DIV", "LI", "UL", "OL", "H1", "H2", "H3", "H4", "H5", "H6",
  "TABLE", "THEAD", "TBODY", "TFOOT", "TR", "TD", "TH", "BLOCKQUOTE",
]);
const PARAGRAPH_BREAK = 2;

/** Whether an element starts its own block of text. */
export function isBlock(node) {
  return node.nodeType === Node.ELEMENT_NODE && BLOCKS.has(node.nodeName);
}

/** The editor's text ({text, segments}): blocks and cells apart by a blank line, <br> as a newline. */
export function readText(root) {
  const model = { text: "", segments: [] };
  const parts = []; // joined once at the end: growing one string per node would copy it over and over
  let length = 0;
  let trailing = 0; // newlines at the end of the text so far, so that no block adds a doubled break
  let pending = 0; // newlines owed before the next text, so that no block adds a leading break
  const add = (part) => {
    parts.push(part);
    length += part.length;
    const kept = part.replace(/\n+$/, "");
    trailing = kept.length ? part.length - kept.length : trailing + part.length;
  };
  const flush = () => {
    if (length) add("\n".repeat(Math.max(0, pending - trailing)));
    pending = 0;
  };
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE && child.data) {
        flush();
        model.segments.push({ node: child, start: length });
        // A no-break space is one UTF-16 unit like a space, so offsets stay valid.
        add(child.data.replace(/\u00a0/g, " "));
      } else if (child.nodeName === "BR") {
        flush();
        add("\n");
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const block = isBlock(child);
        if (block) pending = PARAGRAPH_BREAK;
        walk(child);
        if (block) pending = PARAGRAPH_BREAK;
      }
    }
  };
  walk(root);
  model.text = parts.join("");
  return model;
}

/** For each code point of text, the UTF-16 offset where it starts (plus one entry for the end). */
export function unitOffsets(text) {
  const offsets = [0];
  let units = 0;
  for (const char of text) {
    units += char.length;
    offsets.push(units);
  }
  return offsets;
}

// Segments are in text order, so the one holding an offset is found by bisection: a long text has many.
function pointAt(model, units, atEnd) {
  const { segments } = model;
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const { node, start } = segments[middle];
    const end = start + node.data.length;
    if (atEnd ? units <= start : units < start) high = middle - 1;
    else if (atEnd ? units > end : units >= end) low = middle + 1;
    else return [node, units - start];
  }
  return null;
}

/** A DOM Range over code points [start, end) of the model's text, or null when it is not (all) in text nodes. */
export function rangeFor(model, offsets, start, end) {
  if (end >= offsets.length || start >= end) return null;
  const from = pointAt(model, offsets[start], false);
  const to = pointAt(model, offsets[end], true);
  if (!from || !to) return null;
  const range = document.createRange();
  range.setStart(...from);
  range.setEnd(...to);
  return range;
}

/** The number of code points in a string (the unit of the server's offsets). */
export function codePoints(text) {
  return Array.from(text).length;
}
