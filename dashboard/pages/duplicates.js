// pages/duplicates.js - consumers that look like one person registered more than once
// (#/duplicates): groups sharing a phone number, or a name and date of birth, each with
// its reasons and links to every consumer in it.
import { api } from '../api.js';
import { count, heading, table } from '../format.js';
import { day, el, replace } from '../ui.js';

const COLUMNS = ['Name', 'Email', 'Phone', 'Date of birth', 'Registered', 'Consumer ID'];

/** One group: its reasons and a table of its consumers. */
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
      `Group ${i + 1} · ${count(g.consumers.length, ['consumer', 'consumers'])}`,
      g.reasons.map((r) => el('span', { class: 'reason' }, r)),
    ),
    table(COLUMNS, rows, { class: 'data' }),
  );
}

/** Renders the duplicates report into main. */
export async function render(main, params, ctx) {
  const body = await api('GET', 'duplicates');
  const n = body.groups.length;
  ctx.setTitle('Duplicates');
  replace(
    main,
    heading('Possible duplicates', n ? `${count(n, ['group', 'groups'])} to review` : null),
    el(
      'p',
      { class: 'intro' },
      'One person should have one consumer_id: register each customer once and reuse the id for every quote and ' +
        'policy, or their policies, lifetime value and gaps are split across records.',
    ),
    n
      ? body.groups.map(group)
      : el(
          'p',
          { class: 'empty', 'data-testid': 'no-duplicates' },
          'No likely duplicates: no two consumers share a phone number, or a name and date of birth.',
        ),
  );
}
