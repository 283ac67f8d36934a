/* xlsx.c: the xlsx reader: finds the first worksheet through the workbook's relationships,
 * loads the shared strings and which styles show dates, then streams the sheet's rows out of
 * the zip through libxml2's reader, counting every inflated byte against the limit. */
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/xmalloc.h"
#include "imports/table_impl.h"

/* Names compared while reading, interned in each part's dictionary so that a comparison is
 * one of pointers. */
enum xlsx_name {
	N_CELLXFS,
	N_C,
	N_DATE1904,
	N_F,
	N_FORMATCODE,
	N_ID,
	N_ID_REL,
	N_IS,
	N_NUMFMT,
	N_NUMFMTID,
	N_R,
	N_RELATIONSHIP,
	N_ROW,
	N_RPH,
	N_S,
	N_SHEET,
	N_SHEETDATA,
	N_SI,
	N_T,
	N_TARGET,
	N_TARGETMODE,
	N_TYPE,
	N_V,
	N_WORKBOOKPR,
	N_XF,
	N__MAX
};

static const char *const xlsx_names[N__MAX] = {
    [N_CELLXFS] = "cellXfs",
    [N_C] = "c",
    [N_DATE1904] = "date1904",
    [N_F] = "f",
    [N_FORMATCODE] = "formatCode",
    [N_ID] = "id",
    [N_ID_REL] = "Id",
    [N_IS] = "is",
    [N_NUMFMT] = "numFmt",
    [N_NUMFMTID] = "numFmtId",
    [N_R] = "r",
    [N_RELATIONSHIP] = "Relationship",
    [N_ROW] = "row",
    [N_RPH] = "rPh",
    [N_S] = "s",
    [N_SHEET] = "sheet",
    [N_SHEETDATA] = "sheetData",
    [N_SI] = "si",
    [N_T] = "t",
    [N_TARGET] = "Target",
    [N_TARGETMODE] = "TargetMode",
    [N_TYPE] = "Type",
    [N_V] = "v",
    [N_WORKBOOKPR] = "workbookPr",
    [N_XF] = "xf",
};

/* Excel's limits: columns A to XFD, rows 1 to 1048576. */
#define XLSX_COLUMNS 16384
#define XLSX_ROWS 1048576

/* A growing text, kept NUL-terminated. */
struct xlsx_text {
	char *buf;
	size_t len, cap;
};

struct xlsx_rel {
	char *id, *target;
};

struct xlsx_format {
	size_t id;
	int date;
};

struct xlsx_reader {
	struct table_reader base;
	zip_t *zip;
	zip_file_t *file; /* the part being read, through xml */
	xmlTextReaderPtr xml;
	char part[256]; /* its name, for messages */
	const xmlChar *names[N__MAX];
	size_t inflated;   /* bytes inflated from all parts so far */
	int too_big;       /* the read callback stopped at max_unzipped */
	char zip_msg[128]; /* or libzip's reason it failed */
	int xml_line;      /* the line of the part's first XML error */
	size_t text_limit; /* max_cell_bytes + 1: enough to know a text is too long */
	int date1904;
	struct xlsx_text sst; /* shared strings, each NUL-terminated at sst_off[i] */
	size_t *sst_off;
	size_t nsst, sst_slots;
	unsigned char *xf_date; /* per entry of cellXfs: 1 if it shows numbers as dates */
	size_t nxf;
	/* The sheet being streamed. */
	struct xlsx_text cell; /* text of the cell being read */
	long last_row;
	size_t col, next_col;
	char type;    /* the cell's t, see xlsx_cell_type() */
	size_t style; /* its s */
	int in_data, in_row, in_cell, in_is, in_rph, collect, has_v, has_f, done;
	xmlGenericErrorFunc saved_error; /* libxml2's handler before this reader */
	void *saved_error_ctx;
};

/* Appends s[0..n) to t, keeping at most limit bytes from start on: what is cut only shows
 * that the text is too long. */
static void xlsx_text_add(struct xlsx_text *t, size_t start, const char *s, size_t n, size_t limit)
{
	size_t have = t->len - start;
	if (have >= limit)
		return;
	if (n > limit - have)
		n = limit - have;
	if (t->cap - t->len < n + 1) {
		t->cap = (t->len + n + 1) * 2;
		t->buf = xrealloc(t->buf, t->cap);
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

/* Ends the text at its NUL, so that what is added next starts another. */
static void xlsx_text_seal(struct xlsx_text *t)
{
	if (t->cap - t->len < 2) {
		t->cap = (t->len + 2) * 2;
		t->buf = xrealloc(t->buf, t->cap);
	}
	t->buf[t->len++] = '\0';
	t->buf[t->len] = '\0';
}

static void xlsx_text_clear(struct xlsx_text *t)
{
	t->len = 0;
	if (t->buf)
		t->buf[0] = '\0';
}

/* ---------------------------------------------------------------- parts of the zip */

static int xlsx_read(void *ctx, char *buf, int len)
{
	struct xlsx_reader *x = ctx;
	zip_int64_t n = zip_fread(x->file, buf, (zip_uint64_t)len);
	if (n < 0) {
		snprintf(x->zip_msg, sizeof x->zip_msg, "%s",
			 zip_error_strerror(zip_file_get_error(x->file)));
		return -1;
	}
	/* Counted as inflated, whatever the zip directory claims the sizes are. */
	if ((size_t)n > x->base.limits.max_unzipped - x->inflated) {
		x->too_big = 1;
		return -1;
	}
	x->inflated += (size_t)n;
	return (int)n;
}

static void xlsx_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void xlsx_on_xml_error(void *arg, xmlErrorPtr e)
{
	struct xlsx_reader *x = arg;
	if (!x->xml_line && e->level >= XML_ERR_ERROR)
		x->xml_line = e->line > 0 ? e->line : 1;
}

static void xlsx_part_close(struct xlsx_reader *x)
{
	if (x->xml)
		xmlFreeTextReader(x->xml);
	if (x->file)
		zip_fclose(x->file);
	x->xml = NULL;
	x->file = NULL;
}

/* Opens the part called name for reading; 0 if the zip has no such part, -1 on an error. */
static int xlsx_part_open(struct xlsx_reader *x, const char *name)
{
	xlsx_part_close(x);
	snprintf(x->part, sizeof x->part, "%s", name);
	x->xml_line = 0;
	zip_int64_t i = zip_name_locate(x->zip, name, 0);
	if (i < 0)
		return 0;
	zip_stat_t st;
	if (zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return table_fail(&x->base,
				  "the xlsx file is encrypted: save it without a password");
	x->file = zip_fopen_index(x->zip, (zip_uint64_t)i, 0);
	if (!x->file)
		return table_fail(&x->base, "the xlsx file is damaged: %s: %s", name,
				  zip_error_strerror(zip_get_error(x->zip)));
	/* No entity substitution and no network: a part's DTD is refused below anyway. */
	x->xml = xmlReaderForIO(xlsx_read, NULL, x, NULL, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!x->xml)
		return table_fail(&x->base, "the xlsx file is damaged: %s cannot be read", name);
	xmlTextReaderSetStructuredErrorHandler(x->xml, xlsx_on_xml_error, x);
	for (int n = 0; n < N__MAX; n++)
		x->names[n] = xmlTextReaderConstString(x->xml, (const xmlChar *)xlsx_names[n]);
	return 1;
}

/* Reads the next node of the part into *type; 1, 0 at its end, -1 on an error. */
static int xlsx_node(struct xlsx_reader *x, int *type)
{
	int rc = xmlTextReaderRead(x->xml);
	/* A failed read can look like the end of the part to libxml2, so ask the callback. */
	if (x->too_big) {
		char size[32];
		table_bytes_text(x->base.limits.max_unzipped, size, sizeof size);
		return table_fail(&x->base, "the xlsx file unpacks to more than %s", size);
	}
	if (x->zip_msg[0])
		return table_fail(&x->base, "the xlsx file is damaged: %s: %s", x->part,
				  x->zip_msg);
	if (rc < 0)
		return table_fail(&x->base,
				  "the xlsx file is damaged: %s is not valid XML (line %d)",
				  x->part, x->xml_line ? x->xml_line : 1);
	if (rc == 0)
		return 0;
	*type = xmlTextReaderNodeType(x->xml);
	if (*type == XML_READER_TYPE_DOCUMENT_TYPE)
		return table_fail(&x->base, "the xlsx file is damaged: %s declares a DTD", x->part);
	return 1;
}

/* The local name of the current node, interned: compare it with x->names[]. */
static const xmlChar *xlsx_name(struct xlsx_reader *x)
{
	return xmlTextReaderConstLocalName(x->xml);
}

/* Moves to the next attribute of the current element; 0 when there is none left. */
static int xlsx_attr(struct xlsx_reader *x, const xmlChar **name, const char **value)
{
	while (xmlTextReaderMoveToNextAttribute(x->xml) == 1) {
		*name = xmlTextReaderConstLocalName(x->xml);
		*value = (const char *)xmlTextReaderConstValue(x->xml);
		if (*value)
			return 1;
	}
	return 0;
}

static int xlsx_is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	       type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* Parses a whole number without sign in [0, max]; -1 if s is not one. */
static int xlsx_uint(const char *s, size_t max, size_t *out)
{
	size_t v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		size_t d = (size_t)(*s - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* ---------------------------------------------------------------- workbook, styles, strings */

static int xlsx_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int xlsx_rel_cmp(const void *a, const void *b)
{
	return strcmp(((const struct xlsx_rel *)a)->id, ((const struct xlsx_rel *)b)->id);
}

static void xlsx_rels_free(struct xlsx_rel *rels, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rels[i].id);
		free(rels[i].target);
	}
	free(rels);
}

/* Reads the worksheet relationships of the workbook into *rels, sorted by id; 0 if the
 * workbook has no relationships part. */
static int xlsx_load_rels(struct xlsx_reader *x, struct xlsx_rel **rels, size_t *nrels)
{
	int rc = xlsx_part_open(x, "xl/_rels/workbook.xml.rels"), type;
	size_t slots = 0;
	if (rc <= 0)
		return rc;
	while ((rc = xlsx_node(x, &type)) == 1) {
		if (type != XML_READER_TYPE_ELEMENT || xlsx_name(x) != x->names[N_RELATIONSHIP])
			continue;
		char *id = NULL, *target = NULL;
		int sheet = 0, external = 0;
		const xmlChar *name;
		const char *value;
		while (xlsx_attr(x, &name, &value)) {
			if (name == x->names[N_ID_REL]) {
				free(id);
				id = xstrdup(value);
			} else if (name == x->names[N_TARGET]) {
				free(target);
				target = xstrdup(value);
			} else if (name == x->names[N_TYPE]) {
				sheet = xlsx_ends_with(value, "/worksheet");
			} else if (name == x->names[N_TARGETMODE]) {
				external = strcmp(value, "External") == 0;
			}
		}
		if (!id || !target || !sheet || external) {
			free(id);
			free(target);
			continue;
		}
		if (*nrels == slots) {
			slots = slots ? slots * 2 : 8;
			*rels = xrealloc(*rels, slots * sizeof **rels);
		}
		(*rels)[(*nrels)++] = (struct xlsx_rel){id, target};
	}
	if (*nrels)
		qsort(*rels, *nrels, sizeof **rels, xlsx_rel_cmp);
	return rc < 0 ? -1 : 1;
}

/* Reads xl/workbook.xml: the 1904 date system, and into sheet the part of the first <sheet>
 * that is a worksheet (found through rels; xl/worksheets/sheet1.xml without them). */
static int xlsx_load_workbook(struct xlsx_reader *x, const struct xlsx_rel *rels, size_t nrels,
			      int have_rels, char *sheet, size_t sheetlen)
{
	int rc = xlsx_part_open(x, "xl/workbook.xml"), type;
	if (rc == 0)
		return table_fail(&x->base, "the file is not an xlsx workbook: it has no "
					    "xl/workbook.xml");
	if (rc < 0)
		return -1;
	sheet[0] = '\0';
	if (!have_rels)
		snprintf(sheet, sheetlen, "xl/worksheets/sheet1.xml");
	while ((rc = xlsx_node(x, &type)) == 1) {
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		const xmlChar *element = xlsx_name(x), *name;
		const char *value;
		if (element == x->names[N_WORKBOOKPR]) {
			while (xlsx_attr(x, &name, &value))
				if (name == x->names[N_DATE1904])
					x->date1904 =
					    strcmp(value, "1") == 0 || strcmp(value, "true") == 0;
		} else if (element == x->names[N_SHEET] && !sheet[0]) {
			while (xlsx_attr(x, &name, &value)) {
				const char *ns =
				    (const char *)xmlTextReaderConstNamespaceUri(x->xml);
				if (name != x->names[N_ID] || !ns ||
				    !xlsx_ends_with(ns, "/relationships"))
					continue;
				struct xlsx_rel key = {(char *)value, NULL};
				const struct xlsx_rel *rel =
				    nrels ? bsearch(&key, rels, nrels, sizeof *rels, xlsx_rel_cmp)
					  : NULL;
				if (!rel)
					continue;
				/* Targets are relative to xl/, or absolute in the package. */
				const char *t = rel->target;
				snprintf(sheet, sheetlen, "%s%s", t[0] == '/' ? "" : "xl/",
					 t[0] == '/' ? t + 1 : t);
			}
		}
	}
	if (rc < 0)
		return -1;
	if (!sheet[0])
		return table_fail(&x->base, "the workbook has no worksheet");
	return 0;
}

/* The built-in number formats that show a date (ids 27-36 and 50-58 are the East Asian ones). */
static int xlsx_builtin_date(size_t id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* A custom format shows a date when it has y, m or d outside quotes, brackets ([Red], [h],
 * [$-804]) and escapes. */
static int xlsx_format_is_date(const char *code)
{
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
			p = strchr(p + 1, '"');
			break;
		case '[':
			p = strchr(p + 1, ']');
			break;
		case '\\':
		case '_':
		case '*':
			if (!*++p)
				return 0;
			break;
		case 'y':
		case 'Y':
		case 'm':
		case 'M':
		case 'd':
		case 'D':
			return 1;
		}
		if (!p)
			return 0;
	}
	return 0;
}

static int xlsx_format_cmp(const void *a, const void *b)
{
	size_t x = ((const struct xlsx_format *)a)->id, y = ((const struct xlsx_format *)b)->id;
	return (x > y) - (x < y);
}

/* The whole-number attribute `which` of the current element, 0 when absent or not a number. */
static size_t xlsx_number_attr(struct xlsx_reader *x, enum xlsx_name which)
{
	const xmlChar *name;
	const char *value;
	size_t n = 0;
	while (xlsx_attr(x, &name, &value))
		if (name == x->names[which] && xlsx_uint(value, SIZE_MAX, &n) < 0)
			n = 0;
	return n;
}

/* Reads xl/styles.xml into x->xf_date: which cell styles show numbers as dates. */
static int xlsx_load_styles(struct xlsx_reader *x)
{
	int rc = xlsx_part_open(x, "xl/styles.xml"), type, in_xfs = 0;
	if (rc <= 0)
		return rc;
	struct xlsx_format *formats = NULL;
	size_t *xfs = NULL;
	size_t nformats = 0, format_slots = 0, xf_slots = 0;
	while ((rc = xlsx_node(x, &type)) == 1) {
		const xmlChar *element = xlsx_name(x);
		if (type == XML_READER_TYPE_END_ELEMENT && element == x->names[N_CELLXFS])
			in_xfs = 0;
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (element == x->names[N_CELLXFS]) {
			in_xfs = !xmlTextReaderIsEmptyElement(x->xml);
		} else if (element == x->names[N_XF] && in_xfs) {
			if (x->nxf == xf_slots) {
				xf_slots = xf_slots ? xf_slots * 2 : 64;
				xfs = xrealloc(xfs, xf_slots * sizeof *xfs);
			}
			xfs[x->nxf++] = xlsx_number_attr(x, N_NUMFMTID);
		} else if (element == x->names[N_NUMFMT]) {
			struct xlsx_format f = {0, 0};
			const xmlChar *name;
			const char *value;
			size_t id;
			while (xlsx_attr(x, &name, &value)) {
				if (name == x->names[N_NUMFMTID] &&
				    xlsx_uint(value, SIZE_MAX, &id) == 0)
					f.id = id;
				else if (name == x->names[N_FORMATCODE])
					f.date = xlsx_format_is_date(value);
			}
			if (nformats == format_slots) {
				format_slots = format_slots ? format_slots * 2 : 16;
				formats = xrealloc(formats, format_slots * sizeof *formats);
			}
			formats[nformats++] = f;
		}
	}
	if (rc == 0) {
		if (nformats)
			qsort(formats, nformats, sizeof *formats, xlsx_format_cmp);
		x->xf_date = xmalloc(x->nxf);
		for (size_t i = 0; i < x->nxf; i++) {
			struct xlsx_format key = {xfs[i], 0};
			const struct xlsx_format *f =
			    nformats
				? bsearch(&key, formats, nformats, sizeof *formats, xlsx_format_cmp)
				: NULL;
			x->xf_date[i] = (unsigned char)(f ? f->date : xlsx_builtin_date(xfs[i]));
		}
	}
	free(formats);
	free(xfs);
	return rc < 0 ? -1 : 1;
}

/* Reads xl/sharedStrings.xml: each <si> is its <t>, or its runs' <t> joined; phonetic runs
 * (<rPh>) are not part of the text. */
static int xlsx_load_strings(struct xlsx_reader *x)
{
	int rc = xlsx_part_open(x, "xl/sharedStrings.xml"), type, in_si = 0, in_rph = 0, in_t = 0;
	size_t start = 0;
	if (rc <= 0)
		return rc;
	while ((rc = xlsx_node(x, &type)) == 1) {
		if (xlsx_is_text(type)) {
			const char *text = (const char *)xmlTextReaderConstValue(x->xml);
			if (in_t && text)
				xlsx_text_add(&x->sst, start, text, strlen(text), x->text_limit);
			continue;
		}
		const xmlChar *element = xlsx_name(x);
		int end = type == XML_READER_TYPE_END_ELEMENT ||
			  (type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(x->xml));
		if (type == XML_READER_TYPE_ELEMENT) {
			if (element == x->names[N_SI]) {
				in_si = 1;
				in_rph = in_t = 0;
				start = x->sst.len;
			} else if (element == x->names[N_RPH]) {
				in_rph = 1;
			} else if (element == x->names[N_T]) {
				in_t = in_si && !in_rph;
			}
		}
		if (!end)
			continue;
		if (element == x->names[N_RPH]) {
			in_rph = 0;
		} else if (element == x->names[N_T]) {
			in_t = 0;
		} else if (element == x->names[N_SI] && in_si) {
			in_si = 0;
			if (x->nsst == x->sst_slots) {
				x->sst_slots = x->sst_slots ? x->sst_slots * 2 : 1024;
				x->sst_off =
				    xrealloc(x->sst_off, x->sst_slots * sizeof *x->sst_off);
			}
			x->sst_off[x->nsst++] = start;
			xlsx_text_seal(&x->sst);
		}
	}
	return rc < 0 ? -1 : 1;
}

/* ---------------------------------------------------------------- cell values */

/* Writes the date of an Excel serial day as YYYY-MM-DD; 0 when out of Excel's range. */
static int xlsx_date_text(long day, int date1904, char *out, size_t outlen)
{
	long z; /* days since 1970-01-01 */
	if (date1904) {
		if (day > 2957003)
			return 0;
		z = day - 24107;
	} else {
		if (day < 1 || day > 2958465)
			return 0;
		/* Excel counts 1900 as a leap year (Lotus's bug): day 60 is 1900-02-29. */
		if (day == 60)
			return snprintf(out, outlen, "1900-02-29");
		z = day - (day < 60 ? 25568 : 25569);
	}
	/* Howard Hinnant's civil_from_days. */
	z += 719468;
	long era = z / 146097; /* z > 0: Excel has no dates before 1900 */
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	return snprintf(out, outlen, "%04ld-%02ld-%02ld", yoe + era * 400 + (m <= 2), m, d);
}

/* Writes the number in text s as Excel shows it unformatted (or as a date); 0 to keep s. */
static int xlsx_number_text(const char *s, int date, int date1904, char *out, size_t outlen)
{
	char *end;
	double v = strtod(s, &end);
	end += strspn(end, " ");
	if (end == s || *end || !isfinite(v))
		return 0;
	/* The time of day, if any, is dropped. */
	if (date && v >= 0 && v < 1e7 && xlsx_date_text((long)v, date1904, out, outlen) > 0)
		return 1;
	/* A double holds 15 digits for sure: past that Excel has already changed the number
	 * (an ID card typed as a number), so the file's own text goes on to validation. */
	if (v >= 1e15 || v <= -1e15)
		return 0;
	long long whole = (long long)v;
	if (v == (double)whole)
		snprintf(out, outlen, "%lld", whole);
	else
		snprintf(out, outlen, "%.15g", v);
	return 1;
}

/* Writes the reference of the cell being read ("C5") into out (at least 32 bytes). */
static void xlsx_cell_ref(struct xlsx_reader *x, char *out)
{
	table_column_name(x->col, out);
	snprintf(out + strlen(out), 16, "%ld", x->base.rownum);
}

/* Stores the cell just read into the row, as its type says. */
static int xlsx_cell_end(struct xlsx_reader *x)
{
	struct table_reader *r = &x->base;
	const char *s = x->cell.buf ? x->cell.buf : "";
	size_t n = x->cell.len, i;
	char ref[32], num[40];
	x->in_cell = x->in_is = x->in_rph = x->collect = 0;
	/* An empty cached value is "" only for a formula giving text. */
	if (x->has_f && (!x->has_v || (n == 0 && x->type != 'f'))) {
		xlsx_cell_ref(x, ref);
		return table_fail(
		    r,
		    "cell %s has a formula but no saved value: open the file in Excel "
		    "and save it again",
		    ref);
	}
	switch (x->type) {
	case 'e':
		xlsx_cell_ref(x, ref);
		return table_fail(r, "cell %s holds an error value %.16s", ref, s);
	case 's':
		if (!x->has_v)
			break;
		if (xlsx_uint(s, SIZE_MAX, &i) < 0 || i >= x->nsst) {
			xlsx_cell_ref(x, ref);
			return table_fail(
			    r,
			    "row %ld: cell %s refers to a shared string that is not in "
			    "the file",
			    r->rownum, ref);
		}
		s = x->sst.buf + x->sst_off[i];
		n = (i + 1 < x->nsst ? x->sst_off[i + 1] : x->sst.len) - 1 - x->sst_off[i];
		break;
	case 'b':
		if (n > 0) {
			s = strcmp(s, "0") == 0 || strcmp(s, "false") == 0 ? "FALSE" : "TRUE";
			n = strlen(s);
		}
		break;
	case 'd':
		n = strcspn(s, "T"); /* an ISO 8601 date and time */
		break;
	case 'n':
		if (xlsx_number_text(s, x->style < x->nxf && x->xf_date[x->style], x->date1904, num,
				     sizeof num)) {
			s = num;
			n = strlen(num);
		}
		break;
	}
	return table_row_set(r, x->col, s, n);
}

/* The cell's t attribute as one letter: 'f' for a formula's text, 'n' for a number. */
static char xlsx_cell_type(const char *t)
{
	static const struct {
		const char *t;
		char type;
	} types[] = {
	    {"s", 's'}, {"inlineStr", 'i'}, {"str", 'f'}, {"b", 'b'}, {"e", 'e'}, {"d", 'd'},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i].t) == 0)
			return types[i].type;
	return 'n';
}

/* Parses a cell reference like "AB12" into its column (0 for A); -1 if it is not one. */
static int xlsx_column(const char *ref, size_t *col)
{
	size_t c = 0, n = 0, row;
	for (; n < 4 && *ref >= 'A' && *ref <= 'Z'; ref++, n++)
		c = c * 26 + (size_t)(*ref - 'A' + 1);
	if (n == 0 || c > XLSX_COLUMNS || xlsx_uint(ref, XLSX_ROWS, &row) < 0 || row == 0)
		return -1;
	*col = c - 1;
	return 0;
}

static int xlsx_cell_start(struct xlsx_reader *x)
{
	const xmlChar *name;
	const char *value;
	size_t col = x->next_col;
	x->type = 'n';
	x->style = 0;
	while (xlsx_attr(x, &name, &value)) {
		if (name == x->names[N_R] && xlsx_column(value, &col) < 0)
			return table_fail(&x->base,
					  "the xlsx file is damaged: row %ld has a cell "
					  "reference \"%.16s\"",
					  x->base.rownum, value);
		if (name == x->names[N_T])
			x->type = xlsx_cell_type(value);
		else if (name == x->names[N_S] && xlsx_uint(value, SIZE_MAX, &x->style) < 0)
			x->style = 0;
	}
	/* Excel itself refuses cells out of order; the row buffer relies on it. */
	if (col < x->next_col || col >= XLSX_COLUMNS)
		return table_fail(&x->base,
				  "the xlsx file is damaged: the cells of row %ld are out "
				  "of order",
				  x->base.rownum);
	x->col = col;
	x->next_col = col + 1;
	x->in_cell = 1;
	x->in_is = x->in_rph = x->collect = x->has_v = x->has_f = 0;
	xlsx_text_clear(&x->cell);
	return 0;
}

static int xlsx_row_start(struct xlsx_reader *x)
{
	const xmlChar *name;
	const char *value;
	size_t row = (size_t)x->last_row + 1;
	while (xlsx_attr(x, &name, &value))
		if (name == x->names[N_R] && (xlsx_uint(value, XLSX_ROWS, &row) < 0 || row == 0))
			return table_fail(&x->base,
					  "the xlsx file is damaged: a row is numbered "
					  "\"%.16s\"",
					  value);
	if (x->in_row || (long)row <= x->last_row || row > XLSX_ROWS)
		return table_fail(&x->base,
				  "the xlsx file is damaged: the rows after row %ld are "
				  "out of order",
				  x->last_row);
	x->last_row = (long)row;
	x->base.rownum = (long)row;
	x->in_row = 1;
	x->next_col = 0;
	table_row_clear(&x->base);
	return 0;
}

/* Handles an element opening inside <sheetData>. */
static int xlsx_sheet_element(struct xlsx_reader *x, const xmlChar *name, int empty)
{
	if (name == x->names[N_ROW]) {
		if (xlsx_row_start(x) < 0)
			return -1;
		x->in_row = !empty; /* <row/> has no cells to return */
		return 0;
	}
	if (!x->in_cell) {
		if (name == x->names[N_C] && x->in_row) {
			if (xlsx_cell_start(x) < 0)
				return -1;
			if (empty)
				return xlsx_cell_end(x);
		}
		return 0;
	}
	if (name == x->names[N_V] && !x->in_is) {
		x->has_v = 1;
		x->collect = !empty;
	} else if (name == x->names[N_F]) {
		x->has_f = 1;
	} else if (name == x->names[N_IS]) {
		x->has_v = 1;
		x->in_is = !empty;
	} else if (name == x->names[N_RPH]) {
		x->in_rph = !empty;
	} else if (name == x->names[N_T] && x->in_is && !x->in_rph) {
		x->collect = !empty;
	}
	return 0;
}

/* Handles an element closing inside <sheetData>; 1 when it ends a row with something in it. */
static int xlsx_sheet_end(struct xlsx_reader *x, const xmlChar *name)
{
	if (name == x->names[N_ROW] && x->in_row && !x->in_cell) {
		x->in_row = 0;
		return table_row_finish(&x->base);
	}
	if (!x->in_cell)
		return 0;
	if (name == x->names[N_C])
		return xlsx_cell_end(x);
	if (name == x->names[N_V] || name == x->names[N_T])
		x->collect = 0;
	else if (name == x->names[N_RPH])
		x->in_rph = 0;
	else if (name == x->names[N_IS])
		x->in_is = 0;
	return 0;
}

static int xlsx_next(struct table_reader *r)
{
	struct xlsx_reader *x = (struct xlsx_reader *)r;
	int rc = 0, type;
	while (!x->done && (rc = xlsx_node(x, &type)) == 1) {
		const xmlChar *name;
		if (xlsx_is_text(type)) {
			const char *text = (const char *)xmlTextReaderConstValue(x->xml);
			if (x->collect && text)
				xlsx_text_add(&x->cell, 0, text, strlen(text), x->text_limit);
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT)
			continue;
		name = xlsx_name(x);
		if (name == x->names[N_SHEETDATA]) {
			/* Nothing after </sheetData> is a cell: stop reading there. */
			x->in_data =
			    type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(x->xml);
			x->done = !x->in_data;
			continue;
		}
		if (!x->in_data)
			continue;
		if (type == XML_READER_TYPE_ELEMENT)
			rc = xlsx_sheet_element(x, name, xmlTextReaderIsEmptyElement(x->xml));
		else
			rc = xlsx_sheet_end(x, name);
		if (rc != 0)
			return rc;
	}
	if (rc < 0)
		return -1;
	x->done = 1;
	return 0;
}

static void xlsx_close(struct table_reader *r)
{
	struct xlsx_reader *x = (struct xlsx_reader *)r;
	xlsx_part_close(x);
	xmlSetGenericErrorFunc(x->saved_error_ctx, x->saved_error);
	if (x->zip)
		zip_discard(x->zip);
	free(x->sst.buf);
	free(x->sst_off);
	free(x->xf_date);
	free(x->cell.buf);
	table_base_free(r);
	free(x);
}

/* Opens the zip, reads what the sheet needs and leaves the sheet open for xlsx_next(). */
static int xlsx_start(struct xlsx_reader *x, const char *data, size_t len)
{
	struct table_reader *r = &x->base;
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return table_fail(r, "the file is an old .xls workbook or has a password: save it "
				     "as .xlsx without a password");
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (src && !(x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze)))
		zip_source_free(src);
	if (!x->zip) {
		if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP)
			table_fail(r, "the file is not an xlsx workbook (it is not a zip archive)");
		else
			table_fail(r, "the xlsx file is damaged: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);

	struct xlsx_rel *rels = NULL;
	size_t nrels = 0;
	char sheet[256];
	int have_rels = xlsx_load_rels(x, &rels, &nrels);
	int rc =
	    have_rels < 0 ? -1 : xlsx_load_workbook(x, rels, nrels, have_rels, sheet, sizeof sheet);
	xlsx_rels_free(rels, nrels);
	if (rc < 0 || xlsx_load_styles(x) < 0 || xlsx_load_strings(x) < 0)
		return -1;
	rc = xlsx_part_open(x, sheet);
	if (rc == 0)
		return table_fail(r, "the xlsx file is damaged: its worksheet %s is missing",
				  sheet);
	return rc < 0 ? -1 : 0;
}

struct table_reader *xlsx_reader_open(const char *data, size_t len,
				      const struct table_limits *limits, char *err, size_t errlen)
{
	struct xlsx_reader *x = xcalloc(1, sizeof *x);
	table_base_init(&x->base, limits);
	x->base.next = xlsx_next;
	x->base.close = xlsx_close;
	x->text_limit = limits->max_cell_bytes < SIZE_MAX ? limits->max_cell_bytes + 1 : SIZE_MAX;
	/* libxml2 reports encoding errors of a part to stderr, the worker's log; the reader
	 * reports them itself. */
	x->saved_error = xmlGenericError;
	x->saved_error_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, xlsx_silent);
	if (xlsx_start(x, data, len) < 0) {
		snprintf(err, errlen, "%s", x->base.msg);
		xlsx_close(&x->base);
		return NULL;
	}
	return &x->base;
}
