// The order on a time axis (SVG built with DOM APIs): one row per event or
// claim window, a vertical line for today. Labels and dates come from the
// caller, already translated.
const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}
const DAY = 864e5;
const yearOf = (v) => new Date(v).getUTCFullYear();

// How the axis should write its dates for the span it shows: 'day' ("12 Aug"),
// 'day_year' ("12 Aug 2025": the span crosses a new year), 'month_year'
// ("Aug 2025": more than about a year). Also for the rows' own dates.
export function tickStyle(lo, hi) {
  if (hi - lo > 400 * DAY) return 'month_year';
  return yearOf(lo) === yearOf(hi) ? 'day' : 'day_year';
}

// The moments of a row (events and windows) and today, as ms.
export function spanOf(rows, today) {
  const times = [today];
  for (const r of rows) for (const v of [r.at, r.from, r.to]) if (v != null) times.push(v);
  return [Math.min(...times), Math.max(...times)];
}

// Rows are this tall, under an axis this high: a timeline of n rows is
// timelineHeight(n) high, known before it is drawn.
const ROW_H = 34,
  TOP = 34;
export const timelineHeight = (n) => TOP + n * ROW_H + 6;

// rows: [{label, sub, at} | {label, sub, from, to, cls, range}] (ms; from/to
// may be null; `range` names a date known only to lie between from and to)
// fmtTick(ms, style): the date of a tick, in the style tickStyle() picked.
// width: the room it has (CSS px), when the caller knows it; else it is
// measured (which makes the browser lay the page out, if anything changed).
export function drawTimeline(svg, rows, today, todayLabel, fmtTick, width = svg.parentElement.clientWidth) {
  const W = Math.max(300, Math.round(width || 600));
  const labelW = Math.round(Math.min(210, W * 0.42)),
    x0 = labelW + 10,
    x1 = W - 14;
  const rowH = ROW_H,
    top = TOP,
    H = timelineHeight(rows.length);
  let [lo, hi] = spanOf(rows, today);
  if (hi - lo < DAY) ((lo -= DAY), (hi += DAY));
  // A window with no closing date yet still gets a visible stretch.
  for (const r of rows) if (r.to === null && r.at == null && r.from != null) hi = Math.max(hi, r.from + (hi - lo) * 0.12);
  const pad = (hi - lo) * 0.04;
  lo -= pad;
  hi += pad;
  const x = (v) => x0 + ((v - lo) / (hi - lo)) * (x1 - x0);
  const style = tickStyle(lo, hi);

  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', W);
  svg.setAttribute('height', H);

  // Today's label sits in the axis' lane, in bold; a tick whose date would
  // touch it gives way (its grid line stays).
  const tx = x(today);
  const todayX = Math.min(Math.max(tx, x0 + 24), x1 - 24);
  const todayHalf = (todayLabel.length * 7.5) / 2 + 6;
  const longest = style === 'day' ? 6 : style === 'month_year' ? 8 : 11;
  const tickHalf = (longest * 6.2) / 2;
  const n = Math.max(2, Math.floor((x1 - x0) / (style === 'day_year' ? 110 : 90)));
  for (let i = 0; i <= n; i++) {
    const v = lo + ((hi - lo) * i) / n,
      xx = x(v);
    svg.append(s('line', { x1: xx, x2: xx, y1: top - 6, y2: H - 4, class: 'gl' }));
    const anchor = i === 0 ? 'start' : i === n ? 'end' : 'middle';
    const [a, b] =
      anchor === 'start' ? [xx, xx + 2 * tickHalf] : anchor === 'end' ? [xx - 2 * tickHalf, xx] : [xx - tickHalf, xx + tickHalf];
    if (b > todayX - todayHalf && a < todayX + todayHalf) continue;
    svg.append(s('text', { x: xx, y: 12, class: 'tick', 'text-anchor': anchor }, fmtTick(v, style)));
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH,
      mid = y + 17;
    if (i % 2) svg.append(s('rect', { x: 0, y, width: W, height: rowH, class: 'band' }));
    const name = s('text', { x: 4, y: y + 14, class: 'lab' }, r.label);
    const sub = s('text', { x: 4, y: y + 28, class: 'sub' }, r.sub);
    svg.append(name, sub);
    for (const tEl of [name, sub]) {
      // Squeeze, never spill into the plot, for long translations. Measuring
      // forces a layout, so only text that may be too long is measured.
      if (tEl.textContent.length * 7.5 > labelW && tEl.getComputedTextLength() > labelW)
        (tEl.setAttribute('textLength', labelW), tEl.setAttribute('lengthAdjust', 'spacingAndGlyphs'));
    }
    if (r.at != null) {
      const g = s('circle', { cx: x(r.at), cy: mid, r: 6, class: `dot src-${r.source}` });
      g.append(s('title', {}, `${r.label}: ${r.sub}`));
      svg.append(g);
    } else {
      const a = r.from == null ? x0 : x(r.from),
        b = r.to == null ? x1 : x(r.to);
      const bar = s('rect', { x: a, y: mid - 7, width: Math.max(3, b - a), height: 14, rx: 3, class: `bar ${r.cls}` });
      // A range of days (a date not known, somewhere between two events):
      // a band with its two ends marked, for the one day in it.
      if (r.range) bar.setAttribute('data-range', r.range);
      bar.append(s('title', {}, `${r.label}: ${r.sub}`));
      svg.append(bar);
      // An open end (no closing date yet) is drawn as an arrow past the edge.
      if (r.to == null) svg.append(s('path', { d: `M${x1 - 1} ${mid - 9}l10 9l-10 9z`, class: `bar ${r.cls}` }));
    }
  });
  svg.append(
    s('line', { x1: tx, x2: tx, y1: 16, y2: H - 2, class: 'today' }),
    s('text', { x: todayX, y: 12, class: 'today-lab', 'text-anchor': 'middle' }, todayLabel),
  );
}
