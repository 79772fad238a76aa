"""caselib — the case-file format of the aims API tests (see README.md).

Parses `cases/*.case`, substitutes `${...}` variables into requests, and matches
answers against expectations. Pure functions, no network and no processes: run.py
drives them against a live aimsd, selftest.py checks them without one.
"""

import datetime
import json
import re

KEYWORD_RE = re.compile(r"^(STEP|REQUEST|EXPECT)(?:[ \t]+(.*?))?[ \t]*$")
VAR_RE = re.compile(r"\$\$\{|\$\{([^{}]*)\}")
MARKER_RE = re.compile(r"^\$\{(absent|any|capture|not|re|prefix)(?::(.*))?\}$", re.S)
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SIZE_RE = re.compile(r"^(\d+)(KiB|MiB)?([+-]\d+)?$")
HEX32_RE = re.compile(r"^[0-9a-f]{32}$")
FILL_SENTINEL = "\x00FILL\x00"


class CaseError(Exception):
    """A mistake in a case file (not a server failure)."""


class Step:
    """One request and its expected answer."""

    def __init__(self, title, line):
        self.title = title
        self.line = line  # line number of the STEP keyword
        self.mode = None  # "json", "raw" or "fill"
        self.fill_size = None
        self.request = None  # request text as written (before substitution)
        self.expect = None  # parsed expected JSON object
        self.expect_text = None


class Case:
    """A parsed case file: its opening comment and its steps."""

    def __init__(self, name, path):
        self.name = name
        self.path = path
        self.comment = []
        self.steps = []


def _no_dup_object(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError("duplicate key %r" % key)
        obj[key] = value
    return obj


def loads_strict(text):
    """json.loads that rejects duplicate keys (raises ValueError)."""
    return json.loads(text, object_pairs_hook=_no_dup_object)


def parse_size(text):
    """'7MiB', '6MiB+1', '100KiB', '1234' -> number of bytes."""
    m = SIZE_RE.match(text or "")
    if not m:
        raise CaseError("bad size %r (want e.g. 7MiB, 6MiB+1, 1024)" % text)
    n = int(m.group(1)) * {None: 1, "KiB": 1024, "MiB": 1024 * 1024}[m.group(2)]
    return n + int(m.group(3) or 0)


def parse_case(text, name="case", path="case"):
    """Parse case-file text into a Case; raises CaseError naming the line."""
    case = Case(name, path)
    step, block, buf, buf_line = None, None, [], 0

    def close_block():
        nonlocal buf
        while buf and not buf[-1].strip():
            buf.pop()
        if block == "request":
            if not buf and step.mode != "raw":  # an empty raw body is a test of its own
                raise CaseError("%s:%d: REQUEST has no body" % (path, buf_line))
            step.request = "\n".join(buf)
        elif block == "expect":
            if not buf:
                raise CaseError("%s:%d: EXPECT has no body" % (path, buf_line))
            step.expect_text = "\n".join(buf)
            try:
                step.expect = loads_strict(step.expect_text)
            except ValueError as e:
                raise CaseError("%s:%d: EXPECT is not valid JSON: %s" % (path, buf_line, e))
            if not isinstance(step.expect, dict):
                raise CaseError("%s:%d: EXPECT must be a JSON object" % (path, buf_line))
        buf = []

    lines = text.split("\n")
    for no, line in enumerate(lines, 1):
        if line.startswith("#"):
            if not case.steps and step is None:
                case.comment.append(line[1:].strip())
            continue
        m = KEYWORD_RE.match(line)
        if not m:
            if block is None and line.strip():
                raise CaseError("%s:%d: text outside REQUEST/EXPECT: %r" % (path, no, line))
            buf.append(line)
            continue
        close_block()
        word, arg = m.group(1), m.group(2) or ""
        if word == "STEP":
            if step is not None:
                _finish_step(step, path)
            if not arg:
                raise CaseError("%s:%d: STEP needs a title" % (path, no))
            step = Step(arg, no)
            case.steps.append(step)
            block = None
        elif step is None:
            raise CaseError("%s:%d: %s before the first STEP" % (path, no, word))
        elif word == "REQUEST":
            if step.mode is not None:
                raise CaseError("%s:%d: second REQUEST in one step" % (path, no))
            parts = arg.split()
            if not parts:
                step.mode = "json"
            elif parts == ["raw"]:
                step.mode = "raw"
            elif len(parts) == 2 and parts[0] == "fill":
                step.mode, step.fill_size = "fill", parse_size(parts[1])
            else:
                raise CaseError("%s:%d: REQUEST takes nothing, 'raw' or 'fill SIZE'" % (path, no))
            block, buf_line = "request", no
        else:  # EXPECT
            if step.mode is None or step.expect_text is not None:
                raise CaseError("%s:%d: EXPECT must follow one REQUEST" % (path, no))
            if arg:
                raise CaseError("%s:%d: EXPECT takes no argument" % (path, no))
            block, buf_line = "expect", no
    close_block()
    if step is None:
        raise CaseError("%s: no STEP" % path)
    _finish_step(step, path)
    if not case.comment or not any(case.comment):
        raise CaseError("%s: must open with a # comment saying what it shows" % path)
    return case


def _finish_step(step, path):
    if step.mode is None or step.expect is None:
        raise CaseError("%s:%d: step %r needs a REQUEST and an EXPECT" % (path, step.line, step.title))


# ---------------------------------------------------------------- substitution

def hyphenate(hex32):
    h = hex32.replace("-", "").lower()
    return "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


def date_offset(spec, today=None):
    """'+2d', '-120y+2d', '0' -> 'YYYY-MM-DD' relative to today (UTC)."""
    d = today or datetime.datetime.now(datetime.timezone.utc).date()
    if spec.strip() == "0":
        return d.isoformat()
    terms = re.findall(r"([+-]\d+)([dy])", spec)
    if not terms or "".join(a + b for a, b in terms) != spec.replace(" ", ""):
        raise CaseError("bad date offset %r (want e.g. -120y+2d)" % spec)
    for amount, unit in terms:
        n = int(amount)
        if unit == "y":
            try:
                d = d.replace(year=d.year + n)
            except ValueError:  # 29 February in a non-leap year
                d = d.replace(year=d.year + n, day=28)
        else:
            d = d + datetime.timedelta(days=n)
    return d.isoformat()


TEXT_FUNCS = {
    "upper": str.upper,
    "lower": str.lower,
    "hex": lambda v: v.replace("-", ""),  # UUID -> 32 hex digits
    "uuid": hyphenate,  # 32 hex digits -> lower-case 8-4-4-4-12
}


def as_text(value):
    """A variable's value as it is pasted into request text."""
    return value if isinstance(value, str) else json.dumps(value)


def _lookup(name, variables):
    if name not in variables:
        raise CaseError("unknown variable ${%s}" % name)
    return as_text(variables[name])


def evaluate(expr, variables):
    """The text of one ${expr} (without the ${ })."""
    if NAME_RE.match(expr):
        return _lookup(expr, variables)
    func, _, rest = expr.partition(":")
    parts = expr.split(":")
    if NAME_RE.match(parts[-1]) and all(f in TEXT_FUNCS for f in parts[:-1]):
        value = _lookup(parts[-1], variables)
        for f in reversed(parts[:-1]):  # ${upper:hex:X} is upper(hex(X))
            value = TEXT_FUNCS[f](value)
        return value
    if func == "repeat":
        count, _, piece = rest.partition(":")
        if not count.isdigit() or not piece:
            raise CaseError("bad ${repeat:N:TEXT}: %r" % expr)
        return piece * int(count)
    if func == "date":
        return date_offset(rest)
    raise CaseError("unknown ${%s}" % expr)


def substitute(text, variables):
    """Replace every ${...} in text; '$${' stands for a literal '${'."""

    def rep(m):
        return "${" if m.group(0) == "$${" else evaluate(m.group(1), variables)

    return VAR_RE.sub(rep, text)


def unescape_raw(text):
    """Raw-body text -> bytes: \\xNN is byte NN, everything else is UTF-8."""
    out = bytearray()
    for part in re.split(r"(\\x[0-9a-fA-F]{2})", text):
        if re.fullmatch(r"\\x[0-9a-fA-F]{2}", part):
            out.append(int(part[2:], 16))
        else:
            out += part.encode("utf-8")
    return bytes(out)


def render_request(step, variables):
    """The exact body bytes of a step's request; raises CaseError."""
    if step.mode == "raw":
        return unescape_raw(substitute(step.request, variables))
    if step.mode == "fill":
        text = substitute(step.request, dict(variables, FILL=FILL_SENTINEL))
        if text.count(FILL_SENTINEL) != 1:
            raise CaseError("REQUEST fill needs exactly one ${FILL}")
        _check_json(text.replace(FILL_SENTINEL, "x"))
        base = len(text.encode("utf-8")) - len(FILL_SENTINEL)
        if step.fill_size < base:
            raise CaseError("REQUEST fill size is smaller than the template")
        return text.replace(FILL_SENTINEL, "x" * (step.fill_size - base)).encode("utf-8")
    text = substitute(step.request, variables)
    _check_json(text)
    return text.encode("utf-8")


def _check_json(text):
    try:
        loads_strict(text)
    except ValueError as e:
        raise CaseError("REQUEST is not valid JSON (use REQUEST raw for that): %s" % e)


# ---------------------------------------------------------------- matching

def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def match(expected, actual, variables, where="answer"):
    """Problems (list of str) found matching actual against the expected subset.

    Captures (${capture:NAME}) are stored into variables as a side effect.
    """
    problems = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return ["%s: expected an object, got %s" % (where, json.dumps(actual))]
        for key, exp in expected.items():
            here = "%s.%s" % (where, key)
            marker = MARKER_RE.match(exp) if isinstance(exp, str) else None
            if marker and marker.group(1) == "absent":
                if key in actual:
                    problems.append("%s: must be absent, got %s" % (here, json.dumps(actual[key])))
            elif key not in actual:
                problems.append("%s: missing" % here)
            else:
                problems += match(exp, actual[key], variables, here)
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return ["%s: expected a list of %d, got %s" % (where, len(expected), json.dumps(actual))]
        for i, (exp, act) in enumerate(zip(expected, actual)):
            problems += match(exp, act, variables, "%s[%d]" % (where, i))
        return problems
    if isinstance(expected, str):
        return _match_string(expected, actual, variables, where)
    if isinstance(expected, bool) or expected is None:
        ok = actual is expected
    elif _is_number(expected):
        ok = _is_number(actual) and actual == expected
    else:
        ok = False
    return [] if ok else ["%s: expected %s, got %s" % (where, json.dumps(expected), json.dumps(actual))]


def _match_string(expected, actual, variables, where):
    got = json.dumps(actual)
    marker = MARKER_RE.match(expected)
    if marker:
        kind, arg = marker.group(1), marker.group(2)
        if kind == "any":
            return []
        if kind == "absent":
            return ["%s: ${absent} is only meaningful as an object member" % where]
        if kind == "capture":
            variables[arg] = actual
            return []
        if kind == "not":
            if arg not in variables:
                return ["%s: ${not:%s}: %s was never captured" % (where, arg, arg)]
            if actual == variables[arg]:
                return ["%s: must differ from ${%s}, got the same %s" % (where, arg, got)]
            return []
        if not isinstance(actual, str):
            return ["%s: expected a string, got %s" % (where, got)]
        if kind == "re" and not re.fullmatch(arg, actual, re.S):
            return ["%s: expected to match /%s/, got %s" % (where, arg, got)]
        if kind == "prefix" and not actual.startswith(arg):
            return ["%s: expected to start with %s, got %s" % (where, json.dumps(arg), got)]
        return []
    whole = re.fullmatch(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", expected)
    if whole and whole.group(1) in variables and not isinstance(variables[whole.group(1)], str):
        want = variables[whole.group(1)]  # a captured non-string: compare as a value
    else:
        try:
            want = substitute(expected, variables)
        except CaseError as e:
            return ["%s: %s (an earlier step probably failed)" % (where, e)]
    if actual != want or isinstance(actual, bool) != isinstance(want, bool):
        return ["%s: expected %s, got %s" % (where, json.dumps(want), got)]
    return []


# ---------------------------------------------------------------- answers of POST /

def check_uuid_pair(answer):
    """Problems with answer's id/id_uuid pair (32 lowercase hex, same UUID v4)."""
    cid, uid = answer.get("id"), answer.get("id_uuid")
    if not isinstance(cid, str) or not HEX32_RE.match(cid):
        return ["answer.id: expected 32 lowercase hex digits, got %s" % json.dumps(cid)]
    if uid != hyphenate(cid):
        return ["answer.id_uuid: expected %s (the hyphenated id), got %s" % (hyphenate(cid), json.dumps(uid))]
    if cid[12] != "4" or cid[16] not in "89ab":
        return ["answer.id: %s is not a UUID v4 (version nibble %s, variant nibble %s)" % (cid, cid[12], cid[16])]
    return []


def check_answer(status, content_type, body):
    """Check the rules every answer on POST / obeys. Returns (answer or None, problems)."""
    problems = []
    if status != 200:
        problems.append("HTTP status %s, every answer on POST / must be 200" % status)
    if not (content_type or "").lower().startswith("application/json"):
        problems.append("Content-Type %r, must be application/json" % content_type)
    try:
        answer = loads_strict(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return None, problems + ["body is not valid JSON: %s" % e]
    if not isinstance(answer, dict) or not isinstance(answer.get("exctnFdbck"), dict):
        return answer, problems + ["body is not an object with an exctnFdbck object"]
    fb = answer["exctnFdbck"]
    if fb.get("id") in (55, 35):
        if not _is_number(fb.get("id_v4")):
            problems.append("answer.exctnFdbck.id_v4: must be a number on a %s" % fb["id"])
        if not isinstance(fb.get("elbrtn"), str) or not fb["elbrtn"]:
            problems.append("answer.exctnFdbck.elbrtn: must be a non-empty string on a %s" % fb["id"])
    if fb.get("id") in (75, "75") and "id_uuid" in answer:
        problems += check_uuid_pair(answer)
    return answer, problems


def envelope(userinfo, command, seed=None, **top):
    """A request body (str) for command with seed, credentials from userinfo."""
    cmd = {"cmmnd": command}
    if seed is not None:
        cmd["seed"] = seed
    body = dict(top, userInfo=userinfo, cmmnd=cmd)
    return json.dumps(body)
