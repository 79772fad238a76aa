// pages/consumers.js - the consumer list (#/consumers?q=..&page=..): a search box and
// one page of the partner's consumers, newest first. The query and the page live in the
// hash, so the back button walks searches and pages. Search is the server's blind
// index: it matches whole name parts, the whole email or the whole phone number.
import { api } from '../api.js';
import { count, hashFor, heading, pageArg, pager, pastTheEnd, table } from '../format.js';
import { day, el, replace } from '../ui.js';

const PER = 25;
const NOUN = ['consumer', 'consumers'];

function searchForm(q, ctx) {
  const input = el('input', {
    id: 'consumer-search',
    type: 'search',
    name: 'q',
    value: q,
    placeholder: 'Name, email or phone number',
    'aria-describedby': 'consumer-search-help',
  });
  const form = el(
    'form',
    {
      class: 'search',
      role: 'search',
      onsubmit: (ev) => {
        ev.preventDefault();
        ctx.navigate(hashFor('consumers', { q: input.value.trim() }));
      },
    },
    el('label', { for: 'consumer-search', class: 'visually-hidden' }, 'Search consumers'),
    input,
    el('button', { type: 'submit' }, 'Search'),
    q ? el('a', { href: '#/consumers', class: 'button secondary' }, 'Clear') : null,
  );
  return el(
    'div',
    { class: 'search-block' },
    form,
    el(
      'p',
      { id: 'consumer-search-help', class: 'help muted' },
      'Search matches whole words: a first or last name, the whole email address, or the ' +
        'whole phone number (0803… and +234803… both work). Parts of a word are not matched.',
    ),
  );
}

function rows(consumers) {
  return consumers.map((c) => [
    c.error ? el('span', { class: 'muted' }, c.error) : el('a', { href: '#/consumers/' + c.id }, c.name || '(no name)'),
    c.email || '',
    c.phone || '',
    { value: day(c.created), class: 'nowrap' },
    el('a', { href: hashFor('buy', { consumer: c.id }), class: 'fine' }, 'Buy a policy'),
  ]);
}

/** Renders the consumer list for params.q and params.page into main. */
export async function render(main, params, ctx) {
  const q = (params.q || '').trim();
  const page = pageArg(params);
  const body = await api('GET', 'consumers?' + new URLSearchParams({ q, page: String(page), per: String(PER) }));
  ctx.setTitle(q ? `Consumers matching “${q}”` : 'Consumers');
  const summary = q
    ? `${count(body.total, NOUN)} matching “${q}”`
    : `${count(body.total, NOUN)} registered through your API`;
  let list;
  if (body.consumers.length) {
    list = [
      table(['Name', 'Email', 'Phone', 'Registered', ''], rows(body.consumers), {
        id: 'consumers-table',
        'data-testid': 'consumers-table',
        class: 'data',
      }),
      pager(body, (p) => hashFor('consumers', { q, page: p }), NOUN),
    ];
  } else if (body.total > 0) {
    list = pastTheEnd(page, body, (p) => hashFor('consumers', { q, page: p }));
  } else if (q) {
    list = el(
      'p',
      { class: 'empty' },
      `No consumer matches “${q}”. Try a whole first or last name, email or phone number.`,
    );
  } else {
    list = el(
      'p',
      { class: 'empty' },
      'No consumers yet. Customers appear here once your integration registers them (the prfl entity command).',
    );
  }
  replace(main, heading('Consumers', summary), searchForm(q, ctx), list);
}
