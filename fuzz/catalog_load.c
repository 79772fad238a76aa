/*
 * catalog_load.c - fuzz target for the product catalog loader (catalog_load_text): any
 * text either loads into a catalog whose every product can be found by its code, or is
 * refused with an error naming what is wrong. Nothing leaks either way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/json/catalog_load.h"
#include "../src/products/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "";
    struct catalog *cat = catalog_load_text((const char *)data, size, "fuzz", err, sizeof err);

    if (!cat) {
        if (!err[0])
            abort();
        return 0;
    }
    for (size_t i = 0; i < catalog_count(cat); i++) {
        const struct product *p = catalog_product_at(cat, i);
        if (catalog_find(cat, p->code, strlen(p->code)) != p)
            abort();
    }
    catalog_unref(cat);
    return 0;
}
