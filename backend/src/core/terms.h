/* terms.h: the job search's terms, which make Chinese searchable: Han characters
 * singly and in overlapping pairs, Latin letters and digits as lower-case words, each written
 * as "x" and the hex of its UTF-8 bytes (terms.c says why). */
#ifndef QIAO_TERMS_H
#define QIAO_TERMS_H

#include <stddef.h>

#include "core/arena.h"

/* The terms of n texts (NULL ones skipped), each once, space-separated; arena-owned, "" when
 * the texts hold no letter, digit or Han character. */
char *terms_index(struct arena *a, const char *const *texts, size_t n);

/* A search for q: the LIKE patterns of which a job's terms must match every one, *n of them
 * (0 when q has no letter, digit or Han character), the most selective first by their form (an
 * exact term before a word's prefix, a longer before a shorter). One Han character stands for
 * itself, a longer run for its pairs, the last Latin word for any word it begins ("x…%").
 * Arena-owned. */
const char **terms_query(struct arena *a, const char *q, size_t *n);

#endif
