// dashboard.test.mjs - the partner dashboard in a real browser: aimsd serves
// /dashboard/ (files, content types, CSP, no way out of the folder), and Chromium logs
// in and out through the page, sees the wrong-password error, the partner name and the
// TEST badge, and a forged or missing CSRF token on logout is refused with 403.
// Screenshots of each page go to build/screenshots/. Run: node --test tests/browser/
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { launchChromium, screenshot, startServer } from './harness.mjs';

const PARTNER = 'Lagos Lending Ltd';

/** A GET with the path sent exactly as given (no URL normalisation). */
function rawGet(base, rawPath) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** fetch() run inside the page, so the browser sends the session cookie and Origin. */
function pageFetch(page, path, method, headers) {
  return page.evaluate(
    async ([p, m, h]) => {
      const r = await fetch(p, { method: m, headers: h, credentials: 'same-origin' });
      return { status: r.status, body: await r.text() };
    },
    [path, method, headers],
  );
}

describe('dashboard in Chromium', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await startServer(PARTNER);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  test('static files: types, CSP, index, 404 and no way out of the folder', async () => {
    const want = {
      '/dashboard/': 'text/html; charset=utf-8',
      '/dashboard/index.html': 'text/html; charset=utf-8',
      '/dashboard/app.js': 'text/javascript; charset=utf-8',
      '/dashboard/api.js': 'text/javascript; charset=utf-8',
      '/dashboard/style.css': 'text/css; charset=utf-8',
      '/dashboard/logo.svg': 'image/svg+xml',
    };
    for (const [p, type] of Object.entries(want)) {
      const r = await rawGet(server.base, p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers['content-type'], type, p);
      assert.equal(r.headers['content-security-policy'], "default-src 'self'", p);
    }
    const redirect = await rawGet(server.base, '/dashboard');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, '/dashboard/');
    for (const p of [
      '/dashboard/missing.html',
      '/dashboard/../Makefile',
      '/dashboard/..%2fMakefile',
      '/dashboard/%2e%2e/README.md',
      '/dashboard/../src/server/static.c',
      '/dashboard/.hidden.js',
      '/dashboard//index.html',
      '/dashboard/index.html/',
      '/dashboard/README.md',
      '/dashboard/%2fetc%2fpasswd.html',
    ]) {
      const r = await rawGet(server.base, p);
      assert.equal(r.status, 404, `${p} answered ${r.status}`);
    }
  });

  test('the login page loads', async () => {
    const res = await page.goto(server.base + '/dashboard/');
    assert.equal(res.status(), 200);
    await page.locator('#login-form').waitFor({ state: 'visible' });
    assert.equal(await page.title(), 'Log in · aims dashboard');
    assert.equal(await page.locator('#shell-view').isVisible(), false);
    await screenshot(page, 'login');
  });

  test('a wrong password shows the error', async () => {
    await page.fill('#email', server.email);
    await page.fill('#password', 'not-the-password');
    await page.click('#login-button');
    const err = page.locator('#login-error');
    await err.waitFor({ state: 'visible' });
    assert.equal(await err.textContent(), 'Email or password is wrong');
    assert.equal(await page.locator('#shell-view').isVisible(), false);
    await screenshot(page, 'login-wrong-password');
  });

  test('the right password shows the partner name and the TEST badge', async () => {
    await page.fill('#email', server.email);
    await page.fill('#password', server.password);
    await page.click('#login-button');
    await page.locator('#shell-view').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#partner-name').textContent(), PARTNER);
    assert.equal(await page.locator('#mode-badge').textContent(), 'TEST');
    assert.equal(await page.locator('#user-email').textContent(), server.email);
    assert.equal(await page.locator('#login-error').isVisible(), false);
    await screenshot(page, 'shell');
    // A reload keeps the session: the page asks /me.
    await page.reload();
    await page.locator('#shell-view').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#partner-name').textContent(), PARTNER);
  });

  test('logout with a forged or missing CSRF token is refused with 403', async () => {
    const forged = await pageFetch(page, '/dashboard/api/logout', 'POST', { 'X-CSRF-Token': 'A'.repeat(43) });
    assert.equal(forged.status, 403, forged.body);
    assert.ok(JSON.parse(forged.body).error, forged.body);
    const missing = await pageFetch(page, '/dashboard/api/logout', 'POST', {});
    assert.equal(missing.status, 403, missing.body);
    assert.ok(JSON.parse(missing.body).error, missing.body);
    const me = await pageFetch(page, '/dashboard/api/me', 'GET', {});
    assert.equal(me.status, 200, 'the session survives refused logouts');
  });

  test('logout returns to the login page', async () => {
    await page.click('#logout-button');
    await page.locator('#login-form').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#shell-view').isVisible(), false);
    const me = await pageFetch(page, '/dashboard/api/me', 'GET', {});
    assert.equal(me.status, 401);
    await screenshot(page, 'logged-out');
    await page.reload();
    await page.locator('#login-form').waitFor({ state: 'visible' });
  });
});
