/* import.h: what every spreadsheet import shares: its columns recognised by header, the
 * options, the row-by-row read with errors a clerk understands, and the xlsx template. */
#ifndef QIAO_IMPORT_H
#define QIAO_IMPORT_H

#include "app.h"
#include "imports/table.h"

struct sheet_column;

struct import_column {
	const char *name;       /* the API's field name, also accepted as a header */
	const char *headers[3]; /* the registrar's header names; the first is the template's */
	int required;
	int text;               /* digits that must stay text (student numbers, ID cards) */
	const char *note;       /* how to fill it in, for the template's 说明 sheet */
};

/* mode=insert|upsert and atomic=0|1 from the query; -1 after a 422. */
int import_mode_or_422(struct request *req, int *upsert, int *atomic);

/* Opens the uploaded body (CSV or xlsx) within the configured limits; NULL after a 422. */
struct table_reader *import_open_or_422(struct request *req);

/* A header cell without the decorations a template adds ("*", "（必填）", "(required)"),
 * lower-cased. Arena-owned. */
const char *import_header_key(struct arena *a, const char *cell);

/* Reads the header row and finds each column: where[i] is the file's column of columns[i],
 * or -1. mapping (optional) maps cleaned header keys to field names. -1 after a 422 naming a
 * missing required column. */
int import_header_or_422(struct request *req, struct table_reader *t,
			 const struct import_column *columns, size_t n, json_t *mapping, int *where);

/* The values of a row by column (NULL when empty or missing), copies in arena a. */
void import_values(struct arena *a, const char *const *cells, size_t ncells, const int *where,
		   size_t n, const char **v);

/* Reads every data row into on_row; -1 after a 422 for a damaged file (nothing is imported)
 * or one with a header but no rows. */
int import_each_row_or_422(struct request *req, struct table_reader *t,
			   void (*on_row)(void *ctx, const char *const *cells, size_t n, long row),
			   void *ctx);

/* The problems an import answer lists: a file of the wrong kind fails every row, and its
 * errors must not take the worker's memory. Every problem is counted; the first
 * IMPORT_MAX_ERRORS are listed (the answer then says errors_truncated). */
#define IMPORT_MAX_ERRORS 5000
struct import_errors {
	json_t *list; /* [{"row","field","reason"}] */
	size_t count; /* all of them, listed or not */
};

/* Counts a problem and lists it while there is room. */
void import_error(struct import_errors *e, long row, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* With atomic=1 and failures: answers 422 with the errors and returns -1; else 0. */
int import_atomic_or_422(struct request *req, int atomic, size_t failed,
			 const struct import_errors *e);

/* Answers {"imported","failed","errors","errors_truncated"}. */
int import_reply(struct request *req, size_t imported, size_t failed, const struct import_errors *e);

/* A download that shows what to fill in: the header row (required columns marked "*", text
 * columns formatted as text), a 说明 sheet explaining each column and, optionally, a reference
 * sheet (e.g. the majors exactly as they must be written). */
struct import_template {
	const char *filename, *sheet;
	const struct import_column *columns;
	size_t ncolumns;
	const char *reference_sheet;
	const struct sheet_column *reference_columns;
	size_t nreference;
	json_t *reference_rows; /* borrowed */
};
int import_template_reply(struct request *req, const struct import_template *tpl);

#endif
