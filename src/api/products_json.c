/*
 * products_json.c - a catalog product as the dashboard's buy form reads it (GET
 * /dashboard/api/products): what to ask for and of which type. Only descriptions leave
 * here; the rules stay in products/ and are applied by SR10 and SR15 on submit, so the
 * form never decides what is valid.
 */
#include <string.h>

#include "../products/catalog.h"
#include "dashboard_int.h"

static json_t *words(const char **list, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(list[i]));
    return a;
}

/* Every country of the travel zones, for the destination field's suggestions. */
static json_t *countries(const struct product *p)
{
    const struct rule_travel *t = &p->rule.travel;
    json_t *a = json_array();

    for (size_t z = 0; z < t->zone_count; z++)
        for (size_t i = 0; i < t->zones[z].country_count; i++)
            json_array_append_new(a, json_string(t->zones[z].countries[i]));
    if (t->hajj_country) {
        bool listed = false;
        for (size_t z = 0; z < t->zone_count && !listed; z++)
            for (size_t i = 0; i < t->zones[z].country_count && !listed; i++)
                listed = strcmp(t->zones[z].countries[i], t->hajj_country) == 0;
        if (!listed)
            json_array_append_new(a, json_string(t->hajj_country));
    }
    return a;
}

static json_t *quote_field(const struct product *p, int index)
{
    const struct quote_field *f = &p->fields[index];
    json_t *o = json_pack("{s:s, s:s, s:b}", "name", f->name, "type",
                          catalog_quote_type_name(f->type), "required", f->required);

    if (f->has_min)
        json_object_set_new(o, "min", json_integer(f->min));
    if (f->has_max)
        json_object_set_new(o, "max", json_integer(f->max));
    if (f->type == QF_CHOICE) {
        json_object_set_new(o, "choices", words(f->choices, f->choice_count));
        if (f->def >= 0)
            json_object_set_new(o, "default", json_string(f->choices[f->def]));
    }
    if (f->type == QF_PERIOD) {
        json_t *a = json_array();
        for (size_t i = 0; i < p->period_count; i++)
            json_array_append_new(a, json_string(p->periods[i].code));
        json_object_set_new(o, "choices", a);
    }
    if (p->rule.kind == RULE_TRAVEL && index == p->rule.travel.destination_field)
        json_object_set_new(o, "suggestions", countries(p));
    return o;
}

static json_t *fact_json(const struct fact_field *f);

static json_t *facts_json(const struct fact_field *list, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, fact_json(&list[i]));
    return a;
}

static json_t *fact_json(const struct fact_field *f)
{
    json_t *o =
        json_pack("{s:s, s:b}", "type", catalog_fact_type_name(f->type), "required", f->required);

    if (f->name)
        json_object_set_new(o, "name", json_string(f->name));
    if (f->who != WHO_ALL)
        json_object_set_new(
            o, "who", json_string(f->who == WHO_INDIVIDUALS ? "individuals" : "organisations"));
    if (f->when_field && f->when_equals)
        json_object_set_new(
            o, "when", json_pack("{s:s, s:s}", "field", f->when_field, "equals", f->when_equals));
    if (f->has_min)
        json_object_set_new(o, "min", json_integer(f->min));
    if (f->has_max)
        json_object_set_new(o, "max", json_integer(f->max));
    if (f->choice_count)
        json_object_set_new(o, "choices", words(f->choices, f->choice_count));
    if (f->same_as_quote)
        json_object_set_new(o, "same_as_quote", json_string(f->same_as_quote));
    if (f->type == FACT_OBJECT)
        json_object_set_new(o, "fields", facts_json(f->fields, f->field_count));
    if (f->type == FACT_ARRAY && f->items)
        json_object_set_new(o, "items", fact_json(f->items));
    return o;
}

json_t *dash_product_json(const struct product *p)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "code", p->code, "name", p->name, "category",
                          p->category, "underwriting", catalog_underwriting_name(p->underwriting));
    json_t *periods = json_array(), *quote = json_array(), *needs = json_array();

    if (p->insurer)
        json_object_set_new(o, "insurer", json_string(p->insurer));
    for (size_t i = 0; i < p->period_count; i++)
        json_array_append_new(periods, json_string(p->periods[i].code));
    for (size_t i = 0; i < p->field_count; i++)
        json_array_append_new(quote, quote_field(p, (int)i));
    for (size_t i = 0; i < p->req_count; i++)
        json_array_append_new(needs, json_string(p->reqs[i].path));
    json_object_set_new(o, "periods", periods);
    json_object_set_new(o, "quote", quote);
    json_object_set_new(o, "consumer", needs);
    json_object_set_new(o, "facts", facts_json(p->facts, p->fact_count));
    return o;
}
