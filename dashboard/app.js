// app.js - the dashboard's entry module: asks the server who is logged in, then shows
// the login view or the shell (partner name, TEST/LIVE badge, navigation, logout), and
// routes the location hash to a page module under pages/. Errors from the API are shown
// as the server words them, in an alert box next to what failed; a 401 anywhere (the
// session ended) goes back to the login view.
//
// Routing: every page module exports `async function render(main, params, ctx)`. It is
// loaded with import() when its route is first visited, so a module that fails to load
// breaks only its own route. Each visit gets a fresh, empty <main id="content">: a page
// still loading when the user moves on keeps writing into the old, detached element and
// never over the new page.
import { ApiError, login, logout, me } from './api.js';
import { el, errorBox, replace } from './ui.js';

const $ = (id) => document.getElementById(id);

/*
 * The routes: the hash path (after "#/", without the query) matched by pattern, the
 * capture groups named by names (URL-decoded), the module that renders it, the nav
 * entry marked as current, and the document title until the page sets a better one.
 */
const ROUTES = [
  { pattern: /^$/, names: [], module: './pages/overview.js', nav: 'overview', title: 'Overview' },
  { pattern: /^consumers$/, names: [], module: './pages/consumers.js', nav: 'consumers', title: 'Consumers' },
  {
    pattern: /^consumers\/([^/]+)$/,
    names: ['id'],
    module: './pages/consumer.js',
    nav: 'consumers',
    title: 'Consumer',
  },
  { pattern: /^policies$/, names: [], module: './pages/policies.js', nav: 'policies', title: 'Policies' },
  {
    pattern: /^policies\/([^/]+)\/(.+)$/,
    names: ['product', 'txref'],
    module: './pages/policy.js',
    nav: 'policies',
    title: 'Policy',
  },
  { pattern: /^duplicates$/, names: [], module: './pages/duplicates.js', nav: 'duplicates', title: 'Duplicates' },
  { pattern: /^buy$/, names: [], module: './pages/buy.js', nav: 'buy', title: 'Buy a policy' },
  { pattern: /^settings$/, names: [], module: './pages/settings.js', nav: 'settings', title: 'Settings' },
];

let who = null; // the /me identity while logged in, else null
let visit = 0; // counts navigations, so a slow page that lost the race stays quiet

function showError(box, err) {
  box.textContent = err instanceof ApiError || err instanceof Error ? err.message : String(err);
  box.hidden = false;
}

function hideError(box) {
  box.textContent = '';
  box.hidden = true;
}

/** Sets the document title to "text · aims dashboard". */
function setTitle(text) {
  document.title = text + ' · aims dashboard';
}

/** Swaps in a new, empty <main id="content"> and returns it. */
function freshMain() {
  const old = $('content');
  const main = old.cloneNode(false);
  main.removeAttribute('aria-busy');
  main.removeAttribute('data-rendered');
  old.replaceWith(main);
  return main;
}

function showLogin() {
  who = null;
  visit++;
  freshMain();
  $('loading').hidden = true;
  $('shell-view').hidden = true;
  $('login-view').hidden = false;
  document.title = 'Log in · aims dashboard';
  $('password').value = '';
  $('email').focus();
}

/** Puts the identity's partner name, email and TEST/LIVE badge in the top bar. */
function showIdentity(identity) {
  const live = identity.mode === 'live';
  $('partner-name').textContent = identity.partner_name;
  $('user-email').textContent = identity.email;
  const badge = $('mode-badge');
  badge.textContent = live ? 'LIVE' : 'TEST';
  badge.className = 'badge ' + (live ? 'live' : 'test');
  badge.title = live ? 'Live mode: real policies' : 'Test mode: specimen policies, approved at once';
}

function showShell(identity) {
  who = identity;
  $('loading').hidden = true;
  $('login-view').hidden = true;
  hideError($('login-error'));
  hideError($('shell-error'));
  showIdentity(identity);
  $('shell-view').hidden = false;
  route();
}

/** Re-reads /me and updates the top bar; resolves to the identity (null: logged out). */
async function refreshWho() {
  const identity = await me();
  if (!identity) {
    showLogin();
    return null;
  }
  who = identity;
  showIdentity(identity);
  return identity;
}

/** Goes to hash; renders again when it is the current one (a hashchange would not fire). */
function navigate(hash) {
  const before = location.hash;
  location.hash = hash;
  if (location.hash === before) route();
}

/** Splits "#/a/b?x=1" into its path "a/b" and its query arguments {x: '1'}. */
function parseHash(hash) {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const path = (q < 0 ? text : text.slice(0, q)).replace(/\/+$/, '');
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : text.slice(q + 1)));
  return { path, query };
}

/** The route of path with its params, or null. */
function match(path) {
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params = {};
    try {
      r.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]);
      });
    } catch (e) {
      return null; // a malformed %-escape names no page
    }
    return { route: r, params };
  }
  return null;
}

function markNav(key) {
  for (const a of document.querySelectorAll('#main-nav a')) {
    if (a.dataset.nav === key) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Renders the page the location hash names into a fresh main. */
async function route() {
  if (!who) return;
  const seq = ++visit;
  const hash = location.hash;
  const { path, query } = parseHash(hash);
  const found = match(path);
  const main = freshMain();
  window.scrollTo(0, 0);
  markNav(found ? found.route.nav : null);
  if (!found) {
    setTitle('Page not found');
    replace(
      main,
      el('h2', {}, 'Page not found'),
      el('p', { class: 'muted' }, 'There is no page at this address.'),
      el('p', {}, el('a', { href: '#/' }, 'Go to the overview')),
    );
    main.dataset.rendered = hash;
    return;
  }
  const { route: r, params } = found;
  setTitle(r.title);
  main.setAttribute('aria-busy', 'true');
  const ctx = {
    get who() {
      return who;
    },
    navigate,
    refreshWho,
    setTitle,
  };
  let mod;
  try {
    mod = await import(r.module);
  } catch (e) {
    if (seq !== visit) return;
    main.removeAttribute('aria-busy');
    replace(main, el('h2', {}, r.title), errorBox(`This page could not be loaded: ${e.message}`));
    main.dataset.rendered = hash;
    return;
  }
  if (seq !== visit) return;
  try {
    await mod.render(main, { ...query, ...params }, ctx);
  } catch (e) {
    if (seq !== visit) return;
    if (e instanceof ApiError && e.status === 401) {
      showLogin();
      return;
    }
    replace(main, el('h2', {}, r.title), errorBox(e));
  } finally {
    main.removeAttribute('aria-busy');
    // Which hash this main shows, once its page has finished (tests wait for it).
    main.dataset.rendered = hash;
  }
}

async function onLogin(ev) {
  ev.preventDefault();
  const err = $('login-error');
  const button = $('login-button');
  const email = $('email').value.trim();
  const password = $('password').value;
  hideError(err);
  if (!email || !password) {
    showError(err, 'Enter your email and password.');
    return;
  }
  button.disabled = true;
  try {
    showShell(await login(email, password));
  } catch (e) {
    showError(err, e);
  } finally {
    button.disabled = false;
  }
}

async function onLogout() {
  const button = $('logout-button');
  button.disabled = true;
  try {
    await logout();
    showLogin();
  } catch (e) {
    // A session that ended meanwhile is as good as logged out.
    if (e instanceof ApiError && e.status === 401) showLogin();
    else showError($('shell-error'), e);
  } finally {
    button.disabled = false;
  }
}

async function start() {
  $('login-form').addEventListener('submit', onLogin);
  $('logout-button').addEventListener('click', onLogout);
  window.addEventListener('hashchange', route);
  // A page's own handler that lets a 401 escape still ends at the login view.
  window.addEventListener('unhandledrejection', (ev) => {
    if (who && ev.reason instanceof ApiError && ev.reason.status === 401) showLogin();
  });
  try {
    const identity = await me();
    if (identity) showShell(identity);
    else showLogin();
  } catch (e) {
    showLogin();
    showError($('login-error'), e);
  }
}

start();
