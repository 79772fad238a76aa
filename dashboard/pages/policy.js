// pages/policy.js - one policy (#/policies/<product>/<txref>): every field the API holds,
// its status in words with what it means, the certificate (a PDF) and the public verify
// page when it is approved, and links to its consumer. The API answers 404 for an
// unknown policy and for another partner's; both show "No such policy".
import { api } from '../api.js';
import {
  categoryName,
  count,
  daysUntil,
  detailHeading,
  facts,
  hashFor,
  isNotFound,
  periodWords,
  products,
  showNotFound,
  statusBadge,
} from '../format.js';
import { day, el, naira, replace } from '../ui.js';

/** What the status means for this policy, in one sentence. */
function meaning(p) {
  if (p.status === 'p') return 'The request is waiting for underwriting. It becomes a policy when approved.';
  if (p.status === 'd') return 'The request was declined; no cover was issued.' + (p.note ? ` Reason: ${p.note}` : '');
  if (p.status !== 'a') return '';
  const toEnd = daysUntil(p.cover_end);
  if (daysUntil(p.cover_start) > 0) return `Approved. Cover starts on ${day(p.cover_start)}.`;
  if (toEnd < 0) return `Approved. Cover ended on ${day(p.cover_end)}.`;
  if (toEnd <= 30) {
    return `In force until ${day(p.cover_end)} (ends in ${count(toEnd, ['day', 'days'])}: time to renew).`;
  }
  return `In force until ${day(p.cover_end)}.`;
}

/** The public verify page of the policy, on the same host as its certificate. */
function verifyUrl(p) {
  try {
    return new URL('/verify/' + encodeURIComponent(p.policy_no), p.certificate_url).href;
  } catch (e) {
    return null;
  }
}

/** The certificate box: download link and verify page (approved policies only). */
function certificateBox(p) {
  if (!p.certificate_url) return null;
  const verify = p.policy_no ? verifyUrl(p) : null;
  const file = (p.policy_no || p.txref).replace(/[^A-Za-z0-9._-]+/g, '_') + '.pdf';
  return el(
    'section',
    { class: 'box' },
    el('h3', {}, 'Certificate'),
    el(
      'p',
      { class: 'doc-actions' },
      el(
        'a',
        { class: 'button', href: p.certificate_url, download: file, 'data-testid': 'certificate-link' },
        'Download certificate (PDF)',
      ),
      verify
        ? el(
            'a',
            {
              class: 'button secondary',
              href: verify,
              target: '_blank',
              rel: 'noopener',
              'data-testid': 'verify-link',
            },
            'Open verify page',
          )
        : null,
    ),
    el(
      'p',
      { class: 'muted fine' },
      'The certificate’s QR code opens the verify page, where anyone can check that the policy is in force. ' +
        'It shows only the holder’s initials.',
    ),
  );
}

/** Renders policy params.product / params.txref into main, or "No such policy". */
export async function render(main, params, ctx) {
  let p;
  try {
    p = await api('GET', `policies/${encodeURIComponent(params.product)}/${encodeURIComponent(params.txref)}`);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    ctx.setTitle('No such policy');
    showNotFound(
      main,
      'No such policy',
      `None of your policies has product ${params.product} and reference ${params.txref}.`,
      { href: '#/policies', label: '← All policies' },
    );
    return;
  }
  const consumer = '#/consumers/' + p.consumer_id;
  const prod = (await products()).find((x) => x.code === p.product);
  const productName = prod && prod.name ? prod.name : p.product;
  const title = p.policy_no ? `Policy ${p.policy_no}` : `Policy request ${p.txref}`;
  ctx.setTitle(title);
  replace(
    main,
    detailHeading(
      ['#/policies', 'Policies'],
      [title, ' ', statusBadge(p.status)],
      {},
      meaning(p),
      { 'data-testid': 'policy-meaning' },
      el('a', { class: 'button secondary', href: consumer, 'data-testid': 'policy-consumer' }, 'View the consumer'),
    ),
    el(
      'div',
      { class: 'columns' },
      el(
        'section',
        { class: 'box' },
        el('h3', {}, 'Details'),
        facts(
          [
            ['Status', statusBadge(p.status)],
            ['Policy number', p.policy_no ? el('span', { class: 'mono' }, p.policy_no) : 'Not issued yet'],
            ['Your reference', el('span', { class: 'mono' }, p.txref)],
            ['Product', [productName, ' ', el('span', { class: 'mono muted' }, p.product)]],
            ['Insurer', prod && prod.insurer],
            ['Category', categoryName(p.category)],
            ['Premium', naira(p.premium_kobo)],
            ['Cover period', periodWords(p.cover_period)],
            ['Cover start', day(p.cover_start)],
            ['Cover end', day(p.cover_end)],
            ['Requested', day(p.received)],
            ['Decline note', p.note],
            ['Consumer', el('a', { href: consumer, class: 'mono' }, p.consumer_id)],
          ],
          { 'data-testid': 'policy-facts' },
        ),
      ),
      el(
        'div',
        { class: 'stack' },
        certificateBox(p),
        el(
          'section',
          { class: 'box' },
          el('h3', {}, 'Next'),
          el(
            'ul',
            { class: 'links' },
            el('li', {}, el('a', { href: consumer }, 'Open the consumer’s page')),
            el(
              'li',
              {},
              el(
                'a',
                { href: hashFor('buy', { consumer: p.consumer_id, product: p.product }) },
                'Buy this product again',
              ),
            ),
            el('li', {}, el('a', { href: hashFor('policies', { product: p.product }) }, `All ${productName} policies`)),
          ),
        ),
      ),
    ),
  );
}
