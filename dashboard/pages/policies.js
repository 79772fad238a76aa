// pages/policies.js - every policy of the partner (#/policies?status=..&product=..&page=..),
// newest request first, filtered by status (approved, processing, declined) and product.
// The filters and the page live in the hash, so the back button walks them.
import { api } from '../api.js';
import {
  count,
  hashFor,
  heading,
  moneyCell,
  pageArg,
  pager,
  pastTheEnd,
  policyHash,
  productCell,
  products,
  shortId,
  statusBadge,
  table,
} from '../format.js';
import { day, el, replace } from '../ui.js';

const PER = 25;
const NOUN = ['policy', 'policies'];
const STATUSES = [
  ['', 'All statuses'],
  ['a', 'Approved'],
  ['p', 'Processing'],
  ['d', 'Declined'],
];

/**
 * The products to filter by: the catalog (GET products) when the server lists it, else
 * the codes of the products sold so far (from the overview), without names.
 */
async function productChoices() {
  const list = await products();
  if (list.length) return list;
  const o = await api('GET', 'overview');
  return o.premium_by_product.map((p) => ({ code: p.product }));
}

function filters(status, product, catalog, ctx) {
  const select = el(
    'select',
    { id: 'filter-status', name: 'status' },
    STATUSES.map(([v, label]) => el('option', { value: v, selected: v === status }, label)),
  );
  // A product choice: a select of the catalog when names are known, else a text box
  // with the codes sold so far as suggestions. A code not in the list stays selectable.
  const named = catalog.some((p) => p.name);
  let input;
  if (named) {
    const options = [...catalog];
    if (product && !options.some((p) => p.code === product)) options.push({ code: product, name: product });
    input = el(
      'select',
      { id: 'filter-product', name: 'product' },
      el('option', { value: '' }, 'All products'),
      options.map((p) => el('option', { value: p.code, selected: p.code === product }, `${p.name} (${p.code})`)),
    );
  } else {
    input = el('input', {
      id: 'filter-product',
      name: 'product',
      type: 'text',
      value: product,
      list: 'product-codes',
      placeholder: 'e.g. hlth-axam-1111',
      autocomplete: 'off',
      spellcheck: 'false',
    });
  }
  const apply = () => ctx.navigate(hashFor('policies', { status: select.value, product: input.value.trim() }));
  select.addEventListener('change', apply);
  if (named) input.addEventListener('change', apply);
  return el(
    'form',
    {
      class: 'filters',
      'aria-label': 'Filter policies',
      onsubmit: (ev) => {
        ev.preventDefault();
        apply();
      },
    },
    el('div', { class: 'filter' }, el('label', { for: 'filter-status' }, 'Status'), select),
    el('div', { class: 'filter' }, el('label', { for: 'filter-product' }, 'Product'), input),
    named ? null : el('datalist', { id: 'product-codes' }, catalog.map((p) => el('option', { value: p.code }))),
    named ? null : el('button', { type: 'submit' }, 'Filter'),
    status || product ? el('a', { class: 'button secondary', href: '#/policies' }, 'Clear filters') : null,
  );
}

const COLUMNS = ['Reference', 'Policy number', 'Product', 'Consumer', 'Status', { label: 'Premium', class: 'num' },
  'Cover start', 'Cover end', 'Requested'];

function rows(list, catalog) {
  return list.map((p) => [
    el('a', { href: policyHash(p.product, p.txref), class: 'mono' }, p.txref),
    p.policy_no ? { value: p.policy_no, class: 'mono nowrap' } : el('span', { class: 'muted' }, 'not issued'),
    productCell(p.product, catalog),
    el('a', { href: '#/consumers/' + p.consumer_id, title: p.consumer_id }, p.consumer_name || shortId(p.consumer_id)),
    statusBadge(p.status),
    moneyCell(p.premium_kobo),
    { value: day(p.cover_start), class: 'nowrap' },
    { value: day(p.cover_end), class: 'nowrap' },
    { value: day(p.received), class: 'nowrap' },
  ]);
}

/** "3 policies", "1 policy approved of Motor, comprehensive": what the list holds. */
function summary(total, status, product, catalog) {
  const named = catalog.find((p) => p.code === product);
  const words = [count(total, NOUN)];
  if (status) words.push(STATUSES.find(([v]) => v === status)[1].toLowerCase());
  if (product) words.push(`of ${named && named.name ? named.name : product}`);
  return words.join(' ');
}

/** Renders the policy list for params.status, params.product and params.page into main. */
export async function render(main, params, ctx) {
  const status = ['a', 'p', 'd'].includes(params.status) ? params.status : '';
  const product = (params.product || '').trim();
  const page = pageArg(params);
  const q = new URLSearchParams({ page: String(page), per: String(PER) });
  if (status) q.set('status', status);
  if (product) q.set('product', product);
  const [body, catalog] = await Promise.all([api('GET', 'policies?' + q), productChoices()]);
  ctx.setTitle('Policies');
  let list;
  if (body.policies.length) {
    list = [
      table(COLUMNS, rows(body.policies, catalog), {
        id: 'policies-table',
        'data-testid': 'policies-table',
        class: 'data',
      }),
      pager(body, (p) => hashFor('policies', { status, product, page: p }), NOUN),
    ];
  } else if (body.total > 0) {
    list = pastTheEnd(page, body, (p) => hashFor('policies', { status, product, page: p }));
  } else if (status || product) {
    list = el('p', { class: 'empty' }, 'No policy matches these filters.');
  } else {
    list = el(
      'p',
      { class: 'empty' },
      'No policies yet. Policies appear here once your integration sends insure requests.',
    );
  }
  replace(
    main,
    heading('Policies', summary(body.total, status, product, catalog)),
    filters(status, product, catalog, ctx),
    list,
  );
}
