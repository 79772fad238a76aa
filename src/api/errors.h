/*
 * errors.h - the one list of every answer aimsd gives on POST / other than success.
 *
 * Columns: name, exctnFdbck.id (wire), id_v4, default elbrtn text (NULL = the caller
 * always supplies the text, because it names a field or quotes a request id).
 * The enum and the tables in reply.c are generated from this list; every error leaves
 * through api_fail (api_int.h), which also logs and counts it.
 */
#ifndef AIMS_ERRORS_H
#define AIMS_ERRORS_H

#define AIMS_ERROR_LIST(X)                                                                         \
    X(OK, 75, 200, NULL)                                                                           \
    X(BUSY, 35, 503, "Server at capacity; retry after 2, 4 and 8 seconds")                         \
    X(BAD_JSON, 55, 400, NULL)                                                                     \
    X(NOT_OBJECT, 55, 400, "Request body must be a JSON object")                                   \
    X(BAD_METHOD, 55, 400, "Requests must use POST with a JSON body")                              \
    X(BAD_VERSION, 55, 400, "Data srvcVrsn must be \"2\"")                                         \
    X(NO_COMMAND, 55, 400, "Data cmmnd.cmmnd is required")                                         \
    X(COMMAND_TYPE, 55, 400, "Data cmmnd.cmmnd must be a string")                                  \
    X(UNSUPPORTED, 55, 400, "Unsupported request")                                                 \
    X(NO_PRODUCT, 55, 400, "Product specified not supported")                                      \
    X(BAD_REQUEST, 55, 400, NULL)                                                                  \
    X(AUTH, 55, 401, "Your authorization is not genuine")                                          \
    X(NO_ENTITY, 55, 404, "Entity specified not recognised")                                       \
    X(INVALID, 55, 406, NULL)                                                                      \
    X(CONFLICT, 55, 409,                                                                           \
      "Data cmmnd.seed.id already in use by another insurance request from you")                   \
    X(TOO_LARGE, 55, 413, "Request body too large")                                                \
    X(INTERNAL, 55, 500, NULL)

enum api_err {
#define X(name, wire, v4, text) API_##name,
    AIMS_ERROR_LIST(X)
#undef X
        API_ERR_COUNT
};

#endif
