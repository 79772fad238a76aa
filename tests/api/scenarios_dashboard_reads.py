"""scenarios_dashboard_reads — the dashboard's read pages (/dashboard/api/ overview,
consumers, consumers/<id>, policies, policies/<product>/<txref>, duplicates).

A consumer holding policies in three categories shows the right lifetime value, gaps and
ending-soon list; search by first name, email and phone finds them (whole name parts,
whole email, whole phone number: a blind index, no substrings) and another partner's
session does not; paging; policy filters; the duplicates report groups two registrations
of one person (same phone, different emails); another partner's consumer id is 404 and
no session is 401. Money is in kobo. Registered into scenarios.ALL when imported.
"""

import os
import subprocess
import time
import urllib.parse

import harness
from scenarios import OK, Failure, call, expect, scenario, sqlite, userinfo
from scenarios_dashboard import add_user, dash, login, want
from scenarios_policies import health, motor

LAPTOP = {"ctgry": "lapt", "type": "flx1", "pckg": "1111", "id": "R-L1", "insrncDrtn": "1y",
          "addtnlFact": {"brand": "HP", "model": "ProBook 450", "serialNo": "5CD1234XYZ"}}


def person(email, first="Ngozi", last="Okafor", phone="+2348091112233", dob="1988-05-17"):
    return {"class": "individual", "name": {"first": first, "last": last}, "dob": {"date": dob},
            "gender": "f", "phoneNo": phone, "eMail": email, "addrss": {"addrss": "3 Allen Avenue, Ikeja"},
            "socialID": {"type": "bvnn", "id": "22233344466"}, "taxId": "TIN-77"}


def get(port, cookie, path, **query):
    q = ("?" + urllib.parse.urlencode(query)) if query else ""
    return dash(port, "GET", path + q, cookie=cookie)


def session(ctx, partner, email):
    return login(ctx.server.port, email, add_user(ctx.ctl, ctx.vars[partner + "_PARTNER"], email))[0]


@scenario("dashboard-consumer-page", "dashboard: a consumer with policies in 3 categories: LTV, gaps, ending soon; 404 across partners")
def dashboard_consumer_page(ctx):
    port, who = ctx.server.port, ctx.userinfo("A")
    cookie = session(ctx, "A", "reads.page@dash.example")
    cid = call(port, who, "prfl entity", person("ngozi.okafor@reads.example"))["id"]
    for seed in (health("R-H1"), motor("R-V1"), LAPTOP):
        expect(call(port, who, "entt_%s: insure" % cid, seed), dict(OK, stts="a"), "insure %s" % seed["ctgry"])
    # The health policy ends in 10 days: it is the one renewal opportunity.
    soon = int(time.time()) + 10 * 86400
    sqlite(ctx.db, "update policies set cover_end = %d where txref = 'R-H1'" % soon)
    ltv = int(sqlite(ctx.db, "select sum(premium_kobo) from policies where consumer_id = '%s'"
                     " and status = 'a'" % cid).strip())
    _, body, _ = want(get(port, cookie, "consumers/" + cid), 200, None, "consumer page")
    if body["id"] != cid or body["profile"]["name"]["first"] != "Ngozi" or \
            body["profile"]["eMail"] != "ngozi.okafor@reads.example":
        raise Failure("consumer page profile: %s" % body)
    if body["lifetime_value_kobo"] != ltv or ltv <= 0:
        raise Failure("lifetime_value_kobo %s, want %d" % (body["lifetime_value_kobo"], ltv))
    cats = sorted(p["category"] for p in body["policies"])
    if cats != ["device", "health", "vehicle"]:
        raise Failure("policies' categories %s" % cats)
    if sorted(body["gaps"]) != ["lending", "logistics", "marine", "travel"]:
        raise Failure("gaps %s, want lending, logistics, marine, travel" % body["gaps"])
    if [p["txref"] for p in body["ending_soon"]] != ["R-H1"]:
        raise Failure("ending_soon %s, want only R-H1" % body["ending_soon"])
    # One policy with its certificate URL; an alias-free unknown one is 404.
    _, pol, _ = want(get(port, cookie, "policies/hlth-axam-1111/R-H1"), 200, None, "one policy")
    if pol["status"] != "a" or not pol["certificate_url"].endswith(".pdf") or pol["consumer_id"] != cid:
        raise Failure("policy page: %s" % pol)
    want(get(port, cookie, "policies/hlth-axam-1111/NOPE"), 404, {"error": "Not found"}, "unknown policy")
    # Another partner's user sees none of it.
    other = session(ctx, "B", "reads.other@dash.example")
    want(get(port, other, "consumers/" + cid), 404, {"error": "Not found"}, "another partner's consumer")
    want(get(port, other, "policies/hlth-axam-1111/R-H1"), 404, {"error": "Not found"}, "another partner's policy")
    want(get(port, cookie, "consumers/not-an-id"), 404, {"error": "Not found"}, "a malformed id")
    for path in ("overview", "consumers", "consumers/" + cid, "policies", "duplicates"):
        want(get(port, None, path), 401, {"error": "Not logged in"}, "%s without a session" % path)


@scenario("dashboard-search", "dashboard: search by first name, email and phone (whole terms), scoped to the partner; paging")
def dashboard_search(ctx):
    port, who = ctx.server.port, ctx.userinfo("A")
    cookie = session(ctx, "A", "reads.search@dash.example")
    cid = call(port, who, "prfl entity", person("Tobenna.Search@Reads.example", first="Tobenna", last="Uzo",
                                                phone="+2348020001111"))["id"]
    for q in ("tobenna", "TOBENNA uzo", "tobenna.search@reads.example", "+2348020001111", "0802 000 1111"):
        _, body, _ = want(get(port, cookie, "consumers", q=q), 200, None, "search %r" % q)
        if [c["id"] for c in body["consumers"]] != [cid] or body["total"] != 1:
            raise Failure("search %r found %s, want only %s" % (q, body, cid))
    line = body["consumers"][0]
    if line["name"] != "Tobenna Uzo" or line["email"] != "Tobenna.Search@Reads.example" or \
            line["phone"] != "+2348020001111":
        raise Failure("list line %s" % line)
    for q in ("toben", "tobenna.search", "2000111", "tobenna nobody"):
        _, body, _ = want(get(port, cookie, "consumers", q=q), 200, None, "search %r" % q)
        if body["total"] != 0:
            raise Failure("search %r (not a whole term) found %s" % (q, body))
    other = session(ctx, "B", "reads.search.b@dash.example")
    _, body, _ = want(get(port, other, "consumers", q="tobenna"), 200, None, "B searches A's consumer")
    if body["total"] != 0:
        raise Failure("partner B's search found A's consumer: %s" % body)
    # Paging, newest first, over partner B's own consumers only.
    ids = [call(port, ctx.userinfo("B"), "prfl entity", person("pager%d@reads.example" % i, first="Pager"))["id"]
           for i in range(5)]
    _, p1, _ = want(get(port, other, "consumers", q="pager", per=2, page=1), 200, None, "page 1")
    _, p3, _ = want(get(port, other, "consumers", q="pager", per=2, page=3), 200, None, "page 3")
    if p1["total"] != 5 or [c["id"] for c in p1["consumers"]] != ids[::-1][:2] or \
            [c["id"] for c in p3["consumers"]] != ids[:1]:
        raise Failure("paging: page 1 %s, page 3 %s, ids %s" % (p1, p3, ids))
    want(get(port, other, "consumers", page=0), 400, None, "page 0")
    want(get(port, other, "consumers", per=1000), 400, None, "per 1000")


@scenario("dashboard-overview-policies", "dashboard: overview counts and premium by month and product; policy filters and paging")
def dashboard_overview_policies(ctx):
    port = ctx.server.port
    who = ctx.userinfo("B")
    cookie = session(ctx, "B", "reads.overview@dash.example")
    before = want(get(port, cookie, "overview"), 200, None, "overview before")[1]
    cid = call(port, who, "prfl entity", person("ov@reads.example"))["id"]
    for ref in ("O-H1", "O-H2"):
        expect(call(port, who, "entt_%s: insure" % cid, health(ref)), dict(OK, stts="a"), "insure " + ref)
    expect(call(port, who, "entt_%s: insure" % cid, motor("O-V1")), dict(OK, stts="a"), "insure motor")
    _, body, _ = want(get(port, cookie, "overview"), 200, None, "overview")
    if body["consumers"] != before["consumers"] + 1 or body["policies"]["a"]["count"] != \
            before["policies"]["a"]["count"] + 3:
        raise Failure("overview counts: before %s after %s" % (before, body))
    months = body["premium_by_month"]
    month = time.strftime("%Y-%m", time.gmtime())
    if len(months) != 12 or months[-1]["month"] != month or \
            months[-1]["premium_kobo"] != body["policies"]["a"]["premium_kobo"]:
        raise Failure("premium_by_month %s" % months)
    by = {p["product"]: p for p in body["premium_by_product"]}
    if by.get("hlth-axam-1111", {}).get("count") != 2 or by.get("vhcl-cmpr-1111", {}).get("count") != 1:
        raise Failure("premium_by_product %s" % body["premium_by_product"])
    _, pols, _ = want(get(port, cookie, "policies", product="hlth-axam-1111", status="a"), 200, None, "filter")
    if pols["total"] != 2 or {p["txref"] for p in pols["policies"]} != {"O-H1", "O-H2"} or \
            {p["consumer_name"] for p in pols["policies"]} != {"Ngozi Okafor"}:
        raise Failure("filtered policies (with their holder's name) %s" % pols)
    _, page2, _ = want(get(port, cookie, "policies", per=1, page=2), 200, None, "policies page 2")
    if page2["total"] != 3 or [p["txref"] for p in page2["policies"]] != ["O-H2"]:
        raise Failure("policies page 2 %s" % page2)
    _, none, _ = want(get(port, cookie, "policies", status="d"), 200, None, "declined")
    if none["total"] != 0:
        raise Failure("declined policies %s" % none)
    want(get(port, cookie, "policies", status="x"), 400, {"error": "status must be p, a or d"}, "bad status")


@scenario("dashboard-duplicates", "dashboard: two registrations of one person (same phone, other emails) are grouped")
def dashboard_duplicates(ctx):
    port, who = ctx.server.port, ctx.userinfo("A")
    cookie = session(ctx, "A", "reads.dups@dash.example")
    one = call(port, who, "prfl entity", person("emeka@reads.example", first="Emeka", last="Obi",
                                                phone="+2348035550000", dob="1990-01-01"))["id"]
    two = call(port, who, "prfl entity", person("emeka.obi@work.example", first="Emeka", last="Obi",
                                                phone="+2348035550000", dob="1990-01-01"))["id"]
    call(port, who, "prfl entity", person("someone.else@reads.example", first="Ada", last="Else",
                                          phone="+2348035559999", dob="1991-01-01"))
    _, body, _ = want(get(port, cookie, "duplicates"), 200, None, "duplicates")
    groups = [g for g in body["groups"] if one in [c["id"] for c in g["consumers"]]]
    if len(groups) != 1 or sorted(c["id"] for c in groups[0]["consumers"]) != sorted([one, two]) or \
            sorted(groups[0]["reasons"]) != ["same name and date of birth", "same phone"]:
        raise Failure("duplicates %s, want one group of %s and %s" % (body, one, two))
    emails = sorted(c["email"] for c in groups[0]["consumers"])
    if emails != ["emeka.obi@work.example", "emeka@reads.example"]:
        raise Failure("duplicate group's emails %s" % emails)
    # Paged by groups: one a page, past the end empty, the same total throughout.
    _, p1, _ = want(get(port, cookie, "duplicates", per=1), 200, None, "duplicates, one group a page")
    total = p1["total"]
    _, past, _ = want(get(port, cookie, "duplicates", per=1, page=total + 1), 200, None, "past the last page")
    if len(p1["groups"]) != 1 or total < 1 or past["groups"] != [] or past["total"] != total:
        raise Failure("duplicates paging: page 1 %s, page %d %s" % (p1, total + 1, past))
    want(get(port, cookie, "duplicates", per=0), 400, None, "per 0")
    other = session(ctx, "B", "reads.dups.b@dash.example")
    _, body, _ = want(get(port, other, "duplicates"), 200, None, "B's duplicates")
    if any(one in [c["id"] for c in g["consumers"]] for g in body["groups"]):
        raise Failure("partner B sees A's duplicates: %s" % body)


@scenario("migrations-5-6", "migrations 5 and 6 fill the overview's totals and the shared tokens of an older database")
def migrations_5_6(ctx):
    db = os.path.join(ctx.work, "migration5.db")
    ctl = harness.Aimsctl(ctx.args.aimsctl, db)
    p = ctl.run("partner", "create", "--name", "Before Five Ltd")
    pw = add_user(ctl, p["PARTNER_ID"], "reads.mig5@dash.example")
    who = userinfo(p["PARTNER_ID"], p["AUTH_ID"], p["AUTH_KEY"])
    server = harness.Aimsd(ctx.args.aimsd, db, os.path.join(ctx.work, "migration5.log"))
    server.start()
    try:
        cid = call(server.port, who, "prfl entity", person("mig5@reads.example"))["id"]
        call(server.port, who, "prfl entity", person("mig5.again@reads.example"))  # same phone, name, dob
        call(server.port, who, "prfl entity", person("mig5.other@reads.example", phone="+2348091110000",
                                                     dob="1990-01-01"))
        for seed in (health("M-H1"), health("M-H2"), motor("M-V1")):
            expect(call(server.port, who, "entt_%s: insure" % cid, seed), dict(OK, stts="a"), "insure")
        cookie = login(server.port, "reads.mig5@dash.example", pw)[0]
        first = want(get(server.port, cookie, "overview"), 200, None, "overview at version 6")[1]
        dups = want(get(server.port, cookie, "duplicates"), 200, None, "duplicates at version 6")[1]
    finally:
        server.stop()
    if first["policies"]["a"]["count"] != 3 or len(first["premium_by_product"]) != 2 or \
            len(dups["groups"]) != 1 or len(dups["groups"][0]["consumers"]) != 2:
        raise Failure("before the downgrade: overview %s, duplicates %s" % (first, dups))
    # Back to version 4 as it shipped: no totals, no shared tokens, the old index.
    sqlite(db, "DROP TABLE policy_totals; DROP TABLE shared_tokens; DROP INDEX policies_partner_product;"
               " CREATE INDEX policies_partner_approved ON policies(partner_id, status, cover_start);"
               " DELETE FROM schema_migrations WHERE version > 4;")
    server.start()
    try:
        again = want(get(server.port, cookie, "overview"), 200, None, "overview after migration 5 ran again")[1]
        dups_again = want(get(server.port, cookie, "duplicates"), 200, None, "duplicates after migration 6")[1]
    finally:
        server.stop()
    if again != first:
        raise Failure("overview after migration 5 filled the totals:\n%s\nwant\n%s" % (again, first))
    if dups_again != dups:
        raise Failure("duplicates after migration 6 filled the shared tokens:\n%s\nwant\n%s" % (dups_again, dups))
    if int(sqlite(db, "select max(version) from schema_migrations").strip()) < 6:
        raise Failure("schema version after start is below 6")


@scenario("consumers-reindex", "aimsctl consumers reindex gives consumers without search tokens exactly the ones registration gives")
def consumers_reindex(ctx):
    port = ctx.server.port
    p = ctx.ctl.run("partner", "create", "--name", "Reindex Ltd")
    pid = p["PARTNER_ID"]
    who = userinfo(pid, p["AUTH_ID"], p["AUTH_KEY"])
    cookie = login(port, "reads.reindex@dash.example", add_user(ctx.ctl, pid, "reads.reindex@dash.example"))[0]
    ids = [call(port, who, "prfl entity", person("chika%d@reindex.example" % i, first="Chika", last="Umeh",
                                                 phone="+2348077700001"))["id"] for i in range(3)]
    where = "partner_id = '%s'" % pid.replace("-", "")
    tokens = "select hex(token), consumer_id, kind from consumer_tokens where %s order by 1, 2" % where
    before = sqlite(ctx.db, tokens)
    if len(before.splitlines()) < 3 * 5:
        raise Failure("registration gave %d tokens for 3 consumers" % len(before.splitlines()))
    # As if registered before migration 4: no tokens, so neither search nor duplicates find them.
    sqlite(ctx.db, "delete from consumer_tokens where %s; delete from shared_tokens where %s" % (where, where))
    _, found, _ = want(get(port, cookie, "consumers", q="chika"), 200, None, "search without tokens")
    _, dups, _ = want(get(port, cookie, "duplicates"), 200, None, "duplicates without tokens")
    if found["total"] != 0 or dups["total"] != 0:
        raise Failure("without tokens: search %s, duplicates %s" % (found, dups))
    # Reindexed while aimsd runs: the very same tokens, search and duplicates back; again: no change.
    for run in (1, 2):
        r = subprocess.run([ctx.args.aimsctl, "--db", "sqlite:" + ctx.db, "consumers", "reindex", pid],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0 or r.stdout.strip() != "reindexed 3 consumers of 1 partner":
            raise Failure("reindex run %d: exit %d, %r %r" % (run, r.returncode, r.stdout, r.stderr))
        if sqlite(ctx.db, tokens) != before:
            raise Failure("reindex run %d did not give back exactly the registration's tokens" % run)
    _, found, _ = want(get(port, cookie, "consumers", q="chika umeh"), 200, None, "search after reindex")
    _, dups, _ = want(get(port, cookie, "duplicates"), 200, None, "duplicates after reindex")
    if sorted(c["id"] for c in found["consumers"]) != sorted(ids) or dups["total"] != 1 or \
            sorted(c["id"] for c in dups["groups"][0]["consumers"]) != sorted(ids):
        raise Failure("after reindex: search %s, duplicates %s" % (found, dups))
    # Another key file cannot open the profiles: said, exit 1, nothing written.
    other_key = os.path.join(ctx.work, "other.key")
    with open(os.open(other_key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(os.urandom(32).hex() + "\n")
    r = subprocess.run([ctx.args.aimsctl, "--db", "sqlite:" + ctx.db, "--key-file", other_key, "consumers",
                        "reindex", pid], capture_output=True, text=True, timeout=60)
    if r.returncode != 1 or "did not open with this key file" not in r.stderr or sqlite(ctx.db, tokens) != before:
        raise Failure("reindex with another key file: exit %d, %r (tokens changed: %s)" % (
            r.returncode, r.stderr, sqlite(ctx.db, tokens) != before))
    r = subprocess.run([ctx.args.aimsctl, "--db", "sqlite:" + ctx.db, "consumers", "reindex",
                        "11111111-1111-4111-8111-111111111111"], capture_output=True, text=True, timeout=60)
    if r.returncode != 1 or "no partner" not in r.stderr:
        raise Failure("reindex of an unknown partner: exit %d, %r" % (r.returncode, r.stderr))
