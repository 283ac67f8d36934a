/* table.c: what the spreadsheet readers share: sniffing, dispatch, the row being built, the
 * row and cell limits and the error latch. */
#include "imports/table.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "imports/table_impl.h"

#define NO_CELL SIZE_MAX

static int starts_with(const char *data, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

/* Compares the media type of a Content-Type value, ignoring case and parameters. */
static int media_type_is(const char *content_type, const char *type)
{
	size_t n = strlen(type);
	return strncasecmp(content_type, type, n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

enum table_format table_sniff(const char *data, size_t len, const char *content_type)
{
	static const struct {
		const char *bytes;
		size_t len;
	} binary[] = {
	    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8}, /* OLE: an .xls, or an xlsx with a password */
	    {"%PDF-", 5},
	    {"\x89PNG", 4},
	    {"\xFF\xD8\xFF", 3},
	    {"GIF8", 4},
	};
	static const struct {
		const char *type;
		enum table_format format;
	} types[] = {
	    {"text/csv", TABLE_CSV},
	    {"text/plain", TABLE_CSV},
	    {"text/tab-separated-values", TABLE_CSV},
	    {"application/vnd.ms-excel", TABLE_CSV}, /* Windows browsers label .csv files so */
	    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", TABLE_XLSX},
	};
	if (starts_with(data, len, "PK\3\4", 4))
		return TABLE_XLSX;
	for (size_t i = 0; i < sizeof binary / sizeof binary[0]; i++)
		if (starts_with(data, len, binary[i].bytes, binary[i].len))
			return TABLE_UNKNOWN;
	if (!content_type)
		return TABLE_UNKNOWN;
	content_type += strspn(content_type, " ");
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (media_type_is(content_type, types[i].type))
			return types[i].format;
	return TABLE_UNKNOWN;
}

struct table_reader *table_open(const char *data, size_t len, enum table_format format,
				const struct table_limits *limits, char *err, size_t errlen)
{
	if (len == 0) {
		snprintf(err, errlen, "the file is empty");
		return NULL;
	}
	switch (format) {
	case TABLE_CSV:
		return csv_reader_open(data, len, limits, err, errlen);
	case TABLE_XLSX:
		return xlsx_reader_open(data, len, limits, err, errlen);
	default:
		snprintf(err, errlen, "the file is neither CSV nor xlsx");
		return NULL;
	}
}

int table_next(struct table_reader *r, const char *const **cells, size_t *ncells, long *row,
	       char *err, size_t errlen)
{
	int rc = r->failed ? -1 : r->next(r);
	/* returned counts the header, so it is the number of the data row in hand. */
	if (rc == 1 && r->returned > r->limits.max_rows)
		rc = table_fail(r, "the file has more than %ld rows", r->limits.max_rows);
	if (rc < 0) {
		snprintf(err, errlen, "%s", r->msg);
		return -1;
	}
	if (rc == 1) {
		r->returned++;
		*cells = r->row.cells;
		*ncells = r->row.ncells;
		*row = r->rownum;
	}
	return rc;
}

void table_close(struct table_reader *r)
{
	if (r)
		r->close(r);
}

void table_base_init(struct table_reader *r, const struct table_limits *limits)
{
	r->limits = *limits;
	r->row = (struct table_row){0};
	r->rownum = 0;
	r->returned = 0;
	r->failed = 0;
	r->msg[0] = '\0';
}

void table_base_free(struct table_reader *r)
{
	free(r->row.buf);
	free(r->row.off);
	free(r->row.cells);
}

int table_fail(struct table_reader *r, const char *fmt, ...)
{
	if (!r->failed) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->msg, sizeof r->msg, fmt, ap);
		va_end(ap);
		r->failed = 1;
	}
	return -1;
}

void table_row_clear(struct table_reader *r)
{
	r->row.len = 0;
	r->row.used = 0;
	r->row.ncells = 0;
}

static int is_ascii_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The length of the space character at the start of s[0..n) (0 if none). */
static size_t space_at(const char *s, size_t n)
{
	if (n >= 1 && is_ascii_space(s[0]))
		return 1;
	if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0) /* U+00A0 */
		return 2;
	if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) /* U+3000 */
		return 3;
	return 0;
}

/* The same at the end of s[0..n): valid UTF-8, so C2 A0 there cannot be the tail of another
 * character. */
static size_t space_before(const char *s, size_t n)
{
	if (n >= 1 && is_ascii_space(s[n - 1]))
		return 1;
	if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

int table_cell_too_long(struct table_reader *r, size_t col)
{
	char name[16];
	table_column_name(col, name);
	return table_fail(r, "row %ld: cell %s%ld is longer than %zu bytes", r->rownum, name,
			  r->rownum, r->limits.max_cell_bytes);
}

int table_row_set(struct table_reader *r, size_t col, const char *s, size_t n)
{
	struct table_row *row = &r->row;
	if (n > r->limits.max_cell_bytes)
		return table_cell_too_long(r, col);
	for (size_t k; (k = space_at(s, n)) > 0; n -= k)
		s += k;
	for (size_t k; (k = space_before(s, n)) > 0;)
		n -= k;
	if (n == 0)
		return 0;
	if (col >= r->limits.max_cells)
		return table_fail(r, "row %ld: the row has more than %zu cells", r->rownum,
				  r->limits.max_cells);
	if (col >= row->slots) {
		size_t slots = row->slots ? row->slots * 2 : 16;
		if (slots <= col)
			slots = col + 1;
		row->off = xrealloc(row->off, slots * sizeof *row->off);
		row->cells = xrealloc(row->cells, slots * sizeof *row->cells);
		row->slots = slots;
	}
	while (row->used <= col)
		row->off[row->used++] = NO_CELL;
	if (row->cap - row->len < n + 1) {
		row->cap = (row->len + n + 1) * 2;
		row->buf = xrealloc(row->buf, row->cap);
	}
	memcpy(row->buf + row->len, s, n);
	row->buf[row->len + n] = '\0';
	row->off[col] = row->len;
	row->len += n + 1;
	return 0;
}

int table_row_finish(struct table_reader *r)
{
	struct table_row *row = &r->row;
	for (size_t i = 0; i < row->used; i++)
		row->cells[i] = row->off[i] == NO_CELL ? "" : row->buf + row->off[i];
	row->ncells = row->used;
	return row->used > 0;
}

void table_column_name(size_t col, char *out)
{
	char rev[16];
	size_t n = 0;
	for (size_t c = col + 1; c > 0 && n < sizeof rev - 1; c = (c - 1) / 26)
		rev[n++] = (char)('A' + (c - 1) % 26);
	for (size_t i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

void table_bytes_text(size_t n, char *out, size_t outlen)
{
	if (n >= (1 << 20) && n % (1 << 20) == 0)
		snprintf(out, outlen, "%zu MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(out, outlen, "%zu KiB", n >> 10);
	else
		snprintf(out, outlen, "%zu bytes", n);
}

size_t table_utf8_prefix(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t extra;
		unsigned int cp;
		if (p[i] >= 0xC2 && p[i] <= 0xDF) {
			extra = 1;
			cp = p[i] & 0x1F;
		} else if ((p[i] & 0xF0) == 0xE0) {
			extra = 2;
			cp = p[i] & 0x0F;
		} else if (p[i] >= 0xF0 && p[i] <= 0xF4) {
			extra = 3;
			cp = p[i] & 0x07;
		} else {
			return i;
		}
		if (len - i <= extra)
			return i;
		for (size_t k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
		if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += extra + 1;
	}
	return len;
}
