// DOM helpers shared by the apps. Text is always set as text (textContent or
// text nodes), never parsed as HTML.

// createElement with attributes and children. An attribute of null, undefined
// or false is left out; true sets it empty. Children may be nodes or text.
export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null && v !== false) e.setAttribute(k, v === true ? '' : v);
  for (const k of kids) if (k != null && k !== '') e.append(k instanceof Node ? k : String(k));
  return e;
}
