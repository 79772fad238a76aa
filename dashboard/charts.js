// charts.js - the overview's two charts as inline SVG built with DOM calls (no library,
// no innerHTML): vertical bars for premium by month and horizontal bars for premium by
// product. Each bar carries a <title> (the browser's tooltip), and each chart comes with
// a visually hidden table of the same numbers for screen readers.
import { el } from './ui.js';

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children (strings become text nodes). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** A "nice" axis top at or above max: 1, 2, 2.5 or 5 times a power of ten. */
function niceTop(max) {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** A visually hidden table of rows [label, value] with a caption, for screen readers. */
function hiddenTable(caption, head, rows) {
  return el(
    'table',
    { class: 'visually-hidden' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      rows.map(([label, ...cells]) =>
        el('tr', {}, el('th', { scope: 'row' }, label), cells.map((c) => el('td', {}, c))),
      ),
    ),
  );
}

/**
 * A vertical bar chart. items: [{label, sublabel, long, value, valueLabel, tip}]: label
 * is under the bar (and sublabel, optional, under that), long names the item in the
 * hidden table next to valueLabel, value is a number, tip the bar's tooltip. axis(v)
 * formats the axis values. Returns a <figure> holding the SVG and its hidden table.
 */
export function columnChart({ title, items, axis, testid, labelHead = 'Month' }) {
  const W = 500;
  const H = 240;
  const left = 54;
  const right = 12;
  const top = 14;
  const bottom = 38;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const topValue = niceTop(Math.max(0, ...items.map((i) => i.value)));
  const y = (v) => top + plotH - (v / topValue) * plotH;
  const slot = plotW / items.length;
  const barW = Math.min(36, slot * 0.62);

  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = topValue * f;
    return svg(
      'g',
      { class: 'tick' },
      svg('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: f === 0 ? 'axis' : 'gridline' }),
      svg('text', { x: left - 8, y: y(v) + 4, 'text-anchor': 'end' }, axis(v)),
    );
  });
  const bars = items.map((it, i) => {
    const x = left + slot * i + (slot - barW) / 2;
    const h = Math.max(it.value > 0 ? 2 : 0, (it.value / topValue) * plotH);
    return svg(
      'g',
      { class: 'bar' },
      svg('rect', { x, y: top + plotH - h, width: barW, height: h, rx: 2 }, svg('title', {}, it.tip)),
      svg('text', { x: x + barW / 2, y: H - bottom + 16, 'text-anchor': 'middle', class: 'label' }, it.label),
      it.sublabel
        ? svg('text', { x: x + barW / 2, y: H - bottom + 30, 'text-anchor': 'middle', class: 'sublabel' }, it.sublabel)
        : null,
    );
  });
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title, 'data-testid': testid },
    svg('title', {}, title),
    grid,
    bars,
  );
  return el(
    'figure',
    { class: 'chart-figure' },
    chart,
    hiddenTable(title, [labelHead, 'Premium'], items.map((it) => [it.long, it.valueLabel])),
  );
}

/**
 * A horizontal bar chart, one row per item: [{label, long, value, valueLabel, tip}],
 * largest first as given; long (optional) names the item in the hidden table. Returns
 * a <figure> holding the SVG and its hidden table.
 */
export function barChart({ title, items, testid, labelHead = 'Product' }) {
  const W = 500;
  const row = 30;
  const left = 120;
  const right = 84;
  const top = 6;
  const H = top * 2 + row * items.length;
  const plotW = W - left - right;
  const max = Math.max(1, ...items.map((i) => i.value));
  const rows = items.map((it, i) => {
    const yTop = top + i * row;
    const w = Math.max(it.value > 0 ? 2 : 0, (it.value / max) * plotW);
    return svg(
      'g',
      { class: 'bar' },
      svg('text', { x: left - 10, y: yTop + row / 2 + 4, 'text-anchor': 'end', class: 'label' }, it.label),
      svg('rect', { x: left, y: yTop + 5, width: w, height: row - 10, rx: 2 }, svg('title', {}, it.tip)),
      svg('text', { x: left + w + 8, y: yTop + row / 2 + 4, class: 'value' }, it.valueLabel),
    );
  });
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title, 'data-testid': testid },
    svg('title', {}, title),
    svg('line', { x1: left, x2: left, y1: top, y2: H - top, class: 'axis' }),
    rows,
  );
  return el(
    'figure',
    { class: 'chart-figure' },
    chart,
    hiddenTable(title, [labelHead, 'Premium'], items.map((it) => [it.long || it.label, it.valueLabel])),
  );
}
