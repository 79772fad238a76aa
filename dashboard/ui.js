// ui.js - the small DOM and formatting helpers every page module shares: building
// elements without innerHTML (so no server text is ever parsed as HTML), money in Naira
// from kobo, dates, and the error box pages show an ApiError in.

/**
 * Creates element tag with attrs (class, id, href, ..., on<event> functions, dataset
 * via data-*) and children (strings become text nodes; null/false are skipped).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Removes every child of node, then appends children. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** kobo (an integer) as "₦12,345.50" (whole Naira without decimals). */
export function naira(kobo) {
  const neg = kobo < 0;
  const k = Math.abs(Math.round(kobo));
  const whole = Math.floor(k / 100).toLocaleString('en-NG');
  const rest = k % 100;
  return (neg ? '-' : '') + '₦' + whole + (rest ? '.' + String(rest).padStart(2, '0') : '');
}

/** "YYYY-MM-DD HH:MM:SS" (UTC, as the API sends) as "27 Nov 2026"; '' for null. */
export function day(text) {
  if (!text) return '';
  const d = new Date(text.replace(' ', 'T') + 'Z');
  if (Number.isNaN(d.getTime())) return text;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A policy status letter as a word: a approved, p processing, d declined. */
export function statusWord(letter) {
  return { a: 'Approved', p: 'Processing', d: 'Declined' }[letter] || letter;
}

/** An error box (role=alert) showing err's message; hidden when err is null. */
export function errorBox(err) {
  const box = el('p', { class: 'error', role: 'alert' });
  showError(box, err);
  return box;
}

/** Shows err's message in box (an errorBox), or hides it when err is null. */
export function showError(box, err) {
  box.textContent = err ? (err instanceof Error ? err.message : String(err)) : '';
  box.hidden = !err;
}
