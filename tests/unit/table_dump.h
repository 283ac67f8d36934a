/* table_dump.h: reads a whole upload through the table reader into text, for the CSV and
 * xlsx tests to compare as one string. */
#ifndef QIAO_TABLE_DUMP_H
#define QIAO_TABLE_DUMP_H

#include <stdio.h>

#include "imports/table.h"
#include "unit.h"

/* Reads every row into "row:cell|cell\n" lines; an error ends it as "!reason" (a reader that
 * could not open gives "open: reason"). Free the result. */
static inline char *table_dump(const char *data, size_t len, enum table_format format,
			       const struct table_limits *lim)
{
	char *out = NULL, err[256];
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	struct table_reader *r = table_open(data, len, format, lim, err, sizeof err);
	if (!r) {
		fprintf(f, "open: %s", err);
		fclose(f);
		return out;
	}
	const char *const *cells;
	size_t n;
	long row;
	int rc;
	while ((rc = table_next(r, &cells, &n, &row, err, sizeof err)) == 1) {
		fprintf(f, "%ld:", row);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s%s", i ? "|" : "", cells[i]);
		fputc('\n', f);
	}
	if (rc < 0) {
		fprintf(f, "!%s", err);
		/* After an error the reader stays at it. */
		char again[256];
		assert_int_equal(table_next(r, &cells, &n, &row, again, sizeof again), -1);
		assert_string_equal(again, err);
	} else {
		assert_int_equal(table_next(r, &cells, &n, &row, err, sizeof err), 0);
	}
	table_close(r);
	fclose(f);
	return out;
}

#endif
