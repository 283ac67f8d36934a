/* fuzz_table.c: libFuzzer harness for the spreadsheet readers: the input as CSV, as an xlsx
 * file, and (chosen by its first byte) as one XML part of an otherwise sound xlsx, since
 * mutating a zip's bytes rarely gets past its checksums. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "imports/table.h"
#include "imports/table_impl.h"

static const struct table_limits limits = {
    .max_rows = 1000, .max_cells = 64, .max_cell_bytes = 1024, .max_unzipped = 4 << 20};

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

enum part { PART_SHEET, PART_STRINGS, PART_STYLES, PART_WORKBOOK, PART_RELS, PART__MAX };

static const char *const names[PART__MAX] = {
    "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",       "xl/styles.xml",
    "xl/workbook.xml",          "xl/_rels/workbook.xml.rels",
};

static const char *const sound[PART__MAX] = {
    "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"C1\" t=\"s\"><v>1</v></c><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>45536</v></c><c s=\"2\"><v>2024010123</v></c>"
    "<c t=\"b\"><v>1</v></c><c><f>A3</f><v>3.5</v></c><c t=\"str\"><f>B1</f><v/></c>"
    "<c t=\"s\"><v>2</v></c></row></sheetData></worksheet>",
    "<sst " NS "><si><t>a</t></si><si><r><t>b</t></r><r><t> c</t></r><rPh><t>d</t></rPh></si>"
    "<si><t xml:space=\"preserve\"> e </t></si></sst>",
    "<styleSheet " NS "><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m\"/>"
    "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs>"
    "</styleSheet>",
    "<workbook " NS " xmlns:r=\"" REL_NS "\"><workbookPr date1904=\"0\"/><sheets>"
    "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "</Relationships>",
};

/* Reads every row, checking what table.h promises of each. */
static void drain(const char *data, size_t len, enum table_format format)
{
	char err[256] = "";
	struct table_reader *r = table_open(data, len, format, &limits, err, sizeof err);
	if (!r) {
		if (!err[0])
			abort();
		return;
	}
	const char *const *cells;
	size_t n;
	long row, last = 0;
	int rc;
	while ((rc = table_next(r, &cells, &n, &row, err, sizeof err)) == 1) {
		if (n == 0 || n > limits.max_cells || row <= last || !cells[n - 1][0])
			abort();
		last = row;
		for (size_t i = 0; i < n; i++) {
			size_t k = strlen(cells[i]);
			if (k > limits.max_cell_bytes || table_utf8_prefix(cells[i], k) != k)
				abort();
		}
	}
	if (rc < 0 && !err[0])
		abort();
	table_close(r);
}

/* A stored (uncompressed) xlsx with part `which` replaced by data. */
static char *xlsx_around(enum part which, const uint8_t *data, size_t len, size_t *outlen)
{
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, NULL);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, NULL) : NULL;
	if (!za) {
		zip_source_free(src);
		return NULL;
	}
	zip_source_keep(src);
	for (int i = 0; i < PART__MAX; i++) {
		const void *text = i == (int)which ? (const void *)data : sound[i];
		size_t n = i == (int)which ? len : strlen(sound[i]);
		zip_source_t *s = zip_source_buffer(za, text, n, 0);
		zip_int64_t idx = s ? zip_file_add(za, names[i], s, 0) : -1;
		if (idx < 0)
			zip_source_free(s);
		else
			zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	char *out = NULL;
	zip_stat_t st;
	if (zip_close(za) != 0) {
		zip_discard(za);
	} else if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		out = malloc(st.size ? st.size : 1);
		if (zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		*outlen = st.size;
		zip_source_close(src);
	}
	zip_source_free(src);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)table_sniff((const char *)data, size, "text/csv");
	drain((const char *)data, size, TABLE_CSV);
	drain((const char *)data, size, TABLE_XLSX);
	if (size == 0)
		return 0;
	size_t len;
	char *xlsx = xlsx_around((enum part)(data[0] % PART__MAX), data + 1, size - 1, &len);
	if (xlsx)
		drain(xlsx, len, TABLE_XLSX);
	free(xlsx);
	return 0;
}
