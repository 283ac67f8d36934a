/* arena.h: a per-request bump allocator; everything in it dies with arena_reset(). */
#ifndef QIAO_ARENA_H
#define QIAO_ARENA_H

#include <stddef.h>

struct arena;

/* Returns a new arena; free with arena_free(). Aborts on out-of-memory. */
struct arena *arena_new(size_t first_block);
/* Frees every block except the first, which is kept for the next request. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

/* Returns n bytes aligned for any type, owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/* Calls fn(p) at the next reset (newest first): for what must live as long as the request,
 * such as the rows a streamed answer writes after its handler returned. */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);
/* Returns a NUL-terminated copy of s (NULL stays NULL), owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Bytes handed out since the last reset (for tests and logs). */
size_t arena_used(const struct arena *a);

#endif
