// api.js - the dashboard's one door to the JSON API under /dashboard/api/. Every call
// goes through api(): it sends JSON, adds the session's X-CSRF-Token to every change
// (POST, PUT, PATCH, DELETE), and turns a failure into an ApiError whose message is the
// server's {"error": ...} text, so pages can show it as it is.

const BASE = '/dashboard/api/';
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken = null;

/** An answer that was not 2xx: status is the HTTP status, message the server's text. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** Remembers the CSRF token of the session (from login or me); null forgets it. */
export function setCsrf(token) {
  csrfToken = token || null;
}

/**
 * Calls METHOD /dashboard/api/PATH with an optional JSON body. Resolves to the parsed
 * JSON body (null for an empty answer such as 204); rejects with ApiError.
 */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (CHANGES.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!res.ok) {
    const msg = data && typeof data.error === 'string' ? data.error : `Request failed (HTTP ${res.status})`;
    throw new ApiError(res.status, msg);
  }
  return data;
}

/** POST login; resolves to the session ({email, partner_id, partner_name, mode, csrf}). */
export async function login(email, password) {
  const me = await api('POST', 'login', { email, password });
  setCsrf(me.csrf);
  return me;
}

/** GET me; resolves to the session, or null when not logged in (401). */
export async function me() {
  try {
    const who = await api('GET', 'me');
    setCsrf(who.csrf);
    return who;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** POST logout with the CSRF token; the token is forgotten afterwards. */
export async function logout() {
  await api('POST', 'logout');
  setCsrf(null);
}
