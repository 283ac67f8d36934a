/* sheet.h: answering with a table as a file: CSV streamed as the rows are read, or an xlsx workbook
 * built in constant memory and then sent. Every export and template goes through here. */
#ifndef QIAO_SHEET_H
#define QIAO_SHEET_H

#include <xlsxwriter.h>

#include "app.h"

struct sheet_column {
	const char *name;  /* the key in each row object */
	const char *title; /* the header cell */
};

/* Where the rows go: a CSV stream or an xlsx worksheet. */
struct sheet_out;

/* Writes every row with sheet_row(): 0, or -1 when the source or the file fails. */
typedef int (*sheet_rows_fn)(struct request *req, void *src, struct sheet_out *out);

struct sheet_spec {
	const char *sheet;         /* the worksheet's name (xlsx) */
	const char *filename;      /* offered for download, without the extension */
	const struct sheet_column *columns;
	size_t ncolumns;
	sheet_rows_fn rows;
	void *src;
};

/* One row: a value per column (NULL for an empty cell); number[c] non-zero writes the value as
 * a number in xlsx (number may be NULL: all text). -1 when the file cannot be written. */
int sheet_row(struct sheet_out *out, const char *const *values, const unsigned char *number);

/* Rows held as JSON objects keyed by the column names. */
int sheet_json_rows(struct sheet_out *out, json_t *rows);

/* Answers with the rows as CSV (UTF-8 with BOM, CRLF, formula-looking text defused) or xlsx.
 * Returns 0, or -1 after answering 503 when the workbook cannot be written. */
int sheet_reply(struct request *req, struct sheet_spec *spec, int xlsx);

/* format=csv|xlsx from the query (default csv): 1 for xlsx, 0 for csv, -1 after a 422. */
int sheet_format_or_422(struct request *req);

/* For a hand-made workbook: a new one in var/tmp (path written to *path, arena-owned). */
lxw_workbook *sheet_workbook_new(struct request *req, const char **path);
/* Closes (writes) it: 0, or -1 with the file removed and nothing left open. */
int sheet_workbook_close(lxw_workbook *wb, const char *path);
/* Sends a closed workbook (the file is removed once it is open). */
int sheet_send_xlsx(struct request *req, const char *path, const char *filename);

#endif
