/*
 * store_int.h - what the store front end (store.c) and its backends share.
 *
 * Every backend's handle begins with struct store, so a struct store * can be handed
 * out and the backend finds its own fields behind it.
 */
#ifndef AIMS_STORE_INT_H
#define AIMS_STORE_INT_H

#include "store.h"

struct store {
    const struct store_ops *ops;
};

#endif
