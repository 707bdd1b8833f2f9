/*
 * A bump allocator: a loaded store's strings and arrays live in one arena and
 * are released together, so the model has no per-field ownership rules.
 */
#ifndef PP_ARENA_H
#define PP_ARENA_H

#include <stddef.h>

typedef struct pp_arena_block pp_arena_block;

typedef struct pp_arena {
	pp_arena_block *head;
} pp_arena;

void *pp_arena_alloc(pp_arena *a, size_t size);    /* zeroed; NULL on ENOMEM */
char *pp_arena_strdup(pp_arena *a, const char *s); /* NULL on ENOMEM */
void pp_arena_free(pp_arena *a);

#endif
