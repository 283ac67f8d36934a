/* terms.h: words for MariaDB's FULLTEXT index that make Chinese searchable: Han characters
 * singly and in overlapping pairs, Latin letters and digits as lower-case words, each written
 * as "x" and the hex of its UTF-8 bytes (terms.c says why). */
#ifndef QIAO_TERMS_H
#define QIAO_TERMS_H

#include <stddef.h>

#include "core/arena.h"

/* The terms of n texts (NULL ones skipped), each once, space-separated; arena-owned, "" when
 * the texts hold no letter, digit or Han character. */
char *terms_index(struct arena *a, const char *const *texts, size_t n);

/* A search for q as an InnoDB boolean-mode query requiring every term ("+x… +x…"): one Han
 * character stands for itself, a longer run for its pairs, the last Latin word for any word it
 * begins. NULL when q has no term to look for. Arena-owned. */
char *terms_query(struct arena *a, const char *q);

#endif
