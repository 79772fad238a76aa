/*
 * limits.h - every size, count and time limit of aims in one place.
 *
 * The README's "Limits" section is written from this file; change both together.
 * Everything that reads untrusted input takes its caps from here.
 */
#ifndef AIMS_LIMITS_H
#define AIMS_LIMITS_H

/* Transport (PROTOCOL.md section 1). */
#define AIMS_MAX_BODY (6u * 1024u * 1024u) /* request body bytes; more answers 55/413 */
#define AIMS_READ_TIMEOUT_S 8              /* reading one request body */
#define AIMS_IDLE_TIMEOUT_S 12             /* idle keep-alive connection */
#define AIMS_JSON_MAX_DEPTH 32             /* nesting of arrays and objects */

/* Admission control defaults; aimsd --max-queue / --max-connections change them. */
#define AIMS_DEFAULT_MAX_QUEUE 1024
#define AIMS_DEFAULT_MAX_CONNECTIONS 1000

/* Write group commit: most requests committed in one transaction. */
#define AIMS_MAX_GROUP 256

/* SR05 field caps (PROTOCOL.md section 5), in characters (code points). */
#define AIMS_MAX_NAME 128
#define AIMS_MAX_EMAIL 254
#define AIMS_MAX_ADDRESS 512
#define AIMS_MAX_SHORT_TEXT 64              /* ntnlty, stateOfOrigin, taxId */
#define AIMS_MAX_IMAGE (4u * 1024u * 1024u) /* decoded bytes of one document scan */
#define AIMS_MAX_AGE_YEARS 120

/* The product catalog aimsd and aimsctl read unless told otherwise (relative to the
 * working directory; make run starts in the repository). */
#define AIMS_DEFAULT_CATALOG "catalog/products.json"

/* Operator-chosen names (aimsctl). */
#define AIMS_MAX_PARTNER_NAME 200

#endif
