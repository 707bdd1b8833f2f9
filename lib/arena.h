/* SPDX-License-Identifier: MIT */
/*
 * A bump allocator: a loaded store's strings and arrays live in one arena and
 * are released together, so the model has no per-field ownership rules.
 * Once the store is loaded, pp_arena_seal makes the arena read-only for good,
 * in this process and in every process forked from it (see arena.c).
 */
#ifndef PP_ARENA_H
#define PP_ARENA_H

#include <stddef.h>

typedef struct pp_arena_block pp_arena_block;

/* All zero is an empty arena. */
typedef struct pp_arena {
	pp_arena_block *head;
	size_t size;   /* bytes of the memfd */
	int memfd;     /* the blocks' file, until sealed */
	int has_memfd; /* memfd is open */
	int sealed;    /* read-only: pp_arena_alloc fails */
} pp_arena;

void *pp_arena_alloc(pp_arena *a, size_t size);    /* zeroed; NULL on ENOMEM or once sealed */
char *pp_arena_strdup(pp_arena *a, const char *s); /* NULL on ENOMEM or once sealed */
/* Read-only from now on; closes the memfd.  -1 and errno when it could not seal. */
int pp_arena_seal(pp_arena *a);
void pp_arena_free(pp_arena *a);

#endif
