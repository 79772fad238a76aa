// pages/overview.js - the dashboard's first page (#/): how many consumers and policies
// the partner has, the premium written, and two charts: premium written by month (the
// last 12 months, by cover start) and premium by product. Both count approved policies
// only, as GET /dashboard/api/overview does.
import { api } from '../api.js';
import { barChart, columnChart } from '../charts.js';
import { count, heading, monthName, nairaShort, products, stat } from '../format.js';
import { el, naira, replace } from '../ui.js';

/** The empty state of a chart panel. */
function noPolicies(text) {
  return el('p', { class: 'empty' }, el('strong', {}, 'No policies yet. '), text);
}

function monthsPanel(months) {
  const body = months.some((m) => m.premium_kobo > 0)
    ? columnChart({
        title: 'Premium written by month, last 12 months',
        testid: 'chart-months',
        axis: (kobo) => nairaShort(kobo),
        items: months.map((m, i) => ({
          label: monthName(m.month),
          // January and the first bar carry the year, so the axis reads across a new year.
          sublabel: i === 0 || m.month.endsWith('-01') ? m.month.slice(0, 4) : null,
          long: monthName(m.month, true),
          value: m.premium_kobo,
          valueLabel: `${naira(m.premium_kobo)} (${count(m.count, ['policy', 'policies'])})`,
          tip: `${monthName(m.month, true)}: ${naira(m.premium_kobo)} from ${count(m.count, ['policy', 'policies'])}`,
        })),
      })
    : noPolicies('Premium appears here by the month its cover starts.');
  return el('section', { class: 'box' }, el('h3', {}, 'Premium written by month'), body);
}

function productsPanel(products, catalog) {
  const named = (code) => {
    const p = catalog.find((c) => c.code === code);
    return p && p.name ? `${p.name} (${code})` : code;
  };
  const sorted = [...products].sort((a, b) => b.premium_kobo - a.premium_kobo || a.product.localeCompare(b.product));
  const body = sorted.length
    ? barChart({
        title: 'Premium written by product',
        testid: 'chart-products',
        items: sorted.map((p) => ({
          label: p.product,
          value: p.premium_kobo,
          valueLabel: naira(p.premium_kobo),
          long: named(p.product),
          tip: `${named(p.product)}: ${naira(p.premium_kobo)} from ${count(p.count, ['policy', 'policies'])}`,
        })),
      })
    : noPolicies('Each product you sell gets a bar here.');
  return el('section', { class: 'box' }, el('h3', {}, 'Premium by product'), body);
}

/** Renders the overview into main. */
export async function render(main, params, ctx) {
  const [o, catalog] = await Promise.all([api('GET', 'overview'), products()]);
  const st = o.policies;
  const all = st.a.count + st.p.count + st.d.count;
  const thisMonth = o.premium_by_month[o.premium_by_month.length - 1];
  ctx.setTitle('Overview');
  replace(
    main,
    heading('Overview', `${ctx.who.partner_name} · ${ctx.who.mode === 'live' ? 'live' : 'test'} mode`),
    el(
      'div',
      { class: 'stats' },
      stat(
        'Consumers',
        o.consumers.toLocaleString('en-NG'),
        el('a', { href: '#/consumers' }, 'View consumers'),
        'count-consumers',
      ),
      stat(
        'Policies',
        all.toLocaleString('en-NG'),
        `${st.a.count} approved · ${st.p.count} processing · ${st.d.count} declined`,
        'count-policies',
      ),
      stat('Premium written', naira(st.a.premium_kobo), 'Approved policies, all time', 'premium-written'),
      stat(
        'This month',
        naira(thisMonth ? thisMonth.premium_kobo : 0),
        thisMonth ? monthName(thisMonth.month, true) : '',
        'premium-this-month',
      ),
    ),
    el('div', { class: 'panels' }, monthsPanel(o.premium_by_month), productsPanel(o.premium_by_product, catalog)),
  );
}
