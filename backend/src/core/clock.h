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

#endif
