// A small element builder: every text goes in as a text node (never as markup), so a hostile title is shown, not run.

/// h("p", {class: "x"}, "text", child, …): attributes set one by one, children appended as nodes or text.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/// Blank-line separated paragraphs.
export function paragraphs(text, className) {
  if (!text) return null;
  return h("div", { class: className }, text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean)
    .map((part) => h("p", {}, part)));
}
