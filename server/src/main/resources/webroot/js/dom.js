// Small DOM helpers: build elements without innerHTML, so user data is never parsed as markup.

/**
 * Creates an element. attrs: class, text, on<Event> handlers, data-*, aria-*, any attribute;
 * children: nodes, strings, or arrays of them (null/false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Shows a short message in the polite live region; kind: 'ok' | 'error'. */
export function toast(message, kind = 'ok') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : null }, message);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/** Formats an ISO instant in the user's language. */
export function formatDate(iso, lang) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
    dateStyle: 'medium', timeStyle: 'short',
  }).format(new Date(iso));
}
