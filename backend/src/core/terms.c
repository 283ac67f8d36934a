/* terms.c: search terms that make Chinese searchable (sql/031 indexes them): Han characters
 * are indexed as single characters and as overlapping pairs (bigrams), other letters and digits
 * as lower-case words; each term is written as "x" and the hex of its UTF-8 bytes, so a term is
 * plain ASCII whatever the text, compared byte for byte, and safe in a LIKE pattern. */
#include "core/terms.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/xmalloc.h"

#define MAX_WORD 40 /* bytes of one Latin word kept: a term of 81 characters (job_terms: 100) */

/* Decodes one UTF-8 character at *p (advancing it): the code point, or 0xFFFD for a bad byte. */
static uint32_t next_char(const unsigned char **p, size_t *len)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0) {
		*p += 1;
		*len = 1;
		return 0xFFFD;
	}
	if (n > 1)
		c &= 0x3F >> (n - 1);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p += 1;
			*len = 1;
			return 0xFFFD;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*p += n;
	*len = n;
	return c;
}

static int is_han(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x3134F);
}

/* A Latin letter or digit as lower-case ASCII (full-width forms too), or 0. */
static char word_char(uint32_t c)
{
	if (c >= 0xFF10 && c <= 0xFF5A) /* full-width digits and letters */
		c -= 0xFEE0;
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
		return (char)c;
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return 0;
}

/* The terms being gathered: the text out, and the terms already in it. */
struct sink {
	char *buf;
	size_t len, cap;
	struct arena *arena;
	struct strmap *seen;
};

static void put_term(struct sink *s, const char *bytes, size_t n, int wildcard)
{
	char key[2 * MAX_WORD + 2];
	snprintf(key, sizeof key, "%.*s", (int)n, bytes);
	if (!wildcard && strmap_get(s->seen, key, NULL))
		return;
	if (!wildcard)
		strmap_put(s->seen, key, 1);
	size_t need = 2 * n + 8;
	while (s->len + need >= s->cap)
		s->buf = xrealloc(s->buf, s->cap *= 2);
	if (s->len)
		s->buf[s->len++] = ' ';
	s->buf[s->len++] = 'x';
	for (size_t i = 0; i < n; i++)
		s->len += (size_t)sprintf(s->buf + s->len, "%02x", (unsigned char)bytes[i]);
	if (wildcard) /* a LIKE pattern: the word and whatever follows it */
		s->buf[s->len++] = '%';
	s->buf[s->len] = '\0';
}

/* Splits text into terms. For a query, a run of one Han character is that character and a
 * longer run its pairs only (each pair holds its characters), and the last Latin word of the text
 * is a prefix. */
static void split(struct sink *s, const char *text, int query)
{
	const unsigned char *p = (const unsigned char *)text;
	char word[MAX_WORD];
	size_t wlen = 0;
	const unsigned char *prev = NULL; /* the Han character before this one in a run */
	size_t prev_len = 0, run = 0;
	for (;;) {
		const unsigned char *at = p;
		size_t clen = 0;
		uint32_t c = *p ? next_char(&p, &clen) : 0;
		char w = c ? word_char(c) : 0;
		if (!w && wlen) { /* a word ends */
			put_term(s, word, wlen, query && !c);
			wlen = 0;
		}
		if (w && wlen < sizeof word)
			word[wlen++] = w;
		if (c && is_han(c)) {
			if (!query)
				put_term(s, (const char *)at, clen, 0);
			if (prev)
				put_term(s, (const char *)prev, prev_len + clen, 0);
			prev = at;
			prev_len = clen;
			run++;
		} else {
			if (query && run == 1)
				put_term(s, (const char *)prev, prev_len, 0);
			prev = NULL;
			run = 0;
		}
		if (!c)
			return;
	}
}

char *terms_index(struct arena *a, const char *const *texts, size_t n)
{
	struct sink s = {xmalloc(256), 0, 256, a, strmap_new(a)};
	s.buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (texts[i])
			split(&s, texts[i], 0);
	char *out = arena_strdup(a, s.buf);
	free(s.buf);
	return out;
}

/* Exact terms before prefixes, then longer before shorter: a pair of Han characters is found in
 * fewer jobs than either character, a long word in fewer than a short one. */
static int by_selectivity(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	size_t la = strlen(a), lb = strlen(b);
	int pa = a[la - 1] == '%', pb = b[lb - 1] == '%';
	if (pa != pb)
		return pa - pb;
	return la != lb ? (la < lb ? 1 : -1) : strcmp(a, b);
}

const char **terms_query(struct arena *a, const char *q, size_t *n)
{
	struct sink s = {xmalloc(256), 0, 256, a, strmap_new(a)};
	s.buf[0] = '\0';
	split(&s, q, 1);
	*n = 0;
	char *text = arena_strdup(a, s.buf);
	free(s.buf);
	size_t most = 1;
	for (const char *c = text; *c; c++)
		most += *c == ' ';
	const char **patterns = arena_alloc(a, most * sizeof *patterns);
	for (char *save = NULL, *t = strtok_r(text, " ", &save); t; t = strtok_r(NULL, " ", &save))
		patterns[(*n)++] = t;
	qsort(patterns, *n, sizeof *patterns, by_selectivity);
	return patterns;
}
