// pages/settings.js - the Settings page (#/settings): the partner's mode (TEST or LIVE,
// with a typed confirmation to go LIVE; going back to TEST is an operator's aimsctl
// command) and the AIMS API keys (list, create - the secret is shown once - and revoke).
// Errors are shown as the server words them, in an alert box next to what failed.
import { api } from '../api.js';
import { day, el, errorBox, replace, showError } from '../ui.js';
import { copyButton, fieldRow, rethrowLoggedOut } from '../forms.js';

const TEST_TEXT =
  'For building and trying an integration: every request is approved at once, policy numbers start ' +
  'with TEST- and certificates are marked SPECIMEN.';
const LIVE_TEXT =
  'Policies are real: certificates are valid and premiums are due. Some products are referred to an ' +
  'underwriter and stay Processing until approved or declined; the others are approved at once.';
const CONFIRM_TEXT =
  'From now on every request of this partner becomes a real policy. Only an aims operator can switch ' +
  'back to TEST. To confirm, type the partner name ';
const KEYS_TEXT =
  'Your server sends a key with every AIMS API call, as userInfo.athrzt.id (the auth id) and ' +
  'userInfo.athrzt.key, next to your partner id (userInfo.id).';

/** "YYYY-MM-DD HH:MM:SS" (UTC) as "27 Nov 2026, 14:05 UTC". */
function when(text) {
  return text ? `${day(text)}, ${text.slice(11, 16)} UTC` : '';
}

/** The mode badge, as in the top bar. */
function badge(mode) {
  const live = mode === 'live';
  return el('span', { class: 'badge ' + (live ? 'live' : 'test'), id: 'settings-mode' }, live ? 'LIVE' : 'TEST');
}

/**
 * Renders the Settings page into main. ctx.who is the session (partner name, mode);
 * ctx.refreshWho() is called after the mode changes so the top-bar badge follows.
 */
export async function render(main, params, ctx) {
  let who = ctx.who;
  let referred = null; // names of the products LIVE refers to underwriting, when known

  const modeSection = el('section', { class: 'box settings', id: 'mode-panel', 'aria-labelledby': 'mode-title' });
  const keysSection = el('section', { class: 'box settings', id: 'keys-panel', 'aria-labelledby': 'keys-title' });
  replace(
    main,
    el(
      'div',
      { class: 'page-head' },
      el('h2', {}, 'Settings'),
      el('p', { class: 'muted' }, `Mode and API keys of ${who.partner_name}.`),
    ),
    modeSection,
    keysSection,
  );

  // --- mode -----------------------------------------------------------------------------
  function drawMode() {
    const live = who.mode === 'live';
    const liveText = [
      el('p', {}, LIVE_TEXT),
      referred && referred.length ? el('p', { class: 'fine' }, 'Referred: ' + referred.join('; ') + '.') : null,
    ];
    const modes = el(
      'dl',
      { class: 'modes' },
      el('div', { class: live ? '' : 'current' }, el('dt', {}, 'TEST'), el('dd', {}, el('p', {}, TEST_TEXT))),
      el('div', { class: live ? 'current' : '' }, el('dt', {}, 'LIVE'), el('dd', {}, liveText)),
    );
    replace(
      modeSection,
      el('h3', { id: 'mode-title' }, 'Mode'),
      el('p', {}, `${who.partner_name} is in `, badge(who.mode), ' mode.'),
      modes,
    );
    if (live) {
      const back = 'Going back to TEST is done by an aims operator (aimsctl partner mode).';
      modeSection.append(el('p', { class: 'muted' }, back));
      return;
    }
    const start = el('button', { type: 'button', id: 'mode-start', class: 'danger' }, 'Switch to LIVE…');
    start.addEventListener('click', () => {
      start.hidden = true;
      modeSection.append(
        confirmForm(() => {
          start.hidden = false;
        }),
      );
      document.getElementById('mode-confirm').focus();
    });
    modeSection.append(start);
  }

  /** The confirmation step: type the partner name, then POST mode. */
  function confirmForm(onCancel) {
    const input = el('input', { id: 'mode-confirm', name: 'confirm', autocomplete: 'off', spellcheck: 'false' });
    const err = errorBox(null);
    err.id = 'mode-error';
    const go = el('button', { type: 'submit', id: 'mode-switch', class: 'danger' }, 'Switch to LIVE');
    const cancel = el('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const form = el(
      'form',
      { class: 'confirm', id: 'mode-form', novalidate: true },
      el('p', {}, CONFIRM_TEXT, el('strong', {}, who.partner_name), '.'),
      fieldRow('Partner name', input, { required: true }),
      err,
      el('div', { class: 'actions' }, go, cancel),
    );
    cancel.addEventListener('click', () => {
      form.remove();
      onCancel();
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (go.disabled) return;
      go.disabled = true;
      showError(err, null);
      try {
        // Sent as typed: the server compares it with the partner name.
        who = await api('POST', 'mode', { mode: 'live', confirm: input.value });
        const fresh = await ctx.refreshWho();
        if (fresh && fresh.mode) who = fresh;
        drawMode();
      } catch (e) {
        rethrowLoggedOut(e);
        showError(err, e);
        go.disabled = false;
      }
    });
    return form;
  }

  // --- API keys ------------------------------------------------------------------------
  const keysErr = errorBox(null);
  keysErr.id = 'keys-error';
  const createButton = el('button', { type: 'button', id: 'key-create' }, 'Create key');
  const newKeyBox = el('div', { id: 'new-key', class: 'secret', role: 'status', hidden: true });
  const tbody = el('tbody');
  const table = el(
    'table',
    { id: 'keys-table', class: 'data keys' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'Auth id'),
        el('th', {}, 'Created'),
        el('th', {}, 'Status'),
        el('th', {}, el('span', { class: 'visually-hidden' }, 'Action')),
      ),
    ),
    tbody,
  );
  replace(
    keysSection,
    el('h3', { id: 'keys-title' }, 'API keys'),
    el('p', { class: 'muted' }, KEYS_TEXT),
    el('p', {}, 'Partner id ', el('code', { id: 'partner-id', class: 'mono' }, who.partner_id)),
    el('div', { class: 'actions' }, createButton),
    newKeyBox,
    keysErr,
    el('div', { class: 'table-wrap' }, table),
  );

  function showNewKey(k) {
    const row = (label, id, value) => {
      const code = el('code', { id }, value);
      return el('div', {}, el('dt', {}, label), el('dd', {}, code, copyButton(value, code)));
    };
    replace(
      newKeyBox,
      el(
        'p',
        { class: 'warning' },
        el('strong', {}, 'Copy the key now.'),
        ' It is stored only as a hash and will not be shown again.',
      ),
      el(
        'dl',
        {},
        row('Partner id', 'new-key-partner', k.partner_id),
        row('Auth id', 'new-key-id', k.id),
        row('Key', 'new-key-secret', k.key),
      ),
    );
    const done = el('button', { type: 'button', class: 'secondary' }, 'I have copied it');
    done.addEventListener('click', () => {
      replace(newKeyBox);
      newKeyBox.hidden = true;
    });
    newKeyBox.append(done);
    newKeyBox.hidden = false;
  }

  function keyRow(k) {
    const action = el('td', { class: 'act' });
    const status = k.revoked_at ? `Revoked ${when(k.revoked_at)}` : el('span', { class: 'ok' }, 'Active');
    const tr = el(
      'tr',
      { 'data-id': k.id },
      el('td', { class: 'mono nowrap' }, k.id),
      el('td', { class: 'nowrap' }, when(k.created_at)),
      el('td', { class: 'status' }, status),
      action,
    );
    if (k.revoked_at) return tr;
    const revoke = el('button', { type: 'button', class: 'secondary small revoke' }, 'Revoke');
    revoke.addEventListener('click', () => {
      // An inline confirmation instead of a dialog: calls using this key start failing.
      const yes = el('button', { type: 'button', class: 'danger small confirm-revoke' }, 'Yes, revoke');
      const no = el('button', { type: 'button', class: 'secondary small' }, 'Cancel');
      no.addEventListener('click', () => replace(action, revoke));
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        no.disabled = true;
        showError(keysErr, null);
        try {
          await api('POST', `keys/${encodeURIComponent(k.id)}/revoke`, {});
          await loadKeys();
        } catch (e) {
          rethrowLoggedOut(e);
          showError(keysErr, e);
          replace(action, revoke);
        }
      });
      replace(action, el('span', { class: 'ask' }, 'Revoke? Calls with this key will be refused. '), yes, no);
    });
    action.append(revoke);
    return tr;
  }

  async function loadKeys() {
    try {
      const r = await api('GET', 'keys');
      replace(tbody, r.keys.map(keyRow));
      if (!r.keys.length) tbody.append(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'No keys.')));
    } catch (e) {
      rethrowLoggedOut(e);
      showError(keysErr, e);
    }
  }

  createButton.addEventListener('click', async () => {
    if (createButton.disabled) return;
    createButton.disabled = true;
    showError(keysErr, null);
    try {
      showNewKey(await api('POST', 'keys', {}));
      await loadKeys();
    } catch (e) {
      rethrowLoggedOut(e);
      showError(keysErr, e);
    } finally {
      createButton.disabled = false;
    }
  });

  drawMode();
  await loadKeys();
  // The names of the referred products make the LIVE text concrete; without them it is general.
  try {
    const r = await api('GET', 'products');
    referred = (r.products || []).filter((p) => p.underwriting === 'refer').map((p) => p.name);
    if (modeSection.isConnected && !document.getElementById('mode-form')) drawMode();
  } catch (e) {
    rethrowLoggedOut(e);
    referred = null;
  }
}
