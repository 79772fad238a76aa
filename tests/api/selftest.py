"""selftest — checks the API test runner itself, without aimsd (run.py --self-test).

Unit checks of the case-file parser, substitution, matcher, answer rules and the
HTTP client (against a tiny in-process server), then a lint of every cases/*.case:
it parses, every request renders to valid bytes, every variable is defined before
use, and no email address is used by two case files (they share one database).
"""

import datetime
import glob
import json
import os
import re
import socket
import threading
import traceback

import caselib
import harness

HERE = os.path.dirname(os.path.abspath(__file__))
UUID_A = "0f8fad5b-d9cb-469f-a165-70867728950e"
HEX_V4 = "0123456789ab4def8123456789abcdef"

SAMPLE = r"""# A sample case: what it shows.
# Second comment line.

STEP register
REQUEST
{"userInfo": ${A_USERINFO},
 "cmmnd": {"cmmnd": "prfl entity", "seed": {"eMail": "x@sample.example"}}}
EXPECT
{"exctnFdbck": {"id": 75, "id_v4": 200}, "id": "${capture:CID}", "gone": "${absent}"}

STEP raw bytes
# a comment inside a step is ignored
REQUEST raw
{"a": "\xff"}
EXPECT
{"exctnFdbck": {"elbrtn": "${prefix:Request body is not valid JSON: }"}}

STEP big
REQUEST fill 1KiB+1
{"cmmnd": {"cmmnd": "entt_${upper:CID}: dump"}, "pad": "${FILL}"}
EXPECT
{"id": "${CID}"}
"""


def expect_error(fn, *args):
    try:
        fn(*args)
    except caselib.CaseError:
        return
    raise AssertionError("no CaseError from %s%r" % (fn.__name__, args))


def test_parse():
    case = caselib.parse_case(SAMPLE, "sample", "sample.case")
    assert case.comment[0] == "A sample case: what it shows.", case.comment
    assert [s.title for s in case.steps] == ["register", "raw bytes", "big"]
    assert [s.mode for s in case.steps] == ["json", "raw", "fill"]
    assert case.steps[2].fill_size == 1025
    assert case.steps[0].line == 4
    bad = [
        "STEP x\nREQUEST\n{}\nEXPECT\n{}\n",  # no opening comment
        "# c\nSTEP x\nEXPECT\n{}\n",  # EXPECT without REQUEST
        "# c\nSTEP x\nREQUEST\n{}\nEXPECT\n{oops}\n",  # EXPECT not JSON
        "# c\nSTEP x\nREQUEST\n{}\nEXPECT\n[1]\n",  # EXPECT not an object
        "# c\nSTEP x\nREQUEST\n{}\n",  # no EXPECT
        "# c\nstray text\nSTEP x\nREQUEST\n{}\nEXPECT\n{}\n",  # text outside blocks
        "# c\nSTEP x\nREQUEST sideways\n{}\nEXPECT\n{}\n",  # unknown REQUEST mode
        "# c\nSTEP x\nREQUEST\n{}\nREQUEST\n{}\nEXPECT\n{}\n",  # two requests
        "# c\nSTEP\nREQUEST\n{}\nEXPECT\n{}\n",  # untitled step
    ]
    for text in bad:
        expect_error(caselib.parse_case, text, "bad", "bad.case")


def test_substitute():
    v = {"X": "ab-CD", "ID": HEX_V4, "N": 5}
    s = caselib.substitute
    assert s("${X}/${upper:X}/${lower:X}/${hex:X}", v) == "ab-CD/AB-CD/ab-cd/abCD"
    assert s("${uuid:ID}", v) == "01234567-89ab-4def-8123-456789abcdef"
    assert s("${upper:hex:X}|${hex:upper:X}", v) == "ABCD|ABCD"
    expect_error(s, "${upper:nope:X}", v)
    assert s("${N}", v) == "5"
    assert s("${repeat:3:ab}|${repeat:2:[}", v) == "ababab|[["
    assert s("$${X}", v) == "${X}"
    expect_error(s, "${NOPE}", v)
    expect_error(s, "${frob:X}", v)
    day = datetime.date(2024, 2, 29)
    assert caselib.date_offset("-120y+2d", day) == "1904-03-02"
    assert caselib.date_offset("-1y", day) == "2023-02-28"
    assert caselib.date_offset("+2d", day) == "2024-03-02"
    expect_error(caselib.date_offset, "yesterday", day)
    assert caselib.unescape_raw(r'{"a":"\xff\xC3\x28 é \u0000"}') == b'{"a":"\xff\xc3\x28 \xc3\xa9 \\u0000"}'
    assert caselib.parse_size("7MiB") == 7 << 20 and caselib.parse_size("6MiB+1") == (6 << 20) + 1


def test_render():
    case = caselib.parse_case(SAMPLE, "sample", "sample.case")
    v = {"A_USERINFO": json.dumps({"id": UUID_A}), "CID": HEX_V4}
    body = caselib.render_request(case.steps[0], v)
    assert json.loads(body)["userInfo"]["id"] == UUID_A
    assert caselib.render_request(case.steps[1], v) == b'{"a": "\xff"}'
    big = caselib.render_request(case.steps[2], v)
    assert len(big) == 1025 and json.loads(big)["cmmnd"]["cmmnd"] == "entt_%s: dump" % HEX_V4.upper()
    step = caselib.Step("t", 1)
    step.mode, step.request = "json", '{"a": 1, "a": 2}'
    expect_error(caselib.render_request, step, {})  # duplicate keys need REQUEST raw


def test_match():
    m = caselib.match
    v = {"OLD": "abc"}
    ans = {"exctnFdbck": {"id": 75, "id_v4": 200}, "id": "abc", "extra": [1, {"k": True}]}
    assert m({"exctnFdbck": {"id": 75}}, ans, v) == []
    assert m({"id": "${OLD}", "extra": [1, {"k": True}]}, ans, v) == []
    assert m({"id": "${capture:NEW}", "nope": "${absent}"}, ans, v) == [] and v["NEW"] == "abc"
    assert m({"id": "${re:[a-c]{3}}", "exctnFdbck": "${any}"}, ans, v) == []
    assert m({"id": "${prefix:ab}"}, ans, v) == []
    assert len(m({"id": "${not:OLD}"}, ans, v)) == 1
    assert len(m({"id": "${not:NEVER}"}, ans, v)) == 1
    assert len(m({"id": "${re:[a-c]{2}}"}, ans, v)) == 1  # whole-string match
    assert len(m({"exctnFdbck": {"id": "75"}}, ans, v)) == 1  # "75" is not 75
    assert len(m({"extra": [1, {"k": 1}]}, ans, v)) == 1  # true is not 1
    assert len(m({"extra": [1]}, ans, v)) == 1  # lists match whole
    assert len(m({"missing": 1, "id": "${absent}"}, ans, v)) == 2
    assert len(m({"id": "${UNSET}"}, ans, v)) == 1
    v["NUM"] = 7
    assert m({"n": "${NUM}"}, {"n": 7}, v) == []


def test_check_answer():
    ok = json.dumps({"exctnFdbck": {"id": 75, "id_v4": 200}, "id": HEX_V4,
                     "id_uuid": caselib.hyphenate(HEX_V4)}).encode()
    assert caselib.check_answer(200, "application/json; charset=utf-8", ok)[1] == []
    assert len(caselib.check_answer(500, "text/html", ok)[1]) == 2
    v1 = ok.replace(b"ab4def", b"ab1def").replace(b"89ab-4def", b"89ab-1def")
    assert "not a UUID v4" in caselib.check_answer(200, "application/json", v1)[1][0]
    assert caselib.check_answer(200, "application/json", b'{"a":1,"a":2}')[1]
    assert caselib.check_answer(200, "application/json", b'{"exctnFdbck":{"id":55,"id_v4":400}}')[1]


def test_assignments():
    out = harness.parse_assignments("PARTNER_ID=abc\nAUTH_KEY='k+/='\nnoise\nAUTH_ID=\"x y\"\n")
    assert out == {"PARTNER_ID": "abc", "AUTH_KEY": "k+/=", "AUTH_ID": "x y"}, out


def fake_server(answer, read_body=True):
    """A one-shot HTTP server thread answering `answer` bytes; returns its port."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)

    def serve():
        conn, _ = lsock.accept()
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        conn.sendall(answer)
        conn.shutdown(socket.SHUT_WR)
        while read_body and conn.recv(1 << 20):  # drain, like a lingering close
            pass
        conn.close()
        lsock.close()

    threading.Thread(target=serve, daemon=True).start()
    return lsock.getsockname()[1]


def test_http():
    body = b'{"exctnFdbck":{"id":75,"id_v4":200}}'
    port = fake_server(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                       % (len(body), body))
    r = harness.post(port, "{}")
    assert r.status == 200 and r.body == body and r.content_type == "application/json"
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    r = harness.request(fake_server(chunked), "GET", "/metrics")
    assert r.body == b"abcde"
    early = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
    r = harness.post(fake_server(early), b"x" * (7 << 20))  # answered before the body is read
    assert r.body == b"{}"


def lint_cases():
    """Problems (list of str) in cases/*.case."""
    problems, owners = [], {}
    dummy = {"CASE": "lint"}
    for who in ("A", "B"):
        dummy.update({who + "_PARTNER": UUID_A, who + "_AUTH_ID": UUID_A, who + "_AUTH_KEY": "a2V5",
                      who + "_USERINFO": json.dumps({"id": UUID_A, "athrzt": {"id": UUID_A, "key": "a2V5"}})})
    dummy.update({"A2_AUTH_ID": UUID_A, "A2_AUTH_KEY": "a2V5", "A_REVOKED_AUTH_ID": UUID_A,
                  "A_REVOKED_AUTH_KEY": "a2V5"})
    paths = sorted(glob.glob(os.path.join(HERE, "cases", "*.case")))
    if not paths:
        problems.append("no case files in cases/")
    for path in paths:
        name = os.path.basename(path)
        try:
            with open(path, encoding="utf-8") as f:
                case = caselib.parse_case(f.read(), name, name)
        except (caselib.CaseError, UnicodeDecodeError) as e:
            problems.append(str(e))
            continue
        variables = dict(dummy)
        for step in case.steps:
            where = "%s:%d (%s)" % (name, step.line, step.title)
            try:
                caselib.render_request(step, variables)
                for s in strings(step.expect):
                    mk = caselib.MARKER_RE.match(s)
                    if mk and mk.group(1) == "capture":
                        variables[mk.group(2)] = HEX_V4
                    elif mk and mk.group(1) == "not" and mk.group(2) not in variables:
                        raise caselib.CaseError("${not:%s} before it is captured" % mk.group(2))
                    elif mk and mk.group(1) == "re":
                        re.compile(mk.group(2))
                    elif not mk:
                        caselib.substitute(s, variables)
            except (caselib.CaseError, re.error) as e:
                problems.append("%s: %s" % (where, e))
            for email in re.findall(r'"eMail"\s*:\s*"([^"]*)"', step.request):
                owners.setdefault(email.strip().lower(), set()).add(name)
    for email, files in sorted(owners.items()):
        if len(files) > 1 and "${" not in email:
            problems.append("email %s is used by %s (case files share one database)" % (
                email, ", ".join(sorted(files))))
    return problems


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def main():
    failed = 0
    tests = [test_parse, test_substitute, test_render, test_match, test_check_answer,
             test_assignments, test_http]
    for test in tests:
        try:
            test()
            print("ok   self-test %s" % test.__name__)
        except Exception as e:
            failed += 1
            print("FAIL self-test %s: %s\n%s" % (test.__name__, e, traceback.format_exc()))
    problems = lint_cases()
    for p in problems:
        print("FAIL lint: %s" % p)
    if not problems:
        print("ok   lint of %d case files" % len(glob.glob(os.path.join(HERE, "cases", "*.case"))))
    failed += bool(problems)
    print("%d passed, %d failed" % (len(tests) + 1 - failed, failed))
    return 1 if failed else 0
