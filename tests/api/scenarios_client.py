"""scenarios_client — libaims and the `aims` command-line client end to end.

The partner's side of the Consumer Management Guide, driven through `aims` (the CLI on
top of libaims, found next to --aimsctl so that the sanitizer build tests its own) against
a real aimsd, each scenario on a fresh database: a returning customer is never registered
again; a lost local store is recovered by email idempotency; 35 answers are retried;
a policy request whose answer was lost is retried under the same reference and buys one
policy; the legacy answer form is understood; 55 answers are reported. proxy.py plays
the misbehaving server. Also the example program (examples/checkout.c) and
`make install` with pkg-config and the man pages. Registered into scenarios.ALL when
imported.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

import harness
from proxy import Proxy
from scenarios import LABEL_RE, METRIC_RE, Failure, call, count_consumers, scenario

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CLI_TIMEOUT = 30  # seconds for one `aims` run; every scenario ends well within a minute

HEALTH = "hlth-axam-1111"
LAPTOP = "lapt-flx1-1111"
DRIVER = "dpss-stnd-1111"
LAPTOP_FACTS = {"brand": "HP", "model": "ProBook", "serialNo": "5CD1"}
HEALTH_FACTS = {"RsdncState": "Lagos", "RsdncLga": "Ikeja", "hospital": "LASUTH"}
DRIVER_FACTS = {"plan": "pdc", "drvrLcnsNo": "LAG12345AA01"}


def person(domain, first="Adaeze", last="Nwosu"):
    """`aims register` options of one individual with an email of the scenario's own domain."""
    return ["--first", first, "--last", last, "--email", "%s.%s@%s" % (first.lower(), last.lower(), domain),
            "--phone", "+2348051234567", "--dob", "1995-03-08", "--gender", "f",
            "--address", "12 Victoria Island, Lagos"]


# ---------------------------------------------------------------- the CLI

def build_dir(ctx):
    return os.path.dirname(ctx.args.aimsctl)


class Cli:
    """build/aims bound to one server and partner, with its own local store file."""

    def __init__(self, ctx, url, partner, store):
        self.exe = os.path.join(build_dir(ctx), "aims")
        if not os.access(self.exe, os.X_OK):
            raise Failure("no client program %s (make %s)" % (self.exe, os.path.relpath(self.exe, REPO)))
        self.url = url
        self.partner = partner
        self.store = store
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AIMS_")}

    def argv(self, args, url=None):
        """The command line; --retry-base 100: waits of 0.1, 0.2 and 0.4 s after 35 answers."""
        return [self.exe, "--url", url or self.url, "--partner", self.partner["PARTNER_ID"],
                "--auth-id", self.partner["AUTH_ID"], "--auth-key", self.partner["AUTH_KEY"],
                "--store", self.store, "--retry-base", "100"] + list(args)

    def settings_env(self):
        """The environment giving the same settings as argv's options (AIMS_URL ...)."""
        return dict(self.env, AIMS_URL=self.url, AIMS_PARTNER_ID=self.partner["PARTNER_ID"],
                    AIMS_AUTH_ID=self.partner["AUTH_ID"], AIMS_AUTH_KEY=self.partner["AUTH_KEY"],
                    AIMS_STORE=self.store)

    def run(self, *args, url=None, want=0, timeout=CLI_TIMEOUT, from_env=False):
        """Runs aims ARGS (settings as options, or from_env from the environment only);
        returns (stdout, stderr); Failure unless it exits `want`."""
        cmd = [self.exe] + list(args) if from_env else self.argv(args, url)
        env = self.settings_env() if from_env else self.env
        started = time.monotonic()
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env,
                               cwd=os.path.dirname(self.store))
        except subprocess.TimeoutExpired as e:
            raise Failure("%s\ndid not end within %d s\nstdout: %s\nstderr: %s" % (
                shell(cmd), timeout, text(e.stdout), text(e.stderr)))
        self.elapsed = time.monotonic() - started
        out, err = text(p.stdout), text(p.stderr)
        if want is not None and p.returncode != want:
            raise Failure("%s\nexited %d, want %d\nstdout: %s\nstderr: %s" % (
                shell(cmd), p.returncode, want, out, err))
        self.last = (cmd, p.returncode, out, err)
        return out, err

    def json(self, *args, url=None, from_env=False):
        """Runs aims --json ARGS expecting exit 0; returns the parsed JSON."""
        out, err = self.run("--json", *args, url=url, from_env=from_env)
        try:
            return json.loads(out)
        except ValueError as e:
            raise Failure("%s\nprinted no JSON (%s)\nstdout: %s\nstderr: %s" % (
                shell(self.last[0]), e, out, err))

    def register(self, user_id, domain, url=None, from_env=False):
        """`aims register`; returns the consumer id it printed."""
        answer = self.json("register", user_id, *person(domain), url=url, from_env=from_env)
        return field(answer, "consumer_id", "register")

    def insure(self, who, product, order_id, fields, facts, url=None):
        args = ["insure", who, product, order_id] + ["%s=%s" % kv for kv in fields.items()]
        return self.json(*args, "--facts", json.dumps(facts), url=url)


def text(data):
    return (data or b"").decode("utf-8", "replace").strip()


def shell(cmd):
    return " ".join(a if re.fullmatch(r"[\w@%+=:,./-]+", a) else "'%s'" % a for a in cmd)


def field(answer, name, what):
    if not isinstance(answer, dict) or name not in answer:
        raise Failure("aims --json %s printed no %r: %s" % (what, name, json.dumps(answer)))
    return answer[name]


# ---------------------------------------------------------------- the server side

def fresh(ctx, name):
    """A second aimsd on a fresh database with one TEST partner; returns (server, partner, work dir)."""
    server, ctl = ctx.new_server(name, [])
    partner = ctl.partner_create(name)
    server.start()
    work = os.path.join(ctx.work, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    return server, partner, work


def url(server):
    return "http://%s:%d" % (harness.HOST, server.port)


def who(partner):
    return {"id": partner["PARTNER_ID"], "athrzt": {"id": partner["AUTH_ID"], "key": partner["AUTH_KEY"]}}


def sr05_requests(server):
    """{outcome: count} of aims_requests_total{command="SR05"} on GET /metrics (zeros left out)."""
    r = harness.request(server.port, "GET", "/metrics")
    counts = {}
    for line in r.body.decode("utf-8", "replace").splitlines():
        m = METRIC_RE.match(line)
        if m and m.group(1) == "aims_requests_total":
            labels = dict(LABEL_RE.findall(m.group(2) or ""))
            if labels.get("command") == "SR05":
                counts[labels.get("outcome")] = counts.get(labels.get("outcome"), 0) + int(float(m.group(3)))
    return {outcome: n for outcome, n in counts.items() if n}


def transactions(server, partner, consumer_id):
    """The consumer's transactions, newest first (entt_<id>|insr_*: dump)."""
    answer = call(server.port, who(partner), "entt_%s|insr_*: dump" % consumer_id)
    if answer.get("exctnFdbck", {}).get("id") != 75:
        raise Failure("entt_%s|insr_*: dump answered %s" % (consumer_id, json.dumps(answer)))
    return answer.get("trns", [])


def naira(kobo):
    return "%d.%02d" % (kobo // 100, kobo % 100)


def check_policy(cli, answer, product, premium_kobo, what, url=None):
    """An `aims --json insure` answer: an approved policy of product at that premium, whose
    `aims --json status` shows a TEST policy number. Returns the status answer."""
    problems = []
    if answer.get("product") != product:
        problems.append("product %r, want %r" % (answer.get("product"), product))
    if answer.get("status") != "approved":
        problems.append("status %r, want 'approved' (TEST partners are approved at once)" % answer.get("status"))
    if answer.get("premium_kobo") != premium_kobo or answer.get("premium") != premium_kobo / 100:
        problems.append("premium %r / premium_kobo %r, want %s Naira" % (
            answer.get("premium"), answer.get("premium_kobo"), naira(premium_kobo)))
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(answer.get("txref", ""))):
        problems.append("txref %r is not a transaction reference" % answer.get("txref"))
    if problems:
        raise Failure("%s: %s\n%s" % (what, json.dumps(answer), "\n".join("- " + p for p in problems)))
    status = cli.json("status", answer["consumer_id"], product, answer["txref"], url=url)
    if status.get("status") != "approved" or \
            not re.fullmatch(r"TEST-[A-Z]{4}-[0-9A-F]{10}", str(status.get("policy_no", ""))):
        raise Failure("%s: aims status answered %s, want approved with a TEST- policy number" % (
            what, json.dumps(status)))
    return status


# ---------------------------------------------------------------- scenarios

@scenario("client-returning-customer",
          "aims: the first purchase registers; later purchases of other products reuse the stored consumer id")
def returning_customer(ctx):
    server, partner, work = fresh(ctx, "client-returning")
    cli = Cli(ctx, url(server), partner, os.path.join(work, "store.db"))
    purchases = [(DRIVER, "order-1", {"plan": "pdc", "insrncDrtn": "1y"}, DRIVER_FACTS, 500000),
                 (HEALTH, "order-2", {"insrncDrtn": "3m"}, HEALTH_FACTS, 375000),
                 (LAPTOP, "order-3", {"insrncDrtn": "1y"}, LAPTOP_FACTS, 4800000)]
    ids, counters = [], []
    for product, order, fields, facts, kobo in purchases:
        ids.append(cli.register("ada", "client-returning.example"))  # the checkout always ensures
        counters.append(sr05_requests(server))
        check_policy(cli, cli.insure("ada", product, order, fields, facts), product, kobo,
                     "aims insure ada %s %s" % (product, order))
    if counters[0].get("75") != 1 or sum(counters[0].values()) != 1:
        raise Failure("the first purchase must make exactly one SR05 request (75); metrics: %s" % counters[0])
    if counters[1] != counters[0] or counters[2] != counters[0]:
        raise Failure("returning purchases made prfl entity requests; SR05 counters after each purchase: %s"
                      % counters)
    if len(set(ids)) != 1:
        raise Failure("one user id got several consumer ids: %s" % ids)
    trns = transactions(server, partner, ids[0])
    got = sorted(t.get("prdc") for t in trns)
    if got != sorted(p[0] for p in purchases):
        raise Failure("consumer %s holds policies %s, want one each of %s" % (ids[0], got, [p[0] for p in purchases]))
    if count_consumers(server.db) != 1:
        raise Failure("the consumers table has %d rows, want 1" % count_consumers(server.db))
    listed = cli.json("consumers")
    if json.dumps(listed).count(ids[0]) != 1 or "ada" not in json.dumps(listed):
        raise Failure("aims --json consumers does not list ada -> %s once: %s" % (ids[0], json.dumps(listed)))


@scenario("client-lost-store",
          "aims: with the local store lost, register recovers the same consumer by email (one SR05, no new consumer)")
def lost_store(ctx):
    server, partner, work = fresh(ctx, "client-lost")
    store = os.path.join(work, "store.db")
    cli = Cli(ctx, url(server), partner, store)
    first = cli.register("u-77", "client-lost.example")
    before, consumers = sr05_requests(server), count_consumers(server.db)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    again = cli.register("u-77", "client-lost.example")
    after = sr05_requests(server)
    if again != first:
        raise Failure("after losing the store, register answered %s; the consumer is %s" % (again, first))
    if after.get("75", 0) != before.get("75", 0) + 1 or sum(after.values()) != sum(before.values()) + 1:
        raise Failure("recovery must cost exactly one SR05 request: before %s, after %s" % (before, after))
    if count_consumers(server.db) != consumers:
        raise Failure("recovery created a consumer: %d rows, was %d" % (count_consumers(server.db), consumers))
    # The recovered mapping is stored again: the next register sends nothing (settings
    # taken from AIMS_URL, AIMS_PARTNER_ID, AIMS_AUTH_ID, AIMS_AUTH_KEY and AIMS_STORE this time).
    if cli.register("u-77", "client-lost.example", from_env=True) != first:
        raise Failure("register with the settings in the environment answered another consumer id")
    if sr05_requests(server) != after:
        raise Failure("the recovered consumer id was not saved: a third register sent prfl entity again")


@scenario("client-busy-retry",
          "aims: 35 answers are retried with backoff; after every retry the CLI exits 1 reporting the 35")
def busy_retry(ctx):
    server, partner, work = fresh(ctx, "client-busy")
    with Proxy(server.port) as proxy:
        cli = Cli(ctx, proxy.url, partner, os.path.join(work, "store.db"))
        proxy.busy(2)
        answer = cli.json("quote", HEALTH, "insrncDrtn=1y")
        if field(answer, "premium_kobo", "quote") != 1500000:
            raise Failure("quote after two 35 answers: %s, want premium_kobo 1500000" % json.dumps(answer))
        if proxy.received != 3:
            raise Failure("two 35 answers then a 75 should take 3 requests\n%s" % proxy.report())
        ctx.note("client-busy-retry: 2 x 35 then 75 in %.1f s" % cli.elapsed)
        proxy.received, proxy.commands = 0, []
        proxy.busy(1000)
        out, err = cli.run("quote", HEALTH, "insrncDrtn=1y", want=1)
        if "capacity" not in (out + err).lower() and "35" not in out + err:
            raise Failure("aims exited 1 after 35 answers but did not say so\nstdout: %s\nstderr: %s" % (out, err))
        if proxy.received != 4:
            raise Failure("35 to every request: want 4 requests (1 + 3 retries)\n%s" % proxy.report())
        if cli.elapsed < 0.5:  # waits of 100, 200 and 400 ms, each +-25 %
            raise Failure("three retries after --retry-base 100 took %.2f s: no doubling backoff" % cli.elapsed)
        ctx.note("client-busy-retry: gave up after %d requests in %.1f s" % (proxy.received, cli.elapsed))
        if proxy.errors:
            raise Failure(proxy.report())


@scenario("client-crash-between-send-and-answer",
          "aims insure killed (or timed out) after aimsd answered, before the answer arrived: the rerun buys one policy")
def crash_between_send_and_answer(ctx):
    server, partner, work = fresh(ctx, "client-crash")
    cli = Cli(ctx, url(server), partner, os.path.join(work, "store.db"))
    cid = cli.register("u-crash", "client-crash.example")
    args = ["insure", "u-crash", HEALTH, "checkout-9", "insrncDrtn=3m", "--facts", json.dumps(HEALTH_FACTS)]
    with Proxy(server.port) as proxy:
        proxy.hold(r": insure$")
        proc = subprocess.Popen(cli.argv(args, proxy.url), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=cli.env, cwd=work, start_new_session=True)
        try:
            if not proxy.held.wait(15):
                proc.kill()
                out, err = proc.communicate(5)
                raise Failure("aims insure never sent its policy request through the proxy\n%s\nexit %s\n%s\n%s" % (
                    proxy.report(), proc.returncode, text(out), text(err)))
            time.sleep(0.2)  # it is now waiting for the answer that will never come
            if proc.poll() is not None:
                raise Failure("aims insure ended (exit %s) although its answer was withheld" % proc.returncode)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(5)
        sent = [s for c, s in zip(proxy.commands, proxy.seeds) if c and c.endswith(": insure")]
    if len(transactions(server, partner, cid)) != 1:
        raise Failure("aimsd did not store the first request: %s" % transactions(server, partner, cid))
    answer = cli.json(*args)  # the same purchase again, straight to aimsd
    check_policy(cli, answer, HEALTH, 375000, "the rerun of aims insure")
    trns = [t for t in transactions(server, partner, cid) if t.get("prdc") == HEALTH]
    if len(trns) != 1:
        raise Failure("after the crash and the rerun, consumer %s holds %d %s policies, want 1:\n%s" % (
            cid, len(trns), HEALTH, json.dumps(trns, indent=1)))
    first_ref = (sent[0] or {}).get("id") if sent else None
    if answer.get("txref") != first_ref or trns[0].get("cixx") != first_ref:
        raise Failure("the rerun used reference %r, the killed run sent %r (stored: %r)" % (
            answer.get("txref"), first_ref, trns[0].get("cixx")))
    # The same when the client gives up waiting (--timeout) instead of being killed.
    args = ["insure", "u-crash", LAPTOP, "checkout-10", "insrncDrtn=1y", "--facts", json.dumps(LAPTOP_FACTS)]
    with Proxy(server.port) as proxy:
        proxy.hold(r": insure$")
        out, err = cli.run("--timeout", "1000", *args, url=proxy.url, want=1)
        if not proxy.held.is_set() or "network error" not in err:
            raise Failure("aims --timeout 1000 insure with its answer withheld: want exit 1 and a network error\n"
                          "stdout: %s\nstderr: %s\n%s" % (out, err, proxy.report()))
    check_policy(cli, cli.json(*args), LAPTOP, 4800000, "the rerun of aims insure after a timeout")
    trns = [t for t in transactions(server, partner, cid) if t.get("prdc") == LAPTOP]
    if len(trns) != 1:
        raise Failure("after a timeout and the rerun, consumer %s holds %d %s policies, want 1:\n%s" % (
            cid, len(trns), LAPTOP, json.dumps(trns, indent=1)))


@scenario("client-legacy-server",
          "aims against a server answering the legacy form (string ids, no id_v4, string money): quote and insure work")
def legacy_server(ctx):
    server, partner, work = fresh(ctx, "client-legacy")
    with Proxy(server.port) as proxy:
        proxy.legacy = True
        cli = Cli(ctx, proxy.url, partner, os.path.join(work, "store.db"))
        cid = cli.register("u-legacy", "client-legacy.example")
        if not re.fullmatch(r"[0-9a-f]{32}", cid):
            raise Failure("register through a legacy server printed consumer id %r" % cid)
        quote = cli.json("quote", LAPTOP, "insrncDrtn=1y")
        if field(quote, "premium_kobo", "quote") != 4800000:
            raise Failure("legacy quote %s, want premium_kobo 4800000 (\"prmm\": \"48000\")" % json.dumps(quote))
        out, _ = cli.run("quote", LAPTOP, "insrncDrtn=1y")
        if "48000" not in out.replace(",", ""):
            raise Failure("the quote table does not show the premium 48000:\n%s" % out)
        answer = cli.insure("u-legacy", LAPTOP, "order-L1", {"insrncDrtn": "1y"}, LAPTOP_FACTS)
        check_policy(cli, answer, LAPTOP, 4800000, "insure through a legacy server")
        if proxy.errors:
            raise Failure(proxy.report())


@scenario("client-errors",
          "aims: a 55 exits 1 with the server's sentence; no server exits 1; bad usage exits 2")
def errors(ctx):
    server, partner, work = fresh(ctx, "client-errors")
    cli = Cli(ctx, url(server), partner, os.path.join(work, "store.db"))
    out, err = cli.run("quote", HEALTH, "insrncDrtn=2y", want=1)
    sentence = "Data cmmnd.seed.insrncDrtn must be one of 1m, 3m, 6m, 1y"
    if sentence not in out + err:
        raise Failure("aims quote with a bad cover period did not print %r\nstdout: %s\nstderr: %s" % (
            sentence, out, err))
    out, err = cli.run("insure", "0" * 32, HEALTH, "o-1", "insrncDrtn=1m", want=1)
    if "Entity specified not recognised" not in out + err:
        raise Failure("insure for an unknown consumer did not print the server's 404 sentence\n%s\n%s" % (out, err))
    closed = "http://%s:%d" % (harness.HOST, harness.free_port())
    cli.run("quote", HEALTH, "insrncDrtn=1y", url=closed, want=1)
    for args in (["quote"], ["frobnicate"], ["insure", "u-1", HEALTH], ["register", "u-1", "--first", "A"]):
        cli.run(*args, want=2)


def clean_make_env():
    """The environment for a make started from inside a test (maybe itself under make test)."""
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}


def sanitized(library):
    """True when library (an .a or .so) was built with ASan: programs linking it need it too."""
    p = subprocess.run(["nm", "-A", library], capture_output=True, timeout=30)
    return b"__asan_" in p.stdout


def compile_program(source, output, cflags, libs, sanitize):
    cmd = ["cc", "-std=c11", "-Wall", "-Wextra", "-Wshadow", "-Wstrict-prototypes", "-Wmissing-prototypes",
           "-Wconversion", "-Werror"] + cflags + [source, "-o", output] + libs
    if sanitize:
        cmd[1:1] = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer"]
    p = subprocess.run(cmd, capture_output=True, timeout=60)
    if p.returncode != 0:
        raise Failure("%s\nexited %d:\n%s%s" % (shell(cmd), p.returncode, text(p.stdout), text(p.stderr)))


@scenario("client-example",
          "examples/checkout.c builds warning-free and issues a policy to a first-time and a returning customer")
def example(ctx):
    server, partner, work = fresh(ctx, "client-example")
    build = build_dir(ctx)
    library = os.path.join(build, "libaims.a")
    if not os.path.exists(library):
        raise Failure("no %s" % library)
    program = os.path.join(work, "checkout")
    # The libraries libaims.a needs: aims.pc's Requires.private (its prefix is the install's).
    deps = subprocess.run(["pkg-config", "--libs", "libcurl", "jansson", "sqlite3"], capture_output=True,
                          timeout=30).stdout.decode().split()
    compile_program(os.path.join(REPO, "examples", "checkout.c"), program, ["-I" + os.path.join(REPO, "include")],
                    [library] + deps + ["-lpthread"], sanitized(library))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIMS_")}
    env.update(AIMS_URL=url(server), AIMS_PARTNER_ID=partner["PARTNER_ID"], AIMS_AUTH_ID=partner["AUTH_ID"],
               AIMS_AUTH_KEY=partner["AUTH_KEY"], AIMS_STORE=os.path.join(work, "checkout-store.db"))
    p = subprocess.run([program], capture_output=True, timeout=CLI_TIMEOUT, env=env, cwd=work)
    out, err = text(p.stdout), text(p.stderr)
    report = "checkout exited %d\nstdout:\n%s\nstderr:\n%s" % (p.returncode, out, err)
    if p.returncode != 0:
        raise Failure(report)
    policies = re.findall(r"policy (TEST-[A-Z]{4}-[0-9A-F]{10})", out)
    if len(set(policies)) != 2 or "first purchase: registered" not in out \
            or "returning customer" not in out or "cust-1001" not in out:
        raise Failure("want two policies, a registration and a returning customer:\n" + report)
    for order in ("order-5001", "order-5002"):
        with open(os.path.join(work, "certificate-%s.pdf" % order), "rb") as f:
            if f.read(5) != b"%PDF-":
                raise Failure("certificate-%s.pdf is not a PDF\n%s" % (order, report))
    if sr05_requests(server) != {"75": 1} or count_consumers(server.db) != 1:
        raise Failure("two checkouts of one customer: SR05 requests %s, consumers %d; want one each\n%s" % (
            sr05_requests(server), count_consumers(server.db), report))


INSTALL_TEST = r"""#include <aims/client.h>
#include <stdio.h>
int main(void)
{
    struct aims_config cfg = {.url = "http://127.0.0.1:9", .partner_id = "p", .auth_id = "a",
                              .auth_key = "k", .store_path = "installed.db"};
    struct aims_client *c = NULL;
    enum aims_rc rc = aims_client_new(&cfg, &c);
    printf("%s %s %s\n", AIMS_CLIENT_VERSION, aims_strerror(AIMS_ESERVER), rc == AIMS_OK ? "ok" : "failed");
    aims_client_free(c);
    return rc == AIMS_OK ? 0 : 1;
}
"""


@scenario("client-install",
          "make install PREFIX=tmp: a program built with pkg-config against the installed libaims runs; man pages show")
def install(ctx):
    build = build_dir(ctx)
    prefix = tempfile.mkdtemp(prefix="aims-install-", dir=ctx.work)
    try:
        make = ["make", "-s", "-C", REPO, "BUILD=" + os.path.relpath(build, REPO), "install", "PREFIX=" + prefix]
        if sanitized(os.path.join(build, "libaims.a")):
            make[4:4] = ["SAN=1", "CFLAGS=-O1 -g"]  # as make test builds the sanitizer folder
        p = subprocess.run(make, capture_output=True, timeout=50, env=clean_make_env())
        if p.returncode != 0:
            raise Failure("%s\nexited %d:\n%s%s" % (shell(make), p.returncode, text(p.stdout), text(p.stderr)))
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib", "pkgconfig"))
        pc = subprocess.run(["pkg-config", "--cflags", "--libs", "aims"], capture_output=True, timeout=30, env=env)
        if pc.returncode != 0:
            raise Failure("pkg-config --cflags --libs aims with PKG_CONFIG_PATH=%s/lib/pkgconfig:\n%s" % (
                prefix, text(pc.stderr)))
        flags = text(pc.stdout).split()
        if not any(f.startswith("-L" + prefix) for f in flags) or not any(f.startswith("-I" + prefix) for f in flags):
            raise Failure("pkg-config aims does not point into the prefix %s: %s" % (prefix, " ".join(flags)))
        source = os.path.join(prefix, "hello.c")
        with open(source, "w") as f:
            f.write(INSTALL_TEST)
        program = os.path.join(prefix, "hello")
        compile_program(source, program, [], flags, sanitized(os.path.join(build, "libaims.a")))
        run_env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(prefix, "lib"))
        p = subprocess.run([program], capture_output=True, timeout=30, env=run_env, cwd=prefix)
        out = text(p.stdout)
        if p.returncode != 0 or not re.fullmatch(r"\d+\.\d+\.\d+ \S.* ok", out):
            raise Failure("the installed-library program exited %d\nstdout: %s\nstderr: %s" % (
                p.returncode, out, text(p.stderr)))
        ldd = text(subprocess.run(["ldd", program], capture_output=True, timeout=30, env=run_env).stdout)
        if not re.search(r"libaims\.so\S* => %s/lib/" % re.escape(prefix), ldd):
            raise Failure("the program does not use the installed libaims.so:\n%s" % ldd)
        for page, section in (("aims.1", "man1"), ("libaims.3", "man3")):
            check_man_page(os.path.join(prefix, "share", "man", section, page))
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def check_man_page(path):
    """The page is installed and renders (man -l, else groff, else it starts with .TH)."""
    if not os.path.exists(path):
        raise Failure("make install did not install %s" % path)
    env = dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="80", LANG="C.UTF-8")
    if shutil.which("man"):
        cmd = ["man", "-l", path]
    elif shutil.which("groff"):
        cmd = ["groff", "-man", "-Tascii", path]
    else:
        with open(path, encoding="utf-8") as f:
            if not any(line.startswith(".TH ") for line in f.read().splitlines()[:10]):
                raise Failure("%s has no .TH line at its top" % path)
        return
    p = subprocess.run(cmd, capture_output=True, timeout=30, env=env)
    out = text(p.stdout)
    if p.returncode != 0 or "SYNOPSIS" not in out or "DESCRIPTION" not in out:
        raise Failure("%s: exit %d\n%s\n%s" % (shell(cmd), p.returncode, out[:1000], text(p.stderr)))
