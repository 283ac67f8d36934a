/* table.h: row-by-row readers for uploaded spreadsheets (CSV and xlsx), bounded by limits. */
#ifndef QIAO_TABLE_H
#define QIAO_TABLE_H

#include <stddef.h>

enum table_format { TABLE_UNKNOWN, TABLE_CSV, TABLE_XLSX };

struct table_limits {
	long max_rows;         /* data rows after the header; more is an error (e.g. 200000) */
	size_t max_cells;      /* cells per row (e.g. 256) */
	size_t max_cell_bytes; /* bytes in one cell after decoding (e.g. 32768) */
	size_t max_unzipped;   /* xlsx: bytes inflated from the zip, all entries (e.g. 512 MiB) */
};

struct table_reader;

/* Guesses the format from the first bytes (a zip's "PK\3\4" is xlsx) and, failing that, from
 * the content type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" is xlsx;
 * "text/csv", "text/plain", "text/tab-separated-values" and "application/vnd.ms-excel" (what
 * browsers on Windows send for .csv files) are CSV. TABLE_UNKNOWN when neither fits, and always
 * for the magic bytes of a PDF, an image or an old .xls (which is also how a password-protected
 * xlsx looks), whatever the content type says. */
enum table_format table_sniff(const char *data, size_t len, const char *content_type);

/* Opens a reader over data[0..len) (not copied: it must outlive the reader). For xlsx, the
 * first worksheet of the workbook. Returns NULL and writes a clerk-readable reason to err
 * ("the file is empty", "the xlsx file is damaged: …", "the workbook has no worksheet") when
 * it cannot even start. Free with table_close(). Every field of limits counts; memory grows
 * with them (and the upload), never with what the file claims. Running out of memory aborts
 * (core/xmalloc.h).
 *
 * CSV: UTF-8 (BOM or not), else GB18030 (what Excel in China saves), or UTF-16 with a BOM
 * (Excel's "Unicode text"); comma-separated, or tab-separated when the first line has tabs
 * and no commas. A quote inside an unquoted cell is kept as text; text after a closing quote
 * and a quote never closed are errors.
 *
 * xlsx: cells read as Excel shows them unformatted: numbers in their shortest form with up to
 * 15 significant digits (2024010123, 3.5), date-formatted numbers as YYYY-MM-DD (the time of
 * day dropped), booleans as TRUE/FALSE, formulas as their saved result. A number of 16 digits
 * or more before the point (an 18-digit ID card typed as a number) has lost digits inside
 * Excel, so it reads as the exact text of the file ("3.20102199001011E+17") for validation to
 * reject rather than as a plausible but wrong number. A cell holding an error value (#N/A) or
 * a formula without a saved result is an error naming the cell. Merged cells read as ""
 * except the top-left one. */
struct table_reader *table_open(const char *data, size_t len, enum table_format format,
				const struct table_limits *limits, char *err, size_t errlen);

/* Reads the next non-empty row. Returns 1 and sets *cells (array of *ncells NUL-terminated
 * UTF-8 strings, trimmed of surrounding spaces, owned by the reader and valid until the next
 * call) and *row (the spreadsheet row number); 0 at the end; -1 on an error, with a message in
 * err naming the row where it can ("row 7: cell C7 is longer than 32768 bytes", "the file has
 * more than 200000 rows", "the xlsx file unpacks to more than 512 MiB", "row 3: the text is
 * neither UTF-8 nor GB18030"). After -1 the reader stays at the error.
 *
 * Row numbers are as a spreadsheet shows them: the N-th CSV record is row N (a quoted cell
 * may span lines), an xlsx row is its r attribute. Rows whose cells are all empty are skipped
 * but counted. *ncells is one past the last non-empty cell; cells missing or empty before it
 * read as "". The spaces trimmed are ASCII white space, U+00A0 and U+3000 (the ideographic
 * space). max_rows counts the rows after the first one returned (the header). */
int table_next(struct table_reader *r, const char *const **cells, size_t *ncells, long *row,
	       char *err, size_t errlen);

/* Frees the reader and everything it returned; NULL is fine. */
void table_close(struct table_reader *r);

#endif
