// app.js - the dashboard's entry module: asks the server who is logged in, then shows
// the login view or the shell (partner name, TEST/LIVE badge, logout). Errors from the
// API are shown as the server words them, in an alert box next to what failed.
import { ApiError, login, logout, me } from './api.js';

const $ = (id) => document.getElementById(id);

function showError(el, err) {
  el.textContent = err instanceof ApiError || err instanceof Error ? err.message : String(err);
  el.hidden = false;
}

function hideError(el) {
  el.textContent = '';
  el.hidden = true;
}

function showLogin() {
  $('loading').hidden = true;
  $('shell-view').hidden = true;
  $('login-view').hidden = false;
  document.title = 'Log in · aims dashboard';
  $('password').value = '';
  $('email').focus();
}

function showShell(who) {
  const live = who.mode === 'live';
  $('loading').hidden = true;
  $('login-view').hidden = true;
  hideError($('login-error'));
  hideError($('shell-error'));
  $('partner-name').textContent = who.partner_name;
  $('user-email').textContent = who.email;
  const badge = $('mode-badge');
  badge.textContent = live ? 'LIVE' : 'TEST';
  badge.className = 'badge ' + (live ? 'live' : 'test');
  badge.title = live ? 'Live mode: real policies' : 'Test mode: specimen policies, approved at once';
  $('shell-view').hidden = false;
  document.title = who.partner_name + ' · aims dashboard';
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
  try {
    const who = await me();
    if (who) showShell(who);
    else showLogin();
  } catch (e) {
    showLogin();
    showError($('login-error'), e);
  }
}

start();
