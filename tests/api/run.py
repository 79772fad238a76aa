#!/usr/bin/env python3
"""run.py — the API test runner of aims.

Creates a fresh database with two partners (A, B) through aimsctl, starts aimsd on a
free loopback port, runs every case file in cases/ (or the NAMEs given) and then the
scenarios in scenarios.py, stops aimsd with SIGTERM and prints `N passed, N failed`.
Python 3 standard library only. See README.md for the case-file format.

    python3 tests/api/run.py --aimsd build/aimsd --aimsctl build/aimsctl [--work DIR] [NAME...]
    python3 tests/api/run.py --self-test
"""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import argparse  # noqa: E402
import glob  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import tempfile  # noqa: E402
import traceback  # noqa: E402

import caselib  # noqa: E402
import harness  # noqa: E402
import scenarios  # noqa: E402
import scenarios_catalog  # noqa: E402,F401  (registers its scenarios)
import scenarios_policies  # noqa: E402,F401  (registers its scenarios)
import scenarios_client  # noqa: E402,F401  (registers its scenarios)
import scenarios_dashboard  # noqa: E402,F401  (registers its scenarios)
import scenarios_dashboard_reads  # noqa: E402,F401  (registers its scenarios)
import scenarios_dashboard_writes  # noqa: E402,F401  (registers its scenarios)

HERE = os.path.dirname(os.path.abspath(__file__))
CASE_DIR = os.path.join(HERE, "cases")
MAX_SHOWN = 3  # failing steps printed per case file


def case_files():
    """{name: path} of every cases/*.case."""
    paths = sorted(glob.glob(os.path.join(CASE_DIR, "*.case")))
    return {os.path.basename(p)[:-len(".case")]: p for p in paths}


def partner_variables(prefix, partner, auth_id, auth_key):
    info = {"id": partner, "athrzt": {"id": auth_id, "key": auth_key}}
    return {prefix + "_PARTNER": partner, prefix + "_AUTH_ID": auth_id, prefix + "_AUTH_KEY": auth_key,
            prefix + "_USERINFO": json.dumps(info)}


class Context:
    """What cases and scenarios share: programs, work dir, main server, variables."""

    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.db = os.path.join(work, "aims.db")
        self.ctl = harness.Aimsctl(args.aimsctl, self.db)
        self.server = harness.Aimsd(args.aimsd, self.db, os.path.join(work, "aimsd.log"), args.aimsd_arg)
        self.vars = {}
        self.extra_servers = []  # second servers of the running scenario

    def setup(self):
        """Fresh database: partners A and B, a second key of A and a revoked one."""
        remove_database(self.db, self.server.log_path)
        a = self.ctl.partner_create("A")
        b = self.ctl.partner_create("B")
        a2 = self.ctl.key_add(a["PARTNER_ID"])
        gone = self.ctl.key_add(a["PARTNER_ID"])
        self.ctl.key_revoke(gone["AUTH_ID"])
        self.vars.update(partner_variables("A", a["PARTNER_ID"], a["AUTH_ID"], a["AUTH_KEY"]))
        self.vars.update(partner_variables("B", b["PARTNER_ID"], b["AUTH_ID"], b["AUTH_KEY"]))
        self.vars.update({"A2_AUTH_ID": a2["AUTH_ID"], "A2_AUTH_KEY": a2["AUTH_KEY"],
                          "A_REVOKED_AUTH_ID": gone["AUTH_ID"], "A_REVOKED_AUTH_KEY": gone["AUTH_KEY"]})
        self.server.start()

    def userinfo(self, who):
        return json.loads(self.vars[who + "_USERINFO"])

    def new_server(self, name, extra_args):
        """A second aimsd (not started) for a fresh database work/NAME.db; returns (Aimsd, Aimsctl)."""
        db, log = os.path.join(self.work, name + ".db"), os.path.join(self.work, name + ".log")
        remove_database(db, log)
        ctl = harness.Aimsctl(self.args.aimsctl, db)
        server = harness.Aimsd(self.args.aimsd, db, log, self.args.aimsd_arg + extra_args)
        self.extra_servers.append(server)
        return server, ctl

    def note(self, text):
        print("     " + text, flush=True)

    def ensure_server(self):
        """Restart the main aimsd if it died, after showing why."""
        if not self.server.alive():
            print("     aimsd died (exit status %s); restarting it\n%s" % (
                self.server.proc.returncode if self.server.proc else None, indent(self.server.log_tail())))
            self.server.start()


def remove_database(db, log):
    """Make room for a fresh database (a reused --work directory keeps old files)."""
    for path in (db, db + "-wal", db + "-shm", db + "-journal", db + ".key", log):
        if os.path.exists(path):
            os.remove(path)


def indent(text, prefix="       "):
    return "\n".join(prefix + line for line in text.splitlines())


def show_bytes(body, limit=1500):
    text = body.decode("utf-8", "backslashreplace")
    if len(text) > limit:
        return text[:limit // 2] + " ... (%d bytes in all) ... " % len(body) + text[-200:]
    return text


def run_step(ctx, step, variables):
    """Run one step; returns a list of problem strings (empty when it passed) and a report."""
    try:
        body = caselib.render_request(step, variables)
    except caselib.CaseError as e:
        hint = " (captured by an earlier step that failed?)" if "unknown variable" in str(e) else ""
        return ["cannot build the request: %s%s" % (e, hint)], "(not sent)", None
    try:
        reply = harness.post(ctx.server.port, body)
    except Exception as e:  # timeouts, resets, malformed HTTP
        return ["no answer: %s: %s" % (type(e).__name__, e)], show_bytes(body), None
    answer, problems = caselib.check_answer(reply.status, reply.content_type, reply.body)
    if answer is not None and not problems:
        problems = caselib.match(step.expect, answer, variables)
    actual = "HTTP %d %s\n%s" % (reply.status, reply.content_type, show_bytes(reply.body))
    return problems, show_bytes(body), actual


def run_case(ctx, name, path):
    """Run one case file; returns True when every step passed."""
    try:
        with open(path, encoding="utf-8") as f:
            case = caselib.parse_case(f.read(), name, os.path.relpath(path))
    except (OSError, caselib.CaseError, UnicodeDecodeError) as e:
        print("FAIL %s\n     bad case file: %s" % (name, e))
        return False
    variables = dict(ctx.vars, CASE=name)
    failed = 0
    for number, step in enumerate(case.steps, 1):
        ctx.ensure_server()
        problems, request, actual = run_step(ctx, step, variables)
        if not problems:
            continue
        failed += 1
        if failed == 1:
            print("FAIL %s  (%s)" % (name, case.path))
        if failed <= MAX_SHOWN:
            print("   step %d, line %d: %s" % (number, step.line, step.title))
            print("     request:\n" + indent(request))
            print("     expected:\n" + indent(step.expect_text))
            print("     actual:\n" + indent(actual or "(none)"))
            print("     problems:\n" + indent("\n".join("- " + p for p in problems)))
        ctx.ensure_server()  # shows the log and restarts if this step killed aimsd
    if failed > MAX_SHOWN:
        print("   ... and %d more failing steps" % (failed - MAX_SHOWN))
    if failed:
        print("     (%d of %d steps failed)" % (failed, len(case.steps)))
        return False
    print("ok   %s (%d steps)" % (name, len(case.steps)))
    return True


def run_scenario(ctx, name, fn, description):
    ctx.ensure_server()
    try:
        fn(ctx)
    except scenarios.Failure as e:
        print("FAIL %s  (scenario: %s)\n%s" % (name, description, indent(str(e))))
        if not ctx.server.alive():
            ctx.ensure_server()
        return False
    except Exception:
        print("FAIL %s  (scenario: %s)\n%s" % (name, description, indent(traceback.format_exc())))
        print(indent(ctx.server.log_tail()))
        return False
    finally:
        for server in ctx.extra_servers:
            server.kill()
        ctx.extra_servers.clear()
    print("ok   %s (scenario)" % name)
    return True


def check_shutdown(ctx):
    if not ctx.server.alive():
        ctx.ensure_server()
    rc = ctx.server.stop(10.0)
    if rc == 0:
        print("ok   shutdown (SIGTERM, exit 0)")
        return True
    what = "did not exit within 10 s of SIGTERM" if rc is None else "exited %s on SIGTERM, want 0" % rc
    print("FAIL shutdown: aimsd %s\n%s" % (what, indent(ctx.server.log_tail())))
    return False


def parse_args(argv):
    p = argparse.ArgumentParser(description="Run the aims API tests against a fresh aimsd.")
    p.add_argument("--aimsd", help="path of the aimsd program")
    p.add_argument("--aimsctl", help="path of the aimsctl program")
    p.add_argument("--work", help="work directory (kept); default a temporary one, removed when all pass")
    p.add_argument("--aimsd-arg", action="append", default=[], metavar="ARG",
                   help="extra argument for every aimsd started (repeatable)")
    p.add_argument("--self-test", action="store_true", help="check the runner itself; needs no server")
    p.add_argument("names", nargs="*", metavar="NAME", help="case files (without .case) or scenarios to run")
    args = p.parse_args(argv)
    if not args.self_test and not (args.aimsd and args.aimsctl):
        p.error("--aimsd and --aimsctl are required (or --self-test)")
    return args


def select(names):
    """The case files and scenarios to run; exits 2 on an unknown name."""
    cases = case_files()
    known = set(cases) | {s[0] for s in scenarios.ALL}
    unknown = [n for n in names if n not in known]
    if unknown:
        sys.exit("unknown test %s; known: %s" % (", ".join(unknown), " ".join(sorted(known))))
    chosen_cases = [(n, p) for n, p in cases.items() if not names or n in names]
    chosen_scenarios = [s for s in scenarios.ALL if not names or s[0] in names]
    return chosen_cases, chosen_scenarios


def interrupted(_signum, _frame):
    raise KeyboardInterrupt


def main(argv):
    args = parse_args(argv)
    if args.self_test:
        import selftest
        return selftest.main()
    for exe in (args.aimsd, args.aimsctl):
        if not os.access(exe, os.X_OK):
            sys.exit("not an executable program: %s" % exe)
    args.aimsd = os.path.abspath(args.aimsd)
    args.aimsctl = os.path.abspath(args.aimsctl)
    chosen_cases, chosen_scenarios = select(args.names)
    signal.signal(signal.SIGTERM, interrupted)  # so that finally: blocks kill aimsd
    if args.work:
        work = os.path.abspath(args.work)
        os.makedirs(work, exist_ok=True)
    else:
        work = tempfile.mkdtemp(prefix="aims-api-")
    ctx = Context(args, work)
    passed = failed = 0
    try:
        try:
            ctx.setup()
        except Exception as e:
            print("FAIL setup: %s" % e)
            failed = len(chosen_cases) + len(chosen_scenarios) + 1
        tests = [lambda n=n, p=p: run_case(ctx, n, p) for n, p in chosen_cases]
        tests += [lambda s=s: run_scenario(ctx, *s) for s in chosen_scenarios]
        tests.append(lambda: check_shutdown(ctx))
        for test in tests if not failed else []:
            try:
                ok = test()
            except RuntimeError as e:  # aimsd could not be restarted
                print("FAIL %s" % e)
                ok = False
            passed, failed = passed + ok, failed + (not ok)
    except KeyboardInterrupt:
        print("interrupted after %d passed, %d failed; work directory kept: %s" % (passed, failed, work))
        return 130
    finally:
        ctx.server.kill()
        for server in ctx.extra_servers:
            server.kill()
    if failed or args.work:
        print("work directory kept: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
