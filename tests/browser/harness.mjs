// harness.mjs - what the browser tests share: a real build/aimsd on a free loopback port
// with a fresh database (a partner and a dashboard user made by build/aimsctl), and
// Debian's Chromium (/usr/bin/chromium) driven headless by playwright-core. Chromium is
// required: when it is missing, launchChromium throws and the suite fails.
//
// Environment: AIMSD, AIMSCTL (default build/aimsd, build/aimsctl), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOTS (default build/screenshots). Run from the repo root.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const AIMSD = process.env.AIMSD || 'build/aimsd';
export const AIMSCTL = process.env.AIMSCTL || 'build/aimsctl';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = process.env.SCREENSHOTS || 'build/screenshots';

// The flags known to work here: no GPU, no QUIC, and no background connections, which a
// closed network refuses. Playwright adds --headless and its own new empty profile
// (--user-data-dir in a fresh temporary folder), which it does not let args override.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Parses aimsctl's NAME=value lines into an object. */
function assignments(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
  }
  return out;
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts aimsd on a fresh database in a temporary folder with one TEST partner named
 * partnerName and one dashboard user. Resolves to {base, email, password, partnerId,
 * authId, authKey (the partner's AIMS API key), db, ctl(...args) (runs build/aimsctl on
 * that database, answers its NAME=value lines), log(), stop()}; stop() ends the server
 * and removes the folder.
 */
export async function startServer(partnerName) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aims-browser-'));
  const db = 'sqlite:' + path.join(dir, 'aims.db');
  const ctl = (...args) => assignments(execFileSync(AIMSCTL, ['--db', db, ...args], { encoding: 'utf8' }));
  const partner = ctl('partner', 'create', '--name', partnerName);
  const email = 'ops@browser.example';
  const user = ctl('user', 'add', partner.PARTNER_ID, email);
  if (!partner.PARTNER_ID || !user.PASSWORD) throw new Error('aimsctl printed no PARTNER_ID or PASSWORD');

  const logPath = path.join(dir, 'aimsd.log');
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const log = fs.openSync(logPath, 'a');
    const proc = spawn(AIMSD, ['--listen', `127.0.0.1:${port}`, '--db', db, '--dashboard-dir', 'dashboard'], {
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    let exited = false;
    proc.on('exit', () => {
      exited = true;
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300 && !exited; i++) {
      try {
        const r = await fetch(base + '/healthz');
        if (r.status === 200) {
          return {
            base,
            email,
            password: user.PASSWORD,
            partnerId: partner.PARTNER_ID,
            authId: partner.AUTH_ID,
            authKey: partner.AUTH_KEY,
            db,
            ctl,
            log: () => fs.readFileSync(logPath, 'utf8'),
            async stop() {
              if (!exited) {
                const done = new Promise((r2) => proc.once('exit', r2));
                proc.kill('SIGTERM');
                await Promise.race([done, sleep(5000)]);
                if (!exited) proc.kill('SIGKILL');
              }
              fs.rmSync(dir, { recursive: true, force: true });
            },
          };
        }
      } catch (e) {
        // not listening yet
      }
      await sleep(50);
    }
    if (!exited) {
      proc.kill('SIGKILL');
      break; // running but not healthy: another port will not help
    }
  }
  const log = fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8') : '';
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error('aimsd did not become healthy\n' + log);
}

/** Launches Debian's Chromium headless; throws (failing the suite) when it is missing. */
export async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/install-deps)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60000 });
}

/** Writes a full-page screenshot of page to SCREENSHOTS/name.png; returns the path. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Sends one AIMS command (POST /) and resolves to the answer's JSON, e.g.
 * aims(server, 'prfl entity', {...}) for SR05. It speaks as server's partner, or as
 * creds ({partnerId, authId, authKey}, e.g. another partner made with server.ctl).
 */
export async function aims(server, command, seed, creds = server) {
  const body = {
    userInfo: { id: creds.partnerId, athrzt: { id: creds.authId, key: creds.authKey } },
    cmmnd: seed === undefined ? { cmmnd: command } : { cmmnd: command, seed },
  };
  const r = await fetch(server.base + '/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return r.json();
}

/**
 * Runs SQL on server's database with the sqlite3 program (waiting up to 5 s for aimsd's
 * lock) and answers its output, e.g. to move a policy's cover end into the next 30 days.
 */
export function sql(server, text) {
  const file = server.db.replace(/^sqlite:/, '');
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', file, text], { encoding: 'utf8' });
}
