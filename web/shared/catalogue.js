// The text catalogues (web/shared/i18n/<lang>.json), fetched from next to
// this file. Apps bundled into one file (the widget) import them instead.
const loaded = new Map();

export function loadCatalogue(lang) {
  if (!/^[a-z]{2,3}$/.test(lang)) return Promise.reject(new Error(`catalogue ${lang}: not a language code`));
  if (!loaded.has(lang)) {
    loaded.set(
      lang,
      fetch(new URL(`i18n/${lang}.json`, import.meta.url)).then((res) => {
        if (!res.ok) throw new Error(`catalogue ${lang}: HTTP ${res.status}`);
        return res.json();
      }),
    );
    loaded.get(lang).catch(() => loaded.delete(lang));
  }
  return loaded.get(lang);
}

// The language to use: the one asked for, else the browser's, else English,
// among those offered.
export function pickLanguage(offered, asked) {
  const langs = typeof navigator === 'object' ? navigator.languages || [] : [];
  return (
    [asked, ...langs.map((l) => l.split('-')[0]), 'en']
      .map((l) => (l || '').toLowerCase().split('-')[0])
      .find((l) => offered.includes(l)) || offered[0]
  );
}
