/* xmalloc.h: allocation wrappers for application code; they abort on out-of-memory. */
#ifndef QIAO_XMALLOC_H
#define QIAO_XMALLOC_H

#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Logs and aborts: the process supervisor restarts the worker. */
_Noreturn void xoom(void);

#endif
