"""scenarios — API tests of aims that a case file cannot express.

Concurrency, admission control, crash durability, encryption at rest, metrics, key
rotation and transport details. Each scenario is one function taking the runner's
context (see run.py) and raising Failure with a readable report; each counts as one
test in the runner's summary.
"""

import json
import os
import re
import subprocess
import threading
import time

import caselib
import harness

ALL = []  # (name, function, one-line description), in running order


class Failure(Exception):
    """A scenario failed; the message says what was sent, expected and received."""


def scenario(name, description):
    def register(fn):
        ALL.append((name, fn, description))
        return fn

    return register


# ---------------------------------------------------------------- helpers

def userinfo(partner_id, auth_id, auth_key):
    return {"id": partner_id, "athrzt": {"id": auth_id, "key": auth_key}}


def individual(email, first="Test", last="Person", phone="+2348031234567"):
    return {"class": "individual", "name": {"first": first, "last": last}, "phoneNo": phone, "eMail": email}


def call(port, who, command, seed=None, headers=None):
    """POST one command; checks the rules of every answer and returns it (a dict)."""
    body = caselib.envelope(who, command, seed)
    try:
        reply = harness.post(port, body, headers)
    except Exception as e:  # timeouts, resets, malformed HTTP
        raise Failure("request: %s\nno answer: %s: %s" % (_short(body), type(e).__name__, e))
    answer, problems = caselib.check_answer(reply.status, reply.content_type, reply.body)
    if problems:
        raise Failure("request: %s\nactual: HTTP %d %s %s\nproblems:\n  - %s" % (
            _short(body), reply.status, reply.content_type, _short(reply.body), "\n  - ".join(problems)))
    return answer


def expect(answer, expected, what):
    problems = caselib.match(expected, answer, {})
    if problems:
        raise Failure("%s\nexpected: %s\nactual:   %s\nproblems:\n  - %s" % (
            what, json.dumps(expected), json.dumps(answer), "\n  - ".join(problems)))


def _short(data, limit=600):
    if isinstance(data, bytes):
        data = data.decode("utf-8", "backslashreplace")
    return data if len(data) <= limit else data[:limit] + "... (%d characters)" % len(data)


OK = {"exctnFdbck": {"id": 75, "id_v4": 200}}


def sqlite(db, *args):
    cmd = ["sqlite3", "-cmd", ".timeout 5000", db] + list(args)
    p = subprocess.run(cmd, capture_output=True, timeout=30)
    if p.returncode != 0:
        raise Failure("%s failed: %s" % (" ".join(cmd), p.stderr.decode("utf-8", "replace")))
    return p.stdout


def count_consumers(db):
    return int(sqlite(db, "select count(*) from consumers").strip())


def parallel(count, work, deadline=30.0):
    """Run work(i) in count threads released together; results (or exceptions) by i."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            results[i] = work(i, barrier)
        except Exception as e:  # reported by the caller
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for t in threads:
        t.start()
    end = time.monotonic() + deadline
    for t in threads:
        t.join(max(0.0, end - time.monotonic()))
    if any(t.is_alive() for t in threads):
        raise Failure("%d of %d requests still unanswered after %.0f s" % (
            sum(t.is_alive() for t in threads), count, deadline))
    return results


# ---------------------------------------------------------------- scenarios

@scenario("concurrent-registration", "50 simultaneous registrations of one email make one consumer")
def concurrent_registration(ctx):
    seed = individual("same.person@scenario-race.example.com", "Race")
    port = ctx.server.port

    def work(_i, barrier):
        barrier.wait(10)
        return call(port, ctx.userinfo("A"), "prfl entity", seed)

    results = parallel(50, work)
    errors = [r for r in results if isinstance(r, Exception)]
    if errors:
        raise Failure("%d of 50 requests failed; the first:\n%s" % (len(errors), errors[0]))
    for r in results:
        expect(r, OK, "every registration must succeed")
    ids = sorted({r["id"] for r in results})
    if len(ids) != 1:
        raise Failure("50 registrations of one email gave %d distinct ids: %s" % (len(ids), ", ".join(ids)))


@scenario("queue-limit", "with --max-queue 1 a burst gets 35/503 answers, and nothing of those is stored")
def queue_limit(ctx):
    server, ctl = ctx.new_server("queue", ["--max-queue", "1"])
    p = ctl.partner_create("Q")  # creates the fresh database, as for the main server
    server.start()
    who = userinfo(p["PARTNER_ID"], p["AUTH_ID"], p["AUTH_KEY"])
    answers = {}  # email -> answer
    for rnd in range(3):  # a fast machine may drain one burst without refusing any
        emails = ["q%d-%03d@scenario-queue.example.com" % (rnd, i) for i in range(200)]

        def work(i, barrier, emails=emails):
            body = caselib.envelope(who, "prfl entity", individual(emails[i], "Queue%d" % i))
            sock = harness.connect(server.port)
            barrier.wait(10)
            return harness.exchange(sock, "POST", "/", body.encode(), port=server.port)

        started = time.monotonic()
        for email, reply in zip(emails, parallel(len(emails), work)):
            if isinstance(reply, Exception):
                raise Failure("%s: no answer: %s: %s" % (email, type(reply).__name__, reply))
            answer, problems = caselib.check_answer(reply.status, reply.content_type, reply.body)
            if problems:
                raise Failure("%s: %s\n%s" % (email, _short(reply.body), "\n".join(problems)))
            answers[email] = answer
        ctx.note("queue-limit: burst %d: %d of 200 answered 35, in %.1f s" % (
            rnd + 1, sum(answers[e]["exctnFdbck"].get("id") == 35 for e in emails), time.monotonic() - started))
        if any(a["exctnFdbck"].get("id") == 35 for a in answers.values()):
            break
    refused = sorted(e for e, a in answers.items() if a["exctnFdbck"].get("id") == 35)
    created = {e: a["id"] for e, a in answers.items() if a["exctnFdbck"].get("id") == 75}
    for email, answer in answers.items():
        if answer["exctnFdbck"].get("id") == 35:
            expect(answer, {"exctnFdbck": {"id": 35, "id_v4": 503, "elbrtn": "${any}"}}, email + " refused")
        elif email not in created:
            raise Failure("%s: every answer must be 75 or 35, got %s" % (email, json.dumps(answer)))
    if not refused:
        raise Failure("no 35/503 answer among %d concurrent registrations with --max-queue 1" % len(answers))
    stored = count_consumers(server.db)
    if stored != len(created):
        raise Failure("consumers table has %d rows but %d registrations answered 75 (%d answered 35)" % (
            stored, len(created), len(refused)))
    for email in refused:
        for attempt in range(6):  # a client retries 35 with backoff
            answer = call(server.port, who, "prfl entity", individual(email, "Retry"))
            if answer["exctnFdbck"].get("id") != 35:
                break
            time.sleep(0.1 * 2 ** attempt)
        expect(answer, OK, "re-registering refused %s" % email)
        if answer["id"] in created.values():
            raise Failure("re-registering refused %s answered an existing id %s" % (email, answer["id"]))
    stored = count_consumers(server.db)
    if stored != len(answers):
        raise Failure("after re-registering the refused emails the table has %d rows, want %d" % (
            stored, len(answers)))
    rc = server.stop()
    if rc != 0:
        raise Failure("the --max-queue aimsd exited %s on SIGTERM, want 0\n%s" % (rc, server.log_tail()))


DURABLE_SEED = {
    "class": "individual",
    "name": {"first": "Chinedu", "middle": "Obi", "last": "Okafor"},
    "dob": {"date": "1988-11-23"}, "gender": "m", "phoneNo": "+2348091112233",
    "eMail": "chinedu.okafor@scenario-durability.example.com",
    "addrss": {"addrss": "4 Broad Street, Lagos"}, "ntnlty": "Nigerian", "stateOfOrigin": "Anambra",
    "mrtlStatus": "married", "socialID": {"type": "nidd", "id": "12345678901"}, "taxId": "TIN-778899",
}


@scenario("durability", "a consumer answered 75 survives kill -9 and a restart unchanged")
def durability(ctx):
    answer = call(ctx.server.port, ctx.userinfo("A"), "prfl entity", DURABLE_SEED)
    expect(answer, OK, "registration before the crash")
    cid = answer["id"]
    ctx.server.kill()  # kill -9 right after the 75
    ctx.server.start()
    dump = call(ctx.server.port, ctx.userinfo("A"), "entt_%s: dump" % cid)
    expect(dump, dict(DURABLE_SEED, exctnFdbck=OK["exctnFdbck"], id=cid), "dump after kill -9 and restart")
    again = call(ctx.server.port, ctx.userinfo("A"), "prfl entity", DURABLE_SEED)
    expect(again, dict(OK, id=cid), "registering the same email after the restart")


GUIDE_SEED = {  # the consumer of consumer-management-guide.txt
    "class": "individual", "name": {"first": "Adaeze", "last": "Nwosu"}, "dob": {"date": "1995-03-08"},
    "gender": "f", "phoneNo": "+2348051234567", "eMail": "adaeze.nwosu@email.com",
    "addrss": {"addrss": "12 Victoria Island, Lagos"},
}
PERSONAL = ["Nwosu", "Adaeze", "2348051234567", "Victoria Island", "1995-03-08"]


@scenario("encryption-at-rest", "the guide's consumer's personal data is not in the database file in clear")
def encryption_at_rest(ctx):
    expect(call(ctx.server.port, ctx.userinfo("A"), "prfl entity", GUIDE_SEED), OK, "registering the guide's consumer")
    dump = sqlite(ctx.server.db, ".dump").decode("utf-8", "replace")
    found = [s for s in PERSONAL if s in dump]
    if found:
        lines = [line[:200] for line in dump.splitlines() if any(s in line for s in found)][:5]
        raise Failure("sqlite3 .dump shows %s in clear:\n%s" % (", ".join(found), "\n".join(lines)))
    for suffix in ("", "-wal", "-journal"):  # .dump prints BLOBs as hex, so read the bytes too
        path = ctx.server.db + suffix
        if os.path.exists(path):
            with open(path, "rb") as f:
                data = f.read()
            found = [s for s in PERSONAL if s.encode() in data]
            if found:
                raise Failure("%s contains %s in clear" % (path, ", ".join(found)))


METRIC_RE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)")
LABEL_RE = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


@scenario("metrics", "GET /metrics counts SR05 answers by outcome and has request durations")
def metrics(ctx):
    seed = individual("metrics@scenario-metrics.example.com", "Metric")
    expect(call(ctx.server.port, ctx.userinfo("A"), "prfl entity", seed), OK, "a registration to count")
    try:
        r = harness.request(ctx.server.port, "GET", "/metrics")
    except Exception as e:
        raise Failure("GET /metrics: no answer: %s: %s" % (type(e).__name__, e))
    text = r.body.decode("utf-8", "replace")
    if r.status != 200 or not r.content_type.startswith("text/"):
        raise Failure("GET /metrics: HTTP %d %r, want 200 text\n%s" % (r.status, r.content_type, _short(text)))
    names, counted = set(), False
    for line in text.splitlines():
        m = METRIC_RE.match(line)
        if not m:
            continue
        names.add(m.group(1))
        labels = dict(LABEL_RE.findall(m.group(2) or ""))
        if m.group(1) == "aims_requests_total" and labels.get("command") == "SR05" \
                and labels.get("outcome") == "75" and float(m.group(3)) >= 1:
            counted = True
    if not counted:
        raise Failure('no aims_requests_total{command="SR05",outcome="75"} >= 1 in:\n%s' % _short(text, 2000))
    if not any(n.startswith("aims_request_duration_seconds") for n in names):
        raise Failure("no aims_request_duration_seconds metric in:\n%s" % _short(text, 2000))


@scenario("key-rotation", "a key added while aimsd runs works at once and stops working when revoked")
def key_rotation(ctx):
    partner = ctx.vars["A_PARTNER"]
    key = ctx.ctl.key_add(partner)
    who = userinfo(partner, key["AUTH_ID"], key["AUTH_KEY"])
    seed = individual("rotation@scenario-rotation.example.com", "Rotate")
    first = call(ctx.server.port, who, "prfl entity", seed)
    expect(first, dict(OK, id="${any}"), "registering with a key added at run time")
    ctx.ctl.key_revoke(key["AUTH_ID"])
    denied = {"exctnFdbck": {"id": 55, "id_v4": 401, "elbrtn": "Your authorization is not genuine"}}
    expect(call(ctx.server.port, who, "prfl entity", seed), denied, "the same key after aimsctl key revoke")
    expect(call(ctx.server.port, ctx.userinfo("A"), "prfl entity", seed), dict(OK, id=first["id"]),
           "partner A's first key still works and sees the same consumer")


@scenario("transport", "the body is JSON whatever the Content-Type says")
def transport(ctx):
    seed = individual("transport@scenario-transport.example.com", "Wire")
    ids = set()
    for ctype in ("text/plain", "application/x-www-form-urlencoded", None):
        answer = call(ctx.server.port, ctx.userinfo("A"), "prfl entity", seed, {"Content-Type": ctype})
        expect(answer, dict(OK, id="${any}"), "POST / with Content-Type %s" % ctype)
        ids.add(answer["id"])
    if len(ids) != 1:
        raise Failure("one email registered three times gave ids %s" % ", ".join(sorted(ids)))


@scenario("connection-limit", "past --max-connections a request is answered 35/503 at once, and nothing is stored")
def connection_limit(ctx):
    server, ctl = ctx.new_server("conns", ["--max-connections", "2"])
    p = ctl.partner_create("C")
    server.start()
    who = userinfo(p["PARTNER_ID"], p["AUTH_ID"], p["AUTH_KEY"])
    idle = [harness.connect(server.port) for _ in range(2)]  # two idle connections fill the limit
    try:
        time.sleep(0.2)  # let the server register them
        answer = call(server.port, who, "prfl entity", individual("over@scenario-conns.example.com"))
        expect(answer, {"exctnFdbck": {"id": 35, "id_v4": 503, "elbrtn": "${any}"}},
               "a third connection past --max-connections 2")
        if count_consumers(server.db) != 0:
            raise Failure("a request answered 35 stored a consumer")
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.2)
    answer = call(server.port, who, "prfl entity", individual("over@scenario-conns.example.com"))
    expect(answer, dict(OK, id="${any}"), "the same request once the idle connections closed")
    rc = server.stop()
    if rc != 0:
        raise Failure("the --max-connections aimsd exited %s on SIGTERM, want 0\n%s" % (rc, server.log_tail()))
