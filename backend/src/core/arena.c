/* arena.c: per-request bump allocator built from a chain of malloc'd blocks. */
#include "core/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/xmalloc.h"

#define ARENA_ALIGN (_Alignof(max_align_t))

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	_Alignas(max_align_t) unsigned char data[];
};

/* A call to make when the arena is reset, kept in the arena itself. */
struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct arena_block *head; /* newest block; the first block is last */
	struct arena_cleanup *cleanups; /* newest first */
	size_t first_size;
	size_t handed_out;
};

static struct arena_block *block_new(size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *arena_new(size_t first_block)
{
	struct arena *a = xmalloc(sizeof(*a));
	a->first_size = first_block ? first_block : 16384;
	a->head = block_new(a->first_size);
	a->cleanups = NULL;
	a->handed_out = 0;
	return a;
}

void arena_reset(struct arena *a)
{
	for (struct arena_cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->p);
	a->cleanups = NULL;
	while (a->head->next) {
		struct arena_block *b = a->head;
		a->head = b->next;
		free(b);
	}
	a->head->used = 0;
	a->handed_out = 0;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	arena_reset(a);
	free(a->head);
	free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t rounded = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (rounded < n)
		xoom();
	struct arena_block *b = a->head;
	if (b->size - b->used < rounded) {
		/* Large requests get a block of their own so the chain stays small. */
		size_t size = rounded > a->first_size ? rounded : a->first_size * 2;
		struct arena_block *nb = block_new(size);
		nb->next = b;
		a->head = b = nb;
	}
	void *p = b->data + b->used;
	b->used += rounded;
	a->handed_out += rounded;
	return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
	*c = (struct arena_cleanup){a->cleanups, fn, p};
	a->cleanups = c;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->handed_out;
}
