/* sheet.h: answering with a table as a file: CSV streamed page by page, or an xlsx workbook
 * built in constant memory and then sent. Every export and template goes through here. */
#ifndef QIAO_SHEET_H
#define QIAO_SHEET_H

#include <xlsxwriter.h>

#include "app.h"

struct sheet_column {
	const char *name;  /* the key in each row object */
	const char *title; /* the header cell */
};

/* The next page of rows after the last one given (new reference); an empty array at the end,
 * NULL when the database fails. */
typedef json_t *(*sheet_next_fn)(struct request *req, void *src, json_t *last_page);

struct sheet_spec {
	const char *sheet;         /* the worksheet's name (xlsx) */
	const char *filename;      /* offered for download, without the extension */
	const struct sheet_column *columns;
	size_t ncolumns;
	json_t *first;             /* the first page, read before answering (stolen) */
	sheet_next_fn next;        /* NULL: the first page is all */
	void *src;
};

/* Answers with the rows as CSV (UTF-8 with BOM, CRLF, formula-looking text defused) or xlsx.
 * Returns 0, or -1 after answering 503 when the workbook cannot be written. */
int sheet_reply(struct request *req, struct sheet_spec *spec, int xlsx);

/* format=csv|xlsx from the query (default csv): 1 for xlsx, 0 for csv, -1 after a 422. */
int sheet_format_or_422(struct request *req);

/* For a hand-made workbook: a new one in var/tmp (path written to *path, arena-owned), and
 * sending it when closed (the file is removed once it is open). */
lxw_workbook *sheet_workbook_new(struct request *req, const char **path);
int sheet_send_xlsx(struct request *req, const char *path, const char *filename);

#endif
