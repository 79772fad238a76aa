#!/usr/bin/env python3
"""register.py - registration throughput of aimsd with and without group commit.

Starts build/aimsd twice on fresh SQLite databases (WAL, synchronous=FULL), once with
the default group commit and once with --max-group 1 (one transaction and one fsync per
registration: the baseline), fires the same number of SR05 registrations from the same
number of concurrent keep-alive connections at each, and prints registrations per second,
latency percentiles and the ratio. Both runs happen in one invocation, on one machine,
so the ratio is meaningful even on a shared, noisy machine.

    python3 bench/register.py [--requests 3000] [--connections 32] [--aimsd build/aimsd]
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
import threading
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


def run(port, creds, name, requests, connections):
    user = {"id": creds["PARTNER_ID"], "athrzt": {"id": creds["AUTH_ID"], "key": creds["AUTH_KEY"]}}
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            body = json.dumps({"userInfo": user, "cmmnd": {"cmmnd": "prfl entity", "seed": {
                "class": "individual", "name": {"first": "Bench", "last": "User"},
                "phoneNo": "+2348030000000", "eMail": "%s-%d@bench.example" % (name, i)}}})
            t0 = time.perf_counter()
            conn.request("POST", "/", body, {"Content-Type": "application/json"})
            answer = json.loads(conn.getresponse().read())
            mine.append(time.perf_counter() - t0)
            if answer["exctnFdbck"]["id"] != 75:
                errors.append(answer)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    return {"rate": requests / elapsed, "p50": pct(0.5), "p99": pct(0.99), "errors": len(errors)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aimsd", default="build/aimsd")
    ap.add_argument("--aimsctl", default="build/aimsctl")
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="aims-bench-")
    results = {}
    try:
        for name, extra in (("grouped", []), ("baseline", ["--max-group", "1"])):
            proc, port, creds = start(args.aimsd, args.aimsctl, work, name, extra)
            try:
                results[name] = run(port, creds, name, args.requests, args.connections)
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
