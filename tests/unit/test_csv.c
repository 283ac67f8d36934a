/* test_csv.c: the CSV reader: encodings, quoting, row numbers, limits; and format sniffing. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "imports/table.h"
#include "table_dump.h"

static const struct table_limits limits = {
    .max_rows = 200000, .max_cells = 256, .max_cell_bytes = 32768, .max_unzipped = 512u << 20};

static char *dump(const char *data, size_t len, const struct table_limits *lim)
{
	return table_dump(data, len, TABLE_CSV, lim);
}

#define CASE(bytes, want)                                                                          \
	{                                                                                          \
		bytes, sizeof(bytes) - 1, want                                                     \
	}

struct csv_case {
	const char *data;
	size_t len;
	const char *want;
};

static void check_cases(const struct csv_case *cases, size_t n, const struct table_limits *lim)
{
	for (size_t i = 0; i < n; i++) {
		char *got = dump(cases[i].data, cases[i].len, lim);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu:\n got: %s\nwant: %s", i, got, cases[i].want);
		free(got);
	}
}

static void line_endings_and_bom(void **state)
{
	(void)state;
	static const struct csv_case cases[] = {
	    CASE("a,b\n1,2\n", "1:a|b\n2:1|2\n"),
	    CASE("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n"),
	    CASE("a,b\r1,2\r", "1:a|b\n2:1|2\n"), /* old Mac line ends */
	    CASE("a,b\n1,2", "1:a|b\n2:1|2\n"),   /* no line end at the end */
	    CASE("\xEF\xBB\xBF"
		 "a,b\r\n1,2\r\n",
		 "1:a|b\n2:1|2\n"),
	    CASE("a,b\n", "1:a|b\n"), /* the header alone */
	};
	check_cases(cases, sizeof cases / sizeof cases[0], &limits);
}

static void quoting(void **state)
{
	(void)state;
	static const struct csv_case cases[] = {
	    CASE("\"x,y\",\"say \"\"hi\"\"\"\n", "1:x,y|say \"hi\"\n"),
	    /* The N-th record is row N, however many lines its cells take. */
	    CASE("a,b\n\"multi\nline\",z\n\"cr\r\nlf\",w\r\n4,5\n",
		 "1:a|b\n2:multi\nline|z\n3:cr\r\nlf|w\n4:4|5\n"),
	    CASE("\"a\" , \"b\"\n", "1:a|b\n"), /* spaces around quoted cells */
	    CASE("a,b\"c\n", "1:a|b\"c\n"),     /* a stray quote in an unquoted cell is text */
	    CASE("a,b\"c\"d,e\n", "1:a|b\"c\"d|e\n"),
	    CASE("\"\",x\n", "1:|x\n"),
	    CASE("a\n\"b\"c,d\n",
		 "1:a\n!row 2: a cell has text after its closing quote (a quote inside a quoted "
		 "cell is written twice: \"\")"),
	    CASE("a\n\"b\" \"c\n",
		 "1:a\n!row 2: a cell has text after its closing quote (a quote inside a quoted "
		 "cell is written twice: \"\")"),
	    CASE("a\n\"b,c\nd,e\n", "1:a\n!row 2: a quote is never closed"),
	};
	check_cases(cases, sizeof cases / sizeof cases[0], &limits);
}

static void blank_rows_and_cells(void **state)
{
	(void)state;
	static const struct csv_case cases[] = {
	    CASE("a\n\n,,\n  \nb\n", "1:a\n5:b\n"),
	    CASE("a\r\n\r\n\r\nb\r\n", "1:a\n4:b\n"),
	    CASE("\n\na\n", "3:a\n"),
	    CASE("a,b,,\n1,,,\n", "1:a|b\n2:1\n"), /* empty cells at the end are not there */
	    CASE(",x\n", "1:|x\n"),
	    CASE("  a  ,\t\xE3\x80\x80"
		 "b\xC2\xA0 ,\" c \"\n",
		 "1:a|b|c\n"), /* trimmed */
	    CASE("\xE5\xA7\x93\xE5\x90\x8D\n", "1:\xE5\xA7\x93\xE5\x90\x8D\n"),
	};
	check_cases(cases, sizeof cases / sizeof cases[0], &limits);
}

static void tab_separated(void **state)
{
	(void)state;
	static const struct csv_case cases[] = {
	    CASE("a\tb\tc\n1\t\t3\n", "1:a|b|c\n2:1||3\n"),
	    CASE("a\tb\r\n\"x\ty\"\t z ,w\r\n", "1:a|b\n2:x\ty|z ,w\n"),
	    /* Only the first line decides: a comma there makes it CSV. */
	    CASE("a,b\tc\n1\t2,3\n", "1:a|b\tc\n2:1\t2|3\n"),
	    CASE("a b\n1\t2\n", "1:a b\n2:1\t2\n"),
	};
	check_cases(cases, sizeof cases / sizeof cases[0], &limits);
}

static void encodings(void **state)
{
	(void)state;
	static const struct csv_case cases[] = {
	    /* "学号,姓名\r\n2024001,张三\r\n" as Excel in China saves it (GB18030) */
	    CASE("\xD1\xA7\xBA\xC5,\xD0\xD5\xC3\xFB\r\n2024001,\xD5\xC5\xC8\xFD\r\n",
		 "1:学号|姓名\n2:2024001|张三\n"),
	    /* GB18030's four-byte form: 𠀋 (U+2000B, found in names) is 95 32 83 37 */
	    CASE("x,\x95\x32\x83\x37\n", "1:x|𠀋\n"),
	    /* UTF-16 with a byte-order mark (Excel's "Unicode text", tab-separated) */
	    CASE("\xFF\xFE"
		 "a\0\t\0\x66\x5B\n\0",
		 "1:a|学\n"),
	    CASE("\xFF\xFE"
		 "a\0\n\0b",
		 "1:a\n!row 2: the text is not valid UTF-16"),
	    CASE("\xFF\xFE"
		 "a\0\0\0",
		 "open: the file is not a text file"),
	    CASE("a,b\n1,\0", "open: the file is not a text file"),
	    /* Bytes neither encoding reads: the rows before them still come out. */
	    CASE("a,b\n1,2\n\x80,3\n",
		 "1:a|b\n2:1|2\n!row 3: the text is neither UTF-8 nor GB18030"),
	    CASE("a\n\"x\ny\xFF\"\n", "1:a\n!row 2: the text is neither UTF-8 nor GB18030"),
	    CASE("a\n\xD5", "1:a\n!row 2: the text is neither UTF-8 nor GB18030"),
	    /* GB18030 reads further than UTF-8 here, and UTF-8 further than GB18030 there. */
	    CASE("\xD5\xC5,x\n\xFF\n", "1:张|x\n!row 2: the text is neither UTF-8 nor GB18030"),
	    CASE("张,x\n李\n\xFF\n", "1:张|x\n2:李\n!row 3: the text is neither UTF-8 nor GB18030"),
	    /* A UTF-8 byte-order mark rules GB18030 out. */
	    CASE("\xEF\xBB\xBF"
		 "a\n\xC3\n",
		 "1:a\n!row 2: the text is not valid UTF-8"),
	    CASE("a\n\xED\xA0\x80\n", "1:a\n!row 2: the text is neither UTF-8 nor GB18030"),
	    CASE("", "open: the file is empty"),
	    CASE("\xEF\xBB\xBF", "open: the file is empty"),
	    CASE("\n\r\n", ""),
	};
	check_cases(cases, sizeof cases / sizeof cases[0], &limits);
}

static void row_limit(void **state)
{
	(void)state;
	struct table_limits lim = limits;
	lim.max_rows = 2;
	static const struct csv_case cases[] = {
	    CASE("h\n1\n2\n", "1:h\n2:1\n3:2\n"),
	    CASE("h\n\n1\n\n2\n\n", "1:h\n3:1\n5:2\n"), /* blank rows do not count */
	    CASE("h\n1\n2\n3\n", "1:h\n2:1\n3:2\n!the file has more than 2 rows"),
	};
	check_cases(cases, sizeof cases / sizeof cases[0], &lim);
}

static void cell_limits(void **state)
{
	(void)state;
	struct table_limits lim = limits;
	lim.max_cells = 3;
	lim.max_cell_bytes = 4;
	static const struct csv_case cases[] = {
	    CASE("a,b,c\n", "1:a|b|c\n"),
	    CASE("a,b,c,,,\n", "1:a|b|c\n"),
	    CASE("a\na,b,c,d\n", "1:a\n!row 2: the row has more than 3 cells"),
	    CASE("abcd,\"\xE5\xA7\x93\"\n", "1:abcd|\xE5\xA7\x93\n"),
	    CASE("a,abcde\n", "!row 1: cell B1 is longer than 4 bytes"),
	    CASE("a,\"ab\ncd\"\n", "!row 1: cell B1 is longer than 4 bytes"),
	};
	check_cases(cases, sizeof cases / sizeof cases[0], &lim);
}

/* A cell far longer than the limit stops the reader while it is read, before the text after
 * it (here a mistake of its own) and without all of it in memory. */
static void long_cell_is_cut_short(void **state)
{
	(void)state;
	size_t n = 4 << 20;
	char *data = malloc(n + 16);
	memcpy(data, "a,b\n1,\"", 7);
	memset(data + 7, 'x', n);
	memcpy(data + 7 + n, "\"z\n", 3);
	char *got = dump(data, n + 10, &limits);
	assert_string_equal(got, "1:a|b\n!row 2: cell B2 is longer than 32768 bytes");
	free(got);
	/* The same without quotes or line ends at all. */
	memset(data, 'y', n);
	got = dump(data, n, &limits);
	assert_string_equal(got, "!row 1: cell A1 is longer than 32768 bytes");
	free(got);
	free(data);
}

/* Each stray quote in a long line is one call into libcsv, not a rescan of the line (which took
 * minutes here). */
static void stray_quotes_in_linear_time(void **state)
{
	(void)state;
	struct table_limits lim = limits;
	lim.max_cell_bytes = 1 << 20;
	size_t n = 400000;
	char *data = malloc(n + 1);
	for (size_t i = 0; i < n; i += 2)
		memcpy(data + i, "a\"", 2);
	data[n] = '\n';
	char *got = dump(data, n + 1, &lim);
	assert_int_equal(strlen(got), n + 3);
	assert_memory_equal(got, "1:a\"a\"", 6);
	free(got);
	free(data);
}

static void sniffing(void **state)
{
	(void)state;
	static const char xlsx_type[] =
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	static const struct {
		const char *data;
		size_t len;
		const char *type;
		enum table_format want;
	} cases[] = {
	    {"PK\3\4rest", 8, NULL, TABLE_XLSX},
	    {"PK\3\4rest", 8, "text/csv", TABLE_XLSX},
	    {"a,b\n", 4, "text/csv", TABLE_CSV},
	    {"a,b\n", 4, "Text/CSV; charset=utf-8", TABLE_CSV},
	    {"a\tb\n", 4, "text/tab-separated-values", TABLE_CSV},
	    {"a,b\n", 4, "text/plain", TABLE_CSV},
	    {"a,b\n", 4, "application/vnd.ms-excel", TABLE_CSV},
	    {"a,b\n", 4, xlsx_type, TABLE_XLSX},
	    {"a,b\n", 4, "text/csvx", TABLE_UNKNOWN},
	    {"a,b\n", 4, "application/json", TABLE_UNKNOWN},
	    {"a,b\n", 4, NULL, TABLE_UNKNOWN},
	    {"%PDF-1.7\n", 9, "text/csv", TABLE_UNKNOWN},
	    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "application/vnd.ms-excel", TABLE_UNKNOWN},
	    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, xlsx_type, TABLE_UNKNOWN},
	    {"\x89PNG\r\n", 6, "text/csv", TABLE_UNKNOWN},
	    {"\xFF\xD8\xFF\xE0", 4, "text/plain", TABLE_UNKNOWN},
	    {"GIF89a", 6, "text/plain", TABLE_UNKNOWN},
	    {"", 0, "text/csv", TABLE_CSV},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (table_sniff(cases[i].data, cases[i].len, cases[i].type) != cases[i].want)
			fail_msg("case %zu", i);
}

static void unknown_format(void **state)
{
	(void)state;
	char err[256];
	assert_null(table_open("a", 1, TABLE_UNKNOWN, &limits, err, sizeof err));
	assert_string_equal(err, "the file is neither CSV nor xlsx");
	table_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(line_endings_and_bom),
	    cmocka_unit_test(quoting),
	    cmocka_unit_test(blank_rows_and_cells),
	    cmocka_unit_test(tab_separated),
	    cmocka_unit_test(encodings),
	    cmocka_unit_test(row_limit),
	    cmocka_unit_test(cell_limits),
	    cmocka_unit_test(long_cell_is_cut_short),
	    cmocka_unit_test(stray_quotes_in_linear_time),
	    cmocka_unit_test(sniffing),
	    cmocka_unit_test(unknown_format),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
