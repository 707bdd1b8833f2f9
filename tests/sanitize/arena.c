/* SPDX-License-Identifier: MIT */
/*
 * Stands in for lib/arena.c in the sanitizer builds (the fuzzers and the
 * unit tests under ASan): every allocation is its own malloc block, so
 * AddressSanitizer puts a red zone around each string and array of a loaded
 * store, and LeakSanitizer sees a store that is never freed.  lib/arena.c
 * packs them into large mmap'd blocks, which ASan does not track at all: an
 * overrun into the next object, or past the end of a block, would go
 * unnoticed.  Same API, same semantics (zeroed memory, everything freed at
 * once, nothing allocated once sealed).  Sealing only stops allocations:
 * malloc'd memory is private, so a forked child's writes stay its own.
 */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct pp_arena_block {
	pp_arena_block *next;
	max_align_t data[];
};

void *pp_arena_alloc(pp_arena *a, size_t size)
{
	pp_arena_block *b;

	if (size > (size_t)-1 - sizeof(*b) || a->sealed)
		return NULL;
	b = malloc(sizeof(*b) + size);
	if (!b)
		return NULL;
	b->next = a->head;
	a->head = b;
	memset(b->data, 0, size);
	return b->data;
}

char *pp_arena_strdup(pp_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = pp_arena_alloc(a, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

int pp_arena_seal(pp_arena *a)
{
	a->sealed = 1;
	return 0;
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
	a->sealed = 0;
}
