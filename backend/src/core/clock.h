/* clock.h: dates as the university sees them (China Standard Time, UTC+8, no DST). */
#ifndef QIAO_CLOCK_H
#define QIAO_CLOCK_H

#include <time.h>

/* The calendar year now in China. */
int clock_year(void);
/* Today's date in China as YYYY-MM-DD into out[11]. */
void clock_today(char out[11]);
/* 1 when s is a real calendar date written YYYY-MM-DD, else 0. */
int clock_valid_date(const char *s);

/* Reads a moment written ISO 8601: YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z, an offset
 * (+08:00, +0800) or nothing, which means China time; a space may stand for the T. 0 and *out
 * (seconds since the epoch), or -1 when s is not a real moment so written. */
int clock_parse_time(const char *s, time_t *out);
/* t as China time "YYYY-MM-DD HH:MM:SS" into out[20]: the form DATETIME columns hold. */
void clock_cst_text(time_t t, char out[20]);
/* t as the API writes moments, "YYYY-MM-DDTHH:MM:SS+08:00", into out[26]. */
void clock_iso_text(time_t t, char out[26]);

#endif
