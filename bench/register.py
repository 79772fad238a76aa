#!/usr/bin/env python3
"""register.py - registration throughput of aimsd with and without group commit.

Starts build/aimsd twice on fresh SQLite databases (WAL, synchronous=FULL), once with
the default group commit and once with --max-group 1 (one transaction and one fsync per
registration: the baseline), fires the same number of SR05 registrations from the same
number of concurrent keep-alive connections at each (build/bench-load, bench/load.c: C
threads, so the client is not the bottleneck), and prints registrations per second,
latency percentiles and the ratio. Both runs happen in one invocation, on one machine,
so the ratio is meaningful even on a shared, noisy machine.

    python3 bench/register.py [--requests 3000] [--connections 32] [--aimsd build/aimsd]
                              [--load build/bench-load]
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(aimsd, aimsctl, work, name, extra):
    db = os.path.join(work, name + ".db")
    creds = subprocess.run([aimsctl, "--db", "sqlite:" + db, "partner", "create", "--name", name],
                           capture_output=True, check=True, text=True).stdout
    p = dict(line.split("=", 1) for line in creds.split())
    port = free_port()
    log = open(os.path.join(work, name + ".log"), "wb")
    proc = subprocess.Popen([aimsd, "--listen", "127.0.0.1:%d" % port, "--db", "sqlite:" + db] + extra,
                            stderr=log, stdout=log)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            if c.getresponse().read() == b"ok":
                break
        except OSError:
            time.sleep(0.05)
    return proc, port, p


def run(load, port, creds, name, requests, connections):
    """Fires the registrations with build/bench-load (C threads, one keep-alive connection
    each), so the client is not what is measured."""
    out = subprocess.run([load, "--port", str(port), "--partner", creds["PARTNER_ID"], "--auth-id",
                          creds["AUTH_ID"], "--auth-key", creds["AUTH_KEY"], "--requests", str(requests),
                          "--connections", str(connections), "--prefix", name],
                         capture_output=True, text=True, timeout=600)
    r = json.loads(out.stdout)
    return {"rate": r["per_second"], "p50": r["p50_ms"], "p99": r["p99_ms"],
            "errors": r["errors"] + r["busy"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aimsd", default="build/aimsd")
    ap.add_argument("--aimsctl", default="build/aimsctl")
    ap.add_argument("--load", default="build/bench-load", help="the load generator (make builds it)")
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="aims-bench-")
    results = {}
    try:
        for name, extra in (("grouped", []), ("baseline", ["--max-group", "1"])):
            proc, port, creds = start(args.aimsd, args.aimsctl, work, name, extra)
            try:
                results[name] = run(args.load, port, creds, name, args.requests, args.connections)
            finally:
                proc.terminate()
                proc.wait(10)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, r in results.items():
        print("%-9s %7.0f registrations/s  p50 %6.2f ms  p99 %7.2f ms  errors %d" % (
            name, r["rate"], r["p50"], r["p99"], r["errors"]))
    print("group commit / one commit per registration: %.2fx the throughput" % (
        results["grouped"]["rate"] / results["baseline"]["rate"]))
    return 0 if all(r["errors"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
