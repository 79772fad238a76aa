// forms.js - what the dashboard's form pages (pages/buy.js, pages/settings.js) share on
// top of ui.js (their styles are in forms.css): a labelled field row, copying text to the
// clipboard, and short random references. Nothing here checks what a user typed: the
// server is the one rule book, and its error text is shown as it is.
import { ApiError } from './api.js';
import { el } from './ui.js';

/**
 * Throws err again when it says the session ended (401), so that it reaches app.js,
 * which shows the login view; any other error is left to the caller to show.
 */
export function rethrowLoggedOut(err) {
  if (err instanceof ApiError && err.status === 401) throw err;
}

/**
 * A field row: label (for=control's id), the control, and an optional hint below it.
 * required adds a visible mark and aria-required on the control; the form itself does
 * not enforce it (forms are novalidate, so the server's answer is what the user sees).
 * api marks a label that is an AIMS API field name (shown in a monospace font); wide
 * makes the row span the whole grid.
 */
export function fieldRow(label, control, { required = false, hint = null, wide = false, api = false } = {}) {
  if (required) control.setAttribute('aria-required', 'true');
  const hintId = hint ? control.id + '-hint' : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  const isCheck = control.type === 'checkbox';
  const labelNode = el(
    'label',
    { for: control.id, class: api ? 'api' : null },
    label,
    required ? el('span', { class: 'req', title: 'required', 'aria-hidden': 'true' }, ' *') : null,
  );
  return el(
    'div',
    { class: 'field' + (wide ? ' wide' : '') + (isCheck ? ' check' : '') },
    isCheck ? el('span', { class: 'check-line' }, control, labelNode) : [labelNode, control],
    hint ? el('small', { id: hintId, class: 'hint' }, hint) : null,
  );
}

/**
 * Copies text to the clipboard; resolves true when it worked. Falls back to selecting
 * the text of node (when given) so the user can press Ctrl+C.
 */
export async function copyText(text, node) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    if (node) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    return false;
  }
}

/** A Copy button for text (shown in node): says "Copied" or "Press Ctrl+C" for a moment. */
export function copyButton(text, node, label = 'Copy') {
  const button = el('button', { type: 'button', class: 'secondary small' }, label);
  button.addEventListener('click', async () => {
    const ok = await copyText(text, node);
    button.textContent = ok ? 'Copied' : 'Press Ctrl+C';
    setTimeout(() => {
      button.textContent = label;
    }, 1500);
  });
  return button;
}

/**
 * A fresh transaction reference such as "DSH-9f2c41d07ab3e655": the shape of the ones
 * aimsd makes for the dashboard when none is sent, so all of them look alike.
 */
export function newReference() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return 'DSH-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
