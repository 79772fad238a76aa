"""scenarios_dashboard_writes — what the dashboard changes (/dashboard/api/ products, quote,
insure, mode, keys).

Quote and buy run SR10 and SR15 as the session's partner, so every answer is compared
with the AIMS API's answer to the same seed: the same premium, the same error text with
the HTTP status of its id_v4, nothing stored on a refusal, the same retry and conflict
rules. The switch to LIVE needs the partner's name typed exactly; API keys are listed,
created (the key shown once, working at once) and revoked (refused at once), only for
the session's own partner. `make run` (scripts/run) leaves a partner and a dashboard user
that both work. Registered into scenarios.ALL when imported.
"""

import os
import re
import signal
import subprocess
import tempfile
import time

import harness
from scenarios import OK, Failure, call, expect, scenario, sqlite, userinfo
from scenarios_dashboard import add_user, dash, login, want
from scenarios_dashboard_reads import get, person, session

HEALTH_FACTS = {"RsdncState": "Lagos", "RsdncLga": "Ikeja", "hospital": "LASUTH"}


def post(port, cookie, csrf, path, body=None):
    return dash(port, "POST", path, {} if body is None else body, cookie=cookie, csrf=csrf)


def me(port, cookie):
    return want(dash(port, "GET", "me", cookie=cookie), 200, None, "me")[1]


def own_partner(ctx, name, email):
    """A new partner of its own (these scenarios change its mode and keys) with a logged-in
    user; returns (aimsctl's PARTNER_ID/AUTH_ID/AUTH_KEY, cookie, csrf)."""
    p = ctx.ctl.run("partner", "create", "--name", name)
    cookie, who = login(ctx.server.port, email, add_user(ctx.ctl, p["PARTNER_ID"], email))
    return p, cookie, who["csrf"]


def policy_count(db, cid):
    return int(sqlite(db, "select count(*) from policies where consumer_id = '%s'" % cid).strip())


@scenario("dashboard-products-quote", "dashboard: products for the form; a quote equals SR10's, errors are SR10's")
def dashboard_products_quote(ctx):
    port, who = ctx.server.port, ctx.userinfo("A")
    cookie = session(ctx, "A", "writes.quote@dash.example")
    csrf = me(port, cookie)["csrf"]
    _, body, _ = want(get(port, cookie, "products"), 200, None, "products")
    codes = [p["code"] for p in body["products"]]
    if len(codes) != 15 or "hlth-axam-1111" not in codes:
        raise Failure("products %s, want the 15 of the catalog" % codes)
    health = body["products"][codes.index("hlth-axam-1111")]
    if health["category"] != "health" or health["quote"][0] != \
            {"name": "insrncDrtn", "type": "period", "required": True, "choices": ["1m", "3m", "6m", "1y"]} or \
            [f["name"] for f in health["facts"]] != ["RsdncState", "RsdncLga", "hospital"] or \
            health["consumer"] != ["dob.date"]:
        raise Failure("health product for the form: %s" % health)
    travel = [p for p in body["products"] if p["category"] == "travel"][0]
    dest = [f for f in travel["quote"] if f["type"] == "string"][0]
    if "suggestions" not in dest or len(dest["suggestions"]) < 10 or \
            len(set(dest["suggestions"])) != len(dest["suggestions"]):
        raise Failure("travel destination's country suggestions missing or repeated: %s" % dest)
    gtr = body["products"][codes.index("gtrn-stnd-1111")]
    if not any(f.get("same_as_quote") for f in gtr["facts"]):
        raise Failure("goods in transit facts say nothing of the quote fields they repeat: %s" % gtr["facts"])
    # The same premium as SR10, in kobo, for a code and for an alias-free seed.
    for seed in ({"insrncDrtn": "3m"}, {"insrncDrtn": "1y"}):
        api = call(port, who, "dump ipck_hlth-axam-1111*PRMM", seed)
        _, q, _ = want(post(port, cookie, csrf, "quote", {"product": "hlth-axam-1111", "fields": seed}), 200, None,
                       "quote %s" % seed)
        if q != {"product": "hlth-axam-1111", "premium_kobo": api["prmm"] * 100}:
            raise Failure("dashboard quote %s, SR10 says prmm %s" % (q, api["prmm"]))
    # Errors: SR10's text with its id_v4 as the HTTP status.
    for seed in ({}, {"insrncDrtn": "5y"}, {"insrncDrtn": 3}):
        api = call(port, who, "dump ipck_hlth-axam-1111*PRMM", seed)
        fb = api["exctnFdbck"]
        want(post(port, cookie, csrf, "quote", {"product": "hlth-axam-1111", "fields": seed}), fb["id_v4"],
             {"error": fb["elbrtn"]}, "quote error for %s" % seed)
    want(post(port, cookie, csrf, "quote", {"product": "nope-nope-0000", "fields": {}}), 400,
         {"error": "Product specified not supported"}, "unknown product")
    want(post(port, cookie, csrf, "quote", {"fields": {}}), 400, {"error": "product is required"}, "no product")
    want(post(port, cookie, csrf, "quote", {"product": "hlth-axam-1111", "fields": [1]}), 400,
         {"error": "fields must be an object"}, "fields not an object")
    want(post(port, cookie, csrf, "quote", b"{nope"), 400, None, "not JSON")
    want(post(port, cookie, None, "quote", {"product": "hlth-axam-1111"}), 403,
         {"error": "CSRF token missing or wrong"}, "quote without the CSRF token")
    want(dash(port, "POST", "quote", {"product": "hlth-axam-1111"}), 401, {"error": "Not logged in"},
         "quote without a session")


@scenario("dashboard-insure", "dashboard: buy runs SR15 as the partner: same errors, nothing stored, retry, 409, isolation")
def dashboard_insure(ctx):
    port, who, db = ctx.server.port, ctx.userinfo("A"), ctx.db
    cookie = session(ctx, "A", "writes.insure@dash.example")
    csrf = me(port, cookie)["csrf"]
    cid = call(port, who, "prfl entity", person("kemi.buys@writes.example", first="Kemi", last="Adebayo"))["id"]
    # A missing fact: the text SR15 gives for the same seed, and nothing stored.
    facts = dict(HEALTH_FACTS)
    del facts["hospital"]
    seed = {"ctgry": "hlth", "type": "axam", "pckg": "1111", "id": "W-API-1", "insrncDrtn": "3m",
            "addtnlFact": facts}
    fb = call(port, who, "entt_%s: insure" % cid, seed)["exctnFdbck"]
    if fb["id"] != 55:
        raise Failure("SR15 without hospital answered %s" % fb)
    body = {"consumer_id": cid, "product": "hlth-axam-1111", "reference": "W-1", "fields": {"insrncDrtn": "3m"},
            "facts": facts}
    want(post(port, cookie, csrf, "insure", body), fb["id_v4"], {"error": fb["elbrtn"]}, "buy without hospital")
    if policy_count(db, cid) != 0:
        raise Failure("a refused buy stored a policy")
    # Bought: approved at once for a TEST partner, the premium of the quote.
    body["facts"] = HEALTH_FACTS
    _, got, _ = want(post(port, cookie, csrf, "insure", body), 200, None, "buy")
    if got != {"consumer_id": cid, "product": "hlth-axam-1111", "txref": "W-1", "status": "a",
               "premium_kobo": 375000}:
        raise Failure("buy answered %s" % got)
    st = call(port, who, "dump entt_%s|insr_hlth-axam-1111-W-1*STATUS" % cid)
    expect(st, dict(OK, status="a"), "SR20 of the policy bought in the dashboard")
    _, pol, _ = want(get(port, cookie, "policies/hlth-axam-1111/W-1"), 200, None, "policy page")
    if not pol.get("certificate_url", "").endswith(".pdf") or not pol.get("policy_no", "").startswith("TEST-"):
        raise Failure("policy bought in the dashboard: %s" % pol)
    # A retry is the first answer; another payload under the reference is SR15's 409.
    want(post(port, cookie, csrf, "insure", body), 200, got, "the same buy again")
    other = dict(body, fields={"insrncDrtn": "1y"})
    want(post(port, cookie, csrf, "insure", other), 409,
         {"error": "Data cmmnd.seed.id already in use by another insurance request from you"}, "reference reused")
    if policy_count(db, cid) != 1:
        raise Failure("retry or conflict stored another policy")
    # No reference: the server makes one; the consumer id in its UUID form works too.
    _, made, _ = want(post(port, cookie, csrf, "insure", dict(body, reference=None)), 200, None, "buy, no reference")
    if not made["txref"].startswith("DSH-") or len(made["txref"]) != 20:
        raise Failure("server-made reference %r" % made["txref"])
    # Another partner's consumer is not found, and nothing is stored for it.
    b_cid = call(port, ctx.userinfo("B"), "prfl entity", person("b.only@writes.example"))["id"]
    want(post(port, cookie, csrf, "insure", dict(body, consumer_id=b_cid, reference="W-B")), 404,
         {"error": "Entity specified not recognised"}, "A buys for B's consumer")
    want(post(port, cookie, csrf, "insure", dict(body, consumer_id="not-an-id")), 404,
         {"error": "Entity specified not recognised"}, "a made-up consumer id")
    if policy_count(db, b_cid) != 0:
        raise Failure("a policy was stored for B's consumer")
    want(post(port, cookie, csrf, "insure", dict(body, consumer_id=7)), 400,
         {"error": "consumer_id must be a string"}, "consumer_id a number")
    want(post(port, cookie, csrf, "insure", dict(body, facts="x")), 400, {"error": "facts must be an object"},
         "facts a string")


@scenario("dashboard-mode", "dashboard: the switch to LIVE needs the partner name typed exactly; no way back")
def dashboard_mode(ctx):
    port = ctx.server.port
    p, cookie, csrf = own_partner(ctx, "Mode Switch Ltd", "writes.mode@dash.example")
    for body, text in (({"mode": "live", "confirm": "mode switch ltd"},
                        "confirm must be the partner name exactly as shown, to switch to LIVE"),
                       ({"mode": "live"}, "confirm must be the partner name exactly as shown, to switch to LIVE"),
                       ({"mode": "test", "confirm": "Mode Switch Ltd"},
                        "mode must be \"live\"; only an operator can switch a partner back to TEST"
                        " (aimsctl partner mode)")):
        want(post(port, cookie, csrf, "mode", body), 400, {"error": text}, "mode %s" % body)
    if me(port, cookie)["mode"] != "test":
        raise Failure("a refused switch changed the mode")
    want(post(port, cookie, None, "mode", {"mode": "live", "confirm": "Mode Switch Ltd"}), 403, None,
         "switch without the CSRF token")
    _, after, _ = want(post(port, cookie, csrf, "mode", {"mode": "live", "confirm": "Mode Switch Ltd"}), 200, None,
                       "switch to LIVE")
    if after["mode"] != "live" or me(port, cookie)["mode"] != "live":
        raise Failure("after the switch: %s" % after)
    # The partner's API answers as LIVE now: a policy number AIMS-, not TEST-.
    who_api = userinfo(p["PARTNER_ID"], p["AUTH_ID"], p["AUTH_KEY"])
    cid = call(port, who_api, "prfl entity", person("live.now@writes.example"))["id"]
    call(port, who_api, "entt_%s: insure" % cid,
         {"ctgry": "hlth", "type": "axam", "pckg": "1111", "id": "L-1", "insrncDrtn": "1m", "addtnlFact": HEALTH_FACTS})
    _, pol, _ = want(get(port, cookie, "policies/hlth-axam-1111/L-1"), 200, None, "live policy")
    if not pol.get("policy_no", "").startswith("AIMS-"):
        raise Failure("policy after the switch to LIVE: %s" % pol)
    want(post(port, cookie, csrf, "mode", {"mode": "live", "confirm": "Mode Switch Ltd"}), 200, None,
         "switching again is harmless")


@scenario("dashboard-keys", "dashboard: API keys listed, created once-shown and working, revoked and refused")
def dashboard_keys(ctx):
    port = ctx.server.port
    p, cookie, csrf = own_partner(ctx, "Key Ring Ltd", "writes.keys@dash.example")
    _, keys, _ = want(get(port, cookie, "keys"), 200, None, "keys")
    if [k["id"] for k in keys["keys"]] != [p["AUTH_ID"]] or keys["keys"][0]["revoked_at"] is not None:
        raise Failure("keys of a new partner: %s, want only %s" % (keys, p["AUTH_ID"]))
    _, new, _ = want(post(port, cookie, csrf, "keys"), 201, None, "create a key")
    if new["partner_id"] != p["PARTNER_ID"] or len(new["key"]) != 44 or new["id"] == p["AUTH_ID"]:
        raise Failure("new key answer %s" % new)
    key_who = userinfo(p["PARTNER_ID"], new["id"], new["key"])
    expect(call(port, key_who, "prfl entity", person("with.new.key@writes.example")), dict(OK, id="${any}"),
           "the new key works at once")
    _, keys, _ = want(get(port, cookie, "keys"), 200, None, "keys after create")
    if [k["id"] for k in keys["keys"]] != [new["id"], p["AUTH_ID"]] or "key" in keys["keys"][0]:
        raise Failure("keys after create: %s (newest first, never the key itself)" % keys)
    stored = sqlite(ctx.db, "select count(*) from auth_keys where key_hash = '%s'" % new["key"]).strip()
    if stored != b"0":
        raise Failure("the key itself is stored")
    # Another partner's key: not found, still working.
    want(post(port, cookie, csrf, "keys/%s/revoke" % ctx.vars["B_AUTH_ID"]), 404, {"error": "Not found"},
         "revoke B's key")
    expect(call(port, ctx.userinfo("B"), "prfl entity", person("b.still@writes.example")), dict(OK, id="${any}"),
           "B's key still works")
    _, rev, _ = want(post(port, cookie, csrf, "keys/%s/revoke" % new["id"]), 200, None, "revoke")
    if rev["id"] != new["id"] or not rev["revoked_at"]:
        raise Failure("revoke answered %s" % rev)
    expect(call(port, key_who, "prfl entity", person("after.revoke@writes.example")),
           {"exctnFdbck": {"id": 55, "id_v4": 401, "elbrtn": "Your authorization is not genuine"}},
           "the revoked key is refused")
    want(post(port, cookie, csrf, "keys/%s/revoke" % new["id"]), 409, {"error": "This key is already revoked"},
         "revoke twice")
    want(post(port, cookie, csrf, "keys/nonsense/revoke"), 404, None, "revoke a made-up id")
    want(post(port, cookie, csrf, "keys/%s/delete" % new["id"]), 404, None, "an unknown action")
    want(dash(port, "GET", "keys/%s/revoke" % new["id"], cookie=cookie), 405, None, "GET on revoke")
    want(dash(port, "DELETE", "keys", cookie=cookie, csrf=csrf), 405, None, "DELETE keys")
    want(post(port, cookie, None, "keys"), 403, None, "create without the CSRF token")
    before = len(want(get(port, cookie, "keys"), 200, None, "keys")[1]["keys"])
    want(post(port, cookie, csrf, "keys", {"name": "x"}), 400,
         {"error": "The body must be empty or {}: a new key takes no input"}, "create with input")
    want(post(port, cookie, csrf, "keys", b"nope"), 400, None, "create with a body that is not JSON")
    if len(want(get(port, cookie, "keys"), 200, None, "keys")[1]["keys"]) != before:
        raise Failure("a refused create added a key")


@scenario("make-run", "make run: the first start makes a TEST partner and a dashboard user; both work; a restart keeps them")
def make_run(ctx):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tree = tempfile.mkdtemp(prefix="make-run-", dir=ctx.work)
    for name in ("scripts", "catalog", "dashboard"):
        os.symlink(os.path.join(repo, name), os.path.join(tree, name))
    os.symlink(os.path.dirname(os.path.abspath(ctx.args.aimsd)), os.path.join(tree, "build"))
    outputs = []
    for start in (1, 2):
        port = harness.free_port()
        env = dict(os.environ, AIMS_LISTEN="%s:%d" % (harness.HOST, port))
        proc = subprocess.Popen(["bash", os.path.join(tree, "scripts", "run")], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        try:
            for _ in range(200):
                try:
                    if harness.request(port, "GET", "/healthz").status == 200:
                        break
                except OSError:
                    time.sleep(0.05)
            else:
                raise Failure("make run (start %d) did not serve /healthz" % start)
            proc.send_signal(signal.SIGTERM)
            out = proc.communicate(timeout=20)[0].decode()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        outputs.append((port, out))
    text = outputs[0][1]
    creds = dict(re.findall(r"^\s*(PARTNER_ID|AUTH_ID|AUTH_KEY)=(\S+)$", text, re.M))
    m = re.search(r"^\s*log in as (\S+) with password (\S+)$", text, re.M)
    if m:
        creds["EMAIL"], creds["PASSWORD"] = m.groups()
    if set(creds) != {"AUTH_ID", "AUTH_KEY", "EMAIL", "PASSWORD", "PARTNER_ID"} or \
            "/dashboard/" not in outputs[0][1]:
        raise Failure("make run printed no partner, dashboard address or user:\n%s" % outputs[0][1])
    if creds["PASSWORD"] not in outputs[1][1] or "Created" in outputs[1][1]:
        raise Failure("a second make run did not keep the partner and user:\n%s" % outputs[1][1])
    # Both work against a server on that data: the key on POST /, the user on the dashboard.
    server = harness.Aimsd(ctx.args.aimsd, os.path.join(tree, "var", "aims.db"), os.path.join(tree, "aimsd.log"))
    server.start()
    try:
        who = userinfo(creds["PARTNER_ID"], creds["AUTH_ID"], creds["AUTH_KEY"])
        expect(call(server.port, who, "prfl entity", person("make.run@writes.example")), dict(OK, id="${any}"),
               "register with make run's key")
        _, body = login(server.port, creds["EMAIL"], creds["PASSWORD"])
        if body["partner_id"] != creds["PARTNER_ID"] or body["mode"] != "test":
            raise Failure("make run's dashboard user: %s" % body)
    finally:
        server.stop()
    if oct(os.stat(os.path.join(tree, "var", "dashboard.env")).st_mode & 0o777) != "0o600":
        raise Failure("var/dashboard.env is not 0600")
