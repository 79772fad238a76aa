// pages/buy.js - the Buy page (#/buy?consumer=<id>&product=<code>): quote and issue a
// policy for one consumer through a form built from the catalog (GET products). Quote
// fields become inputs named as in the AIMS API (e.g. insrncDrtn), addtnlFact members
// inputs named "fact.<name>". The form checks nothing itself beyond HTML input types:
// POST quote and POST insure apply the same rules as the AIMS API, and their error text
// is shown as the server words it, in an alert box next to the buttons.
import { api, ApiError } from '../api.js';
import { el, errorBox, naira, replace, showError, statusWord } from '../ui.js';
import { fieldRow, newReference, rethrowLoggedOut } from '../forms.js';

// How long the result of a purchase stays on screen before the policy page opens.
const SHOW_RESULT_MS = 1000;

/** An error found before anything was sent (text that is not JSON); shown like the server's. */
class FormError extends Error {}

/** A consumer's display name from their stored profile (individual or organisation). */
function profileName(profile) {
  const n = profile && profile.name;
  if (!n) return '';
  if (typeof n === 'string') return n;
  return [n.first, n.last].filter(Boolean).join(' ') || n.name || '';
}

/** What a catalog value looks like in a JSON example (for the textarea placeholders). */
function example(spec) {
  if (!spec) return '…';
  if (spec.choices && spec.choices.length) return spec.choices[0];
  switch (spec.type) {
    case 'number':
    case 'integer':
    case 'money':
      return 0;
    case 'boolean':
      return false;
    case 'date':
      return 'YYYY-MM-DD';
    case 'datetime':
      return 'YYYY-MM-DD HH:MM:SS';
    case 'array':
      return [example(spec.items)];
    case 'object': {
      const o = {};
      for (const f of spec.fields || []) o[f.name] = example(f);
      return o;
    }
    default:
      return '…';
  }
}

/** A one-line description of an array or object fact's shape, for its hint. */
function shape(spec) {
  if (spec.type === 'object') {
    return 'JSON object with ' + (spec.fields || []).map((f) => `${f.name} (${f.type})`).join(', ');
  }
  const items = spec.items || {};
  if (items.type === 'object') {
    return 'JSON list of objects with ' + (items.fields || []).map((f) => `${f.name} (${f.type})`).join(', ');
  }
  const of = items.choices ? 'values from ' + items.choices.join(', ') : (items.type || 'value') + 's';
  return 'JSON list of ' + of;
}

/** A <select> over choices (kept with their JSON types), with an empty first option. */
function selectControl(id, name, choices, preset) {
  const select = el('select', { id, name }, el('option', { value: '' }, '—'));
  for (const c of choices) select.append(el('option', { value: String(c) }, String(c)));
  if (preset !== undefined && preset !== null) select.value = String(preset);
  // The value goes back to the choice itself, so a number choice is sent as a number.
  const read = () => (select.value === '' ? undefined : choices.find((c) => String(c) === select.value));
  return { input: select, read };
}

/** A number input; its value is sent as a JSON number, an empty one not at all. */
function numberControl(id, name, spec, step) {
  const input = el('input', { id, name, type: 'number', step, min: spec.min, max: spec.max, inputmode: 'decimal' });
  return { input, read: () => (input.value === '' ? undefined : Number(input.value)) };
}

/** A checkbox: true when ticked; when not, false if the field is required, else absent. */
function checkControl(id, name, spec) {
  const input = el('input', { id, name, type: 'checkbox' });
  if (spec.default === true) input.checked = true;
  return { input, read: () => (input.checked ? true : spec.required ? false : undefined) };
}

/** A text input; an empty one is not sent, so the server names the missing field. */
function textControl(id, name, type = 'text') {
  const input = el('input', { id, name, type, autocomplete: 'off', spellcheck: 'false' });
  return { input, read: () => (input.value === '' ? undefined : input.value) };
}

/** An input for one quote field of the catalog (GET products, quote[]). */
function quoteControl(product, f) {
  const id = 'q-' + f.name;
  switch (f.type) {
    case 'period': {
      // A product with one cover period (e.g. motor, 1y) has it chosen already.
      const periods = f.choices || product.periods || [];
      return selectControl(id, f.name, periods, f.default ?? (periods.length === 1 ? periods[0] : undefined));
    }
    case 'choice':
      return selectControl(id, f.name, f.choices || [], f.default);
    case 'money':
      return numberControl(id, f.name, f, 'any');
    case 'integer':
      return numberControl(id, f.name, f, '1');
    case 'boolean':
      return checkControl(id, f.name, f);
    default: {
      const c = textControl(id, f.name);
      if (f.suggestions && f.suggestions.length) {
        // Suggestions only (e.g. the countries the travel zones name): any text is sent.
        const options = [...new Set(f.suggestions)].map((s) => el('option', { value: s }));
        const list = el('datalist', { id: id + '-list' }, options);
        c.input.setAttribute('list', list.id);
        c.extra = list;
      }
      return c;
    }
  }
}

/** The hint under a quote field: unit and bounds as the catalog states them. */
function quoteHint(f) {
  const span = (a, b, fmt) => {
    if (a !== undefined && b !== undefined) return `${fmt(a)} to ${fmt(b)}`;
    if (a !== undefined) return `at least ${fmt(a)}`;
    if (b !== undefined) return `at most ${fmt(b)}`;
    return '';
  };
  if (f.type === 'money') {
    const bounds = span(f.min, f.max, (n) => naira(n * 100));
    return 'Naira' + (bounds ? ', ' + bounds : '');
  }
  if (f.type === 'integer') return span(f.min, f.max, String) || null;
  return null;
}

/** An input for one addtnlFact member of the catalog (GET products, facts[]). */
function factControl(f) {
  const id = 'fact-' + f.name;
  const name = 'fact.' + f.name;
  if (f.choices && f.choices.length) return selectControl(id, name, f.choices, f.default);
  switch (f.type) {
    case 'number':
      return numberControl(id, name, f, 'any');
    case 'integer':
      return numberControl(id, name, f, '1');
    case 'boolean':
      return checkControl(id, name, f);
    case 'date':
      // The date input's value is already "YYYY-MM-DD".
      return textControl(id, name, 'date');
    case 'datetime': {
      // datetime-local gives "YYYY-MM-DDTHH:MM[:SS]"; the API wants "YYYY-MM-DD HH:MM:SS".
      const input = el('input', { id, name, type: 'datetime-local', step: '1' });
      const read = () => {
        if (input.value === '') return undefined;
        const [d, t] = input.value.split('T');
        return d + ' ' + (t.length === 5 ? t + ':00' : t.slice(0, 8));
      };
      return { input, read };
    }
    case 'array':
    case 'object': {
      const nested = f.type === 'object' || (f.items && f.items.type === 'object');
      const input = el('textarea', {
        id,
        name,
        rows: nested ? 4 : 2,
        spellcheck: 'false',
        placeholder: JSON.stringify(example(f)),
      });
      const read = () => {
        const text = input.value.trim();
        if (text === '') return undefined;
        try {
          return JSON.parse(text);
        } catch (e) {
          throw new FormError(`${f.name} is not valid JSON: ${e.message}`);
        }
      };
      return { input, read };
    }
    default:
      return textControl(id, name);
  }
}

/** The part of the catalog entry that says who or when a fact is for, as a label suffix. */
function factFor(f) {
  const when = f.when ? ` (when ${f.when.field} is ${f.when.equals})` : '';
  if (f.who === 'individuals') return ' (individuals only)' + when;
  if (f.who === 'organisations') return ' (organisations only)' + when;
  return when;
}

/**
 * Renders the Buy page into main. params.consumer and params.product preset the
 * consumer id and the product; ctx.navigate opens the policy page after a purchase.
 */
export async function render(main, params, ctx) {
  const title = el(
    'div',
    { class: 'page-head' },
    el('h2', {}, 'Buy a policy'),
    el(
      'p',
      { class: 'muted' },
      'Quote and issue a policy for one of your consumers, with the same rules and errors as the AIMS API.',
    ),
  );
  replace(main, title, el('p', { class: 'muted' }, 'Loading products…'));

  let products;
  try {
    products = (await api('GET', 'products')).products || [];
  } catch (e) {
    rethrowLoggedOut(e);
    replace(main, title, errorBox(e));
    return;
  }

  // State of the page: the chosen product, its controls, and whether a request runs.
  let product = null;
  let quoteControls = []; // {name, input, read}
  let factControls = []; // {name, input, read}
  let mirrored = []; // facts sent with the value of the quote field of the same name
  let busy = false;
  let bought = false;
  let lookupSeq = 0;

  // --- the consumer -------------------------------------------------------------------
  const consumerInput = el('input', {
    id: 'buy-consumer',
    name: 'consumer',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'consumer id from registration (prfl entity)',
  });
  consumerInput.value = params.consumer || '';
  const consumerNote = el('p', { id: 'buy-consumer-note', class: 'muted note', 'aria-live': 'polite' });
  const searchInput = el('input', {
    id: 'buy-search',
    name: 'q',
    type: 'search',
    autocomplete: 'off',
    placeholder: 'first or last name, whole email or phone number',
  });
  const searchButton = el('button', { type: 'button', class: 'secondary' }, 'Search');
  const searchResults = el('ul', { id: 'buy-search-results', class: 'picks' });

  async function lookUpConsumer() {
    const id = consumerInput.value.trim();
    const seq = ++lookupSeq;
    consumerNote.classList.remove('bad');
    if (!id) {
      consumerNote.textContent = 'Paste a consumer id or search below.';
      return;
    }
    consumerNote.textContent = 'Looking up…';
    try {
      const c = await api('GET', 'consumers/' + encodeURIComponent(id));
      if (seq !== lookupSeq) return;
      const p = c.profile || {};
      consumerNote.textContent = [profileName(p), p.eMail, p.dob && p.dob.date ? 'born ' + p.dob.date : null]
        .filter(Boolean)
        .join(' · ');
    } catch (e) {
      rethrowLoggedOut(e);
      if (seq !== lookupSeq) return;
      const unknown = e instanceof ApiError && e.status === 404;
      consumerNote.textContent = unknown ? 'No consumer of yours has this id.' : e.message;
      consumerNote.classList.add('bad');
    }
  }

  async function search() {
    const q = searchInput.value.trim();
    replace(searchResults);
    if (!q) return;
    searchButton.disabled = true;
    try {
      const r = await api('GET', 'consumers?per=10&q=' + encodeURIComponent(q));
      if (!r.consumers.length) {
        const none = 'No consumer found. Search matches whole names, emails and phone numbers.';
        searchResults.append(el('li', { class: 'muted' }, none));
      }
      for (const c of r.consumers) {
        const pick = el(
          'button',
          { type: 'button', class: 'pick', 'data-id': c.id },
          el('strong', {}, c.name || c.id),
          el('span', { class: 'muted' }, [c.email, c.phone].filter(Boolean).join(' · ')),
        );
        pick.addEventListener('click', () => {
          consumerInput.value = c.id;
          replace(searchResults);
          searchInput.value = '';
          lookUpConsumer();
        });
        searchResults.append(el('li', {}, pick));
      }
    } catch (e) {
      rethrowLoggedOut(e);
      searchResults.append(el('li', {}, errorBox(e)));
    } finally {
      searchButton.disabled = false;
    }
  }

  consumerInput.addEventListener('change', lookUpConsumer);
  searchButton.addEventListener('click', search);
  searchInput.addEventListener('keydown', (ev) => {
    // Enter searches here instead of submitting the form (which would quote).
    if (ev.key === 'Enter') {
      ev.preventDefault();
      search();
    }
  });

  // --- the product ----------------------------------------------------------------------
  const productSelect = el(
    'select',
    { id: 'buy-product', name: 'product' },
    el('option', { value: '' }, 'Choose a product…'),
  );
  const groups = new Map();
  for (const p of products) {
    if (!groups.has(p.category)) {
      const g = el('optgroup', { label: p.category });
      groups.set(p.category, g);
      productSelect.append(g);
    }
    groups.get(p.category).append(el('option', { value: p.code }, `${p.name} (${p.code})`));
  }
  const productNote = el('p', { id: 'buy-product-note', class: 'muted note' });
  const quoteBox = el('div', { class: 'grid', id: 'buy-quote-fields' });
  const factBox = el('div', { class: 'grid', id: 'buy-fact-fields' });
  const mirrorNote = el('p', { class: 'muted note' });
  const quoteSet = el('fieldset', { hidden: true }, el('legend', {}, 'Cover'), quoteBox);
  const factSet = el(
    'fieldset',
    { hidden: true },
    el('legend', {}, 'Details for the insurer (addtnlFact)'),
    factBox,
    mirrorNote,
  );

  // --- the reference, buttons, answers ------------------------------------------------
  const refInput = el('input', { id: 'buy-reference', name: 'reference', autocomplete: 'off', spellcheck: 'false' });
  refInput.value = newReference();
  const quoteButton = el('button', { type: 'submit', id: 'quote-button', class: 'secondary' }, 'Get quote');
  const buyButton = el('button', { type: 'button', id: 'buy-button' }, 'Buy');
  const quoteResult = el('p', { id: 'quote-result', class: 'quote', role: 'status', hidden: true });
  const errBox = errorBox(null);
  errBox.id = 'buy-error';
  const result = el('div', { id: 'buy-result', class: 'result', role: 'status', hidden: true });

  function syncButtons() {
    quoteButton.disabled = busy || !product;
    buyButton.disabled = busy || !product || bought;
  }

  /** Forgets a shown quote or error: another product was chosen. */
  function stale() {
    quoteResult.hidden = true;
    clearError();
  }

  function clearError() {
    showError(errBox, null);
    for (const c of [...quoteControls, ...factControls]) c.input.removeAttribute('aria-invalid');
  }

  /** Marks the input the server's error names (Data cmmnd.seed[.addtnlFact].NAME ...). */
  function pointAt(message) {
    const fact = /cmmnd\.seed\.addtnlFact\.([A-Za-z0-9_]+)/.exec(message);
    const seed = /cmmnd\.seed\.([A-Za-z0-9_]+)/.exec(message);
    let target = null;
    if (fact) {
      target = factControls.find((c) => c.name === fact[1]);
      if (!target && mirrored.includes(fact[1])) target = quoteControls.find((c) => c.name === fact[1]);
    } else if (seed) {
      target = quoteControls.find((c) => c.name === seed[1]);
    }
    if (target) target.input.setAttribute('aria-invalid', 'true');
  }

  function showProduct(code) {
    product = products.find((p) => p.code === code) || null;
    quoteControls = [];
    factControls = [];
    mirrored = [];
    replace(quoteBox);
    replace(factBox);
    stale();
    quoteSet.hidden = !product;
    factSet.hidden = !product;
    if (!product) {
      productNote.textContent = '';
      syncButtons();
      return;
    }
    const notes = [
      product.underwriting === 'refer'
        ? 'In LIVE mode this product is referred to underwriting: requests wait until approved or declined.'
        : 'Approved at once when the details are complete.',
    ];
    if (product.consumer && product.consumer.length) {
      notes.push('The consumer record must hold ' + product.consumer.join(', ') + '.');
    }
    productNote.textContent = notes.join(' ');

    for (const f of product.quote || []) {
      const c = quoteControl(product, f);
      c.name = f.name;
      quoteControls.push(c);
      quoteBox.append(fieldRow(f.name, c.input, { required: f.required, hint: quoteHint(f), api: true }));
      if (c.extra) quoteBox.append(c.extra);
    }
    const quoteNames = new Set(quoteControls.map((c) => c.name));
    for (const f of product.facts || []) {
      // A fact named like a quote field (e.g. LoanAmount, destination) must equal it: it
      // is sent with the value entered above instead of being asked twice.
      if (quoteNames.has(f.name)) {
        mirrored.push(f.name);
        continue;
      }
      const c = factControl(f);
      c.name = f.name;
      factControls.push(c);
      const complex = f.type === 'array' || f.type === 'object';
      factBox.append(
        fieldRow(f.name + factFor(f), c.input, {
          required: f.required !== false,
          hint: complex ? shape(f) : null,
          wide: complex,
          api: true,
        }),
      );
    }
    mirrorNote.textContent = `Also sent in addtnlFact, as entered above: ${mirrored.join(', ')}.`;
    mirrorNote.hidden = !mirrored.length;
    factSet.hidden = !product.facts || !product.facts.length;
    syncButtons();
  }

  /** The quote fields as entered: {name: value}, empty ones left out. */
  function quoteFields() {
    const out = {};
    for (const c of quoteControls) {
      const v = c.read();
      if (v !== undefined) out[c.name] = v;
    }
    return out;
  }

  /** The addtnlFact object as entered, with the mirrored quote fields. */
  function facts(fields) {
    const out = {};
    for (const c of factControls) {
      const v = c.read();
      if (v !== undefined) out[c.name] = v;
    }
    for (const name of mirrored) {
      if (fields[name] !== undefined) out[name] = fields[name];
    }
    return out;
  }

  /** Runs one request with the buttons disabled; shows its error as the server words it. */
  async function run(work) {
    if (busy) return;
    busy = true;
    syncButtons();
    clearError();
    try {
      await work();
    } catch (e) {
      rethrowLoggedOut(e);
      showError(errBox, e);
      pointAt(e.message || '');
    } finally {
      busy = false;
      syncButtons();
    }
  }

  function getQuote() {
    return run(async () => {
      quoteResult.hidden = true;
      const q = await api('POST', 'quote', { product: product.code, fields: quoteFields() });
      replace(quoteResult, 'Premium ', el('strong', {}, naira(q.premium_kobo)), ` for ${product.name}`);
      quoteResult.dataset.premiumKobo = String(q.premium_kobo);
      quoteResult.hidden = false;
    });
  }

  function buy() {
    return run(async () => {
      const fields = quoteFields();
      const body = {
        consumer_id: consumerInput.value.trim(),
        product: product.code,
        fields,
        facts: facts(fields),
      };
      const ref = refInput.value.trim();
      if (ref) body.reference = ref;
      const r = await api('POST', 'insure', body);
      bought = true;
      const link = `#/policies/${encodeURIComponent(r.product)}/${encodeURIComponent(r.txref)}`;
      replace(
        result,
        el('strong', {}, statusWord(r.status)),
        ` · premium ${naira(r.premium_kobo)} · reference ${r.txref}. `,
        r.status === 'p' ? 'The request waits for underwriting. ' : null,
        el('a', { href: link }, 'Open the policy'),
      );
      result.dataset.status = r.status;
      result.hidden = false;
      setTimeout(() => {
        // Only if the user is still here: they may have followed a link meanwhile.
        if (main.isConnected && result.isConnected && location.hash.startsWith('#/buy')) ctx.navigate(link);
      }, SHOW_RESULT_MS);
    });
  }

  productSelect.addEventListener('change', () => {
    showProduct(productSelect.value);
    // Keep the choice in the address (a reload keeps it) without re-rendering the page.
    if (location.hash.startsWith('#/buy')) {
      const q = new URLSearchParams();
      if (consumerInput.value.trim()) q.set('consumer', consumerInput.value.trim());
      if (productSelect.value) q.set('product', productSelect.value);
      history.replaceState(null, '', '#/buy' + (q.toString() ? '?' + q : ''));
    }
  });

  const form = el(
    'form',
    { id: 'buy-form', class: 'form', novalidate: true },
    el(
      'fieldset',
      {},
      el('legend', {}, 'Consumer'),
      fieldRow('Consumer id', consumerInput, { required: true, wide: true }),
      consumerNote,
      el('div', { class: 'search-line' }, fieldRow('Find a consumer', searchInput), searchButton),
      searchResults,
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, 'Product'),
      fieldRow('Product', productSelect, { required: true, wide: true }),
      productNote,
    ),
    quoteSet,
    factSet,
    el(
      'fieldset',
      {},
      el('legend', {}, 'Reference'),
      fieldRow('Transaction reference', refInput, {
        hint:
          'Your reference for this purchase (1 to 64 letters, digits, - or _). ' +
          'Sending the same request again with it buys nothing twice.',
        wide: true,
      }),
    ),
    el('div', { class: 'actions' }, quoteButton, buyButton, quoteResult),
    errBox,
    result,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (product) getQuote();
  });
  // A changed quote field makes a shown premium stale (facts and the reference do not
  // change it). A shown error stays until the next request, so it can be read while fixing.
  form.addEventListener('input', (ev) => {
    if (quoteControls.some((c) => c.input === ev.target)) quoteResult.hidden = true;
  });
  buyButton.addEventListener('click', buy);

  replace(main, title, form);
  if (params.product) productSelect.value = params.product;
  showProduct(productSelect.value);
  if (params.product && !product) productNote.textContent = `There is no product ${params.product}; choose one.`;
  lookUpConsumer();
}
