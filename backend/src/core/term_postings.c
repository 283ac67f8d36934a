/* term_postings.c: a term's jobs in a growable array; the terms found by a hash map. A job
 * search's vocabulary is small (740 terms in 200,000 generated jobs) and its postings large
 * (10.6 million), so only the terms are sorted, once, when written. */
#include "core/term_postings.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/strmap.h"
#include "core/xmalloc.h"

struct posting_list {
	const char *term;
	long long *jobs;
	size_t n, cap;
};

struct term_postings {
	struct arena *arena;
	struct strmap *by_term; /* term -> index in lists */
	struct posting_list *lists;
	size_t n, cap;
};

struct term_postings *term_postings_new(void)
{
	struct term_postings *p = xcalloc(1, sizeof *p);
	p->arena = arena_new(0);
	p->by_term = strmap_new(p->arena);
	return p;
}

void term_postings_free(struct term_postings *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->lists[i].jobs);
	free(p->lists);
	arena_free(p->arena);
	free(p);
}

static struct posting_list *list_of(struct term_postings *p, const char *term)
{
	long long i;
	if (strmap_get(p->by_term, term, &i))
		return &p->lists[i];
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->lists = xrealloc(p->lists, p->cap * sizeof *p->lists);
	}
	strmap_put(p->by_term, term, (long long)p->n);
	p->lists[p->n] = (struct posting_list){.term = arena_strdup(p->arena, term)};
	return &p->lists[p->n++];
}

void term_postings_add(struct term_postings *p, const char *terms, long long job_id)
{
	char term[128];
	for (const char *s = terms; *s;) {
		size_t len = strcspn(s, " ");
		if (len && len < sizeof term) {
			memcpy(term, s, len);
			term[len] = '\0';
			struct posting_list *l = list_of(p, term);
			if (l->n == l->cap) {
				l->cap = l->cap ? 2 * l->cap : 64;
				l->jobs = xrealloc(l->jobs, l->cap * sizeof *l->jobs);
			}
			l->jobs[l->n++] = job_id;
		}
		s += len + (s[len] == ' ');
	}
}

static int by_term(const void *x, const void *y)
{
	return strcmp(((const struct posting_list *)x)->term, ((const struct posting_list *)y)->term);
}

long long term_postings_write(const struct term_postings *p, FILE *f)
{
	/* Sorting a copy leaves the map's indexes valid. */
	struct posting_list *sorted = xmalloc((p->n ? p->n : 1) * sizeof *sorted);
	memcpy(sorted, p->lists, p->n * sizeof *sorted);
	qsort(sorted, p->n, sizeof *sorted, by_term);
	long long lines = 0;
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = 0; j < sorted[i].n; j++, lines++)
			fprintf(f, "%s\t%lld\n", sorted[i].term, sorted[i].jobs[j]);
	free(sorted);
	return ferror(f) ? -1 : lines;
}
