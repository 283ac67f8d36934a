/* csv.c: the CSV reader: decodes the upload to UTF-8, picks comma or tab, and feeds libcsv a
 * line at a time so rows come out one by one. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "core/xmalloc.h"
#include "imports/table_impl.h"

/* The most fed to libcsv at once: a cell grows at most this far past the limit unnoticed. */
#define CSV_PIECE 65536

struct csv_reader {
	struct table_reader base;
	struct csv_parser parser;
	char *decoded;    /* the text converted to UTF-8, when the upload was not UTF-8 */
	const char *text; /* UTF-8 to parse: text[0..len) */
	size_t len, pos;
	const char *bad; /* why the text stops before the end of the upload, or NULL */
	long records;    /* records ended so far, blank lines included */
	size_t field;    /* fields of the record being read */
	int last_term;   /* what ended the last record: CR then LF is one line break */
	int row_ready;
	int finished; /* csv_fini has run */
};

/* Converts in[0..len) from `from` to UTF-8 in a new buffer of *outlen bytes; *done is how far
 * into the input it got (len when all of it). NULL when iconv does not know `from`. */
static char *csv_iconv(const char *from, const char *in, size_t len, size_t *outlen, size_t *done)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return NULL;
	/* GB18030 and UTF-16 never take more than 1.5 bytes of UTF-8 per input byte. */
	size_t cap = len + len / 2 + 16;
	char *out = xmalloc(cap);
	char *ip = (char *)in, *op = out;
	size_t ileft = len, oleft = cap;
	while (ileft > 0 && iconv(cd, &ip, &ileft, &op, &oleft) == (size_t)-1 && errno == E2BIG) {
		size_t used = (size_t)(op - out);
		cap *= 2;
		out = xrealloc(out, cap);
		op = out + used;
		oleft = cap - used;
	}
	iconv_close(cd);
	*done = len - ileft;
	*outlen = (size_t)(op - out);
	return out;
}

/* Excel's "Unicode text" export: UTF-16 with a byte-order mark. */
static int starts_utf16(const char *data, size_t len)
{
	return len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0);
}

/* Sets c->text to the upload in UTF-8. Text past an undecodable byte is dropped and c->bad
 * says why, so the rows before it still read and the error names the row it is in. */
static int csv_decode(struct csv_reader *c, const char *data, size_t len)
{
	size_t done = 0;
	if (starts_utf16(data, len)) {
		c->decoded = csv_iconv("UTF-16", data, len, &c->len, &done);
		c->text = c->decoded;
		if (!c->decoded || done < len)
			c->bad = "the text is not valid UTF-16";
		if (c->decoded && memchr(c->text, '\0', c->len))
			return table_fail(&c->base, "the file is not a text file");
	} else {
		if (memchr(data, '\0', len))
			return table_fail(&c->base, "the file is not a text file");
		size_t utf8 = table_utf8_prefix(data, len);
		c->text = data;
		c->len = utf8;
		if (utf8 < len && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
			c->bad = "the text is not valid UTF-8";
		} else if (utf8 < len) {
			/* Decode as whichever encoding gets further, so the error names the row of
			 * the byte that neither could read. */
			size_t n;
			char *gb = csv_iconv("GB18030", data, len, &n, &done);
			if (gb && done > utf8) {
				c->decoded = gb;
				c->text = gb;
				c->len = n;
			} else {
				free(gb);
			}
			if (done < len)
				c->bad = "the text is neither UTF-8 nor GB18030";
		}
	}
	if (c->len >= 3 && memcmp(c->text, "\xEF\xBB\xBF", 3) == 0) {
		c->text += 3;
		c->len -= 3;
	}
	if (c->len == 0 && !c->bad)
		return table_fail(&c->base, "the file is empty");
	return 0;
}

/* A tab-separated file has tabs and no commas on its first line. */
static int csv_is_tsv(const char *text, size_t len)
{
	int tab = 0;
	for (size_t i = 0; i < len && text[i] != '\r' && text[i] != '\n'; i++) {
		if (text[i] == ',')
			return 0;
		tab |= text[i] == '\t';
	}
	return tab;
}

static void csv_on_field(void *s, size_t n, void *data)
{
	struct csv_reader *c = data;
	if (!c->base.failed)
		table_row_set(&c->base, c->field, n ? s : "", n);
	c->field++;
}

static void csv_on_record(int term, void *data)
{
	struct csv_reader *c = data;
	/* CSV_REPALL_NL (to count blank lines) also reports the LF of a CRLF as a record. */
	if (term == '\n' && c->last_term == '\r' && c->field == 0) {
		c->last_term = 0;
		return;
	}
	c->last_term = term;
	c->records++;
	c->field = 0;
	if (table_row_finish(&c->base)) {
		c->row_ready = 1;
		return;
	}
	table_row_clear(&c->base);
	c->base.rownum = c->records + 1;
}

/* Feeds the parser up to the next line break, so that at most one record ends per call;
 * -1 once the reader has failed. */
static int csv_feed(struct csv_reader *c)
{
	struct table_reader *r = &c->base;
	size_t n = 0, max = c->len - c->pos < CSV_PIECE ? c->len - c->pos : CSV_PIECE;
	const char *p = c->text + c->pos;
	while (n < max && p[n] != '\r' && p[n] != '\n')
		n++;
	if (n < max)
		n++;
	for (size_t done = 0; done < n;) {
		done += csv_parse(&c->parser, p + done, n - done, csv_on_field, csv_on_record, c);
		if (done == n)
			break;
		if (c->parser.quoted)
			return table_fail(
			    r,
			    "row %ld: a cell has text after its closing quote (a quote "
			    "inside a quoted cell is written twice: \"\")",
			    c->records + 1);
		/* Strict mode refuses a quote inside an unquoted cell; Excel keeps it as text. */
		csv_set_opts(&c->parser, CSV_STRICT_FINI | CSV_REPALL_NL);
		done += csv_parse(&c->parser, p + done, 1, csv_on_field, csv_on_record, c);
		csv_set_opts(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	}
	c->pos += n;
	/* The cell is checked exactly when it ends; this only stops it growing without bound. */
	if (c->parser.entry_pos > r->limits.max_cell_bytes + 1)
		return table_cell_too_long(r, c->field);
	return r->failed ? -1 : 0;
}

static int csv_next(struct table_reader *r)
{
	struct csv_reader *c = (struct csv_reader *)r;
	table_row_clear(r);
	r->rownum = c->records + 1;
	c->row_ready = 0;
	while (!c->row_ready) {
		if (c->pos < c->len) {
			if (csv_feed(c) < 0)
				return -1;
		} else if (c->bad) {
			return table_fail(r, "row %ld: %s", c->records + 1, c->bad);
		} else if (c->finished) {
			return 0;
		} else {
			c->finished = 1;
			if (csv_fini(&c->parser, csv_on_field, csv_on_record, c) != 0)
				return table_fail(r, "row %ld: a quote is never closed",
						  c->records + 1);
			if (r->failed)
				return -1;
		}
	}
	return 1;
}

static void csv_close(struct table_reader *r)
{
	struct csv_reader *c = (struct csv_reader *)r;
	csv_free(&c->parser);
	free(c->decoded);
	table_base_free(r);
	free(c);
}

struct table_reader *csv_reader_open(const char *data, size_t len,
				     const struct table_limits *limits, char *err, size_t errlen)
{
	struct csv_reader *c = xcalloc(1, sizeof *c);
	table_base_init(&c->base, limits);
	c->base.next = csv_next;
	c->base.close = csv_close;
	csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	csv_set_realloc_func(&c->parser, xrealloc);
	csv_set_blk_size(&c->parser, 4096);
	if (csv_decode(c, data, len) < 0) {
		snprintf(err, errlen, "%s", c->base.msg);
		csv_close(&c->base);
		return NULL;
	}
	if (csv_is_tsv(c->text, c->len))
		csv_set_delim(&c->parser, '\t');
	return &c->base;
}
