/* strmap.h: a string-keyed hash map of long long values, for lookups inside one request
 * (majors by name, codes, keys already seen in an import). Keys are copied into the arena. */
#ifndef QIAO_STRMAP_H
#define QIAO_STRMAP_H

#include <stddef.h>

#include "core/arena.h"

struct strmap;

/* A new empty map whose memory lives in arena. */
struct strmap *strmap_new(struct arena *arena);
/* Sets key to value (replacing an existing value). */
void strmap_put(struct strmap *m, const char *key, long long value);
/* 1 and *value when key is present, else 0. value may be NULL. */
int strmap_get(const struct strmap *m, const char *key, long long *value);
size_t strmap_size(const struct strmap *m);

#endif
