// pages/consumer.js - one consumer (#/consumers/<id>): the profile as registered, the
// lifetime value (approved premium across every product), every policy, the categories
// the consumer holds no policy in yet (each a chance to sell), the policies ending within
// 30 days (renewals), and a way to buy a policy for them. The API answers 404 both for
// an unknown id and for another partner's consumer; both show "No such consumer".
import { api } from '../api.js';
import {
  ID_TYPES,
  categoryName,
  count,
  daysUntil,
  detailHeading,
  facts,
  hashFor,
  isNotFound,
  moneyCell,
  policyHash,
  productCell,
  products,
  showNotFound,
  stat,
  statusBadge,
  table,
} from '../format.js';
import { day, el, naira, replace } from '../ui.js';

/** The consumer's name as one line: first, middle and last (or an organisation's name). */
export function fullName(profile) {
  const n = profile.name || {};
  const parts = [n.first, n.middle, n.last].filter((s) => typeof s === 'string' && s);
  return parts.join(' ') || n.name || '(no name)';
}

/** "17 May 1988 (age 38)" for a "YYYY-MM-DD" date of birth. */
function birthDay(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  if (!m) return date || '';
  const now = new Date();
  let age = now.getUTCFullYear() - Number(m[1]);
  if ((now.getUTCMonth() + 1) * 100 + now.getUTCDate() < Number(m[2]) * 100 + Number(m[3])) age -= 1;
  return `${day(date + ' 00:00:00')} (age ${age})`;
}

const GENDERS = { m: 'Male', f: 'Female' };

// The profile members (and members of its groups) the profile card shows by name.
const SHOWN = {
  '': ['class', 'type', 'name', 'dob', 'gender', 'phoneNo', 'eMail', 'addrss', 'ntnlty', 'stateOfOrigin',
    'mrtlStatus', 'socialID', 'taxId'],
  name: ['first', 'middle', 'last', 'maiden', 'name'],
  dob: ['date'],
  addrss: ['addrss'],
  socialID: ['type', 'id'],
};

/** Profile members the card does not show by name, flattened to [label, text] pairs. */
function otherFacts(profile) {
  const out = [];
  const walk = (label, v) => {
    if (v === null || v === undefined || v === '') return;
    if (typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, w] of Object.entries(v)) walk(`${label} ${k}`, w);
    } else {
      out.push([label, Array.isArray(v) ? v.join(', ') : String(v)]);
    }
  };
  for (const [k, v] of Object.entries(profile)) if (!SHOWN[''].includes(k)) walk(k, v);
  for (const group of ['name', 'dob', 'addrss', 'socialID']) {
    const g = profile[group];
    if (!g || typeof g !== 'object') continue;
    for (const [k, v] of Object.entries(g)) if (!SHOWN[group].includes(k)) walk(`${group} ${k}`, v);
  }
  return out;
}

function profileCard(c) {
  const p = c.profile;
  const n = p.name || {};
  const social = p.socialID || {};
  const idDoc = social.type || social.id ? `${ID_TYPES[social.type] || social.type || ''} ${social.id || ''}` : '';
  const capital = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : '');
  return el(
    'section',
    { class: 'box', 'data-testid': 'profile' },
    el('h3', {}, 'Profile'),
    facts([
      ['Name', fullName(p)],
      ['Maiden name', n.maiden],
      ['Email', p.eMail ? el('a', { href: 'mailto:' + p.eMail }, p.eMail) : ''],
      ['Phone', p.phoneNo],
      ['Date of birth', p.dob && p.dob.date ? birthDay(p.dob.date) : ''],
      ['Gender', GENDERS[p.gender] || p.gender],
      ['Address', p.addrss && p.addrss.addrss],
      ['Nationality', p.ntnlty],
      ['State of origin', p.stateOfOrigin],
      ['Marital status', capital(p.mrtlStatus)],
      ['ID document', idDoc.trim()],
      ['Tax ID', p.taxId],
      ['Consumer type', p.class === 'organization' ? 'Organisation' : 'Individual'],
      ...otherFacts(p),
      ['Consumer ID', el('code', { class: 'mono' }, c.id)],
    ]),
  );
}

function policiesBox(c, catalog) {
  const rows = c.policies.map((p) => [
    el('a', { href: policyHash(p.product, p.txref), class: 'mono' }, p.txref),
    p.policy_no ? { value: p.policy_no, class: 'mono nowrap' } : el('span', { class: 'muted' }, 'not issued'),
    productCell(p.product, catalog),
    categoryName(p.category),
    statusBadge(p.status),
    moneyCell(p.premium_kobo),
    { value: day(p.cover_start), class: 'nowrap' },
    { value: day(p.cover_end), class: 'nowrap' },
  ]);
  const columns = ['Reference', 'Policy number', 'Product', 'Category', 'Status',
    { label: 'Premium', class: 'num' }, 'Cover start', 'Cover end'];
  const body = rows.length
    ? table(columns, rows, { id: 'consumer-policies', 'data-testid': 'consumer-policies', class: 'data' })
    : el('p', { class: 'empty', 'data-testid': 'consumer-policies' }, 'No policies yet.');
  return el('section', { class: 'box' }, el('h3', {}, `Policies (${rows.length})`), body);
}

/** The categories not covered yet, each offering the catalog's first product of it. */
function gapsBox(c, catalog) {
  const items = c.gaps.map((cat) => {
    const offer = catalog.filter((p) => p.category === cat);
    const href = hashFor('buy', { consumer: c.id, product: offer.length ? offer[0].code : null });
    return el(
      'li',
      { 'data-category': cat },
      el(
        'div',
        {},
        el('span', { class: 'gap-name' }, categoryName(cat)),
        offer.length ? el('span', { class: 'muted fine' }, offer.map((p) => p.name || p.code).join(' · ')) : null,
      ),
      el('a', { class: 'button small secondary', href }, 'Offer cover'),
    );
  });
  const attrs = { id: 'consumer-gaps', 'data-testid': 'gaps' };
  return el(
    'section',
    { class: 'box' },
    el('h3', {}, 'Not covered yet'),
    el('p', { class: 'muted fine' }, 'Categories where this consumer holds no policy: a chance to offer cover.'),
    items.length
      ? el('ul', { class: 'gaps', ...attrs }, items)
      : el('p', { class: 'empty', ...attrs }, 'Covered in every category.'),
  );
}

/** The approved policies whose cover ends within 30 days, each with a Renew link. */
function endingBox(c, catalog) {
  const items = c.ending_soon.map((p) => {
    const days = daysUntil(p.cover_end);
    const prod = catalog.find((x) => x.code === p.product);
    const when = days <= 0 ? 'today' : `in ${count(days, ['day', 'days'])}`;
    return el(
      'li',
      { 'data-txref': p.txref },
      el(
        'div',
        {},
        el('a', { href: policyHash(p.product, p.txref) }, prod && prod.name ? prod.name : p.product),
        el('span', { class: 'muted fine' }, `${p.policy_no || p.txref} · ends ${day(p.cover_end)} (${when})`),
      ),
      el('a', { class: 'button small secondary', href: hashFor('buy', { consumer: c.id, product: p.product }) },
        'Renew'),
    );
  });
  const attrs = { id: 'consumer-ending-soon', 'data-testid': 'ending-soon' };
  return el(
    'section',
    { class: 'box' },
    el('h3', {}, 'Ending within 30 days'),
    items.length
      ? el('ul', { class: 'ending', ...attrs }, items)
      : el('p', { class: 'empty', ...attrs }, 'No policy ends within 30 days.'),
  );
}

/** Renders consumer params.id into main, or "No such consumer". */
export async function render(main, params, ctx) {
  let c;
  try {
    c = await api('GET', 'consumers/' + encodeURIComponent(params.id));
  } catch (e) {
    if (!isNotFound(e)) throw e;
    ctx.setTitle('No such consumer');
    showNotFound(main, 'No such consumer', 'None of your consumers has this id. Check the link, or search for them.', {
      href: '#/consumers',
      label: '← All consumers',
    });
    return;
  }
  const catalog = await products();
  const name = fullName(c.profile);
  const approved = c.policies.filter((p) => p.status === 'a').length;
  const covered = [...new Set(c.policies.filter((p) => p.status !== 'd').map((p) => categoryName(p.category)))];
  const contact = [c.profile.eMail, c.profile.phoneNo].filter(Boolean).join(' · ');
  ctx.setTitle(name);
  replace(
    main,
    detailHeading(
      ['#/consumers', 'Consumers'],
      name,
      { 'data-testid': 'consumer-name' },
      contact,
      {},
      el(
        'a',
        { class: 'button', href: hashFor('buy', { consumer: c.id }), 'data-testid': 'buy-for-consumer' },
        'Buy a policy for this consumer',
      ),
    ),
    el(
      'div',
      { class: 'stats' },
      stat('Lifetime value', naira(c.lifetime_value_kobo), 'Premium of approved policies, all products',
        'lifetime-value'),
      stat('Policies', String(c.policies.length), `${approved} approved`, 'policy-count'),
      stat('Covered', String(covered.length), covered.join(', ') || 'No category yet', 'covered-count'),
    ),
    el(
      'div',
      { class: 'columns' },
      profileCard(c),
      el('div', { class: 'stack' }, gapsBox(c, catalog), endingBox(c, catalog)),
    ),
    policiesBox(c, catalog),
  );
}
