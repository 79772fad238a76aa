/*
 * checkout.c - the Consumer Management Guide's issuePolicy(userId, product, details) in C
 * with libaims: what a partner's checkout does when a customer adds insurance to an order.
 *
 *   1. Look the customer's consumer_id up in the local store; only a first-time customer
 *      is registered (prfl entity), and the id is saved for every later purchase.
 *   2. Quote the product (SR10).
 *   3. Request the policy (SR15) under YOUR order id, so a retry never buys twice.
 *   4. Wait for the status (SR20), print the policy and save its certificate PDF.
 *
 * main() runs one customer through two checkouts: health insurance on her first order
 * (she is registered) and a laptop warranty on her next (no registration: the stored
 * consumer_id is reused). Only <aims/client.h> is used. Configuration comes from the
 * environment: AIMS_URL, AIMS_PARTNER_ID, AIMS_AUTH_ID, AIMS_AUTH_KEY, AIMS_STORE.
 * See examples/README.md for building and running it.
 */
#include <aims/client.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * "Your own database": the partner's customers, keyed by the partner's own user id.
 * A real checkout reads this from its customer table; libaims needs the profile only
 * the first time a customer buys insurance.
 */
struct customer {
    const char *user_id;
    struct aims_profile profile;
};

static const struct customer customers[] = {
    {"cust-1001",
     {.first_name = "Adaeze",
      .last_name = "Nwosu",
      .dob = "1995-03-08",
      .gender = "f",
      .phone = "+2348051234567",
      .email = "adaeze.nwosu@example.com",
      .address = "12 Victoria Island, Lagos"}},
    {"cust-1002",
     {.first_name = "Tunde",
      .last_name = "Bakare",
      .dob = "1987-07-21",
      .gender = "m",
      .phone = "+2348039876543",
      .email = "tunde.bakare@example.com",
      .address = "3 Allen Avenue, Ikeja"}},
};

/* Looks a customer up in "your own database"; NULL when there is no such user. */
static const struct customer *customer_find(const char *user_id)
{
    for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++)
        if (strcmp(customers[i].user_id, user_id) == 0)
            return &customers[i];
    return NULL;
}

/* Prints why a libaims call failed: the server's own sentence when it answered 55. */
static void report(const char *user_id, const char *what, enum aims_rc rc)
{
    const struct aims_error *e = aims_last_error();

    if (rc == AIMS_ESERVER)
        fprintf(stderr, "%s: %s: server error %d: %s\n", user_id, what, e->id_v4, e->message);
    else
        fprintf(stderr, "%s: %s: %s: %s\n", user_id, what, aims_strerror(rc), e->message);
}

/* Money is kept in kobo (1/100 Naira) so that nothing is lost to floating point. */
static void print_naira(const char *label, int64_t kobo)
{
    printf("%s%" PRId64 ".%02" PRId64 " NGN", label, kobo / 100, kobo % 100);
}

/*
 * The guide's issuePolicy: ensures the consumer, quotes, insures, waits and prints the
 * policy. order_id is the partner's own order number: calling this again for the same
 * order (after a crash, a timeout, a double click) answers the same policy and never
 * buys a second one. seed_json holds the quote fields and the product's addtnlFact.
 * Returns AIMS_OK when the policy was approved.
 */
static enum aims_rc issue_policy(struct aims_client *client, const char *user_id,
                                 const char *product, const char *order_id, const char *seed_json)
{
    const struct customer *cust = customer_find(user_id);
    char consumer_id[AIMS_ID_LEN];
    char certificate[128];
    bool registered = false;
    int64_t quoted = 0;
    struct aims_policy policy;
    enum aims_rc rc;

    if (!cust) {
        fprintf(stderr, "%s: no such customer in our database\n", user_id);
        return AIMS_EINVAL;
    }

    /*
     * Step 1. The local store maps our user id to the consumer_id. Only when it holds
     * none is the customer registered (one prfl entity call, ever); if our record was
     * lost, the server's email idempotency gives the same consumer back.
     */
    rc = aims_consumer_ensure(client, user_id, &cust->profile, consumer_id, &registered);
    if (rc != AIMS_OK) {
        report(user_id, "registration", rc);
        return rc;
    }
    if (registered)
        printf("%s: first purchase: registered as consumer %s\n", user_id, consumer_id);
    else
        printf("%s: returning customer: consumer %s from the local store, no registration\n",
               user_id, consumer_id);

    /* Step 2. The price to show at checkout. */
    rc = aims_quote(client, product, seed_json, &quoted);
    if (rc != AIMS_OK) {
        report(user_id, "quote", rc);
        return rc;
    }
    printf("%s: %s ", user_id, product);
    print_naira("quoted ", quoted);
    printf("\n");

    /*
     * Step 3. The policy request. libaims derives the transaction reference from
     * (consumer, product, order id) and saves it before sending, so this call is safe
     * to repeat.
     */
    rc = aims_insure(client, consumer_id, product, order_id, seed_json, &policy);
    if (rc != AIMS_OK) {
        report(user_id, "policy request", rc);
        return rc;
    }

    /* Step 4. Auto products are approved at once; others wait for the insurer. */
    rc = aims_policy_wait(client, consumer_id, product, policy.txref, 60000, &policy);
    if (rc == AIMS_ETIMEOUT) {
        printf("%s: %s still processing (reference %s); check again later\n", user_id, product,
               policy.txref);
        return rc;
    }
    if (rc != AIMS_OK) {
        report(user_id, "policy status", rc);
        return rc;
    }
    if (policy.status == 'd') {
        printf("%s: %s declined: %s\n", user_id, product, policy.note);
        return AIMS_OK;
    }

    printf("%s: policy %s for %s, ", user_id, policy.policy_no, product);
    print_naira("premium ", policy.premium_kobo);
    printf(", cover %s to %s\n", policy.commenced, policy.cover_end);

    /* The certificate PDF, for the customer's order confirmation email. */
    snprintf(certificate, sizeof certificate, "certificate-%s.pdf", order_id);
    rc = aims_certificate_download(client, &policy, certificate);
    if (rc != AIMS_OK) {
        report(user_id, "certificate", rc);
        return rc;
    }
    printf("%s: certificate saved as %s\n", user_id, certificate);
    return AIMS_OK;
}

int main(void)
{
    struct aims_client *client = NULL;
    enum aims_rc rc;
    int status = 0;

    /* NULL: the URL, the credentials and the store file come from the environment. */
    rc = aims_client_new(NULL, &client);
    if (rc != AIMS_OK) {
        fprintf(stderr, "checkout: %s: %s\n", aims_strerror(rc), aims_last_error()->message);
        return 1;
    }

    /* Her first order: she is registered, then insured. */
    if (issue_policy(client, "cust-1001", "hlth-axam-1111", "order-5001",
                     "{\"insrncDrtn\":\"3m\",\"addtnlFact\":{\"RsdncState\":\"Lagos\","
                     "\"RsdncLga\":\"Eti-Osa\",\"hospital\":\"Reddington\"}}") != AIMS_OK)
        status = 1;

    /* Her next order, another product: the stored consumer_id is used, no registration. */
    if (issue_policy(client, "cust-1001", "lapt-flx1-1111", "order-5002",
                     "{\"insrncDrtn\":\"1y\",\"addtnlFact\":{\"brand\":\"HP\","
                     "\"model\":\"ProBook\",\"serialNo\":\"5CD1\"}}") != AIMS_OK)
        status = 1;

    aims_client_free(client);
    return status;
}
