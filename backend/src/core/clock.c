/* clock.c: China-time dates without touching the process time zone. */
#include "core/clock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Reads exactly n digits at *p into *v, moving *p past them. */
static int digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

/* The offset at p (Z, +HH:MM, +HHMM, or nothing for China time) in seconds east of UTC. */
static int parse_offset(const char *p, long *off)
{
	if (!*p) {
		*off = CST_OFFSET;
		return 0;
	}
	if (p[0] == 'Z' && !p[1]) {
		*off = 0;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	int sign = *p++ == '-' ? -1 : 1, hh, mm;
	if (digits(&p, 2, &hh) < 0 || (*p == ':' && !*++p) || digits(&p, 2, &mm) < 0 || *p ||
	    hh > 14 || mm > 59)
		return -1;
	*off = sign * (hh * 3600L + mm * 60L);
	return 0;
}

int clock_parse_time(const char *s, time_t *out)
{
	char date[11];
	if (!s || strlen(s) < 16 || (s[10] != 'T' && s[10] != ' '))
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	const char *p = s + 11;
	int hh, mi, ss = 0, tmp;
	if (!clock_valid_date(date) || digits(&p, 2, &hh) < 0 || *p++ != ':' || digits(&p, 2, &mi) < 0)
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &ss) < 0)
			return -1;
		if (*p == '.') /* fractions of a second are dropped */
			for (p++; digits(&p, 1, &tmp) == 0;)
				;
	}
	long off;
	if (hh > 23 || mi > 59 || ss > 59 || parse_offset(p, &off) < 0)
		return -1;
	struct tm tm = {.tm_year = atoi(date) - 1900, .tm_mon = atoi(date + 5) - 1,
			.tm_mday = atoi(date + 8), .tm_hour = hh, .tm_min = mi, .tm_sec = ss};
	*out = timegm(&tm) - off;
	return 0;
}

void clock_cst_text(time_t t, char out[20])
{
	time_t local = t + CST_OFFSET;
	struct tm tm;
	gmtime_r(&local, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

void clock_iso_text(time_t t, char out[26])
{
	clock_cst_text(t, out);
	out[10] = 'T';
	memcpy(out + 19, "+08:00", 7);
}
