#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct pp_arena_block {
	pp_arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

#define BLOCK_MIN 8192

void *pp_arena_alloc(pp_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size_t need = (size + align - 1) / align * align;
	pp_arena_block *b = a->head;

	if (need < size)
		return NULL;
	if (!b || b->cap - b->used < need) {
		size_t cap = need > BLOCK_MIN ? need : BLOCK_MIN;
		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += need;
	memset(p, 0, size);
	return p;
}

char *pp_arena_strdup(pp_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = pp_arena_alloc(a, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void pp_arena_free(pp_arena *a)
{
	pp_arena_block *b = a->head;
	while (b) {
		pp_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}
