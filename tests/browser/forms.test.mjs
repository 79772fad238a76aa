// forms.test.mjs - the dashboard's two form pages in a real browser, checked against the
// AIMS API of the same aimsd: the Buy page (#/buy) quotes what SR10 quotes, shows
// SR15's own error text and stores nothing on an error, buys once however often Buy is
// clicked, and opens the policy page whose certificate downloads as a PDF; the Settings
// page (#/settings) creates an API key shown once that works against the AIMS API until
// it is revoked, and switches to LIVE only when the partner name is typed exactly.
// Screenshots go to build/screenshots/. Run: node --test tests/browser/
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { aims, launchChromium, screenshot, startServer } from './harness.mjs';

const PARTNER = 'Kano Device Finance';
const HEALTH = 'hlth-axam-1111';
const FACTS = { RsdncState: 'Lagos', RsdncLga: 'Ikeja', hospital: 'LASUTH' };
const PERSON = {
  class: 'individual',
  name: { first: 'Ngozi', last: 'Okafor' },
  dob: { date: '1988-05-17' },
  gender: 'f',
  phoneNo: '+2348091112233',
  eMail: 'ngozi.okafor@forms.example',
  addrss: { addrss: '3 Allen Avenue, Ikeja' },
};
const OK = { id: 75, id_v4: 200 };

/** fetch() run inside the page (session cookie, and the CSRF token from /me for changes). */
function pageFetch(page, path, method = 'GET', body) {
  return page.evaluate(
    async ([p, m, b]) => {
      const headers = { 'Content-Type': 'application/json' };
      if (m !== 'GET') {
        const me = await (await fetch('/dashboard/api/me', { credentials: 'same-origin' })).json();
        headers['X-CSRF-Token'] = me.csrf;
      }
      const r = await fetch(p, {
        method: m,
        headers,
        credentials: 'same-origin',
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
    [path, method, body],
  );
}

/** The text of selector once it is visible. */
async function visibleText(page, selector) {
  const loc = page.locator(selector);
  await loc.waitFor({ state: 'visible' });
  return (await loc.textContent()).trim();
}

/** Opens #/buy for consumer cid with the health product and its fields filled from facts. */
async function healthForm(page, base, cid, facts) {
  // A reload: going to the address the page is already at would not render it again.
  await page.goto(`${base}/dashboard/#/buy?consumer=${cid}&product=${HEALTH}`);
  await page.reload();
  await page.locator('#buy-form').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('[name="product"]'), HEALTH);
  await page.selectOption('[name="insrncDrtn"]', '3m');
  for (const [name, value] of Object.entries(facts)) await page.fill(`[name="fact.${name}"]`, value);
}

describe('buy and settings forms in Chromium', () => {
  let server;
  let browser;
  let page;
  let cid;

  before(async () => {
    server = await startServer(PARTNER);
    const reg = await aims(server, 'prfl entity', PERSON);
    assert.deepEqual(reg.exctnFdbck, OK, JSON.stringify(reg));
    cid = reg.id;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(server.base + '/dashboard/');
    await page.fill('#email', server.email);
    await page.fill('#password', server.password);
    await page.click('#login-button');
    await page.locator('#shell-view').waitFor({ state: 'visible' });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('buy form: the quote on screen is the AIMS API quote (SR10) for the same fields', async () => {
    // Without a consumer in the address: find one by name and pick them.
    await page.goto(`${server.base}/dashboard/#/buy`);
    await page.locator('#buy-form').waitFor({ state: 'visible' });
    assert.equal(await page.inputValue('[name="consumer"]'), '');
    await page.fill('[name="q"]', 'okafor');
    await page.press('[name="q"]', 'Enter');
    await page.click(`#buy-search-results button[data-id="${cid}"]`);
    assert.equal(await page.inputValue('[name="consumer"]'), cid);
    await page.locator('#buy-consumer-note', { hasText: 'Ngozi Okafor' }).waitFor();

    await page.goto(`${server.base}/dashboard/#/buy?consumer=${cid}`);
    await page.locator('#buy-form').waitFor({ state: 'visible' });
    // The consumer from the address is looked up and named.
    await page.locator('#buy-consumer-note', { hasText: 'Ngozi Okafor' }).waitFor();
    assert.equal(await page.inputValue('[name="consumer"]'), cid);
    // No product yet: nothing to quote or buy.
    assert.equal(await page.isDisabled('#quote-button'), true);
    assert.equal(await page.isDisabled('#buy-button'), true);

    // A loan guarantee: money and integer quote fields.
    await page.selectOption('[name="product"]', 'lrgg-stnd-1111');
    await page.fill('[name="LoanAmount"]', '450000');
    await page.fill('[name="LoanTenure"]', '12');
    await page.click('#quote-button');
    const loan = await aims(server, 'dump ipck_lrgg-stnd-1111*PRMM', { LoanAmount: 450000, LoanTenure: 12 });
    assert.deepEqual(loan.exctnFdbck, OK, JSON.stringify(loan));
    await page.locator('#quote-result', { hasText: '5,000' }).waitFor();
    assert.equal(await page.getAttribute('#quote-result', 'data-premium-kobo'), String(loan.prmm * 100));

    // Health with its addtnlFact inputs, named as in the API.
    await page.selectOption('[name="product"]', HEALTH);
    assert.equal(await page.locator('#quote-result').isVisible(), false, 'another product hides the old quote');
    for (const name of ['RsdncState', 'RsdncLga', 'hospital']) {
      assert.equal(await page.locator(`[name="fact.${name}"]`).isVisible(), true, name);
    }
    await page.selectOption('[name="insrncDrtn"]', '3m');
    await page.click('#quote-button');
    const sr10 = await aims(server, `dump ipck_${HEALTH}*PRMM`, { insrncDrtn: '3m' });
    assert.deepEqual(sr10.exctnFdbck, OK, JSON.stringify(sr10));
    const shown = await visibleText(page, '#quote-result');
    assert.ok(shown.includes('₦' + sr10.prmm.toLocaleString('en-NG')), `${shown} vs prmm ${sr10.prmm}`);
    assert.equal(await page.getAttribute('#quote-result', 'data-premium-kobo'), String(sr10.prmm * 100));
    // The choice is kept in the address, so a reload keeps it.
    assert.ok(page.url().endsWith(`#/buy?consumer=${cid}&product=${HEALTH}`), page.url());
    for (const [name, value] of Object.entries(FACTS)) await page.fill(`[name="fact.${name}"]`, value);
    await page.click('#quote-button');
    await page.locator('#quote-result').waitFor({ state: 'visible' });
    await screenshot(page, 'buy-quote');
  });

  test('buy form: a required fact left empty shows the AIMS API error text and stores nothing', async () => {
    const facts = { ...FACTS, RsdncLga: '' };
    await healthForm(page, server.base, cid, facts);
    await page.fill('[name="reference"]', 'BRW-ERR-1');
    await page.click('#buy-button');
    const shown = await visibleText(page, '#buy-error');
    assert.equal(await page.getAttribute('#buy-error', 'role'), 'alert');

    const { RsdncLga, ...given } = FACTS;
    const seed = { ctgry: 'hlth', type: 'axam', pckg: '1111', id: 'API-ERR-1', insrncDrtn: '3m', addtnlFact: given };
    const sr15 = await aims(server, `entt_${cid}: insure`, seed);
    assert.equal(sr15.exctnFdbck.id, 55, JSON.stringify(sr15));
    assert.equal(shown, sr15.exctnFdbck.elbrtn);
    const marked = await page.getAttribute('[name="fact.RsdncLga"]', 'aria-invalid');
    assert.equal(marked, 'true', 'the field the error names is marked');
    assert.equal(await page.locator('#buy-result').isVisible(), false);

    const consumer = await pageFetch(page, `/dashboard/api/consumers/${cid}`);
    assert.equal(consumer.status, 200);
    assert.deepEqual(consumer.body.policies, []);
    const trns = await aims(server, `entt_${cid}|insr_*: dump`);
    assert.deepEqual(trns.trns, [], JSON.stringify(trns));
    await screenshot(page, 'buy-error');
  });

  test('buy: a double click buys once; the policy page says Approved and its certificate is a PDF', async () => {
    await healthForm(page, server.base, cid, FACTS);
    // Without a reference the server makes one for every request, so only the form's
    // own guard keeps a double click from buying twice.
    await page.fill('[name="reference"]', '');
    await page.dblclick('#buy-button');
    const result = await visibleText(page, '#buy-result');
    assert.ok(result.startsWith('Approved'), result);
    await page.waitForURL(new RegExp(`#/policies/${HEALTH}/DSH-[0-9a-fA-F]+$`));
    const txref = decodeURIComponent(page.url().split('/').pop());

    const consumer = await pageFetch(page, `/dashboard/api/consumers/${cid}`);
    assert.deepEqual(
      consumer.body.policies.map((p) => [p.product, p.txref, p.status]),
      [[HEALTH, txref, 'a']],
      'exactly one policy',
    );
    const st = await aims(server, `dump entt_${cid}|insr_${HEALTH}-${txref}*STATUS`);
    assert.equal(st.status, 'a', JSON.stringify(st));
    assert.match(st.plcyNo, /^TEST-HLTH-/);

    // The policy page (pages/policy.js) shows the status in words and the certificate link.
    const content = page.locator('#content');
    await content.getByText('Approved', { exact: true }).first().waitFor();
    assert.ok((await content.textContent()).includes(st.plcyNo), 'the policy number is on the page');
    const link = content.locator('a[href*="/certificates/"]').first();
    await link.waitFor({ state: 'visible' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    assert.equal(fs.readFileSync(file).subarray(0, 4).toString('latin1'), '%PDF');
    await screenshot(page, 'buy-policy');
  });

  test('buy: the same reference for another request is refused with the API text (409)', async () => {
    const policies = (await pageFetch(page, `/dashboard/api/consumers/${cid}`)).body.policies;
    assert.equal(policies.length, 1);
    const first = policies[0].txref;
    await healthForm(page, server.base, cid, FACTS);
    await page.selectOption('[name="insrncDrtn"]', '1y');
    await page.fill('[name="reference"]', first);
    await page.click('#buy-button');
    const shown = await visibleText(page, '#buy-error');
    const seed = { ctgry: 'hlth', type: 'axam', pckg: '1111', id: first, insrncDrtn: '1y', addtnlFact: FACTS };
    const sr15 = await aims(server, `entt_${cid}: insure`, seed);
    assert.equal(sr15.exctnFdbck.id_v4, 409, JSON.stringify(sr15));
    assert.equal(shown, sr15.exctnFdbck.elbrtn);
    assert.equal(await page.isDisabled('#buy-button'), false, 'the form can be corrected and sent again');
  });

  test('buy: family travel - a choice, a date, a JSON list, and the facts repeated from the quote', async () => {
    await page.goto(`${server.base}/dashboard/#/buy?consumer=${cid}&product=ltix-stnd-1111`);
    await page.reload();
    await page.locator('[name="destination"]').waitFor({ state: 'visible' });
    // The quote's destination, planType and isHajj are not asked again as facts.
    for (const name of ['destination', 'planType', 'isHajj']) {
      assert.equal(await page.locator(`[name="fact.${name}"]`).count(), 0, name);
    }
    assert.equal(await page.inputValue('[name="planType"]'), 'individual', 'the catalog default');
    await page.fill('[name="destination"]', 'United Kingdom');
    await page.selectOption('[name="insrncDrtn"]', '15d');
    await page.selectOption('[name="planType"]', 'family');
    await page.click('#quote-button');
    const sr10 = await aims(server, 'dump ipck_ltix-stnd-1111*PRMM', {
      destination: 'United Kingdom',
      insrncDrtn: '15d',
      planType: 'family',
    });
    assert.deepEqual(sr10.exctnFdbck, OK, JSON.stringify(sr10));
    await page.locator('#quote-result').waitFor({ state: 'visible' });
    assert.equal(await page.getAttribute('#quote-result', 'data-premium-kobo'), String(sr10.prmm * 100));

    const start = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
    await page.fill('[name="fact.trvlStartDate"]', start);
    const passengers = [
      { firstName: 'Ngozi', lastName: 'Okafor', dob: '1988-05-17', passportNo: 'A01234567' },
      { firstName: 'Ada', lastName: 'Okafor', dob: '2015-02-01', passportNo: 'A07654321' },
    ];
    await page.fill('[name="fact.passengers"]', JSON.stringify(passengers, null, 1));
    await screenshot(page, 'buy-travel');
    await page.fill('[name="reference"]', 'BRW-TRAVEL-1');
    await page.click('#buy-button');
    assert.match(await visibleText(page, '#buy-result'), /^Approved/);
    await page.waitForURL(/#\/policies\/ltix-stnd-1111\/BRW-TRAVEL-1$/);
    const st = await aims(server, `dump entt_${cid}|insr_ltix-stnd-1111-BRW-TRAVEL-1*STATUS`);
    assert.equal(st.status, 'a', JSON.stringify(st));
  });

  test('buy: goods in transit - date and time inputs are sent as "YYYY-MM-DD HH:MM:SS"', async () => {
    await page.goto(`${server.base}/dashboard/#/buy?consumer=${cid}&product=gtrn-stnd-1111`);
    await page.reload();
    await page.locator('[name="goodsValue"]').waitFor({ state: 'visible' });
    await page.fill('[name="goodsValue"]', '250000');
    await page.click('#quote-button');
    const sr10 = await aims(server, 'dump ipck_gtrn-stnd-1111*PRMM', { goodsValue: 250000 });
    await page.locator('#quote-result').waitFor({ state: 'visible' });
    assert.equal(await page.getAttribute('#quote-result', 'data-premium-kobo'), String(sr10.prmm * 100));
    const dayAhead = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
    await page.selectOption('[name="fact.goodsType"]', 'gnrl');
    await page.fill('[name="fact.goodsDscrptn"]', 'Bags of rice');
    await page.fill('[name="fact.voyage"]', '["Kano", "Lagos"]');
    await page.selectOption('[name="fact.cnvyncVehicleType"]', 'ownd');
    await page.fill('[name="fact.cnvyncVehicleRgstrtNumber"]', 'KAN-111AA');
    // Chromium takes "THH:MM" and "THH:MM:SS"; the form sends both with seconds.
    await page.fill('[name="fact.dprtrDateTime"]', `${dayAhead(1)}T06:00`);
    // Arrival before departure: the server's rule, in the server's words.
    await page.fill('[name="fact.estmtdArrvlDateTime"]', `${dayAhead(1)}T05:00`);
    await page.fill('[name="reference"]', 'BRW-GOODS-1');
    await page.click('#buy-button');
    const shown = await visibleText(page, '#buy-error');
    assert.match(shown, /^Data cmmnd\.seed\.addtnlFact\.estmtdArrvlDateTime /);
    assert.equal(await page.getAttribute('[name="fact.estmtdArrvlDateTime"]', 'aria-invalid'), 'true');
    await page.fill('[name="fact.estmtdArrvlDateTime"]', `${dayAhead(2)}T06:30:15`);
    await page.click('#buy-button');
    assert.match(await visibleText(page, '#buy-result'), /^Approved/);
    const st = await aims(server, `dump entt_${cid}|insr_gtrn-stnd-1111-BRW-GOODS-1*STATUS`);
    assert.equal(st.status, 'a', JSON.stringify(st));
  });

  test('settings: a new API key is shown once, works against the AIMS API, and is refused once revoked', async () => {
    await page.goto(`${server.base}/dashboard/#/settings`);
    await page.locator('#keys-table tbody tr[data-id]').first().waitFor();
    const before = await page.locator('#keys-table tbody tr[data-id]').count();
    assert.equal(before, 1, 'the key aimsctl made');
    assert.equal(await visibleText(page, '#settings-mode'), 'TEST');

    await page.click('#key-create');
    const secret = await visibleText(page, '#new-key-secret');
    const authId = await visibleText(page, '#new-key-id');
    assert.equal(await visibleText(page, '#new-key-partner'), server.partnerId);
    assert.match(await visibleText(page, '#new-key'), /will not be shown again/);
    await page.locator(`#keys-table tr[data-id="${authId}"]`).waitFor();
    assert.equal(await page.locator('#keys-table tbody tr[data-id]').count(), before + 1);
    assert.equal((await page.locator(`#keys-table tr[data-id="${authId}"] td.status`).textContent()).trim(), 'Active');
    await screenshot(page, 'settings-new-key');

    const creds = { partnerId: server.partnerId, authId, authKey: secret };
    const works = await aims(server, `entt_${cid}: dump`, undefined, creds);
    assert.deepEqual(works.exctnFdbck, OK, JSON.stringify(works));

    // Shown once: after a reload the secret is nowhere on the page.
    await page.reload();
    await page.locator(`#keys-table tr[data-id="${authId}"]`).waitFor();
    assert.equal(await page.locator('#new-key').isVisible(), false);
    assert.equal((await page.content()).includes(secret), false, 'the key is not on the page after a reload');
    const listed = await pageFetch(page, '/dashboard/api/keys');
    assert.equal(JSON.stringify(listed.body).includes(secret), false, 'nor in the key list');

    // Revoke, after the inline confirmation.
    const row = page.locator(`#keys-table tr[data-id="${authId}"]`);
    await row.locator('button.revoke').click();
    await row.locator('button.confirm-revoke').click();
    await page.locator(`#keys-table tr[data-id="${authId}"] td.status`, { hasText: 'Revoked' }).waitFor();
    const refused = await aims(server, `entt_${cid}: dump`, undefined, creds);
    assert.equal(refused.exctnFdbck.id, 55, JSON.stringify(refused));
    assert.equal(refused.exctnFdbck.elbrtn, 'Your authorization is not genuine');
    const still = await aims(server, `entt_${cid}: dump`);
    assert.deepEqual(still.exctnFdbck, OK, 'the other key still works');
    // Revoking it again is the server's 409, in its words.
    const again = await pageFetch(page, `/dashboard/api/keys/${authId}/revoke`, 'POST', {});
    assert.equal(again.status, 409, JSON.stringify(again));
  });

  test('settings: LIVE needs the partner name exactly; then the badge says LIVE', async () => {
    await page.goto(`${server.base}/dashboard/#/settings`);
    await page.click('#mode-start');
    const wrong = PARTNER.toLowerCase();
    await page.fill('#mode-confirm', wrong);
    await page.click('#mode-switch');
    const shown = await visibleText(page, '#mode-error');
    const direct = await pageFetch(page, '/dashboard/api/mode', 'POST', { mode: 'live', confirm: wrong });
    assert.equal(direct.status, 400);
    assert.equal(shown, direct.body.error);
    assert.equal(await visibleText(page, '#mode-badge'), 'TEST');
    assert.equal((await pageFetch(page, '/dashboard/api/me')).body.mode, 'test');

    await page.fill('#mode-confirm', PARTNER);
    await page.click('#mode-switch');
    await page.locator('#mode-badge', { hasText: 'LIVE' }).waitFor();
    assert.equal(await visibleText(page, '#settings-mode'), 'LIVE');
    assert.equal(await page.locator('#mode-start').count(), 0, 'no way back to TEST here');
    assert.equal((await pageFetch(page, '/dashboard/api/me')).body.mode, 'live');
    await screenshot(page, 'settings-live');

    // The AIMS API now issues real (AIMS-) policies for this partner.
    const seed = { ctgry: 'hlth', type: 'axam', pckg: '1111', id: 'LIVE-1', insrncDrtn: '1m', addtnlFact: FACTS };
    const sr15 = await aims(server, `entt_${cid}: insure`, seed);
    assert.equal(sr15.stts, 'a', JSON.stringify(sr15));
    const st = await aims(server, `dump entt_${cid}|insr_${HEALTH}-LIVE-1*STATUS`);
    assert.match(st.plcyNo, /^AIMS-HLTH-/);
  });
});
