// pages/duplicates.js - consumers that look like one person registered more than once
// (#/duplicates): groups sharing a phone number, or a name and date of birth, each with
// its reasons and links to every consumer in it, 20 groups a page.
import { api } from '../api.js';
import { count, hashFor, heading, pageArg, pager, pastTheEnd, table } from '../format.js';
import { day, el, replace } from '../ui.js';

const COLUMNS = ['Name', 'Email', 'Phone', 'Date of birth', 'Registered', 'Consumer ID'];
const PER = 20;
const NOUN = ['group', 'groups'];

/** One group (number i from 1): its reasons and a table of its consumers. */
function group(g, i) {
  const rows = g.consumers.map((c) => [
    c.error
      ? el('span', { class: 'muted' }, c.error)
      : el('a', { href: '#/consumers/' + c.id }, c.name || '(no name)'),
    c.email || '',
    c.phone || '',
    { value: c.dob ? day(c.dob + ' 00:00:00') : '', class: 'nowrap' },
    { value: day(c.created), class: 'nowrap' },
    { value: c.id, class: 'mono fine' },
  ]);
  return el(
    'section',
    { class: 'box duplicate-group', 'data-testid': 'duplicate-group' },
    el(
      'h3',
      {},
      `Group ${i} · ${count(g.consumers.length, ['consumer', 'consumers'])}`,
      g.reasons.map((r) => el('span', { class: 'reason' }, r)),
    ),
    table(COLUMNS, rows, { class: 'data' }),
  );
}

/** Renders page params.page of the duplicates report into main. */
export async function render(main, params, ctx) {
  const page = pageArg(params);
  const body = await api('GET', 'duplicates?' + new URLSearchParams({ page: String(page), per: String(PER) }));
  const n = body.total;
  const first = (body.page - 1) * body.per;
  ctx.setTitle('Duplicates');
  let list;
  if (body.groups.length) {
    list = [
      body.groups.map((g, i) => group(g, first + i + 1)),
      n > body.per ? pager(body, (p) => hashFor('duplicates', { page: p }), NOUN) : null,
    ];
  } else if (n > 0) {
    list = pastTheEnd(page, body, (p) => hashFor('duplicates', { page: p }));
  } else {
    list = el(
      'p',
      { class: 'empty', 'data-testid': 'no-duplicates' },
      'No likely duplicates: no two consumers share a phone number, or a name and date of birth.',
    );
  }
  replace(
    main,
    heading('Possible duplicates', n ? `${count(n, NOUN)} to review` : null),
    el(
      'p',
      { class: 'intro' },
      'One person should have one consumer_id: register each customer once and reuse the id for every quote and ' +
        'policy, or their policies, lifetime value and gaps are split across records.',
    ),
    list,
  );
}
