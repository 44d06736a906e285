// The page's first module, run as soon as it and the catalogue's loader are
// in (before the page's other modules, which the answer also needs): it asks
// for the text catalogue in the page's language, which only the page can
// pick, and starts the engine (its module is compiled from the .wasm the
// page preloads) as soon as the engine's glue is in. app.js takes both.
import { loadCatalogue, pickLanguage } from '../shared/catalogue.js';

// URL fragment: column=value&payment1_on=...; lang, now, sample. Keys and
// values come from whoever wrote the link: a Map, so no name ("__proto__",
// "constructor") reaches an object's inherited members.
export function parseFragment(hash) {
  const f = new Map();
  const dec = (v) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  for (const part of hash.replace(/^#/, '').split('&')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    f.set(dec(part.slice(0, i)), dec(part.slice(i + 1)));
  }
  return f;
}

// The page's language: the link's, else the browser's, among those the page
// offers (its language menu).
const pageLanguage = (frag) =>
  pickLanguage(
    [...document.querySelectorAll('#lang option')].map((o) => o.value),
    frag.get('lang'),
  );

export const lang = pageLanguage(parseFragment(location.hash));
// app.js waits for both (and says so when one fails).
export const catalogue = loadCatalogue(lang);
catalogue.catch(() => {});
// The engine with what the page reads of it first: its vocabulary, the
// program it applies when a claim names none, and its programs. Its first
// calls are its slowest (its code is compiled as it first runs), so they
// are made here, while the page may still wait for its other modules.
export const engine = Promise.all([import('../../wasm/index.js'), import('../shared/vocabulary.js')]).then(async ([{ init }, voc]) => {
  const ac = await init();
  const vocab = ac.vocabulary();
  const lex = voc.lexicon(vocab);
  voc.defaultProgram(lex, ac);
  return { ac, vocab, lex, programs: ac.programs() };
});
engine.catch(() => {});
// The browser's first money formatting reads its locale data (once for the
// page, the longest step of drawing the answer): done while nothing else is.
(window.requestIdleCallback || setTimeout)(() => {
  try {
    new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(1);
  } catch {
    // Only a head start: the page formats as it can.
  }
});
