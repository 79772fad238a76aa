"""harness — process and network plumbing for the aims API tests.

A minimal HTTP/1.1 client with a hard timeout on every request, the aimsctl calls the
tests need, and an aimsd process that is killed on every exit path of the runner.
"""

import atexit
import ctypes
import http.client
import os
import shlex
import signal
import socket
import subprocess
import threading
import time

TIMEOUT = 10.0  # seconds, for every request
HOST = "127.0.0.1"


class Reply:
    """An HTTP answer: status, headers (lower-case names) and body bytes."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def content_type(self):
        return self.headers.get("content-type", "")


def connect(port, timeout=TIMEOUT):
    sock = socket.create_connection((HOST, port), timeout=timeout)
    sock.settimeout(timeout)
    return sock


def exchange(sock, method, path, body=b"", headers=None, port=0):
    """Send one request on a connected socket and read the answer; closes the socket.

    The body is sent from a second thread so that a server answering early (413)
    and closing is read rather than turned into a broken-pipe error.
    """
    hdrs = {"Host": "%s:%d" % (HOST, port), "Connection": "close"}
    if method == "POST":
        hdrs["Content-Type"] = "application/json"
        hdrs["Content-Length"] = str(len(body))
    hdrs.update(headers or {})
    head = "%s %s HTTP/1.1\r\n" % (method, path)
    head += "".join("%s: %s\r\n" % (k, v) for k, v in hdrs.items() if v is not None)
    data = head.encode("latin-1") + b"\r\n" + body

    def send():
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server may answer and close before reading everything

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    try:
        resp = http.client.HTTPResponse(sock, method=method)
        resp.begin()
        payload = resp.read()
        headers_out = {k.lower(): v for k, v in resp.getheaders()}
        return Reply(resp.status, headers_out, payload)
    finally:
        sock.close()
        sender.join(1)


def request(port, method, path, body=b"", headers=None, timeout=TIMEOUT):
    """One request on its own connection. Raises OSError / http.client errors."""
    return exchange(connect(port, timeout), method, path, body, headers, port)


def post(port, body, headers=None, timeout=TIMEOUT):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return request(port, "POST", "/", body, headers, timeout)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def parse_assignments(text):
    """Shell lines 'NAME=value' -> dict (values may be shell-quoted)."""
    out = {}
    for line in text.splitlines():
        name, eq, value = line.strip().partition("=")
        if eq and name.isidentifier():
            words = shlex.split(value) if value else [""]
            out[name] = words[0] if words else ""
    return out


class Aimsctl:
    """aimsctl bound to one database."""

    def __init__(self, exe, db_path):
        self.exe = exe
        self.db = db_path

    def run(self, *args):
        cmd = [self.exe, "--db", "sqlite:" + self.db] + list(args)
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise RuntimeError("%s: %s" % (" ".join(cmd), e))
        if p.returncode != 0:
            raise RuntimeError("%s exited %d:\n%s%s" % (" ".join(cmd), p.returncode, p.stdout, p.stderr))
        return parse_assignments(p.stdout)

    def _need(self, values, *names):
        missing = [n for n in names if not values.get(n)]
        if missing:
            raise RuntimeError("aimsctl did not print %s" % ", ".join(missing))
        return values

    def partner_create(self, name):
        return self._need(self.run("partner", "create", "--name", name), "PARTNER_ID", "AUTH_ID", "AUTH_KEY")

    def key_add(self, partner_id):
        return self._need(self.run("key", "add", partner_id), "AUTH_ID", "AUTH_KEY")

    def key_revoke(self, auth_id):
        self.run("key", "revoke", auth_id)

    def partner_mode(self, partner_id, mode):
        self.run("partner", "mode", partner_id, mode)


_running = set()


def _kill_all():
    for server in list(_running):
        server.kill()


atexit.register(_kill_all)


def _die_with_parent():
    """In the child: ask Linux to SIGKILL us if the runner dies (best effort)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Aimsd:
    """One aimsd process on a free loopback port; stderr goes to log_path."""

    def __init__(self, exe, db_path, log_path, extra_args=()):
        self.exe = exe
        self.db = db_path
        self.log_path = log_path
        self.extra = list(extra_args)
        self.proc = None
        self.port = None

    def start(self, timeout=15.0):
        """Start and wait for GET /healthz to answer 200 'ok'. Raises RuntimeError."""
        for _attempt in range(3):
            self.port = free_port()
            cmd = [self.exe, "--listen", "%s:%d" % (HOST, self.port), "--db", "sqlite:" + self.db]
            with open(self.log_path, "ab") as log:
                log.write(("\n==== %s\n" % " ".join(cmd + self.extra)).encode())
                log.flush()
                self.proc = subprocess.Popen(cmd + self.extra, stdin=subprocess.DEVNULL, stdout=log,
                                             stderr=log, start_new_session=True,
                                             preexec_fn=_die_with_parent)
            _running.add(self)
            if self._wait_healthy(timeout):
                return self
            if self.proc.poll() is None:
                break  # running but not healthy: retrying will not help
        self.kill()
        raise RuntimeError("aimsd did not become healthy on port %d\n%s" % (self.port, self.log_tail()))

    def _wait_healthy(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                r = request(self.port, "GET", "/healthz", timeout=1.0)
                if r.status == 200 and r.body.strip() == b"ok":
                    return True
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        return False

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=10.0):
        """SIGTERM; returns the exit status, or None if it had to be killed."""
        if not self.alive():
            _running.discard(self)
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        _running.discard(self)
        return rc

    def kill(self):
        """SIGKILL (like kill -9) and reap."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        _running.discard(self)

    def restart(self, timeout=15.0):
        self.kill()
        return self.start(timeout)

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 16384))
                text = f.read().decode("utf-8", "replace")
        except OSError as e:
            return "(no log: %s)" % e
        tail = text.splitlines()[-lines:]
        return "---- last %d lines of %s\n%s\n----" % (len(tail), self.log_path, "\n".join(tail))
