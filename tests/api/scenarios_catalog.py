"""scenarios_catalog — API tests of the product catalog file that case files cannot express.

A broken catalog refuses to start aimsd; `aimsctl catalog check` names the entry and field;
SIGHUP reloads the catalog atomically under load (no request lost or answered from a
half-read file) and a bad file is refused with a log line while the old catalog stays.
Registered into scenarios.ALL when imported.
"""

import json
import os
import shutil
import signal
import subprocess
import threading
import time

import harness
from scenarios import Failure, call, expect, scenario, userinfo

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CATALOG = os.path.join(REPO, "catalog", "products.json")
HEALTH_QUOTE = "dump ipck_hlth-axam-1111*PRMM"


def _write_catalog(path, health_1m):
    """The shipped catalog with the health 1m price changed to health_1m Naira."""
    with open(CATALOG) as f:
        cat = json.load(f)
    found = False
    for p in cat["products"]:
        if p["code"] == "hlth-axam-1111":
            prices = p["premium"]["prices"]
            prices["1m"] = health_1m
            found = True
    if not found:
        raise Failure("hlth-axam-1111 not found in %s" % CATALOG)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(cat, f)
    os.replace(tmp, path)  # the operator's atomic edit


def _broken(path):
    with open(path) as f:
        text = f.read()
    with open(path + ".tmp", "w") as f:
        f.write(text.replace('"kind": "table"', '"kind": "tabel"', 1))
    os.replace(path + ".tmp", path)


@scenario("catalog-check", "aimsctl catalog check accepts the shipped file and names entry and field in a bad one")
def catalog_check(ctx):
    ok = subprocess.run([ctx.args.aimsctl, "catalog", "check", CATALOG], capture_output=True, timeout=30)
    if ok.returncode != 0 or b"15 products" not in ok.stdout:
        raise Failure("catalog check of the shipped file: exit %d\n%s%s" % (
            ok.returncode, ok.stdout.decode(), ok.stderr.decode()))
    bad = os.path.join(ctx.work, "bad-catalog.json")
    shutil.copyfile(CATALOG, bad)
    _broken(bad)
    r = subprocess.run([ctx.args.aimsctl, "catalog", "check", bad], capture_output=True, timeout=30)
    err = r.stderr.decode()
    if r.returncode == 0 or "hlth-axam-1111" not in err or "premium.kind" not in err:
        raise Failure("catalog check of a file with kind 'tabel': exit %d, stderr %r; want non-zero "
                      "naming hlth-axam-1111 and premium.kind" % (r.returncode, err))


@scenario("catalog-broken-at-start", "aimsd refuses to start with a broken catalog, naming entry and field")
def catalog_broken_at_start(ctx):
    bad = os.path.join(ctx.work, "bad-start.json")
    shutil.copyfile(CATALOG, bad)
    _broken(bad)
    server, ctl = ctx.new_server("badcat", ["--catalog", bad])
    ctl.partner_create("X")
    cmd = [ctx.args.aimsd, "--listen", "127.0.0.1:%d" % harness.free_port(), "--db", "sqlite:" + server.db,
           "--catalog", bad]
    r = subprocess.run(cmd, capture_output=True, timeout=30)
    err = r.stderr.decode()
    if r.returncode == 0 or "hlth-axam-1111" not in err or "premium.kind" not in err:
        raise Failure("aimsd with a broken catalog: exit %d, stderr %r" % (r.returncode, err))


@scenario("catalog-reload", "SIGHUP swaps the catalog under load without losing a request; a bad file is refused")
def catalog_reload(ctx):
    path = os.path.join(ctx.work, "reload-catalog.json")
    _write_catalog(path, 1250)
    server, ctl = ctx.new_server("reload", ["--catalog", path])
    p = ctl.partner_create("R")
    server.start()
    who = userinfo(p["PARTNER_ID"], p["AUTH_ID"], p["AUTH_KEY"])
    stop = threading.Event()
    seen, problems = [], []

    def load():
        while not stop.is_set():
            try:
                answer = call(server.port, who, HEALTH_QUOTE, {"insrncDrtn": "1m"})
            except Exception as e:  # recorded and reported below
                problems.append(str(e))
                return
            if answer["exctnFdbck"].get("id") != 75:
                problems.append(json.dumps(answer))
                return
            seen.append(answer["prmm"])

    threads = [threading.Thread(target=load, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for price in (1300, 1400, 1500):
            time.sleep(0.3)
            _write_catalog(path, price)
            server.proc.send_signal(signal.SIGHUP)
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join(15)
    if problems:
        raise Failure("during reloads: %d failed requests; the first:\n%s" % (len(problems), problems[0]))
    if len(seen) < 20:
        raise Failure("only %d quotes answered during the reloads" % len(seen))
    strange = sorted(set(seen) - {1250, 1300, 1400, 1500})
    if strange:
        raise Failure("quotes answered prices no catalog had: %s" % strange)
    if seen[-1] != 1500:
        raise Failure("after the last reload the health 1m quote is %s, want 1500" % seen[-1])
    # A broken file is refused: the catalog in force stays, and the log says why.
    _broken(path)
    server.proc.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    expect(call(server.port, who, HEALTH_QUOTE, {"insrncDrtn": "1m"}),
           {"exctnFdbck": {"id": 75, "id_v4": 200}, "prmm": 1500}, "a quote after a refused reload")
    with open(server.log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    if "catalog reload refused" not in log or "premium.kind" not in log:
        raise Failure("no log line refusing the broken catalog\n%s" % server.log_tail())
    rc = server.stop()
    if rc != 0:
        raise Failure("aimsd exited %s on SIGTERM after reloads\n%s" % (rc, server.log_tail()))


@scenario("product-list-show", "aimsctl product list shows every product; product show one with its prices")
def product_list_show(ctx):
    r = subprocess.run([ctx.args.aimsctl, "--catalog", CATALOG, "product", "list"], capture_output=True, timeout=30)
    out = r.stdout.decode()
    with open(CATALOG) as f:
        codes = [p["code"] for p in json.load(f)["products"]]
    missing = [c for c in codes if c not in out]
    if r.returncode != 0 or missing or len(codes) != 15:
        raise Failure("product list: exit %d, missing %s\n%s" % (r.returncode, missing, out))
    r = subprocess.run([ctx.args.aimsctl, "--catalog", CATALOG, "product", "show", "lptp-flx1-1111"],
                       capture_output=True, timeout=30)
    out = r.stdout.decode()
    for want in ("lapt-flx1-1111", "insrncDrtn", "NGN 26,400", "NGN 48,000"):
        if want not in out:
            raise Failure("product show lptp-flx1-1111 lacks %r:\n%s" % (want, out))
    r = subprocess.run([ctx.args.aimsctl, "--catalog", CATALOG, "product", "show", "nope-nope-1111"],
                       capture_output=True, timeout=30)
    if r.returncode == 0 or b"no product nope-nope-1111" not in r.stderr:
        raise Failure("product show of an unknown code: exit %d %r" % (r.returncode, r.stderr))
