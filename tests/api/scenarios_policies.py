"""scenarios_policies — policies end to end where a case file is not enough.

The LIVE partner's paths (auto products approved at once with AIMS- numbers; refer
products waiting for `aimsctl underwriting approve|decline`), and certificates: the PDF
at crtfctUrl holds the policy number (pdftotext) and its QR code decodes (zbarimg) to
the public verify page, which shows only the holder's initials. Registered into
scenarios.ALL when imported.
"""

import base64
import json
import os
import re
import subprocess
import urllib.parse

import harness
from scenarios import OK, Failure, call, expect, scenario, userinfo

PERSON = {
    "class": "individual", "name": {"first": "Chiamaka", "last": "Eze"}, "dob": {"date": "1980-02-11"},
    "gender": "f", "phoneNo": "+2348071234567", "eMail": "chiamaka.eze@scenario-live.example",
    "addrss": {"addrss": "9 Marina, Lagos"}, "socialID": {"type": "bvnn", "id": "22233344455"}, "taxId": "TIN-55",
}
MOTOR_FACTS = {"brand": "Toyota", "model": "Camry", "year": 2020, "chsssId": "4T1B11HK5LU123456",
               "engineId": "A25A123456", "rgstrtId": "ABC123DE", "vhclValueForInsrnc": 2000000}


def motor(txref):
    return {"ctgry": "vhcl", "type": "cmpr", "pckg": "1111", "id": txref, "insrncDrtn": "1y",
            "vhclValueForInsrnc": 2000000, "addtnlFact": MOTOR_FACTS}


def health(txref):
    return {"ctgry": "hlth", "type": "axam", "pckg": "1111", "id": txref, "insrncDrtn": "3m",
            "addtnlFact": {"RsdncState": "Lagos", "RsdncLga": "Ikeja", "hospital": "LASUTH"}}


def ctl(ctx, db, *args):
    r = subprocess.run([ctx.args.aimsctl, "--db", "sqlite:" + db] + list(args), capture_output=True, timeout=30)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def status(port, who, cid, product, txref):
    return call(port, who, "dump entt_%s|insr_%s-%s*STATUS" % (cid, product, txref))


@scenario("live-underwriting", "LIVE: auto products approved at once; refer products wait for aimsctl approve or decline")
def live_underwriting(ctx):
    server, _ = ctx.new_server("live", [])
    code, out, err = ctl(ctx, server.db, "partner", "create", "--name", "Live Lender", "--mode", "live")
    if code != 0:
        raise Failure("partner create --mode live: %s" % err)
    p = dict(line.split("=", 1) for line in out.split())
    server.start()
    who = userinfo(p["PARTNER_ID"], p["AUTH_ID"], p["AUTH_KEY"])
    reg = call(server.port, who, "prfl entity", PERSON)
    expect(reg, OK, "registering the LIVE partner's consumer")
    cid = reg["id"]
    # An auto product: approved at once, a real (AIMS-) policy number.
    expect(call(server.port, who, "entt_%s: insure" % cid, health("L-H1")),
           dict(OK, id="L-H1", stts="a", prmm=3750), "LIVE health (auto)")
    expect(status(server.port, who, cid, "hlth-axam-1111", "L-H1"),
           dict(OK, status="a", plcyNo="${re:AIMS-HLTH-[0-9A-F]{10}}"), "LIVE health status")
    # A refer product waits.
    expect(call(server.port, who, "entt_%s: insure" % cid, motor("L-M1")),
           dict(OK, id="L-M1", stts="p", prmm=100000), "LIVE motor comprehensive (refer)")
    expect(call(server.port, who, "entt_%s: insure" % cid, motor("L-M2")),
           dict(OK, id="L-M2", stts="p", prmm=100000), "a second refer request")
    expect(status(server.port, who, cid, "vhcl-cmpr-1111", "L-M1"),
           dict(OK, status="p", plcyNo="${absent}", tmstmp="${absent}", crtfctUrl="${absent}"), "waiting status")
    code, out, err = ctl(ctx, server.db, "underwriting", "list")
    if code != 0 or "L-M1" not in out or "L-M2" not in out or "L-H1" in out:
        raise Failure("underwriting list: exit %d\n%s%s" % (code, out, err))
    code, out, err = ctl(ctx, server.db, "underwriting", "approve", "L-M1")
    if code != 0 or not re.search(r"policy AIMS-VHCL-[0-9A-F]{10}", out):
        raise Failure("underwriting approve L-M1: exit %d\n%s%s" % (code, out, err))
    st = status(server.port, who, cid, "vhcl-cmpr-1111", "L-M1")
    expect(st, dict(OK, status="a", plcyNo="${re:AIMS-VHCL-[0-9A-F]{10}}", tmstmp="${any}", cvrEnd="${any}",
                    crtfctUrl="${any}", note="${absent}"), "status after approval")
    if int(st["cvrEnd"][:4]) != int(st["tmstmp"][:4]) + 1 or st["cvrEnd"][4:] != st["tmstmp"][4:]:
        if not (st["tmstmp"][5:10] == "02-29" and st["cvrEnd"][5:10] == "02-28"):
            raise Failure("a 1y cover from %s ends %s" % (st["tmstmp"], st["cvrEnd"]))
    code, out, err = ctl(ctx, server.db, "underwriting", "decline", "L-M2")
    if code != 2 or "--note" not in err:
        raise Failure("decline without --note must be refused (exit 2): %d %s" % (code, err))
    note = "The vehicle inspection report is missing."
    code, out, err = ctl(ctx, server.db, "underwriting", "decline", "L-M2", "--note", note)
    if code != 0:
        raise Failure("underwriting decline: exit %d %s" % (code, err))
    expect(status(server.port, who, cid, "vhcl-cmpr-1111", "L-M2"),
           dict(OK, status="d", note=note, plcyNo="${absent}", tmstmp="${absent}"), "status after decline")
    code, out, err = ctl(ctx, server.db, "underwriting", "approve", "L-M2")
    if code == 0:
        raise Failure("a declined request was approved afterwards:\n%s" % out)
    # The retry of the first request still answers what it first answered.
    expect(call(server.port, who, "entt_%s: insure" % cid, motor("L-M1")),
           dict(OK, id="L-M1", stts="p"), "a retry answers the first answer")
    rc = server.stop()
    if rc != 0:
        raise Failure("aimsd exited %s on SIGTERM\n%s" % (rc, server.log_tail()))


def get(url):
    u = urllib.parse.urlsplit(url)
    return harness.request(u.port, "GET", u.path)


@scenario("certificate", "the certificate PDF holds the policy number and its QR code opens the verify page")
def certificate(ctx):
    port, who = ctx.server.port, ctx.userinfo("A")
    seed = dict(PERSON, eMail="chiamaka.eze@scenario-certificate.example")
    cid = call(port, who, "prfl entity", seed)["id"]
    expect(call(port, who, "entt_%s: insure" % cid, health("C-H1")), dict(OK, stts="a"), "a TEST health policy")
    st = status(port, who, cid, "hlth-axam-1111", "C-H1")
    expect(st, dict(OK, status="a", plcyNo="${any}", crtfctUrl="${any}"), "status")
    r = get(st["crtfctUrl"])
    if r.status != 200 or not r.content_type.startswith("application/pdf") or not r.body.startswith(b"%PDF"):
        raise Failure("GET %s: HTTP %d %s" % (st["crtfctUrl"], r.status, r.content_type))
    pdf = os.path.join(ctx.work, "certificate.pdf")
    with open(pdf, "wb") as f:
        f.write(r.body)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, timeout=30).stdout.decode()
    for want in (st["plcyNo"], "Chiamaka", "SPECIMEN"):
        if want not in text:
            raise Failure("the certificate's text lacks %r:\n%s" % (want, text))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", pdf, pdf[:-4]], check=True, timeout=60)
    qr = subprocess.run(["zbarimg", "--raw", "-q", pdf[:-4] + ".png"], capture_output=True, timeout=60)
    verify_url = qr.stdout.decode().strip()
    want = "http://127.0.0.1:%d/verify/%s" % (port, st["plcyNo"])
    if verify_url != want:
        raise Failure("the QR code decodes to %r, want %r" % (verify_url, want))
    page = get(verify_url)
    html = page.body.decode()
    if page.status != 200 or "in force" not in html or st["plcyNo"] not in html or "C. E." not in html:
        raise Failure("verify page: HTTP %d\n%s" % (page.status, html))
    if "Chiamaka" in html or "Eze<" in html or "+234" in html:
        raise Failure("the public verify page shows more than the holder's initials:\n%s" % html)
    dump = call(port, who, "entt_%s|insr_hlth-axam-1111-C-H1: dump" % cid)
    if base64.b64decode(dump.get("crtf", "")) [:4] != b"%PDF":
        raise Failure("the transaction dump's crtf is not a base64 PDF")
    for path in ("/certificates/%s.pdf" % ("0" * 40), "/verify/TEST-HLTH-0000000000", "/verify/x%3Cscript",
                 "/certificates/../aims.db"):
        r = harness.request(port, "GET", path)
        if r.status != 404:
            raise Failure("GET %s: HTTP %d, want 404" % (path, r.status))
