/* test_xlsx.c: the xlsx reader, on workbooks written by libxlsxwriter and on zips put together
 * by hand for what libxlsxwriter never writes. */
#include "unit.h"

#include <libxml/globals.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "imports/table.h"
#include "table_dump.h"

static const struct table_limits limits = {
    .max_rows = 200000, .max_cells = 256, .max_cell_bytes = 32768, .max_unzipped = 512u << 20};

static char *dump(const char *data, size_t len, const struct table_limits *lim)
{
	return table_dump(data, len, TABLE_XLSX, lim);
}

static void expect(char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fail_msg("\n got: %s\nwant: %s", got, want);
	free(got);
}

/* ---------------------------------------------------------------- written by libxlsxwriter */

/* Writes a workbook with fill() into a temporary file and returns its bytes. */
static char *written(void (*fill)(lxw_workbook *, lxw_worksheet *), int constant_memory,
		     size_t *len)
{
	char path[] = "/tmp/qiao-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	lxw_workbook_options opt = {.constant_memory = (uint8_t)constant_memory};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	assert_non_null(wb);
	fill(wb, workbook_add_worksheet(wb, NULL));
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	char *data = malloc(*len);
	assert_int_equal(fread(data, 1, *len, f), *len);
	fclose(f);
	unlink(path);
	return data;
}

static char *dump_written(void (*fill)(lxw_workbook *, lxw_worksheet *), int constant_memory,
			  const struct table_limits *lim)
{
	size_t len;
	char *data = written(fill, constant_memory, &len);
	char *out = dump(data, len, lim);
	free(data);
	return out;
}

static lxw_format *num_format(lxw_workbook *wb, const char *code)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_num_format(f, code);
	return f;
}

static void fill_values(lxw_workbook *wb, lxw_worksheet *ws)
{
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_rich_string_tuple zhang = {.format = bold, .string = "张"},
			      san = {.format = NULL, .string = "三"};
	lxw_rich_string_tuple *rich[] = {&zhang, &san, NULL};
	worksheet_write_string(ws, 0, 0, "学号", NULL);
	worksheet_write_string(ws, 0, 1, "  姓名  ", NULL);
	worksheet_write_string(ws, 0, 2, "a&b<c>", NULL);
	worksheet_write_rich_string(ws, 0, 3, rich, NULL);

	volatile double tenth = 0.1; /* 0.1 + 0.2 as a spreadsheet computes it */
	worksheet_write_number(ws, 1, 0, 2024010123, NULL);
	worksheet_write_number(ws, 1, 1, 123456789012345, NULL);
	worksheet_write_number(ws, 1, 2, 320102199001011234.0, NULL);
	worksheet_write_number(ws, 1, 3, 3.5, NULL);
	worksheet_write_number(ws, 1, 4, -12.25, NULL);
	worksheet_write_number(ws, 1, 5, tenth + 0.2, NULL);
	worksheet_write_number(ws, 1, 6, -5, NULL);
	worksheet_write_number(ws, 1, 7, 0, NULL);

	worksheet_write_boolean(ws, 2, 0, 1, NULL);
	worksheet_write_boolean(ws, 2, 1, 0, NULL);
	worksheet_write_formula_num(ws, 2, 2, "=1+2", NULL, 3);
	worksheet_write_formula_str(ws, 2, 3, "=A1", NULL, "学号");
	worksheet_write_formula(ws, 2, 4, "=B2*0", NULL);

	/* Row 4 is left out. */
	lxw_datetime day = {2024, 9, 1, 0, 0, 0}, day_time = {2024, 9, 1, 13, 45, 0};
	lxw_datetime feb28 = {1900, 2, 28, 0, 0, 0}, mar1 = {1900, 3, 1, 0, 0, 0};
	lxw_format *builtin = workbook_add_format(wb);
	format_set_num_format_index(builtin, 22); /* m/d/yy h:mm */
	worksheet_write_datetime(ws, 4, 0, &day, num_format(wb, "yyyy-mm-dd"));
	worksheet_write_datetime(ws, 4, 1, &day_time, builtin);
	worksheet_write_number(ws, 4, 2, 45536, num_format(wb, "yyyy\"年\"m\"月\"d\"日\""));
	worksheet_write_number(ws, 4, 3, 45536, num_format(wb, "0\" days\""));
	worksheet_write_number(ws, 4, 4, 45536, num_format(wb, "[Red]0.00"));
	worksheet_write_number(ws, 4, 5, 45536.5, num_format(wb, "0.0"));
	worksheet_write_datetime(ws, 4, 6, &feb28, num_format(wb, "yyyy-mm-dd"));
	worksheet_write_datetime(ws, 4, 7, &mar1, num_format(wb, "yyyy-mm-dd"));
	worksheet_write_number(ws, 4, 8, 60, num_format(wb, "yyyy-mm-dd"));
	worksheet_write_number(ws, 4, 9, 0.5, num_format(wb, "h:mm"));

	worksheet_write_string(ws, 6, 0, "x", NULL); /* sparse: A7 and D7 */
	worksheet_write_string(ws, 6, 3, "y", NULL);
	worksheet_write_blank(ws, 7, 0, bold); /* only formatting: not a row to read */
	worksheet_write_string(ws, 7, 1, " ", NULL);
	worksheet_merge_range(ws, 8, 0, 8, 2, "merged", bold);
}

static void writer_values(void **state)
{
	(void)state;
	expect(dump_written(fill_values, 0, &limits),
	       "1:学号|姓名|a&b<c>|张三\n"
	       "2:2024010123|123456789012345|3.201021990010113E+17|3.5|-12.25|0.3|-5|0\n"
	       "3:TRUE|FALSE|3|学号|0\n"
	       "5:2024-09-01|2024-09-01|2024-09-01|45536|45536|45536.5|1900-02-28|1900-03-01|"
	       "1900-02-29|0.5\n"
	       "7:x|||y\n"
	       "9:merged\n");
}

static void fill_strings(lxw_workbook *wb, lxw_worksheet *ws)
{
	(void)wb;
	worksheet_write_string(ws, 0, 0, "学号", NULL);
	worksheet_write_string(ws, 0, 1, "姓名", NULL);
	worksheet_write_number(ws, 1, 0, 2024001, NULL);
	worksheet_write_string(ws, 1, 1, "张三", NULL);
	worksheet_write_string(ws, 3, 2, "李四", NULL);
}

/* In constant-memory mode libxlsxwriter writes inline strings instead of shared ones. */
static void writer_inline_strings(void **state)
{
	(void)state;
	expect(dump_written(fill_strings, 1, &limits), "1:学号|姓名\n2:2024001|张三\n4:||李四\n");
	expect(dump_written(fill_strings, 0, &limits), "1:学号|姓名\n2:2024001|张三\n4:||李四\n");
}

static int rows_to_write;

static void fill_rows(lxw_workbook *wb, lxw_worksheet *ws)
{
	(void)wb;
	worksheet_write_string(ws, 0, 0, "学号", NULL);
	for (int i = 1; i < rows_to_write; i++)
		worksheet_write_number(ws, (lxw_row_t)i, 0, 2024000 + i, NULL);
}

static void row_limit(void **state)
{
	(void)state;
	struct table_limits lim = limits;
	lim.max_rows = 5;
	rows_to_write = 6; /* the header and max_rows rows */
	expect(dump_written(fill_rows, 0, &lim),
	       "1:学号\n2:2024001\n3:2024002\n4:2024003\n5:2024004\n6:2024005\n");
	rows_to_write = 7;
	expect(dump_written(fill_rows, 0, &lim),
	       "1:学号\n2:2024001\n3:2024002\n4:2024003\n5:2024004\n6:2024005\n"
	       "!the file has more than 5 rows");
}

/* ---------------------------------------------------------------- put together by hand */

struct part {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen(text) */
	int store;  /* not compressed */
	int encrypt;
};

/* Zips the parts in memory and returns the archive's bytes. */
static char *zip_parts(const struct part *parts, size_t n, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_keep(src);
	for (size_t i = 0; i < n; i++) {
		size_t plen = parts[i].len ? parts[i].len : strlen(parts[i].text);
		zip_source_t *s = zip_source_buffer(za, parts[i].text, plen, 0);
		zip_int64_t idx = zip_file_add(za, parts[i].name, s, ZIP_FL_OVERWRITE);
		assert_true(idx >= 0);
		if (parts[i].store)
			assert_int_equal(
			    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0), 0);
		if (parts[i].encrypt)
			assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)idx,
								 ZIP_EM_AES_256, "secret"),
					 0);
	}
	assert_int_equal(zip_close(za), 0);
	zip_stat_t st;
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	char *data = malloc(st.size);
	assert_int_equal(zip_source_read(src, data, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return data;
}

static char *dump_parts(const struct part *parts, size_t n, const struct table_limits *lim)
{
	size_t len;
	char *data = zip_parts(parts, n, &len);
	char *out = dump(data, len, lim);
	free(data);
	return out;
}

#define MAIN_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define WORKBOOK(pr, sheets)                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook " MAIN_NS        \
	" xmlns:r=\"" REL_NS "\">" pr "<sheets>" sheets "</sheets></workbook>"
#define RELS(rels)                                                                                 \
	"<Relationships "                                                                          \
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" rels             \
	"</Relationships>"
#define REL(id, type, target)                                                                      \
	"<Relationship Id=\"" id "\" Type=\"" REL_NS "/" type "\" Target=\"" target "\"/>"

static const char workbook_xml[] = WORKBOOK("", "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>");
static const char rels_xml[] = RELS(REL("rId1", "worksheet", "worksheets/sheet1.xml"));

/* A one-sheet workbook: sheet_data inside <sheetData>; shared strings and styles optional. */
static char *dump_sheet(const char *sheet_data, const char *shared, const char *styles,
			const struct table_limits *lim)
{
	char *sheet, *sst = NULL, *sty = NULL;
	assert_true(asprintf(&sheet,
			     "<worksheet %s><dimension ref=\"A1\"/><sheetData>%s</sheetData>"
			     "<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"
			     "</worksheet>",
			     MAIN_NS, sheet_data) > 0);
	struct part parts[5] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	    {.name = "xl/worksheets/sheet1.xml", .text = sheet},
	};
	size_t n = 3;
	if (shared) {
		assert_true(asprintf(&sst, "<sst %s>%s</sst>", MAIN_NS, shared) > 0);
		parts[n++] = (struct part){.name = "xl/sharedStrings.xml", .text = sst};
	}
	if (styles) {
		assert_true(asprintf(&sty, "<styleSheet %s>%s</styleSheet>", MAIN_NS, styles) > 0);
		parts[n++] = (struct part){.name = "xl/styles.xml", .text = sty};
	}
	char *out = dump_parts(parts, n, lim);
	free(sheet);
	free(sst);
	free(sty);
	return out;
}

static void hand_values(void **state)
{
	(void)state;
	expect(dump_sheet(
		   "<row r=\"1\">"
		   "<c r=\"A1\" t=\"inlineStr\"><is><t>学号</t></is></c>"
		   "<c r=\"B1\" t=\"inlineStr\"><is><r><t>张</t></r><r><rPr><b/></rPr>"
		   "<t xml:space=\"preserve\"> 三</t></r><rPh sb=\"0\" eb=\"1\"><t>ちょう</t>"
		   "</rPh></is></c>"
		   "<c r=\"C1\" t=\"s\"><v>0</v></c><c r=\"D1\" t=\"s\"><v>1</v></c>"
		   "<c r=\"E1\" t=\"str\"><f>A1</f><v>x</v></c>"
		   "<c r=\"F1\" t=\"d\"><v>2024-09-01T08:00:00</v></c>"
		   "<c r=\"G1\"><v>1.2E+3</v></c>"
		   "<c r=\"H1\"><v>3.20102199001011E+17</v></c>"
		   "<c r=\"I1\" t=\"str\"><f>\"\"</f><v></v></c>"
		   "<c r=\"J1\"><v>-0</v></c>"
		   "<c r=\"K1\" t=\"b\"><v>0</v></c>"
		   "<c r=\"L1\" t=\"inlineStr\"><is><t><![CDATA[<x>]]>&amp;&#x6865;</t></is></c>"
		   "<c r=\"M1\" t=\"s\"><v>2</v></c>"
		   "<c r=\"N1\"><v>1E-3</v></c>"
		   "<c r=\"O1\"><v>999999999999999</v></c>"
		   "<c r=\"P1\"><v>1000000000000000</v></c>"
		   "</row>",
		   "<si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r><rPh><t>ignored</t>"
		   "</rPh></si><si/>",
		   NULL, &limits),
	       "1:学号|张 三|a|bc|x|2024-09-01|1200|3.20102199001011E+17||0|FALSE|<x>&桥||0.001|"
	       "999999999999999|1000000000000000\n");
}

/* Cells and rows may leave out r: they take the next column and row. */
static void references_left_out(void **state)
{
	(void)state;
	expect(dump_sheet("<row><c><v>1</v></c><c><v>2</v></c></row>"
			  "<row><c t=\"inlineStr\"><is><t>z</t></is></c></row>"
			  "<row r=\"5\"><c r=\"B5\"><v>5</v></c><c><v>6</v></c></row>"
			  "<row/><row><c r=\"C7\"/><c><v>8</v></c></row>",
			  NULL, NULL, &limits),
	       "1:1|2\n2:z\n5:|5|6\n7:|||8\n");
}

static void styles_and_1904(void **state)
{
	(void)state;
	static const char styles[] =
	    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d\"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00_);[Red]\\(#,##0.00\\)\"/></numFmts>"
	    "<cellXfs count=\"0\"/><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
	    "<xf numFmtId=\"165\"/></cellXfs>";
	static const char cells[] =
	    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c>"
	    "<c r=\"B1\" s=\"2\"><v>44074</v></c><c r=\"C1\"><v>44074</v></c>"
	    "<c r=\"D1\" s=\"0\"><v>44074</v></c><c r=\"E1\" s=\"3\"><v>2.5</v></c>"
	    "<c r=\"F1\" s=\"9\"><v>7</v></c><c r=\"G1\" s=\"1\"><v>1</v></c></row>";
	char *sheet, *sty;
	assert_true(asprintf(&sheet, "<worksheet %s><sheetData>%s</sheetData></worksheet>", MAIN_NS,
			     cells) > 0);
	assert_true(asprintf(&sty, "<styleSheet %s>%s</styleSheet>", MAIN_NS, styles) > 0);
	struct part parts[] = {
	    {.name = "xl/workbook.xml",
	     .text = WORKBOOK("<workbookPr date1904=\"1\"/>", "<sheet name=\"S\" r:id=\"rId1\"/>")},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	    {.name = "xl/worksheets/sheet1.xml", .text = sheet},
	    {.name = "xl/styles.xml", .text = sty},
	};
	expect(dump_parts(parts, 4, &limits),
	       "1:1904-01-01|2024-09-01|44074|44074|2.5|7|1904-01-02\n");
	parts[0].text = workbook_xml; /* the 1900 date system */
	expect(dump_parts(parts, 4, &limits), "1:0|2020-08-31|44074|44074|2.5|7|1900-01-01\n");
	free(sheet);
	free(sty);
}

static void cell_errors(void **state)
{
	(void)state;
	static const struct {
		const char *rows, *shared, *want;
	} cases[] = {
	    {"<row r=\"5\"><c r=\"A5\"><v>1</v></c><c r=\"C5\" t=\"e\"><v>#N/A</v></c></row>", NULL,
	     "!cell C5 holds an error value #N/A"},
	    {"<row r=\"2\"><c r=\"B2\"><f>A1*2</f></c></row>", NULL,
	     "!cell B2 has a formula but no saved value: open the file in Excel and save it again"},
	    {"<row r=\"2\"><c r=\"B2\"><f>A1*2</f><v/></c></row>", NULL,
	     "!cell B2 has a formula but no saved value: open the file in Excel and save it again"},
	    {"<row r=\"4\"><c r=\"B4\" t=\"s\"><v>1</v></c></row>", "<si><t>a</t></si>",
	     "!row 4: cell B4 refers to a shared string that is not in the file"},
	    {"<row r=\"4\"><c r=\"B4\" t=\"s\"><v>x</v></c></row>", "<si><t>a</t></si>",
	     "!row 4: cell B4 refers to a shared string that is not in the file"},
	    {"<row r=\"4\"><c r=\"B4\" t=\"s\"><v>0</v></c></row>", NULL,
	     "!row 4: cell B4 refers to a shared string that is not in the file"},
	    {"<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"B2\"><v>1</v></c>"
	     "<c r=\"A2\"><v>2</v></c></row>",
	     NULL, "1:1\n!the xlsx file is damaged: the cells of row 2 are out of order"},
	    {"<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>", NULL,
	     "!the xlsx file is damaged: the cells of row 1 are out of order"},
	    {"<row r=\"2\"><c><v>1</v></c></row><row r=\"2\"/>", NULL,
	     "2:1\n!the xlsx file is damaged: the rows after row 2 are out of order"},
	    {"<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", NULL,
	     "!the xlsx file is damaged: row 1 has a cell reference \"1A\""},
	    {"<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", NULL,
	     "!the xlsx file is damaged: row 1 has a cell reference \"XFE1\""},
	    {"<row r=\"x\"/>", NULL, "!the xlsx file is damaged: a row is numbered \"x\""},
	    {"<row r=\"1048577\"/>", NULL,
	     "!the xlsx file is damaged: a row is numbered \"1048577\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = dump_sheet(cases[i].rows, cases[i].shared, NULL, &limits);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu:\n got: %s\nwant: %s", i, got, cases[i].want);
		free(got);
	}
}

static void cell_limits(void **state)
{
	(void)state;
	struct table_limits lim = limits;
	lim.max_cells = 3;
	lim.max_cell_bytes = 4;
	static const char shared[] = "<si><t>abcd</t></si><si><t>abcde</t></si>";
	expect(dump_sheet("<row r=\"1\"><c r=\"C1\" t=\"s\"><v>0</v></c>"
			  "<c r=\"D1\" t=\"inlineStr\"><is><t> </t></is></c></row>",
			  shared, NULL, &lim),
	       "1:||abcd\n");
	expect(dump_sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
			  "<row r=\"2\"><c r=\"D2\"><v>1</v></c></row>",
			  shared, NULL, &lim),
	       "1:1\n!row 2: the row has more than 3 cells");
	expect(
	    dump_sheet("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>1</v></c></row>", shared, NULL, &lim),
	    "!row 3: cell B3 is longer than 4 bytes");
	expect(
	    dump_sheet("<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><r><t>ab</t></r><r><t>cde</t>"
		       "</r></is></c></row>",
		       shared, NULL, &lim),
	    "!row 3: cell A3 is longer than 4 bytes");
}

/* A part that inflates past max_unzipped stops with an error, not with memory exhausted. */
static void zip_bomb(void **state)
{
	(void)state;
	struct table_limits lim = limits;
	lim.max_unzipped = 1 << 20;
	size_t n = 8 << 20;
	char *bomb = malloc(n + 64);
	strcpy(bomb, "<worksheet><sheetData>");
	memset(bomb + 22, ' ', n);
	strcpy(bomb + 22 + n, "</sheetData></worksheet>");
	struct part parts[] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	    {.name = "xl/worksheets/sheet1.xml", .text = bomb},
	};
	expect(dump_parts(parts, 3, &lim), "!the xlsx file unpacks to more than 1 MiB");
	/* The same in the shared strings, read while opening. */
	memcpy(bomb, "<sst><si><t>", 12);
	memset(bomb + 12, 'x', n);
	strcpy(bomb + 12 + n, "</t></si></sst>");
	struct part sst[] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	    {.name = "xl/worksheets/sheet1.xml", .text = "<worksheet/>"},
	    {.name = "xl/sharedStrings.xml", .text = bomb},
	};
	expect(dump_parts(sst, 4, &lim), "open: the xlsx file unpacks to more than 1 MiB");
	/* Parts each under the limit count together. */
	lim.max_unzipped = 600 << 10;
	memset(bomb, ' ', 400 << 10);
	memcpy(bomb, "<styleSheet>", 12);
	strcpy(bomb + (400 << 10), "</styleSheet>");
	struct part two[] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	    {.name = "xl/worksheets/sheet1.xml", .text = bomb},
	    {.name = "xl/styles.xml", .text = bomb},
	};
	expect(dump_parts(two, 4, &lim), "!the xlsx file unpacks to more than 600 KiB");
	free(bomb);
}

static void finding_the_sheet(void **state)
{
	(void)state;
	static const char sheet[] =
	    "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>ok"
	    "</t></is></c></row></sheetData></worksheet>";
	/* No relationships: xl/worksheets/sheet1.xml. */
	struct part plain[] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml},
	    {.name = "xl/worksheets/sheet1.xml", .text = sheet},
	};
	expect(dump_parts(plain, 2, &limits), "1:ok\n");
	/* A target absolute in the package; a chart sheet before the first worksheet. */
	struct part abs[] = {
	    {.name = "xl/workbook.xml",
	     .text =
		 WORKBOOK("", "<sheet name=\"C\" r:id=\"rId7\"/><sheet name=\"S\" r:id=\"rId3\"/>"
			      "<sheet name=\"T\" r:id=\"rId4\"/>")},
	    {.name = "xl/_rels/workbook.xml.rels",
	     .text = RELS(REL("rId7", "chartsheet", "chartsheets/sheet1.xml")
			      REL("rId4", "worksheet", "worksheets/sheet1.xml")
				  REL("rId3", "worksheet", "/xl/worksheets/data.xml"))},
	    {.name = "xl/worksheets/sheet1.xml", .text = "<worksheet/>"},
	    {.name = "xl/worksheets/data.xml", .text = sheet},
	};
	expect(dump_parts(abs, 4, &limits), "1:ok\n");
	/* Only r:id names the relationship, not an id without the namespace. */
	struct part ns[] = {
	    {.name = "xl/workbook.xml", .text = WORKBOOK("", "<sheet r:id=\"rId1\" id=\"rId2\"/>")},
	    {.name = "xl/_rels/workbook.xml.rels",
	     .text = RELS(REL("rId2", "worksheet", "worksheets/sheet2.xml")
			      REL("rId1", "worksheet", "worksheets/sheet1.xml"))},
	    {.name = "xl/worksheets/sheet1.xml", .text = sheet},
	    {.name = "xl/worksheets/sheet2.xml", .text = "<worksheet/>"},
	};
	expect(dump_parts(ns, 4, &limits), "1:ok\n");
	/* Strict Open XML has other namespaces, the same names. */
	struct part strict[] = {
	    {.name = "xl/workbook.xml",
	     .text = "<workbook xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\" "
		     "xmlns:r=\"http://purl.oclc.org/ooxml/officeDocument/relationships\"><sheets>"
		     "<sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>"},
	    {.name = "xl/_rels/workbook.xml.rels",
	     .text =
		 RELS("<Relationship Id=\"rId1\" Type=\"http://purl.oclc.org/ooxml/"
		      "officeDocument/relationships/worksheet\" Target=\"worksheets/s.xml\"/>")},
	    {.name = "xl/worksheets/s.xml", .text = sheet},
	};
	expect(dump_parts(strict, 3, &limits), "1:ok\n");
}

static void damaged_files(void **state)
{
	(void)state;
	static const struct {
		const char *bytes;
		size_t len;
		const char *want;
	} raw[] = {
	    {"hello, world", 12,
	     "open: the file is not an xlsx workbook (it is not a zip archive)"},
	    {"PK\3\4\0\0", 6, "open: the file is not an xlsx workbook (it is not a zip archive)"},
	    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10,
	     "open: the file is an old .xls workbook or has a password: save it as .xlsx without a "
	     "password"},
	};
	for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
		expect(dump(raw[i].bytes, raw[i].len, &limits), raw[i].want);

	struct part other[] = {{.name = "hello.txt", .text = "hi"}};
	expect(dump_parts(other, 1, &limits),
	       "open: the file is not an xlsx workbook: it has no xl/workbook.xml");
	struct part no_sheets[] = {
	    {.name = "xl/workbook.xml", .text = WORKBOOK("", "")},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	};
	expect(dump_parts(no_sheets, 2, &limits), "open: the workbook has no worksheet");
	struct part missing[] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	};
	expect(dump_parts(missing, 2, &limits),
	       "open: the xlsx file is damaged: its worksheet xl/worksheets/sheet1.xml is missing");
	struct part bad_workbook[] = {
	    {.name = "xl/workbook.xml", .text = "<workbook><sheets>"},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	};
	expect(dump_parts(bad_workbook, 2, &limits),
	       "open: the xlsx file is damaged: xl/workbook.xml is not valid XML (line 1)");

	static const char *const sheets[][2] = {
	    {"this is not XML",
	     "!the xlsx file is damaged: xl/worksheets/sheet1.xml is not valid XML (line 1)"},
	    {"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>\n<row r=\"2\"><c><v>2</v>",
	     "1:1\n!the xlsx file is damaged: xl/worksheets/sheet1.xml is not valid XML (line 2)"},
	    {"<!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;\">]>"
	     "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
	     "</sheetData></worksheet>",
	     "!the xlsx file is damaged: xl/worksheets/sheet1.xml declares a DTD"},
	    {"\xFF\xFE<\0w\0/\0>\0", ""}, /* UTF-16 is still XML */
	    {"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>\xC3</t></is></c></row>"
	     "</sheetData></worksheet>",
	     "!the xlsx file is damaged: xl/worksheets/sheet1.xml is not valid XML (line 1)"},
	};
	for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
		struct part parts[] = {
		    {.name = "xl/workbook.xml", .text = workbook_xml},
		    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
		    {.name = "xl/worksheets/sheet1.xml",
		     .text = sheets[i][0],
		     .len = i == 3 ? 10 : 0},
		};
		expect(dump_parts(parts, 3, &limits), sheets[i][1]);
	}
}

/* A byte changed inside a stored part: libzip's CRC check names it. */
static void corrupt_part(void **state)
{
	(void)state;
	static const char sheet[] =
	    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>CORRUPT-ME"
	    "</t></is></c></row></sheetData></worksheet>";
	struct part parts[] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	    {.name = "xl/worksheets/sheet1.xml", .text = sheet, .store = 1},
	};
	size_t len;
	char *data = zip_parts(parts, 3, &len);
	char *p = memmem(data, len, "CORRUPT-ME", 10);
	assert_non_null(p);
	*p = 'K';
	expect(dump(data, len, &limits),
	       "!the xlsx file is damaged: xl/worksheets/sheet1.xml: CRC error");
	free(data);
}

static void encrypted(void **state)
{
	(void)state;
	struct part parts[] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml, .encrypt = 1},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	};
	expect(dump_parts(parts, 2, &limits),
	       "open: the xlsx file is encrypted: save it without a password");
}

static void count_messages(void *ctx, const char *msg, ...)
{
	(void)msg;
	++*(int *)ctx;
}

/* libxml2 writes some encoding errors to its generic handler, stderr (the worker's log), unless
 * told not to; the handler is back as it was once the reader is closed. */
static void quiet_on_stderr(void **state)
{
	(void)state;
	struct part parts[] = {
	    {.name = "xl/workbook.xml", .text = workbook_xml},
	    {.name = "xl/_rels/workbook.xml.rels", .text = rels_xml},
	    {.name = "xl/worksheets/sheet1.xml",
	     .text = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><worksheet><sheetData><row>"
		     "<c t=\"inlineStr\"><is><t>\x81\xFF\xFF\xFF</t></is></c></row></sheetData>"
		     "</worksheet>"},
	};
	int messages = 0;
	xmlSetGenericErrorFunc(&messages, count_messages);
	expect(dump_parts(parts, 3, &limits),
	       "!the xlsx file is damaged: xl/worksheets/sheet1.xml is not valid XML (line 1)");
	assert_int_equal(messages, 0);
	assert_ptr_equal(xmlGenericError, count_messages);
	assert_ptr_equal(xmlGenericErrorContext, &messages);
	xmlSetGenericErrorFunc(NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(writer_values),
	    cmocka_unit_test(writer_inline_strings),
	    cmocka_unit_test(row_limit),
	    cmocka_unit_test(hand_values),
	    cmocka_unit_test(references_left_out),
	    cmocka_unit_test(styles_and_1904),
	    cmocka_unit_test(cell_errors),
	    cmocka_unit_test(cell_limits),
	    cmocka_unit_test(zip_bomb),
	    cmocka_unit_test(finding_the_sheet),
	    cmocka_unit_test(damaged_files),
	    cmocka_unit_test(corrupt_part),
	    cmocka_unit_test(encrypted),
	    cmocka_unit_test(quiet_on_stderr),
	};
	return cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
}
