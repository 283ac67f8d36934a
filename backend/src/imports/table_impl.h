/* table_impl.h: what the CSV and xlsx readers share with table.c: the reader base, the row
 * being built and the error latch. Not for use outside imports/. */
#ifndef QIAO_TABLE_IMPL_H
#define QIAO_TABLE_IMPL_H

#include <stddef.h>

#include "imports/table.h"

/* The cells of one row, kept between rows so reading costs no allocation per cell. */
struct table_row {
	char *buf; /* cell texts, each NUL-terminated */
	size_t len, cap;
	size_t *off;        /* off[col] into buf, or SIZE_MAX for none; off[0..used) is set */
	const char **cells; /* filled by table_row_finish() */
	size_t used, slots;
	size_t ncells;
};

struct table_reader {
	/* Fills r->row and sets r->rownum; returns 1, 0 at the end, -1 after table_fail(). */
	int (*next)(struct table_reader *r);
	void (*close)(struct table_reader *r);
	struct table_limits limits;
	struct table_row row;
	long rownum;   /* the spreadsheet row being read */
	long returned; /* rows handed out, the header included */
	int failed;
	char msg[256];
};

/* Open a reader of each format; NULL with a reason in err. Freed through r->close. */
struct table_reader *csv_reader_open(const char *data, size_t len,
				     const struct table_limits *limits, char *err, size_t errlen);
struct table_reader *xlsx_reader_open(const char *data, size_t len,
				      const struct table_limits *limits, char *err, size_t errlen);

/* Sets up the base of a reader allocated by its format. */
void table_base_init(struct table_reader *r, const struct table_limits *limits);
/* Frees what the base owns (not r itself). */
void table_base_free(struct table_reader *r);

/* Records the first error of the reader; returns -1. */
int table_fail(struct table_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Starts an empty row. */
void table_row_clear(struct table_reader *r);
/* Sets cell col (from 0; larger than any col set before in the row) to s[0..n) trimmed, valid
 * UTF-8. Fails (-1) when n is over max_cell_bytes or a non-empty col is past max_cells. */
int table_row_set(struct table_reader *r, size_t col, const char *s, size_t n);
/* Fails with "row 7: cell C7 is longer than 32768 bytes"; returns -1. */
int table_cell_too_long(struct table_reader *r, size_t col);
/* Fills r->row.cells and ncells; returns 0 when every cell is empty. */
int table_row_finish(struct table_reader *r);

/* Writes the column letters of col (0 is "A") into out, which holds at least 16 bytes. */
void table_column_name(size_t col, char *out);
/* Writes a byte count for a message: "512 MiB", "64 KiB" or "1000 bytes". */
void table_bytes_text(size_t n, char *out, size_t outlen);
/* Returns the length of the longest valid UTF-8 prefix of s[0..len). */
size_t table_utf8_prefix(const char *s, size_t len);

#endif
