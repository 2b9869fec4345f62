// Message catalogs (Spanish and English). Every visible string comes from /i18n/<lang>.json.

const STORAGE_KEY = 'centralita.lang';
export const LANGUAGES = ['es', 'en'];

let lang = 'es';
let catalog = {};
const listeners = new Set();

/** Returns the current language code. */
export function currentLang() {
  return lang;
}

/** Returns the language to start with: the saved choice, else the browser's, else Spanish. */
export function initialLang() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(saved)) return saved;
  const nav = (navigator.language || 'es').slice(0, 2).toLowerCase();
  return LANGUAGES.includes(nav) ? nav : 'es';
}

/** Returns whether the person chose a language on this browser (the switch wins over their profile). */
export function hasChosenLang() {
  return LANGUAGES.includes(localStorage.getItem(STORAGE_KEY));
}

/** Loads a catalog and makes it current; remember=true when the person chose it with the switch. */
export async function setLang(next, remember = false) {
  if (!LANGUAGES.includes(next)) throw new Error(`unsupported language ${next}`);
  const res = await fetch(`/i18n/${next}.json`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`cannot load /i18n/${next}.json (${res.status})`);
  catalog = await res.json();
  lang = next;
  if (remember) localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  translateStatic(document);
  listeners.forEach((fn) => fn(next));
}

/** Returns the message for key with {placeholders} filled; shows the key itself if missing. */
export function t(key, params = {}) {
  const text = catalog[key];
  if (text === undefined) {
    console.warn(`missing message ${key} (${lang})`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Calls fn after every language change. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** Fills elements marked data-i18n="key" (static markup in index.html). */
function translateStatic(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n);
  });
}
