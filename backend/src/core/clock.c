/* clock.c: China-time dates without touching the process time zone. */
#include "core/clock.h"

#include <stdio.h>
#include <string.h>

#define CST_OFFSET (8 * 3600)

static struct tm now_cst(void)
{
	time_t t = time(NULL) + CST_OFFSET;
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm;
}

int clock_year(void)
{
	return now_cst().tm_year + 1900;
}

void clock_today(char out[11])
{
	struct tm tm = now_cst();
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int clock_valid_date(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days[m - 1] + (m == 2 && leap);
}
