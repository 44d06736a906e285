// The widget's text catalogues (web/shared/i18n/<lang>.json, the sections it
// reads), for the one-file build: every language inside, none fetched. The
// lazy build (scripts/build-widget.mjs) puts lazy-catalogues.js in this
// module's place, with English inside and the others loaded when shown.
import en from '../shared/i18n/en.json' with { type: 'json' };
import vi from '../shared/i18n/vi.json' with { type: 'json' };
import { pickSections } from './model.js';

const loaded = new Map([
  ['en', pickSections(en)],
  ['vi', pickSections(vi)],
]);

/** A language's catalogue, or null while it is not loaded (or not offered). */
export const catalogue = (lang) => loaded.get(lang) ?? null;
/** A promise of a language's catalogue (null for one not offered). */
export const loadCatalogue = (lang) => Promise.resolve(catalogue(lang));
