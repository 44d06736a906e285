// JSON Pointers (RFC 6901) into a claim object, and JSON copies. No DOM.

const parts = (ptr) =>
  ptr
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
const isObj = (v) => v != null && typeof v === 'object' && !Array.isArray(v);
const isIndex = (p) => /^(0|[1-9]\d*)$/.test(p);

// A pointer's parts may come from outside (a SKU the buyer typed, a host's
// object): only own properties are read, and written as own properties, so
// "__proto__" or "constructor" is a member like any other.
const has = (o, k) => Object.hasOwn(o, k);
function put(o, k, v) {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}

export function getAt(obj, ptr) {
  let o = obj;
  for (const p of parts(ptr)) {
    if (o == null || typeof o !== 'object' || !has(o, p)) return undefined;
    o = o[p];
  }
  return o;
}

// Sets a value, creating what is missing on the way (an array where the next
// part is an index, else an object); undefined deletes the key.
export function setAt(obj, ptr, v) {
  const ps = parts(ptr);
  let o = obj;
  for (let i = 0; i < ps.length - 1; i++) {
    const p = ps[i],
      arr = isIndex(ps[i + 1]);
    const cur = has(o, p) ? o[p] : undefined;
    if (arr ? !Array.isArray(cur) : !isObj(cur)) {
      if (v === undefined) return;
      put(o, p, arr ? [] : {});
    }
    o = o[p];
  }
  const last = ps.at(-1);
  if (v === undefined) delete o[last];
  else if (Array.isArray(o) && isIndex(last)) o[last] = v;
  else put(o, last, v);
}

// JSON copy: an app never keeps a reference to an object a host holds.
export function copy(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

// `over` laid on `base`: objects merge key by key, anything else (arrays,
// null) replaces. Returns a new object.
export function merge(base, over) {
  if (!isObj(base) || !isObj(over)) return copy(over);
  const out = copy(base);
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const mine = has(out, k) ? out[k] : undefined;
    put(out, k, isObj(v) && isObj(mine) ? merge(mine, v) : copy(v));
  }
  return out;
}

// Deep-frozen copy.
export function frozen(v) {
  const c = copy(v);
  const walk = (o) => {
    if (o && typeof o === 'object') {
      Object.freeze(o);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(c);
  return c;
}
