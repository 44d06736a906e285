// The calculator behind the lazy <assurance-calculator> (loader.js): bundled
// by scripts/build-widget.mjs into dist/assurecalc-widget-ui-<hash>.js with
// the engine's .wasm beside it. The loader's element holds, in its shadow
// root, the one-file widget's element (widget.js's class, defined here as
// VIEW once the engine has loaded), passes its attributes, `order` and
// language down, and its `result` and `error` events and ::part() names up.
import './lazy-engine.js';
import { init } from '../../wasm/index.js';
import { AssuranceCalculator } from './widget.js'; // exported by the build (build-widget.mjs)
import { loadCatalogue } from './catalogues.js'; // lazy-catalogues.js in this build
import { languageOf } from './model.js';

const VIEW = 'assurance-calculator-view';
// Attributes of the host element that are not the calculator's.
const OWN = new Set(['id', 'class', 'style', 'slot', 'part', 'exportparts', 'loading', 'hidden', 'tabindex']);
// widget.js learns the engine's vocabulary in its own then(), registered
// before this one: the class is defined with its attributes known.
const defined = init()
  .catch(() => {}) // a failed engine is shown by the calculator itself
  .then(() => customElements.get(VIEW) || customElements.define(VIEW, AssuranceCalculator));

// `orderOf()`: what the host's `order` holds now (it may be set while the
// engine and the texts load; the calculator takes the latest).
export async function attach(host, root, orderOf) {
  await defined;
  const wrap = document.createElement('div');
  const view = document.createElement(VIEW);
  // The host's attributes, and the page's language around it (the view
  // reads its own `lang`, else the nearest one).
  const sync = () => {
    for (const a of host.attributes) if (!OWN.has(a.name) && view.getAttribute(a.name) !== a.value) view.setAttribute(a.name, a.value);
    for (const a of [...view.attributes]) if (!OWN.has(a.name) && !host.hasAttribute(a.name)) view.removeAttribute(a.name);
    const lang = host.parentElement?.closest('[lang]')?.getAttribute('lang');
    if (lang == null) wrap.removeAttribute('lang');
    else if (wrap.getAttribute('lang') !== lang) wrap.setAttribute('lang', lang);
  };
  // Its ::part() names, for the page's stylesheet.
  const parts = () => {
    const names = new Set();
    for (const n of view.shadowRoot?.querySelectorAll('[part]') || []) for (const p of n.part) names.add(p);
    const list = [...names].sort().join(', ');
    if (view.getAttribute('exportparts') !== list) view.setAttribute('exportparts', list);
  };
  sync();
  new MutationObserver(sync).observe(host, { attributes: true });
  // Its language's texts before it is shown, so it is never drawn in
  // English first (if they cannot load, it is: the calculator still works).
  await loadCatalogue(languageOf([host.getAttribute('lang'), wrap.getAttribute('lang'), ...(navigator.languages || [])])).catch(() => {});
  view.addEventListener('result', (e) => {
    e.stopPropagation();
    parts();
    host.dispatchEvent(new CustomEvent('result', { detail: e.detail, bubbles: true }));
  });
  view.addEventListener('error', (e) => {
    e.stopPropagation();
    host.dispatchEvent(new CustomEvent('error', { detail: e.detail }));
  });
  wrap.append(view);
  root.replaceChildren(wrap);
  const order = orderOf();
  if (order !== undefined) view.order = order;
  parts();
  return view;
}
