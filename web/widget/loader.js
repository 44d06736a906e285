// <assurance-calculator>, loaded when it is about to be seen: the one script
// a storefront includes (built by scripts/build-widget.mjs into
// web/widget/dist/assurecalc-widget-loader.js; web/EMBEDDING.md). It defines
// the element at once and nothing else; the calculator (the UI and the
// engine, files with content-hashed names next to it) is requested when an
// element comes within MARGIN of the viewport, or at once with
// loading="eager". Every element shares the one engine. Adds nothing to
// window; a failure to load is said inside the element and as an `error`
// event.
/* global __ASSURECALC_UI__ */
const TAG = 'assurance-calculator';
const MARGIN = '600px';
let ui = null; // the calculator's module, once asked for
let watcher = null;
const load = () =>
  (ui ||= import(new URL(__ASSURECALC_UI__, import.meta.url).href).catch((e) => {
    ui = null; // another element may try again
    throw e;
  }));
let sheet = null;

class LazyCalculator extends HTMLElement {
  static observedAttributes = ['loading'];
  #root = this.attachShadow({ mode: 'open' });
  #view = null; // the calculator, once loaded
  #order; // `order` set before it loaded
  #asked = false;

  constructor() {
    super();
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(':host{display:block;min-height:1px}:host([hidden]){display:none}');
    this.#root.adoptedStyleSheets = [sheet];
  }
  connectedCallback() {
    // A value the host set before the element was defined hides the accessor: take it over.
    if (Object.hasOwn(this, 'order')) {
      const v = this.order;
      delete this.order;
      this.order = v;
    }
    if (this.#asked) return;
    if (this.getAttribute('loading') === 'eager') return this.#start();
    watcher ||= new IntersectionObserver((seen) => seen.forEach((e) => e.isIntersecting && e.target.#start()), { rootMargin: MARGIN });
    watcher.observe(this);
  }
  disconnectedCallback() {
    watcher?.unobserve(this);
  }
  attributeChangedCallback() {
    if (this.isConnected && this.getAttribute('loading') === 'eager') this.#start();
  }
  #start() {
    if (this.#asked) return;
    this.#asked = true;
    watcher?.unobserve(this);
    load()
      .then((m) => m.attach(this, this.#root, () => this.#order))
      .then(
        (v) => (this.#view = v),
        (e) => {
          const p = document.createElement('p');
          p.setAttribute('role', 'alert');
          p.setAttribute('part', 'error');
          p.textContent = 'The Trade Assurance calculator could not be loaded. Reload the page to try again.';
          this.#root.replaceChildren(p);
          this.dispatchEvent(new CustomEvent('error', { detail: { message: String(e?.message || e) } }));
        },
      );
  }
  get order() {
    return this.#view ? this.#view.order : this.#order == null ? null : structuredClone(this.#order);
  }
  set order(v) {
    if (v != null && (typeof v !== 'object' || Array.isArray(v))) throw new TypeError(`${TAG}: order must be an object of claim fields`);
    if (this.#view) this.#view.order = v;
    else this.#order = v == null ? null : structuredClone(v);
  }
  get result() {
    return this.#view ? this.#view.result : null;
  }
  get assumedPayment() {
    return this.#view ? this.#view.assumedPayment : null;
  }
  formatMoney(minor, currency) {
    return this.#view ? this.#view.formatMoney(minor, currency) : null;
  }
}

// A host (or a second copy of this script, or the one-file build) that
// defined the name first keeps its definition.
customElements.get(TAG) || customElements.define(TAG, LazyCalculator);
