// Prepended to the single-file build (--extern-pre-js): with `fetch`
// shadowed in this module, the glue decodes its inlined wasm instead of
// fetching its own data: URL (no request, no connect-src needed).
// eslint-disable-next-line no-unused-vars -- read by the glue that follows
const fetch = undefined;
