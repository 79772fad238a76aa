/*
 * certificate.h - the certificate of insurance: one A4 page of PDF per approved policy
 * (PROTOCOL.md section 7), served at crtfctUrl and carried base64-encoded in the
 * one-transaction dump.
 *
 * A pure renderer: no network, no database, no JSON. The caller gathers the facts of the
 * policy into a struct certificate_info and gets the PDF bytes back. The page shows the
 * policy number, holder, consumer id, product, insurer, cover dates (UTC), premium in
 * Naira and a QR code of the public verification URL with that URL written under it.
 * Certificates of TEST partners carry a large diagonal SPECIMEN mark and a note that they
 * are not a contract of insurance.
 *
 * Thread safety: every call builds its own cairo surface and QR symbol and shares no state
 * of its own, and cairo and libqrencode (built with pthreads, as Debian does) lock their
 * internal caches, so any number of threads may render at once.
 *
 * This folder is the only one that includes the cairo, fontconfig and libqrencode
 * headers; it links with pkg-config's cairo, fontconfig and libqrencode.
 */
#ifndef AIMS_CERTIFICATE_H
#define AIMS_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest text field certificate_render_pdf accepts, in bytes. */
#define CERTIFICATE_MAX_FIELD 1024
/* Longest verify_url, in bytes: longer URLs make a QR code too dense to scan at 40 mm. */
#define CERTIFICATE_MAX_URL 256
/* Bytes certificate_format_naira needs for any int64_t, the NUL included. */
#define CERTIFICATE_NAIRA_MAX 32

/*
 * The facts printed on a certificate. Every string is borrowed for the call only, NUL-
 * terminated, valid UTF-8 without control characters, and at most CERTIFICATE_MAX_FIELD
 * bytes (verify_url: CERTIFICATE_MAX_URL).
 */
struct certificate_info {
    const char *policy_no;    /* required, e.g. "TEST-HLTH-000123" */
    const char *holder_name;  /* required: full name of the consumer (or organisation) */
    const char *consumer_id;  /* 32 hex; may be NULL (then not printed) */
    const char *product_code; /* e.g. "hlth-axam-1111"; may be NULL (then not printed) */
    const char *product_name; /* required, e.g. "Health insurance, option X1" */
    const char *insurer;      /* may be NULL: printed as "Not applicable" */
    const char *cover_start;  /* required, "YYYY-MM-DD HH:MM:SS" UTC */
    const char *cover_end;    /* required, same form */
    int64_t premium_kobo;     /* >= 0; printed as "NGN 15,000.00" */
    const char *verify_url;   /* required: absolute URL the QR code encodes, e.g.
                                 http://127.0.0.1:8080/verify/TEST-HLTH-000123 */
    bool specimen;            /* TEST partners: SPECIMEN mark, "not a contract of insurance" */
};

/*
 * Renders the certificate of ci as a one-page A4 PDF.
 *
 * On success returns 0 and sets *pdf and *pdf_len; the caller frees *pdf with free().
 * On failure returns -1, leaves *pdf NULL and *pdf_len 0, and writes a one-line message
 * naming the offending field (e.g. "cover_end: not of the form YYYY-MM-DD HH:MM:SS") into
 * err (err_len bytes, always NUL-terminated; err may be NULL when err_len is 0). Failures
 * are invalid input (a required field NULL or blank, bad UTF-8, a control character, a
 * field too long, a malformed time, a negative premium, a holder or product name too long
 * to fit the page) or a cairo error. Running out of memory aborts (server rule).
 *
 * The output depends only on ci (the PDF's creation date is cover_start, not the clock), so
 * the same facts give the same bytes.
 */
int certificate_render_pdf(const struct certificate_info *ci, uint8_t **pdf, size_t *pdf_len,
                           char *err, size_t err_len);

/*
 * Formats kobo as Naira with thousands separators and two decimals: 0 -> "NGN 0.00",
 * 125000 -> "NGN 1,250.00", -5 -> "NGN -0.05". Writes a NUL-terminated string into out
 * (out_len bytes; CERTIFICATE_NAIRA_MAX is always enough). Returns 0, or -1 when out is too
 * small (out then holds "" if out_len > 0).
 */
int certificate_format_naira(int64_t kobo, char *out, size_t out_len);

/*
 * Frees the process-wide caches cairo and fontconfig fill on the first render (about
 * 1.4 KB, the same however many certificates were rendered), so that a leak checker
 * (ASan's LeakSanitizer, valgrind) sees a clean exit. Call it once, at exit, after every
 * render has returned and when nothing else in the process uses cairo or fontconfig; no
 * render may follow it.
 */
void certificate_global_cleanup(void);

#endif
