#!/usr/bin/env python3
"""dashboard.py - answer times of the dashboard's consumer list, search and consumer page
on one large partner (issue 5: 100,000 consumers and 300,000 policies, under 100 ms each).

Starts build/aimsd on a fresh SQLite database in a temporary directory with one TEST
partner (aimsctl partner create) and one dashboard user (aimsctl user add), fills the
partner through the real API - `prfl entity` for every consumer, then `entt_<id>: insure`
of cheap TEST products (hlth-axam-1111 1m, lapt-flx1-1111 6m, dpss-stnd-1111 1y, in turn)
- from many concurrent keep-alive connections spread over a few client processes, then
logs in (POST /dashboard/api/login) and times, over --repeat requests each on one
keep-alive connection:

    list page 1           GET /dashboard/api/consumers?page=1
    list later page       GET /dashboard/api/consumers?page=<middle page of the list>
    search name part      GET /dashboard/api/consumers?q=<a first name shared by 1 in 40>
    search email          GET /dashboard/api/consumers?q=<one consumer's email>
    search phone          GET /dashboard/api/consumers?q=<one consumer's phone>
    consumer page         GET /dashboard/api/consumers/<id of a consumer with the policies>

and, beyond what the issue's target names, the other pages a partner opens first:

    overview              GET /dashboard/api/overview (counts and premium by month/product)
    policies page 1       GET /dashboard/api/policies?page=1
    policies of a product GET /dashboard/api/policies?product=lapt-flx1-1111&status=a
    duplicates            GET /dashboard/api/duplicates (every --duplicate-every'th consumer
                          is registered again under another email: 1,000 groups by default)

and prints the median and p95 of each in ms against the target, PASS or OVER, and the
fill rate. Exit status 0 when every read is within the target and the fill had no errors.

    python3 bench/dashboard.py [--consumers 100000] [--policies-per-consumer 3]
                               [--connections 64] [--processes 4] [--repeat 50]
                               [--target-ms 100] [--keep DIR]
"""

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

FIRST = ["Adaeze", "Chidi", "Emeka", "Ngozi", "Tunde", "Bola", "Ifeoma", "Kelechi", "Aisha", "Musa",
         "Funmi", "Segun", "Yemi", "Obinna", "Zainab", "Ibrahim", "Chioma", "Uche", "Halima", "Femi",
         "Amaka", "Dayo", "Nneka", "Sani", "Tobi", "Kemi", "Ikenna", "Hauwa", "Gbenga", "Ebere",
         "Lanre", "Nkechi", "Usman", "Bisi", "Chinedu", "Fatima", "Wale", "Adaobi", "Yusuf", "Ronke"]
LAST = ["Okafor", "Adeyemi", "Nwosu", "Bello", "Okonkwo", "Balogun", "Eze", "Abubakar", "Olawale",
        "Obi", "Ogunleye", "Danjuma", "Uzo", "Afolabi", "Chukwu", "Lawal", "Nnamdi", "Ojo", "Garba",
        "Onyeka", "Adebayo", "Ibe", "Suleiman", "Akande", "Ezenwa", "Yakubu", "Oyelaran", "Anozie",
        "Mohammed", "Ilori", "Okeke", "Babatunde", "Iwu", "Shehu", "Ajayi", "Nwachukwu", "Aliyu",
        "Odunsi", "Emenike", "Fashola"]
STATES = [("Lagos", "Ikeja"), ("Lagos", "Eti-Osa"), ("Abuja", "Garki"), ("Rivers", "Obio-Akpor"),
          ("Oyo", "Ibadan North"), ("Kano", "Nassarawa")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def person(i):
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    return {"class": "individual", "name": {"first": first, "last": last},
            "dob": {"date": "%04d-%02d-%02d" % (1960 + i % 45, 1 + i % 12, 1 + i % 28)},
            "gender": "fm"[i % 2], "phoneNo": "+23481%08d" % i,
            "eMail": "%s.%s.%d@bench.example" % (first.lower(), last.lower(), i)}


def policy(i, k):
    """The k-th policy of consumer i: a cheap TEST product, in turn."""
    ref = "B-%d-%d" % (i, k)
    kind = k % 3
    if kind == 0:
        state, lga = STATES[i % len(STATES)]
        return {"ctgry": "hlth", "type": "axam", "pckg": "1111", "id": ref, "insrncDrtn": "1m",
                "addtnlFact": {"RsdncState": state, "RsdncLga": lga, "hospital": "LASUTH"}}
    if kind == 1:
        return {"ctgry": "lapt", "type": "flx1", "pckg": "1111", "id": ref, "insrncDrtn": "6m",
                "addtnlFact": {"brand": "HP", "model": "ProBook 450", "serialNo": "SN%08d" % i}}
    return {"ctgry": "dpss", "type": "stnd", "pckg": "1111", "id": ref, "plan": "bdc", "insrncDrtn": "1y",
            "addtnlFact": {"plan": "bdc", "drvrLcnsNo": "DL%09d" % i}}


def start(aimsd, aimsctl, work, email):
    db = os.path.join(work, "dash.db")
    ctl = lambda *a: dict(line.split("=", 1) for line in subprocess.run(
        [aimsctl, "--db", "sqlite:" + db] + list(a), capture_output=True, check=True, text=True).stdout.split())
    creds = ctl("partner", "create", "--name", "Bench Lender")
    password = ctl("user", "add", creds["PARTNER_ID"], email)["PASSWORD"]
    port = free_port()
    log = open(os.path.join(work, "aimsd.log"), "wb")
    proc = subprocess.Popen([aimsd, "--listen", "127.0.0.1:%d" % port, "--db", "sqlite:" + db],
                            stderr=log, stdout=log)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            if c.getresponse().read() == b"ok":
                break
        except OSError:
            time.sleep(0.05)
    else:
        proc.terminate()
        raise SystemExit("aimsd did not answer /healthz; see %s" % os.path.join(work, "aimsd.log"))
    return proc, port, creds, password, db


class Api:
    """One keep-alive connection to POST /; retries 35 (at capacity) answers."""

    def __init__(self, port, user):
        self.port, self.user = port, user
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.retries = 0

    def call(self, cmmnd, seed):
        body = json.dumps({"userInfo": self.user, "cmmnd": {"cmmnd": cmmnd, "seed": seed}})
        for attempt in range(50):
            try:
                self.conn.request("POST", "/", body, {"Content-Type": "application/json"})
                answer = json.loads(self.conn.getresponse().read())
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.retries += 1
                time.sleep(0.05)
                continue
            if answer.get("exctnFdbck", {}).get("id") == 35:
                self.retries += 1
                time.sleep(0.02 * (attempt + 1))
                continue
            return answer
        return answer


def fill_process(port, user, consumers, ppc, part, parts, threads, out):
    """One client process: consumers part, part+parts, ... from `threads` connections."""
    lock = threading.Lock()
    todo = iter(range(part, consumers, parts))
    stats = {"requests": 0, "errors": 0, "retries": 0, "examples": []}

    def worker():
        api = Api(port, user)
        requests, errors, examples = 0, 0, []
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                break
            answer = api.call("prfl entity", person(i))
            requests += 1
            cid = answer.get("id")
            if answer.get("exctnFdbck", {}).get("id") != 75 or not cid:
                errors += 1
                examples.append(("prfl entity", i, answer))
                continue
            for k in range(ppc):
                seed = policy(i, k)
                answer = api.call("entt_%s: insure" % cid, seed)
                requests += 1
                if answer.get("exctnFdbck", {}).get("id") != 75:
                    errors += 1
                    examples.append(("insure " + seed["ctgry"], i, answer))
        with lock:
            stats["requests"] += requests
            stats["errors"] += errors
            stats["retries"] += api.retries
            stats["examples"].extend(examples[:3])

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put(stats)


def fill(port, creds, consumers, ppc, processes, connections):
    user = {"id": creds["PARTNER_ID"], "athrzt": {"id": creds["AUTH_ID"], "key": creds["AUTH_KEY"]}}
    out = multiprocessing.Queue()
    threads = max(1, connections // processes)
    procs = [multiprocessing.Process(target=fill_process,
                                     args=(port, user, consumers, ppc, p, processes, threads, out))
             for p in range(processes)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    total = {"requests": 0, "errors": 0, "retries": 0, "examples": []}
    for _ in procs:
        s = out.get()
        for key in ("requests", "errors", "retries"):
            total[key] += s[key]
        total["examples"].extend(s["examples"])
    for p in procs:
        p.join()
    total["elapsed"] = time.perf_counter() - t0
    total["connections"] = threads * processes
    return total


class Dashboard:
    """A logged-in dashboard session on one keep-alive connection."""

    def __init__(self, port, email, password):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("POST", "/dashboard/api/login", json.dumps({"email": email, "password": password}),
                          {"Content-Type": "application/json"})
        r = self.conn.getresponse()
        r.read()
        cookie = r.getheader("Set-Cookie") or ""
        if r.status != 200 or not cookie.startswith("aims_session="):
            raise SystemExit("login answered %d, Set-Cookie %r" % (r.status, cookie))
        self.cookie = cookie.split(";", 1)[0]

    def get(self, path, **query):
        """(seconds, parsed body) of one GET /dashboard/api/PATH."""
        url = "/dashboard/api/" + path + (("?" + urllib.parse.urlencode(query)) if query else "")
        t0 = time.perf_counter()
        self.conn.request("GET", url, headers={"Cookie": self.cookie})
        r = self.conn.getresponse()
        data = r.read()
        elapsed = time.perf_counter() - t0
        if r.status != 200:
            raise SystemExit("GET %s answered %d %s" % (url, r.status, data[:200]))
        return elapsed, json.loads(data)


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aimsd", default="build/aimsd")
    ap.add_argument("--aimsctl", default="build/aimsctl")
    ap.add_argument("--consumers", type=int, default=100000)
    ap.add_argument("--policies-per-consumer", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64, help="concurrent keep-alive connections while filling")
    ap.add_argument("--processes", type=int, default=4, help="client processes the connections are spread over")
    ap.add_argument("--repeat", type=int, default=50, help="timed requests per read")
    ap.add_argument("--duplicate-every", type=int, default=100,
                    help="register every Nth consumer a second time under another email (0: none)")
    ap.add_argument("--target-ms", type=float, default=100.0)
    ap.add_argument("--keep", metavar="DIR", help="keep the database and log in DIR (default: removed)")
    args = ap.parse_args()
    if args.consumers < 1 or args.policies_per_consumer < 0:
        ap.error("--consumers must be at least 1 and --policies-per-consumer at least 0")
    work = args.keep or tempfile.mkdtemp(prefix="aims-bench-dash-")
    os.makedirs(work, exist_ok=True)
    email = "bench.reader@dash.example"
    proc, port, creds, password, db = start(args.aimsd, args.aimsctl, work, email)
    try:
        print("filling: %d consumers x %d policies, %d connections over %d processes ..." % (
            args.consumers, args.policies_per_consumer, args.connections, args.processes), flush=True)
        f = fill(port, creds, args.consumers, args.policies_per_consumer, args.processes, args.connections)
        policies = args.consumers * args.policies_per_consumer
        print("filled:  %d consumers, %d policies, %d requests in %.1f s: %.0f requests/s "
              "(%.0f consumers/s with their policies), %d errors, %d retries (35 / reconnect)" % (
                  args.consumers, policies, f["requests"], f["elapsed"], f["requests"] / f["elapsed"],
                  args.consumers / f["elapsed"], f["errors"], f["retries"]), flush=True)
        for what, i, answer in f["examples"][:5]:
            print("  error: %s of consumer %d: %s" % (what, i, json.dumps(answer)[:300]))

        api = Api(port, {"id": creds["PARTNER_ID"], "athrzt": {"id": creds["AUTH_ID"], "key": creds["AUTH_KEY"]}})
        # The mistake the duplicates report is for: one person registered twice.
        twice = 0
        for i in range(1, args.consumers, args.duplicate_every) if args.duplicate_every > 0 else ():
            again = dict(person(i), eMail="again.%d@bench.example" % i)
            if api.call("prfl entity", again).get("exctnFdbck", {}).get("id") != 75:
                raise SystemExit("registering consumer %d a second time failed" % i)
            twice += 1
        # The consumer looked up by email and phone and whose page is timed: the middle one.
        chosen = args.consumers // 2
        who = person(chosen)
        cid = api.call("prfl entity", who).get("id")  # idempotent by email: the same id again
        name_part = who["name"]["first"]
        dash = Dashboard(port, email, password)
        _, first = dash.get("consumers", page=1)
        per = first["per"]
        later = max(1, (first["total"] + per - 1) // per // 2)
        reads = [
            ("list page 1", "consumers", {"page": 1}),
            ("list page %d" % later, "consumers", {"page": later}),
            ("search name %r" % name_part, "consumers", {"q": name_part.lower(), "page": 1}),
            ("search email", "consumers", {"q": who["eMail"]}),
            ("search phone", "consumers", {"q": who["phoneNo"]}),
            ("consumer page (%d policies)" % args.policies_per_consumer, "consumers/%s" % cid, {}),
            ("overview", "overview", {}),
            ("policies page 1", "policies", {"page": 1}),
            ("policies of a product", "policies", {"product": "lapt-flx1-1111", "status": "a"}),
            ("duplicates", "duplicates", {}),
        ]
        # What each read answers, checked once before timing.
        checks = []
        _, body = dash.get("consumers", **reads[2][2])
        checks.append("name %r: %d of %d consumers" % (name_part, body["total"], first["total"]))
        for label, query in (("email", who["eMail"]), ("phone", who["phoneNo"])):
            _, body = dash.get("consumers", q=query)
            if [c["id"] for c in body["consumers"]] != [cid]:
                raise SystemExit("search by %s %r found %s, want only %s" % (label, query, body, cid))
        _, body = dash.get("consumers/" + cid)
        if len(body["policies"]) != args.policies_per_consumer:
            raise SystemExit("consumer page shows %d policies, want %d" % (
                len(body["policies"]), args.policies_per_consumer))
        if first["total"] != args.consumers + twice:
            checks.append("WARNING: the list's total is %d, want %d" % (first["total"], args.consumers + twice))
        _, body = dash.get("duplicates")
        checks.append("%d duplicate groups for %d people registered twice" % (body["total"], twice))

        results = []
        for label, path, query in reads:
            dash.get(path, **query)  # one untimed warm-up
            times = sorted(dash.get(path, **query)[0] * 1000 for _ in range(args.repeat))
            results.append((label, percentile(times, 0.5), percentile(times, 0.95), times[-1]))
    finally:
        proc.terminate()
        proc.wait(30)
        size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("database: %.1f MiB; %s" % (size / 1048576.0, "; ".join(checks)))
    print("%d requests each, one keep-alive connection, target %.0f ms:" % (args.repeat, args.target_ms))
    over = 0
    for label, p50, p95, worst in results:
        verdict = "PASS" if p95 < args.target_ms else "OVER"
        over += verdict == "OVER"
        print("  %-28s median %7.2f ms  p95 %7.2f ms  max %7.2f ms  %s" % (label, p50, p95, worst, verdict))
    print("fill rate: %.0f requests/s (%.0f consumers/s with %d policies each)" % (
        f["requests"] / f["elapsed"], args.consumers / f["elapsed"], args.policies_per_consumer))
    return 0 if over == 0 and f["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
