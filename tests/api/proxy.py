"""proxy — a misbehaving AIMS server in front of a real aimsd, for the client scenarios.

A ThreadingHTTPServer on 127.0.0.1 (a free port) that forwards every `POST /` to aimsd
and returns its answer, except where told otherwise:

- `busy(n)`: the next n POSTs are answered by the proxy itself with 35/503 (what aimsd
  answers at capacity) and never reach aimsd;
- `hold(pattern)`: a POST whose cmmnd.cmmnd matches the regex is forwarded, aimsd's
  answer is read (so the server has done the work) and then never returned: the
  connection is held open until `stop()`; `held` is set when that happened;
- `legacy = True`: aimsd's answers are rewritten into the legacy form of PROTOCOL.md
  section 9 (exctnFdbck.id a string, no id_v4, elbrtn only on client errors, money as
  strings), as an older AIMS server would answer.

Other paths (certificates, /healthz) are forwarded unchanged. `received` counts the
POSTs that arrived; `commands` and `seeds` list their command strings and seeds. Use it
as a context manager, or call start() and stop() (stop() on every exit path).
Standard library only.
"""

import http.server
import json
import re
import threading

import harness

BUSY_ANSWER = {"exctnFdbck": {"id": 35, "id_v4": 503,
                              "elbrtn": "Server at capacity; retry after 2, 4 and 8 seconds"}}
MONEY_FIELDS = ("prmm",)


def legacy_form(answer):
    """aimsd's current answer (a dict) rewritten the way a legacy server writes it."""
    out = dict(answer)
    fb = dict(out.get("exctnFdbck") or {})
    v4 = fb.pop("id_v4", None)
    if "id" in fb:
        fb["id"] = str(fb["id"])
    if "elbrtn" in fb and not (isinstance(v4, int) and 400 <= v4 < 500):
        del fb["elbrtn"]  # legacy servers explain client errors only
    out["exctnFdbck"] = fb
    for name in MONEY_FIELDS:
        value = out.get(name)
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            out[name] = str(value)
        elif isinstance(value, float):
            out[name] = "%.2f" % value
    return out


class Proxy:
    """One proxy in front of aimsd at upstream_port; see the module comment."""

    def __init__(self, upstream_port):
        self.upstream = upstream_port
        self.lock = threading.Lock()
        self.received = 0
        self.commands = []
        self.seeds = []                    # cmmnd.seed of each POST (None when absent)
        self.busy_left = 0
        self.hold_re = None
        self.held = threading.Event()      # set once an answer has been withheld
        self.release = threading.Event()   # set by stop(): held connections are dropped
        self.legacy = False
        self.errors = []                   # failures talking to aimsd, for the report
        self.server = None
        self.thread = None
        self.port = None

    # ------------------------------------------------------------ control

    def busy(self, count):
        with self.lock:
            self.busy_left = count

    def hold(self, pattern):
        with self.lock:
            self.hold_re = re.compile(pattern)

    def start(self):
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args):
                pass  # quiet: the scenario reports what matters

            def do_POST(self):
                proxy._post(self)

            def do_GET(self):
                proxy._get(self)

        self.server = http.server.ThreadingHTTPServer((harness.HOST, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *_exc):
        self.stop()

    @property
    def url(self):
        return "http://%s:%d" % (harness.HOST, self.port)

    # ------------------------------------------------------------ handlers

    def _post(self, h):
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length > 0 else b""
        command = seed = None
        try:
            cmmnd = json.loads(body)["cmmnd"]
            command, seed = cmmnd.get("cmmnd"), cmmnd.get("seed")
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
        with self.lock:
            self.received += 1
            self.commands.append(command)
            self.seeds.append(seed)
            busy = self.busy_left > 0
            if busy:
                self.busy_left -= 1
            hold = bool(self.hold_re and isinstance(command, str) and self.hold_re.search(command))
        if busy:
            self._answer(h, 200, "application/json", json.dumps(BUSY_ANSWER).encode())
            return
        try:
            reply = harness.post(self.upstream, body, {"Content-Type": h.headers.get("Content-Type")})
        except Exception as e:  # aimsd gone: the client sees a reset
            self.errors.append("POST %s: %s: %s" % (command, type(e).__name__, e))
            h.close_connection = True
            return
        if hold:
            self.held.set()
            self.release.wait(120)  # the answer is never sent; stop() drops the connection
            h.close_connection = True
            return
        payload = reply.body
        if self.legacy:
            try:
                payload = json.dumps(legacy_form(json.loads(payload))).encode()
            except ValueError:
                pass  # not JSON: pass it on as it came
        self._answer(h, reply.status, reply.content_type or "application/json", payload)

    def _get(self, h):
        try:
            reply = harness.request(self.upstream, "GET", h.path)
        except Exception as e:
            self.errors.append("GET %s: %s: %s" % (h.path, type(e).__name__, e))
            h.close_connection = True
            return
        self._answer(h, reply.status, reply.content_type or "application/octet-stream", reply.body)

    @staticmethod
    def _answer(h, status, content_type, payload):
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(payload)))
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(payload)
        h.close_connection = True

    # ------------------------------------------------------------ report

    def report(self):
        with self.lock:
            lines = ["proxy received %d POSTs: %s" % (self.received, ", ".join(map(str, self.commands)))]
        lines += ["proxy error: " + e for e in self.errors]
        return "\n".join(lines)
