/* log.h: structured logs, one JSON object per line on standard error. */
#ifndef QIAO_LOG_H
#define QIAO_LOG_H

#include <jansson.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG__MAX };

void log_set_level(const char *name);
/* Writes {"ts","level","msg", ...fields}; steals the reference to fields (may be NULL). */
void log_json(enum log_level level, const char *msg, json_t *fields);
/* Convenience: a message with printf formatting and no fields. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
