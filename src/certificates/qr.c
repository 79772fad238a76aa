/*
 * qr.c - the certificate's QR code; see certificate_int.h. libqrencode turns the verify
 * URL into a square of modules and cairo draws the dark ones. The only file that includes
 * qrencode.h.
 */
#include "certificate_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <qrencode.h>

int certificate_qr_draw(cairo_t *cr, const char *text, double x, double y, double size, char *err,
                        size_t err_len)
{
    QRcode *qr;
    double m;
    int n;

    /* Version 0 lets libqrencode pick the smallest symbol that holds the text; hint
     * QR_MODE_8 with case sensitivity keeps the URL byte for byte. */
    errno = 0;
    qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) {
        if (errno == ENOMEM) {
            fputs("aims: out of memory\n", stderr);
            abort();
        }
        snprintf(err, err_len, "verify_url: %s",
                 errno == ERANGE ? "too long for a QR code" : "cannot be encoded as a QR code");
        return -1;
    }
    n = qr->width;
    m = size / (n + 2 * CERT_QR_QUIET);

    cairo_save(cr);
    /* The white square is the quiet zone; it also hides anything drawn beneath (the
     * SPECIMEN mark) so the scanner sees only the symbol. */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);

    /* Each horizontal run of dark modules becomes one rectangle, and all of them are
     * filled as one path: touching rectangles then merge, with no hairline seams between
     * them when a viewer rasterises the page with anti-aliasing. */
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < n; r++) {
        const unsigned char *row = qr->data + (size_t)r * (size_t)n;
        int c = 0;
        while (c < n) {
            int start;
            if (!(row[c] & 1)) {
                c++;
                continue;
            }
            start = c;
            while (c < n && (row[c] & 1))
                c++;
            cairo_rectangle(cr, x + (CERT_QR_QUIET + start) * m, y + (CERT_QR_QUIET + r) * m,
                            (c - start) * m, m);
        }
    }
    cairo_fill(cr);
    cairo_restore(cr);
    QRcode_free(qr);
    return 0;
}
