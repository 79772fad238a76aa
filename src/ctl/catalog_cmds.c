/*
 * catalog_cmds.c - aimsctl's catalog commands: check a catalog file without starting
 * anything, list the products, show one product with its fields and prices.
 */
#include <stdio.h>
#include <string.h>

#include "../json/catalog_load.h"
#include "../products/catalog.h"
#include "ctl.h"

int ctl_catalog_check(struct ctl *c, int argc, char **argv)
{
    char err[1024];
    struct catalog *cat;

    (void)c;
    if (argc != 2) {
        fprintf(stderr, "aimsctl: usage: catalog check FILE\n");
        return 2;
    }
    cat = catalog_load_file(argv[1], err, sizeof err);
    if (!cat) {
        fprintf(stderr, "aimsctl: %s\n", err);
        return 1;
    }
    printf("%s: %zu products, all valid\n", argv[1], catalog_count(cat));
    catalog_unref(cat);
    return 0;
}

static struct catalog *load(struct ctl *c)
{
    char err[1024];
    struct catalog *cat = catalog_load_file(c->catalog, err, sizeof err);

    if (!cat)
        fprintf(stderr, "aimsctl: %s\n", err);
    return cat;
}

static void print_periods(const struct product *p)
{
    if (p->period_count == 0)
        fputs("-", stdout);
    for (size_t i = 0; i < p->period_count; i++)
        printf("%s%s", i ? " " : "", p->periods[i].code);
}

int ctl_product_list(struct ctl *c, int argc, char **argv)
{
    struct catalog *cat;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "aimsctl: product list takes no arguments\n");
        return 2;
    }
    if (!(cat = load(c)))
        return 1;
    printf("%-16s %-10s %-8s %-5s %-26s %s\n", "CODE", "CATEGORY", "RULE", "UW", "PERIODS", "NAME");
    for (size_t i = 0; i < catalog_count(cat); i++) {
        const struct product *p = catalog_product_at(cat, i);
        char periods[64] = "";
        size_t n = 0;

        for (size_t k = 0; k < p->period_count && n < sizeof periods - 8; k++) {
            int w =
                snprintf(periods + n, sizeof periods - n, "%s%s", k ? " " : "", p->periods[k].code);
            if (w > 0)
                n += (size_t)w;
        }
        printf("%-16s %-10s %-8s %-5s %-26s %s\n", p->code, p->category,
               catalog_rule_kind_name(p->rule.kind), catalog_underwriting_name(p->underwriting),
               n ? periods : "-", p->name);
    }
    catalog_unref(cat);
    return 0;
}

static void print_naira(int64_t naira)
{
    char digits[32], out[48];
    int n = snprintf(digits, sizeof digits, "%lld", (long long)naira), k = 0;

    /* Thousands separators: 1,250 reads better than 1250 in a table for people. */
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0 && digits[i - 1] != '-')
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
    printf("%s", out);
}

static void print_ppm(int64_t ppm)
{
    printf("%lld.%04lld %%", (long long)(ppm / 10000), (long long)(ppm % 10000));
}

static void show_prices(const struct product *p)
{
    const struct premium_rule *r = &p->rule;

    if (r->kind == RULE_TABLE) {
        const struct quote_field *plan =
            r->table.plan_field >= 0 ? &p->fields[r->table.plan_field] : NULL;
        size_t plans = plan ? plan->choice_count : 1;
        for (size_t i = 0; i < p->period_count; i++)
            for (size_t k = 0; k < plans; k++) {
                printf("  %-6s %-12s NGN ", p->periods[i].code, plan ? plan->choices[k] : "");
                print_naira(r->table.naira[i * plans + k]);
                putchar('\n');
            }
    } else if (r->kind == RULE_PERCENT) {
        size_t n = r->percent.single_rate || p->period_count == 0 ? 1 : p->period_count;
        for (size_t i = 0; i < n; i++) {
            printf("  %-6s ", n == 1 ? "any" : p->periods[i].code);
            print_ppm(r->percent.rate_ppm[i]);
            printf(" of %s\n", p->fields[r->percent.value_field].name);
        }
        if (r->percent.min_premium) {
            printf("  minimum premium NGN ");
            print_naira(r->percent.min_premium);
            putchar('\n');
        }
    } else if (r->kind == RULE_LOAN) {
        printf("  %s x %lld/%lld a year x %s / 12\n", p->fields[r->loan.amount_field].name,
               (long long)r->loan.rate_num, (long long)r->loan.rate_den,
               p->fields[r->loan.tenure_field].name);
    } else {
        const struct rule_travel *t = &r->travel;
        const struct quote_field *plan = &p->fields[t->plan_field];
        for (size_t z = 0; z < t->zone_count; z++) {
            printf("  zone %s (%zu countries)\n", t->zones[z].name, t->zones[z].country_count);
            for (size_t i = 0; i < p->period_count; i++) {
                printf("    %-6s", p->periods[i].code);
                for (size_t k = 0; k < plan->choice_count; k++) {
                    printf("  %s NGN ", plan->choices[k]);
                    print_naira(t->zones[z].naira[i * plan->choice_count + k]);
                }
                putchar('\n');
            }
        }
        for (size_t a = 0; a < t->age_count; a++) {
            printf("  ages %lld-%lld x ", (long long)t->ages[a].min, (long long)t->ages[a].max);
            printf("%lld.%02lld\n", (long long)(t->ages[a].factor_ppm / 1000000),
                   (long long)(t->ages[a].factor_ppm % 1000000 / 10000));
        }
        for (size_t b = 0; t->hajj_country && b < t->hajj_band_count; b++) {
            printf("  Hajj/Umrah (%s) ages %lld-%lld:", t->hajj_country,
                   (long long)t->hajj_bands[b].min, (long long)t->hajj_bands[b].max);
            for (size_t i = 0; i < t->hajj_period_count; i++) {
                printf("  %s NGN ", t->hajj_periods[i].code);
                print_naira(t->hajj_bands[b].naira[i]);
            }
            putchar('\n');
        }
    }
}

int ctl_product_show(struct ctl *c, int argc, char **argv)
{
    const struct product *p;
    struct catalog *cat;

    if (argc != 2) {
        fprintf(stderr, "aimsctl: usage: product show CODE\n");
        return 2;
    }
    if (!(cat = load(c)))
        return 1;
    p = catalog_find(cat, argv[1], strlen(argv[1]));
    if (!p) {
        fprintf(stderr, "aimsctl: no product %s in %s\n", argv[1], c->catalog);
        catalog_unref(cat);
        return 1;
    }
    printf("%s  %s\n", p->code, p->name);
    printf("category: %s   insurer: %s   underwriting: %s\n", p->category,
           p->insurer ? p->insurer : "-", catalog_underwriting_name(p->underwriting));
    if (p->alias_count) {
        printf("aliases:");
        for (size_t i = 0; i < p->alias_count; i++)
            printf(" %s", p->aliases[i]);
        putchar('\n');
    }
    printf("cover periods: ");
    print_periods(p);
    printf("\nquote fields:\n");
    for (size_t i = 0; i < p->field_count; i++) {
        const struct quote_field *f = &p->fields[i];
        printf("  %-20s %-8s %s", f->name, catalog_quote_type_name(f->type),
               f->required ? "required" : "optional");
        if (f->has_min)
            printf(", at least %lld", (long long)f->min);
        if (f->has_max)
            printf(", at most %lld", (long long)f->max);
        for (size_t k = 0; k < f->choice_count; k++)
            printf("%s%s", k ? "|" : ", one of ", f->choices[k]);
        for (size_t k = 0; k < f->legacy_count; k++)
            printf("%s%s", k ? "," : " (also ", f->legacy[k]);
        printf("%s\n", f->legacy_count ? ")" : "");
    }
    if (p->req_count) {
        printf("consumer record needs:");
        for (size_t i = 0; i < p->req_count; i++)
            printf(" %s%s", p->reqs[i].path, p->reqs[i].individuals_only ? " (individuals)" : "");
        putchar('\n');
    }
    printf("premium (%s):\n", catalog_rule_kind_name(p->rule.kind));
    show_prices(p);
    catalog_unref(cat);
    return 0;
}
