// format.js - what the dashboard's read pages share beyond ui.js: hash links with query
// arguments, the pager, tables, status badges, definition lists, the "no such ..." view,
// and words for the API's codes (cover periods, categories, ID document types). Nothing
// here parses server text as HTML: every node is built with ui.js's el().
import { api, ApiError } from './api.js';
import { el, naira, replace, statusWord } from './ui.js';

/**
 * A dashboard hash for path with query arguments: hashFor('consumers', {q: 'ada', page: 2})
 * is '#/consumers?q=ada&page=2'. Empty, null and undefined arguments are left out, and
 * so is page 1, so that the first page has one address.
 */
export function hashFor(path, args = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) {
    if (v === null || v === undefined || v === '') continue;
    if (k === 'page' && Number(v) === 1) continue;
    q.set(k, String(v));
  }
  const text = q.toString();
  return '#/' + path + (text ? '?' + text : '');
}

/** The hash of one policy's page. */
export function policyHash(product, txref) {
  return `#/policies/${encodeURIComponent(product)}/${encodeURIComponent(txref)}`;
}

/** A summary card: a label, a big value (with data-testid testid), and muted detail. */
export function stat(label, value, detail, testid) {
  return el(
    'div',
    { class: 'stat' },
    el('span', { class: 'stat-label' }, label),
    el('span', { class: 'stat-value', 'data-testid': testid }, value),
    detail ? el('span', { class: 'stat-detail muted' }, detail) : null,
  );
}

/** The page argument of a route as a whole number from 1 (1 when absent or not one). */
export function pageArg(params) {
  const n = Number(params.page);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * A pager: "Previous", "Page X of Y · N things", "Next". Previous and Next are links
 * built by hashOf(page), so the back button walks pages; at either end they are shown
 * disabled. noun is [singular, plural].
 */
export function pager({ page, per, total }, hashOf, noun) {
  const pages = Math.max(1, Math.ceil(total / per));
  const step = (label, target, rel) =>
    target >= 1 && target <= pages
      ? el('a', { class: 'button secondary', href: hashOf(target), rel }, label)
      : el('span', { class: 'button secondary disabled', 'aria-disabled': 'true' }, label);
  return el(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    step('← Previous', page - 1, 'prev'),
    el('span', { class: 'pager-text', 'data-testid': 'pager-text' },
      `Page ${page} of ${pages} · ${count(total, noun)}`),
    step('Next →', page + 1, 'next'),
  );
}

/** "1 policy", "3 policies": n with the singular or plural of noun ([one, many]). */
export function count(n, noun) {
  return `${n.toLocaleString('en-NG')} ${n === 1 ? noun[0] : noun[1]}`;
}

/**
 * A table: columns is a list of header labels (or {label, class}); rows a list of lists
 * of cells (strings or nodes; a cell may be {value, class}). attrs go on the <table>.
 */
export function table(columns, rows, attrs = {}) {
  const cell = (tag, c) =>
    c && typeof c === 'object' && !(c instanceof Node) && !Array.isArray(c)
      ? el(tag, { class: c.class }, c.value ?? c.label)
      : el(tag, {}, c);
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      attrs,
      el('thead', {}, el('tr', {}, columns.map((c) => cell('th', c)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => cell('td', c))))),
    ),
  );
}

/** A definition list of [label, value] pairs; pairs with an empty value are left out. */
export function facts(pairs, attrs = {}) {
  const items = pairs.filter(([, v]) => v !== null && v !== undefined && v !== '');
  return el('dl', { class: 'facts', ...attrs }, items.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

/** A policy status letter as a coloured badge with the status in words. */
export function statusBadge(letter) {
  return el('span', { class: 'pstatus pstatus-' + letter }, statusWord(letter));
}

/** Money in kobo as a right-aligned table cell. */
export function moneyCell(kobo) {
  return { value: naira(kobo), class: 'num' };
}

/** A short form of a long id for tables ("3c060162…"); the whole id is its title. */
export function shortId(id) {
  return el('span', { class: 'mono', title: id }, String(id).slice(0, 8) + '…');
}

/** A catalog category ("vehicle") as a heading word ("Vehicle"). */
export function categoryName(category) {
  if (!category) return 'Unknown category';
  return category.charAt(0).toUpperCase() + category.slice(1);
}

/** A cover period code ("3m", "1y", "14d", "2w") in words ("3 months"); else as it is. */
export function periodWords(code) {
  const m = /^(\d+)([dwmy])$/.exec(code || '');
  if (!m) return code || '';
  const n = Number(m[1]);
  const unit = { d: 'day', w: 'week', m: 'month', y: 'year' }[m[2]];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Whole days from now until the API time text ("YYYY-MM-DD HH:MM:SS", UTC). */
export function daysUntil(text) {
  const t = new Date(String(text).replace(' ', 'T') + 'Z').getTime();
  return Math.ceil((t - Date.now()) / 86400000);
}

/** Money in kobo, short for chart axes: "₦0", "₦950", "₦12k", "₦1.5M". */
export function nairaShort(kobo) {
  const n = Math.round(kobo / 100);
  const fmt = (v, unit) => '₦' + (v >= 10 ? Math.round(v) : Math.round(v * 10) / 10) + unit;
  if (n >= 1e9) return fmt(n / 1e9, 'B');
  if (n >= 1e6) return fmt(n / 1e6, 'M');
  if (n >= 1e3) return fmt(n / 1e3, 'k');
  return '₦' + n;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

/** "2026-11" as "Nov" (short) or "November 2026" (long). */
export function monthName(key, long = false) {
  const [y, m] = key.split('-').map(Number);
  const name = MONTHS[m - 1] || key;
  return long ? `${name} ${y}` : name.slice(0, 3);
}

/** The page heading with optional muted text under it. */
export function heading(title, sub) {
  return el('header', { class: 'page-head' }, el('h2', {}, title), sub ? el('p', { class: 'muted' }, sub) : null);
}

/**
 * The heading of a detail page: a crumb back to its list (crumb = [href, text]), the
 * title (a node or text, with its attrs), a muted line, and an action link on the right.
 */
export function detailHeading(crumb, title, titleAttrs, sub, subAttrs, action) {
  return el(
    'header',
    { class: 'page-head with-actions' },
    el(
      'div',
      {},
      el('p', { class: 'crumbs' }, el('a', { href: crumb[0] }, crumb[1]), ' / '),
      el('h2', titleAttrs, ...[].concat(title)),
      el('p', { class: 'muted', ...subAttrs }, sub),
    ),
    action,
  );
}

/** The line shown for a page number past the last page, with a link to the last one. */
export function pastTheEnd(page, { total, per }, hashOf) {
  const last = Math.ceil(total / per);
  return el('p', { class: 'empty' }, `Page ${page} is past the end. `, el('a', { href: hashOf(last) }, `Go to page ${last}`));
}

/**
 * Shows "No such X" in main (when the API answered 404, which is also its answer for
 * another partner's ids) with a link back to a list.
 */
export function showNotFound(main, title, text, back) {
  replace(
    main,
    el(
      'section',
      { class: 'not-found', 'data-testid': 'not-found' },
      el('h2', {}, title),
      el('p', { class: 'muted' }, text),
      back ? el('p', {}, el('a', { href: back.href }, back.label)) : null,
    ),
  );
}

/** True when err is the API's 404. */
export function isNotFound(err) {
  return err instanceof ApiError && err.status === 404;
}

let productsCache = null;

/**
 * The catalog's products as [{code, category, name?}], from GET /dashboard/api/products
 * when the server has that route; an empty list when it has not (or it fails), so
 * callers fall back to plain links. A 401 is passed on (the session ended).
 */
export async function products() {
  if (productsCache) return productsCache;
  try {
    const body = await api('GET', 'products');
    const list = Array.isArray(body) ? body : body && Array.isArray(body.products) ? body.products : [];
    productsCache = list.filter((p) => p && typeof p.code === 'string');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    return [];
  }
  return productsCache;
}

/**
 * A product as a table cell: its catalog name over its code, or just the code when the
 * catalog (from products()) does not know it.
 */
export function productCell(code, catalog) {
  const p = catalog.find((c) => c.code === code);
  return p && p.name
    ? el('div', { class: 'product' }, el('span', {}, p.name), el('span', { class: 'code' }, code))
    : el('span', { class: 'mono nowrap' }, code);
}

/** Words for the ID document types of a profile's socialID. */
export const ID_TYPES = {
  nidd: 'National ID (NIN)',
  bvnn: 'Bank Verification Number (BVN)',
  dlcn: "Driver's licence",
  ipss: 'International passport',
  vcrd: "Voter's card",
};
