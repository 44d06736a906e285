// The lazy widget's text catalogues (in catalogues.js's place in its build):
// English, the fallback of every text, inside the calculator's chunk; each
// other language a chunk of its own, loaded when a calculator is shown in it.
import en from '../shared/i18n/en.json' with { type: 'json' };
import { pickSections } from './model.js';

const LOAD = new Map([['vi', () => import('../shared/i18n/vi.json', { with: { type: 'json' } })]]);
const loaded = new Map([['en', pickSections(en)]]);
const loading = new Map();

/** A language's catalogue, or null while it is not loaded (or not offered). */
export const catalogue = (lang) => loaded.get(lang) ?? null;
/** A promise of a language's catalogue (null for one not offered); a failed load may be tried again. */
export function loadCatalogue(lang) {
  if (loaded.has(lang) || !LOAD.has(lang)) return Promise.resolve(catalogue(lang));
  if (!loading.has(lang)) {
    const p = LOAD.get(lang)().then(
      (m) => {
        loaded.set(lang, pickSections(m.default));
        loading.delete(lang);
        return loaded.get(lang);
      },
      (e) => {
        loading.delete(lang);
        throw e;
      },
    );
    loading.set(lang, p);
  }
  return loading.get(lang);
}
