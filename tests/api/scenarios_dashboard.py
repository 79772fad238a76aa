"""scenarios_dashboard — the partner dashboard's users and sessions (/dashboard/api/).

Users come from `aimsctl user add PARTNER_ID EMAIL` (a one-time password). Login sets
the aims_session cookie (HttpOnly, SameSite=Strict, Path=/dashboard; Secure behind an
https public URL); /me answers who is logged in and for which partner; logout clears
the cookie; every state change needs X-CSRF-Token and a same-site Origin; a session ends
12 hours after login or after 30 minutes without a request; 5 failed
logins in a row lock the user for 5 minutes; the database keeps only a hash of the
session token. Registered into scenarios.ALL when imported.
"""

import hashlib
import json
import os
import re
import subprocess
import time

import harness
from scenarios import Failure, scenario, sqlite

COOKIE_RE = re.compile(r"^aims_session=([A-Za-z0-9_-]{43}); Path=/dashboard; HttpOnly; SameSite=Strict$")
WRONG = {"error": "Email or password is wrong"}


def add_user(ctl, partner_id, email):
    """aimsctl user add; returns the one-time password (checked: 16+ characters)."""
    out = ctl.run("user", "add", partner_id, email)
    pw = out.get("PASSWORD", "")
    if len(pw) < 16 or out.get("EMAIL") != email.lower():
        raise Failure("aimsctl user add printed %r, want EMAIL=%s and PASSWORD= of 16+ characters" % (out, email))
    return pw


def dash(port, method, path, body=None, cookie=None, csrf=None, origin=None):
    """One request to /dashboard/api/PATH; returns (status, json body or None, headers)."""
    headers = {}
    if cookie:
        headers["Cookie"] = "aims_session=" + cookie
    if csrf is not None:
        headers["X-CSRF-Token"] = csrf
    if origin is not None:
        headers["Origin"] = origin
    data = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    r = harness.request(port, method, "/dashboard/api/" + path, data, headers)
    parsed = None
    if r.body:
        if not r.content_type.startswith("application/json"):
            raise Failure("%s %s: Content-Type %r, want application/json" % (method, path, r.content_type))
        parsed = json.loads(r.body)
    return r.status, parsed, r.headers


def want(got, status, body, what):
    if got[0] != status or (body is not None and got[1] != body):
        raise Failure("%s\nexpected: %d %s\nactual:   %d %s" % (what, status, json.dumps(body), got[0],
                                                              json.dumps(got[1])))
    return got


def login(port, email, password, **kw):
    """A login that must succeed; returns (cookie value, body)."""
    status, body, headers = want(dash(port, "POST", "login", {"email": email, "password": password}, **kw),
                                 200, None, "login of %s" % email)
    m = COOKIE_RE.match(headers.get("set-cookie", ""))
    if not m:
        raise Failure("login Set-Cookie is %r, want %s" % (headers.get("set-cookie"), COOKIE_RE.pattern))
    return m.group(1), body


@scenario("dashboard-login", "dashboard: user add prints a password; login sets the cookie; me with and without it")
def dashboard_login(ctx):
    port, a = ctx.server.port, ctx.vars["A_PARTNER"]
    pw = add_user(ctx.ctl, a, "Ada.Login@Dash.example")
    cookie, body = login(port, "ada.login@dash.example", pw)
    expected = {"email": "ada.login@dash.example", "partner_id": a, "partner_name": "A", "mode": "test",
                "csrf": body.get("csrf")}
    if body != expected or not re.fullmatch(r"[A-Za-z0-9_-]{43}", body.get("csrf") or ""):
        raise Failure("login body %s, want %s with a 43-character csrf" % (json.dumps(body), json.dumps(expected)))
    want(dash(port, "GET", "me", cookie=cookie), 200, expected, "me with the cookie")
    want(dash(port, "GET", "me"), 401, {"error": "Not logged in"}, "me without a cookie")
    want(dash(port, "GET", "me", cookie="x" * 43), 401, {"error": "Not logged in"}, "me with a made-up cookie")
    # The email is found whatever its case; the first login with the one-time password works.
    login(port, "  ADA.LOGIN@dash.EXAMPLE ", pw)
    want(dash(port, "GET", "nothing"), 404, {"error": "Not found"}, "unknown route")
    want(dash(port, "GET", "login"), 405, {"error": "Method not allowed"}, "GET login")


@scenario("dashboard-wrong-login", "dashboard: wrong password and unknown email answer the same 401; bad bodies 400")
def dashboard_wrong_login(ctx):
    port = ctx.server.port
    pw = add_user(ctx.ctl, ctx.vars["A_PARTNER"], "bob.wrong@dash.example")
    want(dash(port, "POST", "login", {"email": "bob.wrong@dash.example", "password": pw + "x"}), 401, WRONG,
         "wrong password")
    want(dash(port, "POST", "login", {"email": "nobody@dash.example", "password": pw}), 401, WRONG,
         "unknown email")
    want(dash(port, "POST", "login", {"email": "not an email", "password": pw}), 401, WRONG, "malformed email")
    want(dash(port, "POST", "login", {"password": pw}), 400, {"error": "email is required"}, "no email")
    want(dash(port, "POST", "login", {"email": "bob.wrong@dash.example"}), 400, {"error": "password is required"},
         "no password")
    want(dash(port, "POST", "login", {"email": 5, "password": pw}), 400, {"error": "email must be a string"},
         "email not a string")
    status, body, _ = dash(port, "POST", "login", b"{not json")
    if status != 400 or not body["error"].startswith("Request body is not valid JSON"):
        raise Failure("bad JSON: %d %s" % (status, body))
    want(dash(port, "POST", "login", [1]), 400, None, "a JSON array")


@scenario("dashboard-lockout", "dashboard: 5 failed logins in a row lock the user (429) even with the right password")
def dashboard_lockout(ctx):
    port, a = ctx.server.port, ctx.vars["A_PARTNER"]
    pw = add_user(ctx.ctl, a, "carol.lock@dash.example")
    bad = {"email": "carol.lock@dash.example", "password": "wrong-password"}
    for i in range(5):
        want(dash(port, "POST", "login", bad), 401, WRONG, "failed login %d" % (i + 1))
    locked = {"error": "Too many failed logins; try again in 5 minutes"}
    want(dash(port, "POST", "login", {"email": "carol.lock@dash.example", "password": pw}), 429, locked,
         "the right password while locked")
    want(dash(port, "POST", "login", bad), 429, locked, "a wrong password while locked")
    # A success resets the count: 4 failures, a success, 4 failures, and the user still logs in.
    pw2 = add_user(ctx.ctl, a, "dan.reset@dash.example")
    bad2 = {"email": "dan.reset@dash.example", "password": "nope"}
    for _round in range(2):
        for i in range(4):
            want(dash(port, "POST", "login", bad2), 401, WRONG, "failure %d of 4" % (i + 1))
        login(port, "dan.reset@dash.example", pw2)
    # The lock ends: move it into the past and the right password works again.
    sqlite(ctx.db, "update users set locked_until = 1 where email = 'carol.lock@dash.example'")
    login(port, "carol.lock@dash.example", pw)


@scenario("dashboard-csrf-logout", "dashboard: POSTs need X-CSRF-Token and a same-site Origin; logout clears the session")
def dashboard_csrf_logout(ctx):
    port = ctx.server.port
    pw = add_user(ctx.ctl, ctx.vars["A_PARTNER"], "erin.csrf@dash.example")
    cookie, body = login(port, "erin.csrf@dash.example", pw)
    csrf = body["csrf"]
    forbidden = {"error": "CSRF token missing or wrong"}
    want(dash(port, "POST", "logout", cookie=cookie), 403, forbidden, "logout without X-CSRF-Token")
    want(dash(port, "POST", "logout", cookie=cookie, csrf=csrf[:-1] + ("A" if csrf[-1] != "A" else "B")), 403,
         forbidden, "logout with a wrong X-CSRF-Token")
    want(dash(port, "POST", "logout", cookie=cookie, csrf=""), 403, forbidden, "logout with an empty token")
    want(dash(port, "POST", "logout", cookie=cookie, csrf=csrf, origin="https://evil.example"), 403,
         {"error": "Cross-site request refused"}, "logout from another site")
    want(dash(port, "POST", "login", {"email": "erin.csrf@dash.example", "password": pw},
              origin="https://evil.example"), 403, {"error": "Cross-site request refused"}, "login from another site")
    want(dash(port, "POST", "logout", csrf=csrf), 401, {"error": "Not logged in"}, "logout without a cookie")
    want(dash(port, "GET", "me", cookie=cookie), 200, None, "the session survived the refused requests")
    status, body, headers = want(dash(port, "POST", "logout", cookie=cookie, csrf=csrf,
                                      origin="http://127.0.0.1:%d" % port), 204, None, "logout")
    clear = "aims_session=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0"
    if headers.get("set-cookie") != clear or body is not None:
        raise Failure("logout Set-Cookie %r body %r, want %r and no body" % (headers.get("set-cookie"), body, clear))
    want(dash(port, "GET", "me", cookie=cookie), 401, {"error": "Not logged in"}, "me after logout")


@scenario("dashboard-partners", "dashboard: each user's session carries their own partner")
def dashboard_partners(ctx):
    port, a, b = ctx.server.port, ctx.vars["A_PARTNER"], ctx.vars["B_PARTNER"]
    pw_a = add_user(ctx.ctl, a, "fay.a@dash.example")
    pw_b = add_user(ctx.ctl, b, "gus.b@dash.example")
    cookie_a, _ = login(port, "fay.a@dash.example", pw_a)
    cookie_b, _ = login(port, "gus.b@dash.example", pw_b)
    me_a = want(dash(port, "GET", "me", cookie=cookie_a), 200, None, "me of A's user")[1]
    me_b = want(dash(port, "GET", "me", cookie=cookie_b), 200, None, "me of B's user")[1]
    if (me_a["partner_id"], me_a["partner_name"]) != (a, "A") or (me_b["partner_id"], me_b["partner_name"]) != (b, "B"):
        raise Failure("me of A's user %s, of B's user %s" % (me_a, me_b))
    # One email is one login: B cannot be given A's user.
    p = subprocess.run([ctx.args.aimsctl, "--db", "sqlite:" + ctx.db, "user", "add", b,
                                "FAY.A@dash.example"], capture_output=True, text=True, timeout=30)
    if p.returncode != 1 or "already exists" not in p.stderr:
        raise Failure("adding an existing email to B: exit %d %s" % (p.returncode, p.stderr))
    # Removing a user ends their sessions at once.
    ctx.ctl.run("user", "remove", "gus.b@dash.example")
    want(dash(port, "GET", "me", cookie=cookie_b), 401, {"error": "Not logged in"}, "me after user remove")


@scenario("dashboard-token-hashed", "dashboard: the database keeps only a hash of the session token; sessions expire")
def dashboard_token_hashed(ctx):
    port = ctx.server.port
    pw = add_user(ctx.ctl, ctx.vars["A_PARTNER"], "hal.hash@dash.example")
    cookie, _ = login(port, "hal.hash@dash.example", pw)
    for path in (ctx.db, ctx.db + "-wal"):
        if os.path.exists(path):
            with open(path, "rb") as f:
                if cookie.encode() in f.read():
                    raise Failure("the session cookie value is stored in %s" % path)
    digest = hashlib.blake2b(cookie.encode(), digest_size=32).hexdigest().upper()
    rows = sqlite(ctx.db, "select count(*) from sessions where hex(token_hash) = '%s'" % digest).strip()
    if rows != b"1":
        raise Failure("no sessions row holds the BLAKE2b hash of the cookie (%s)" % rows)
    hashes = sqlite(ctx.db, "select password_hash from users where email = 'hal.hash@dash.example'").strip()
    if not hashes.startswith(b"$argon2id$") or pw.encode() in hashes:
        raise Failure("password_hash is %r, want an Argon2id string" % hashes)
    want(dash(port, "GET", "me", cookie=cookie), 200, None, "me before expiry")
    sqlite(ctx.db, "update sessions set expires_at = created_at - 1 where hex(token_hash) = '%s'" % digest)
    want(dash(port, "GET", "me", cookie=cookie), 401, {"error": "Not logged in"}, "me after the session expired")


@scenario("dashboard-https-cookie", "dashboard: behind an https public URL the cookie is Secure and Origin is that URL's")
def dashboard_https_cookie(ctx):
    server, ctl = ctx.new_server("dash-https", ["--public-url", "https://dash.example/aims"])
    p = ctl.partner_create("Secure Lender")
    pw = add_user(ctl, p["PARTNER_ID"], "ivy.secure@dash.example")
    server.start()
    creds = {"email": "ivy.secure@dash.example", "password": pw}
    want(dash(server.port, "POST", "login", creds, origin="http://127.0.0.1:%d" % server.port), 403,
         {"error": "Cross-site request refused"}, "login from the listen address, not the public URL")
    status, body, headers = want(dash(server.port, "POST", "login", creds, origin="https://dash.example"), 200,
                                 None, "login from the public origin")
    cookie = headers.get("set-cookie", "")
    if not re.fullmatch(r"aims_session=[A-Za-z0-9_-]{43}; Path=/dashboard; HttpOnly; SameSite=Strict; Secure",
                        cookie):
        raise Failure("Set-Cookie behind https is %r, want ...; Secure" % cookie)


@scenario("dashboard-idle", "dashboard: a session unused for 30 minutes ends; each request (once a minute) keeps it alive")
def dashboard_idle(ctx):
    port = ctx.server.port
    pw = add_user(ctx.ctl, ctx.vars["A_PARTNER"], "ida.idle@dash.example")
    cookie, _ = login(port, "ida.idle@dash.example", pw)
    where = "hex(token_hash) = '%s'" % hashlib.blake2b(cookie.encode(), digest_size=32).hexdigest().upper()
    # Last used 20 minutes ago: still alive, and this request moves last_seen to now.
    now = int(time.time())
    sqlite(ctx.db, "update sessions set last_seen = %d where %s" % (now - 20 * 60, where))
    want(dash(port, "GET", "me", cookie=cookie), 200, None, "me after 20 idle minutes")
    seen = 0
    for _ in range(100):  # the write is queued, not waited for by the answer
        seen = int(sqlite(ctx.db, "select last_seen from sessions where %s" % where).strip())
        if seen >= now:
            break
        time.sleep(0.05)
    if seen < now:
        raise Failure("last_seen stayed %d after a request at %d" % (seen, now))
    # Last used 31 minutes ago: ended, like an expired session.
    sqlite(ctx.db, "update sessions set last_seen = %d where %s" % (int(time.time()) - 31 * 60, where))
    want(dash(port, "GET", "me", cookie=cookie), 401, {"error": "Not logged in"}, "me after 31 idle minutes")
