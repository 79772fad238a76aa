/*
 * certificate_int.h - internals shared by the files of src/certificates: the page layout
 * (certificate.c) calls the QR code drawer (qr.c). Not for use outside this folder.
 */
#ifndef AIMS_CERTIFICATE_INT_H
#define AIMS_CERTIFICATE_INT_H

#include <stddef.h>

#include <cairo.h>

/* Light modules around the symbol, in modules; the QR standard asks for four. */
#define CERT_QR_QUIET 4

/*
 * Encodes text (NUL-terminated, at most CERTIFICATE_MAX_URL bytes) as a QR code at error
 * correction level M and draws it on cr as filled black squares on a white square of side
 * size points, quiet zone included, with its top left corner at (x, y). Returns 0, or -1
 * with a message in err (err_len bytes) when libqrencode cannot encode text. Running out of
 * memory aborts.
 */
int certificate_qr_draw(cairo_t *cr, const char *text, double x, double y, double size, char *err,
                        size_t err_len);

#endif
