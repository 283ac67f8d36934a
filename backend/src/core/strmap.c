/* strmap.c: open addressing with linear probing, FNV-1a hashes, doubling at half full. */
#include "core/strmap.h"

#include <stdint.h>
#include <string.h>

struct slot {
	const char *key;
	long long value;
	uint64_t hash;
};

struct strmap {
	struct arena *arena;
	struct slot *slots;
	size_t cap; /* power of two */
	size_t used;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static struct slot *new_slots(struct arena *a, size_t cap)
{
	struct slot *s = arena_alloc(a, cap * sizeof(*s));
	memset(s, 0, cap * sizeof(*s));
	return s;
}

struct strmap *strmap_new(struct arena *arena)
{
	struct strmap *m = arena_alloc(arena, sizeof(*m));
	m->arena = arena;
	m->cap = 64;
	m->used = 0;
	m->slots = new_slots(arena, m->cap);
	return m;
}

static struct slot *find(const struct strmap *m, const char *key, uint64_t hash)
{
	size_t i = (size_t)hash & (m->cap - 1);
	while (m->slots[i].key &&
	       (m->slots[i].hash != hash || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static void grow(struct strmap *m)
{
	struct slot *old = m->slots;
	size_t oldcap = m->cap;
	m->cap *= 2;
	m->slots = new_slots(m->arena, m->cap);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].hash) = old[i];
}

void strmap_put(struct strmap *m, const char *key, long long value)
{
	uint64_t h = fnv1a(key);
	struct slot *s = find(m, key, h);
	if (s->key) {
		s->value = value;
		return;
	}
	if ((m->used + 1) * 2 > m->cap) {
		grow(m);
		s = find(m, key, h);
	}
	*s = (struct slot){arena_strdup(m->arena, key), value, h};
	m->used++;
}

int strmap_get(const struct strmap *m, const char *key, long long *value)
{
	const struct slot *s = find(m, key, fnv1a(key));
	if (!s->key)
		return 0;
	if (value)
		*value = s->value;
	return 1;
}

size_t strmap_size(const struct strmap *m)
{
	return m->used;
}
