/* term_postings.h: the job search's postings (each term's jobs) gathered while a bulk load
 * writes the jobs, written out in job_terms' primary-key order (term, then job id), so that
 * LOAD DATA appends to that index instead of inserting into it at random. */
#ifndef QIAO_TERM_POSTINGS_H
#define QIAO_TERM_POSTINGS_H

#include <stdio.h>

struct term_postings;

struct term_postings *term_postings_new(void);
void term_postings_free(struct term_postings *p);

/* Adds job_id under each term of terms (space-separated, as terms_index writes them). Jobs are
 * added in increasing id order, which keeps each term's list sorted. */
void term_postings_add(struct term_postings *p, const char *terms, long long job_id);

/* Writes "term\tjob_id\n" lines, terms in byte order (job_terms.term is ascii_bin), each
 * term's jobs in id order. The number of lines, or -1 when the file cannot be written. */
long long term_postings_write(const struct term_postings *p, FILE *f);

#endif
