/*
 * consumer.h - the rules of a consumer profile (SR05 "prfl entity", PROTOCOL.md section 5).
 *
 * Pure: no I/O, no JSON library. The API layer lifts the seed's fields into a struct
 * consumer_seed (strings as pointer and length, borrowed from the parsed request) and
 * consumer_validate checks every rule in one fixed order, so the same request always
 * names the same first invalid field.
 */
#ifndef AIMS_CONSUMER_H
#define AIMS_CONSUMER_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/timeutil.h"

/* How a seed field arrived. */
enum field_state {
    FIELD_ABSENT = 0, /* missing or JSON null */
    FIELD_STRING,     /* a JSON string: s and len are set */
    FIELD_OTHER       /* some other JSON type */
};

/* One seed value. s is borrowed from the request and not NUL-terminated. */
struct field {
    enum field_state state;
    const char *s;
    size_t len;
};

/* A container object (name, dob, addrss, socialID) that arrived but is not an object. */
enum { GROUP_NAME, GROUP_DOB, GROUP_ADDRSS, GROUP_SOCIAL, GROUP_COUNT };

/* Index of every checked field, in validation order. */
enum consumer_field {
    CF_CLASS,
    CF_TYPE,
    CF_NAME_FIRST,
    CF_NAME_LAST,
    CF_NAME_MIDDLE,
    CF_NAME_MAIDEN,
    CF_DOB_DATE,
    CF_DOB_PROOF,
    CF_GENDER,
    CF_PHONE,
    CF_EMAIL,
    CF_ADDRSS,
    CF_ADDRSS_PROOF,
    CF_NTNLTY,
    CF_STATE_OF_ORIGIN,
    CF_MRTL_STATUS,
    CF_SOCIAL_TYPE,
    CF_SOCIAL_ID,
    CF_SOCIAL_IMAGE,
    CF_TAX_ID,
    CF_COUNT
};

/* The SR05 seed as lifted from the request. */
struct consumer_seed {
    struct field f[CF_COUNT];
    bool group_not_object[GROUP_COUNT];
    bool social_lower_d; /* the object was spelled "socialId" (paths follow the spelling) */
};

enum consumer_class { CLASS_INDIVIDUAL = 0, CLASS_ORGANISATION = 1 };

/* What validation decided, for storing. Pointers are borrowed from the seed. */
struct consumer_norm {
    enum consumer_class cls;
    const char *class_word; /* "individual" or "organization" */
    const char *mrtl_word;  /* full word, or NULL when absent */
    const char *email;      /* trimmed address as sent */
    size_t email_len;
    char email_key[4 * 254 + 1]; /* trimmed and lower-cased: the idempotency key */
    size_t email_key_len;
};

/* The JSON key of field i inside its object ("first", "date", "phoneNo", ...). */
const char *consumer_field_key(enum consumer_field i);

/* The group (GROUP_*) field i sits in, or -1 for top-level fields. */
int consumer_field_group(enum consumer_field i);

/* The JSON key of a group ("name", "dob", "addrss", "socialID" / "socialId"). */
const char *consumer_group_key(int group, bool social_lower_d);

/*
 * Checks every rule of PROTOCOL.md section 5 against seed, with today as the date for
 * "not in the future" and the age limit. Returns 0 and fills *out, or -1 and writes the
 * complete error text ("Data cmmnd.seed.<path> ...") into err (err_len bytes).
 */
int consumer_validate(const struct consumer_seed *seed, struct date today,
                      struct consumer_norm *out, char *err, size_t err_len);

#endif
