// pages.test.mjs - the dashboard's read pages in a real browser, over data seeded
// through the real AIMS API (POST /): the overview's counts and charts, consumer search
// and paging, a consumer's lifetime value, gaps and renewals, policy filters, a policy
// with its certificate (a PDF), the duplicates report, another partner's ids answered
// "No such ...", unknown routes, and a session that ends. Screenshots of every page go
// to build/screenshots/. Run: node --test tests/browser/
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aims, launchChromium, screenshot, sql, startServer } from './harness.mjs';

const PARTNER = 'Ikeja Credit Ltd';
const MOTOR_FACTS = {
  brand: 'Toyota',
  model: 'Camry',
  year: 2020,
  chsssId: '4T1B11HK5LU123456',
  engineId: 'A25A123456',
  rgstrtId: 'ABC123DE',
  vhclValueForInsrnc: 2000000,
};
const health = (id) => ({
  ctgry: 'hlth', type: 'axam', pckg: '1111', id, insrncDrtn: '3m',
  addtnlFact: { RsdncState: 'Lagos', RsdncLga: 'Ikeja', hospital: 'LASUTH' },
});
const motor = (id) => ({
  ctgry: 'vhcl', type: 'cmpr', pckg: '1111', id, insrncDrtn: '1y', vhclValueForInsrnc: 2000000, addtnlFact: MOTOR_FACTS,
});
const laptop = (id) => ({
  ctgry: 'lapt', type: 'flx1', pckg: '1111', id, insrncDrtn: '1y',
  addtnlFact: { brand: 'HP', model: 'ProBook 450', serialNo: '5CD1234XYZ' },
});

/** An SR05 seed for an individual; every consumer gets its own phone unless told. */
function person(email, { first = 'Ngozi', last = 'Okafor', phone = '+2348091112233', dob = '1988-05-17' } = {}) {
  return {
    class: 'individual', name: { first, last }, dob: { date: dob }, gender: 'f', phoneNo: phone, eMail: email,
    addrss: { addrss: '3 Allen Avenue, Ikeja' }, socialID: { type: 'bvnn', id: '22233344466' }, taxId: 'TIN-77',
  };
}

/** Registers a consumer and answers its id; fails the test on any other answer. */
async function register(server, seed, creds) {
  const r = await aims(server, 'prfl entity', seed, creds);
  assert.equal(r.exctnFdbck && r.exctnFdbck.id, 75, JSON.stringify(r));
  return r.id;
}

/** Sends an insure; answers the answer after checking it succeeded with status want. */
async function insure(server, cid, seed, want, creds) {
  const r = await aims(server, `entt_${cid}: insure`, seed, creds);
  assert.equal(r.exctnFdbck && r.exctnFdbck.id, 75, JSON.stringify(r));
  assert.equal(r.stts, want, JSON.stringify(r));
  return r;
}

/** The number in a Naira text on screen ("₦151,750" is 151750). */
const nairaOf = (text) => Number(String(text).replace(/[^\d.]/g, ''));

/** Waits until the dashboard has finished rendering hash. */
async function rendered(page, hash) {
  await page.waitForFunction((h) => document.getElementById('content')?.dataset.rendered === h, hash);
}

/** Goes to hash in the signed-in dashboard and waits until its page is rendered. */
async function go(page, hash) {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await rendered(page, hash);
}

/** Logs in through the form (the login view must be showing). */
async function logIn(page, email, password) {
  await page.locator('#login-form').waitFor({ state: 'visible' });
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#login-button');
  await page.locator('#shell-view').waitFor({ state: 'visible' });
}

/** fetch() run inside the page (with the session cookie); answers {status, json}. */
function pageGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, { credentials: 'same-origin' });
    return { status: r.status, json: await r.json() };
  }, path);
}

describe('read pages in Chromium', () => {
  let server;
  let browser;
  let page;
  let other; // another partner: {partnerId, authId, authKey, email, password}
  const seen = {}; // what the seeding answered

  before(async () => {
    server = await startServer(PARTNER);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });

    // A consumer with policies in three categories; the health policy ends in 10 days.
    seen.ngozi = await register(server, person('ngozi.okafor@pages.example'));
    seen.premiums = {};
    for (const seed of [health('R-H1'), motor('R-V1'), laptop('R-L1')]) {
      seen.premiums[seed.id] = (await insure(server, seen.ngozi, seed, 'a')).prmm;
    }
    const soon = Math.floor(Date.now() / 1000) + 10 * 86400;
    sql(server, `update policies set cover_end = ${soon} where txref = 'R-H1'`);
    seen.status = await aims(server, `dump entt_${seen.ngozi}|insr_hlth-axam-1111-R-H1*STATUS`);
    assert.equal(seen.status.status, 'a', JSON.stringify(seen.status));

    // As a LIVE partner for a moment: two motor requests wait for underwriting; one is declined.
    const bola = { first: 'Bola', last: 'Ade', phone: '+2348091110001', dob: '1979-02-03' };
    seen.bola = await register(server, person('bola.ade@pages.example', bola));
    server.ctl('partner', 'mode', server.partnerId, 'live');
    await insure(server, seen.bola, motor('R-P1'), 'p');
    await insure(server, seen.bola, motor('R-D1'), 'p');
    server.ctl('underwriting', 'decline', 'R-D1', '--note', 'Vehicle inspection failed');
    server.ctl('partner', 'mode', server.partnerId, 'test');

    // One person registered twice (same phone, other emails), and someone else.
    const emeka = { first: 'Emeka', last: 'Obi', phone: '+2348035550000', dob: '1990-01-01' };
    seen.emeka1 = await register(server, person('emeka@pages.example', emeka));
    seen.emeka2 = await register(server, person('emeka.obi@work.example', emeka));
    const ada = { first: 'Ada', last: 'Else', phone: '+2348035559999', dob: '1991-01-01' };
    seen.ada = await register(server, person('ada.else@pages.example', ada));

    // 27 consumers found by one search term: two pages of 25.
    seen.pagers = [];
    for (let i = 0; i < 27; i++) {
      const two = String(i).padStart(2, '0');
      seen.pagers.push(await register(server, person(`pager${i}@pages.example`, {
        first: 'Pager', last: 'Person', phone: `+23480900000${two}`, dob: `1970-01-${String(i + 1).padStart(2, '0')}`,
      })));
    }
    seen.consumers = 5 + 27;

    // Another partner with a consumer of its own and a dashboard user.
    const o = server.ctl('partner', 'create', '--name', 'Other Partner');
    other = { partnerId: o.PARTNER_ID, authId: o.AUTH_ID, authKey: o.AUTH_KEY, email: 'ops@other.example' };
    other.password = server.ctl('user', 'add', other.partnerId, other.email).PASSWORD;
    seen.theirs = await register(server, person('secret.person@other.example', {
      first: 'Zainab', last: 'Secretperson', phone: '+2348077770000', dob: '1985-06-06',
    }), other);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('log in through the form; the overview shows the counts and both charts', async () => {
    await page.goto(server.base + '/dashboard/');
    await logIn(page, server.email, server.password);
    await go(page, '#/');
    const approved = Object.values(seen.premiums).reduce((a, b) => a + b, 0);
    assert.equal(await page.title(), 'Overview · aims dashboard');
    assert.equal(await page.locator('#main-nav a[aria-current="page"]').textContent(), 'Overview');
    assert.equal(await page.locator('[data-testid=count-consumers]').textContent(), String(seen.consumers));
    assert.equal(await page.locator('[data-testid=count-policies]').textContent(), '5');
    const policies = page.locator('.stat', { has: page.locator('[data-testid=count-policies]') });
    assert.equal(await policies.locator('.stat-detail').textContent(), '3 approved · 1 processing · 1 declined');
    assert.equal(nairaOf(await page.locator('[data-testid=premium-written]').textContent()), approved);

    // Premium by month: 12 bars, this month's carrying all the approved premium.
    const months = page.locator('svg[data-testid=chart-months]');
    assert.equal(await months.locator('.bar rect').count(), 12);
    const last = months.locator('.bar rect').last();
    assert.ok(Number(await last.getAttribute('height')) > 100, 'this month has the tallest bar');
    assert.equal(Number(await months.locator('.bar rect').first().getAttribute('height')), 0);
    assert.equal(nairaOf((await last.locator('title').textContent()).split(':')[1].split('from')[0]), approved);
    const hidden = page.locator('figure:has(svg[data-testid=chart-months]) table.visually-hidden tbody tr');
    assert.equal(await hidden.count(), 12);

    // Premium by product: one bar per product with an approved policy, largest first.
    const products = page.locator('svg[data-testid=chart-products] .bar');
    assert.equal(await products.count(), 3);
    assert.deepEqual(await products.locator('text.label').allTextContents(), [
      'vhcl-cmpr-1111',
      'lapt-flx1-1111',
      'hlth-axam-1111',
    ]);
    assert.equal(nairaOf(await products.first().locator('text.value').textContent()), seen.premiums['R-V1']);
    const widths = await products.locator('rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))));
    assert.ok(widths[0] > widths[1] && widths[1] > widths[2] && widths[2] > 0, `bar widths ${widths}`);
    await screenshot(page, 'page-overview');
  });

  test('an overview without policies says "No policies yet"', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    try {
      const p = await ctx.newPage();
      await p.goto(server.base + '/dashboard/');
      await logIn(p, other.email, other.password);
      await go(p, '#/');
      assert.equal(await p.locator('#partner-name').textContent(), 'Other Partner');
      assert.equal(await p.locator('[data-testid=count-consumers]').textContent(), '1');
      assert.equal(await p.locator('[data-testid=count-policies]').textContent(), '0');
      assert.equal(await p.locator('.empty', { hasText: 'No policies yet' }).count(), 2);
      assert.equal(await p.locator('svg.chart').count(), 0);
      await screenshot(p, 'page-overview-empty');
    } finally {
      await ctx.close();
    }
  });

  test('search finds a consumer by whole name, not by part of one, and opens their page', async () => {
    await page.click('#main-nav a[data-nav=consumers]');
    await rendered(page, '#/consumers');
    assert.equal(await page.locator('#main-nav a[aria-current="page"]').textContent(), 'Consumers');
    assert.match(await page.locator('#consumer-search-help').textContent(), /whole/);

    await page.fill('#consumer-search', 'ngoz');
    await page.press('#consumer-search', 'Enter');
    await rendered(page, '#/consumers?q=ngoz');
    assert.match(await page.locator('.empty').textContent(), /No consumer matches “ngoz”/);

    await page.fill('#consumer-search', 'Ngozi');
    await page.press('#consumer-search', 'Enter');
    await rendered(page, '#/consumers?q=Ngozi');
    const rows = page.locator('#consumers-table tbody tr');
    assert.equal(await rows.count(), 1);
    const cells = await rows.first().locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 3), ['Ngozi Okafor', 'ngozi.okafor@pages.example', '+2348091112233']);
    assert.match(await page.locator('[data-testid=pager-text]').textContent(), /Page 1 of 1 · 1 consumer$/);
    await screenshot(page, 'page-consumers-search');

    // The whole phone number finds them too (a '+' survives the trip through the hash).
    await page.fill('#consumer-search', '+2348091112233');
    await page.press('#consumer-search', 'Enter');
    await rendered(page, '#/consumers?q=%2B2348091112233');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().locator('td').first().textContent(), 'Ngozi Okafor');

    await rows.first().locator('a', { hasText: 'Ngozi Okafor' }).click();
    await rendered(page, '#/consumers/' + seen.ngozi);
    assert.equal(await page.locator('[data-testid=consumer-name]').textContent(), 'Ngozi Okafor');
    assert.equal(await page.title(), 'Ngozi Okafor · aims dashboard');
  });

  test('the consumer list pages with Previous and Next, and the back button walks back', async () => {
    await go(page, '#/consumers?q=pager');
    const rows = page.locator('#consumers-table tbody tr');
    assert.equal(await rows.count(), 25);
    assert.equal(await page.locator('[data-testid=pager-text]').textContent(), 'Page 1 of 2 · 27 consumers');
    assert.equal(await page.locator('.pager span[aria-disabled=true]').textContent(), '← Previous');
    await screenshot(page, 'page-consumers');
    await page.click('.pager a[rel=next]');
    await rendered(page, '#/consumers?q=pager&page=2');
    assert.equal(await rows.count(), 2);
    assert.equal(await page.locator('[data-testid=pager-text]').textContent(), 'Page 2 of 2 · 27 consumers');
    // Newest first: page 2 holds the first two registered.
    const ids = await rows
      .locator('a[href^="#/consumers/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/').pop()));
    assert.deepEqual(ids, [seen.pagers[1], seen.pagers[0]]);
    await page.goBack();
    await rendered(page, '#/consumers?q=pager');
    assert.equal(await rows.count(), 25);
  });

  test('a consumer with three categories: lifetime value, gaps, ending within 30 days, policies', async () => {
    await go(page, '#/consumers/' + seen.ngozi);
    const want = Object.values(seen.premiums).reduce((a, b) => a + b, 0);
    const ltv = page.locator('[data-testid=lifetime-value]');
    assert.equal(nairaOf(await ltv.textContent()), want);
    assert.equal(await page.locator('.stat', { has: ltv }).locator('.stat-label').textContent(), 'Lifetime value');

    const api = await pageGet(page, '/dashboard/api/consumers/' + seen.ngozi);
    assert.equal(api.status, 200);
    assert.equal(api.json.lifetime_value_kobo, want * 100);
    const gaps = await page.locator('[data-testid=gaps] li').evaluateAll((ls) => ls.map((l) => l.dataset.category));
    assert.deepEqual([...gaps].sort(), [...api.json.gaps].sort());
    assert.deepEqual([...gaps].sort(), ['lending', 'logistics', 'marine', 'travel']);
    for (const a of await page.locator('[data-testid=gaps] li a').all()) {
      assert.match(await a.getAttribute('href'), new RegExp(`^#/buy\\?consumer=${seen.ngozi}(&product=[a-z0-9-]+)?$`));
    }

    const ending = page.locator('[data-testid=ending-soon] li');
    assert.equal(await ending.count(), 1);
    assert.equal(await ending.getAttribute('data-txref'), 'R-H1');
    assert.match(await ending.textContent(), /ends .* \(in (9|10) days\)/);
    const renew = await ending.locator('a', { hasText: 'Renew' }).getAttribute('href');
    assert.equal(renew, `#/buy?consumer=${seen.ngozi}&product=hlth-axam-1111`);

    const refs = await page.locator('[data-testid=consumer-policies] tbody tr td:first-child').allTextContents();
    assert.deepEqual([...refs].sort(), ['R-H1', 'R-L1', 'R-V1']);
    const cats = await page.locator('[data-testid=consumer-policies] tbody tr td:nth-child(4)').allTextContents();
    assert.deepEqual([...cats].sort(), ['Device', 'Health', 'Vehicle']);
    const profile = await page.locator('[data-testid=profile]').textContent();
    for (const text of [
      'ngozi.okafor@pages.example',
      '+2348091112233',
      '17 May 1988',
      'Female',
      '3 Allen Avenue, Ikeja',
      'Bank Verification Number (BVN) 22233344466',
      'TIN-77',
    ]) {
      assert.ok(profile.includes(text), `profile shows ${text}: ${profile}`);
    }
    const buy = await page.locator('[data-testid=buy-for-consumer]').getAttribute('href');
    assert.equal(buy, `#/buy?consumer=${seen.ngozi}`);
    await screenshot(page, 'page-consumer');
  });

  test('the policies page filters by status and by product', async () => {
    await page.click('#main-nav a[data-nav=policies]');
    await rendered(page, '#/policies');
    const rows = page.locator('#policies-table tbody tr');
    assert.equal(await rows.count(), 5);
    await screenshot(page, 'page-policies');

    await page.selectOption('#filter-status', 'd');
    await rendered(page, '#/policies?status=d');
    assert.equal(await rows.count(), 1);
    assert.deepEqual((await rows.first().locator('td').allTextContents()).slice(0, 1), ['R-D1']);
    assert.equal(await rows.first().locator('.pstatus').textContent(), 'Declined');

    await page.selectOption('#filter-status', 'p');
    await rendered(page, '#/policies?status=p');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().locator('td').first().textContent(), 'R-P1');
    assert.equal(await rows.first().locator('.pstatus').textContent(), 'Processing');

    await page.selectOption('#filter-status', '');
    await rendered(page, '#/policies');
    await page.selectOption('#filter-product', 'lapt-flx1-1111');
    await rendered(page, '#/policies?product=lapt-flx1-1111');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().locator('td').first().textContent(), 'R-L1');
    // The holder is named (decrypted by the server for this page), and links to the consumer.
    const holder = rows.first().locator('td').nth(3).locator('a');
    assert.equal(await holder.textContent(), 'Ngozi Okafor');
    assert.equal(await holder.getAttribute('href'), '#/consumers/' + seen.ngozi);

    await page.selectOption('#filter-status', 'a');
    await rendered(page, '#/policies?status=a&product=lapt-flx1-1111');
    assert.equal(await rows.count(), 1);
    await page.selectOption('#filter-status', 'd');
    await rendered(page, '#/policies?status=d&product=lapt-flx1-1111');
    assert.equal(await rows.count(), 0);
    assert.match(await page.locator('.empty').textContent(), /No policy matches these filters/);
  });

  test('the policy page shows its fields and a certificate link that answers a PDF', async () => {
    await go(page, '#/policies?product=hlth-axam-1111');
    await page.locator('#policies-table a', { hasText: 'R-H1' }).click();
    await rendered(page, '#/policies/hlth-axam-1111/R-H1');
    const facts = await page.locator('[data-testid=policy-facts]').textContent();
    for (const text of [seen.status.plcyNo, 'R-H1', 'hlth-axam-1111', 'Health', '3 months', seen.ngozi]) {
      assert.ok(facts.includes(text), `policy page shows ${text}: ${facts}`);
    }
    assert.equal(nairaOf(await page.locator('.facts dt:text-is("Premium") + dd').textContent()), seen.premiums['R-H1']);
    assert.match(await page.locator('[data-testid=policy-meaning]').textContent(), /In force until .*time to renew/);

    const cert = page.locator('[data-testid=certificate-link]');
    assert.equal(await cert.textContent(), 'Download certificate (PDF)');
    assert.equal(await cert.getAttribute('href'), seen.status.crtfctUrl);
    assert.notEqual(await cert.getAttribute('download'), null);
    const pdf = Buffer.from(await (await fetch(await cert.getAttribute('href'))).arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const verify = await page.locator('[data-testid=verify-link]').getAttribute('href');
    assert.equal(verify, `${server.base}/verify/${seen.status.plcyNo}`);
    assert.equal((await fetch(verify)).status, 200);
    await screenshot(page, 'page-policy');

    await page.click('[data-testid=policy-consumer]');
    await rendered(page, '#/consumers/' + seen.ngozi);

    await go(page, '#/policies/hlth-axam-1111/NOPE');
    assert.equal(await page.locator('[data-testid=not-found] h2').textContent(), 'No such policy');
  });

  test('the duplicates page groups two registrations with one phone and two emails', async () => {
    await page.click('#main-nav a[data-nav=duplicates]');
    await rendered(page, '#/duplicates');
    const groups = page.locator('[data-testid=duplicate-group]');
    assert.equal(await groups.count(), 1);
    const group = groups.first();
    const links = await group
      .locator('a[href^="#/consumers/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual([...links].sort(), [`#/consumers/${seen.emeka1}`, `#/consumers/${seen.emeka2}`].sort());
    const reasons = (await group.locator('.reason').allTextContents()).sort();
    assert.deepEqual(reasons, ['same name and date of birth', 'same phone']);
    const text = await group.textContent();
    assert.ok(text.includes('emeka@pages.example') && text.includes('emeka.obi@work.example'), text);
    assert.ok(!(await page.locator('#content').textContent()).includes('ada.else@pages.example'));
    assert.match(await page.locator('.intro').textContent(), /one consumer_id/);
    await screenshot(page, 'page-duplicates');
  });

  test('another partner\'s consumer id shows "No such consumer" and none of their data', async () => {
    await go(page, '#/consumers/' + seen.theirs);
    assert.equal(await page.locator('[data-testid=not-found] h2').textContent(), 'No such consumer');
    assert.equal(await page.title(), 'No such consumer · aims dashboard');
    const text = await page.locator('body').textContent();
    for (const secret of ['Zainab', 'Secretperson', 'secret.person@other.example', '+2348077770000']) {
      assert.ok(!text.includes(secret), `page shows ${secret}`);
    }
    await screenshot(page, 'page-no-such-consumer');
    // Their policy too, and their consumer is not found by search.
    await insure(server, seen.theirs, health('THEIRS-1'), 'a', other);
    await go(page, '#/policies/hlth-axam-1111/THEIRS-1');
    assert.equal(await page.locator('[data-testid=not-found] h2').textContent(), 'No such policy');
    await go(page, '#/consumers?q=zainab');
    assert.equal(await page.locator('#consumers-table').count(), 0);
  });

  test('an unknown route says "Page not found"', async () => {
    await go(page, '#/nowhere/at/all');
    assert.equal(await page.locator('#content h2').textContent(), 'Page not found');
    assert.equal(await page.locator('#main-nav a[aria-current]').count(), 0);
  });

  test('a session that ended goes back to the login view, then to the same page', async () => {
    await go(page, '#/');
    await page.context().clearCookies();
    await page.evaluate(() => {
      location.hash = '#/duplicates';
    });
    await page.locator('#login-form').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#shell-view').isVisible(), false);
    await logIn(page, server.email, server.password);
    await rendered(page, '#/duplicates');
    assert.equal(await page.locator('[data-testid=duplicate-group]').count(), 1);
  });
});
