#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/*
 * Blocks are shared anonymous mappings, not malloc'd: fork() does not copy
 * the page tables of a shared mapping (the child faults pages in only if it
 * touches them), so a server that forks for every request (in.tftpd) pays
 * nothing for the size of the store it holds.  With the 20 MiB of a
 * 10k-phone store in malloc'd memory, every request's fork and exit had to
 * copy and tear down 5000 page table entries.  Nothing writes to a loaded
 * store, so parent and children never see each other's writes.  Blocks grow
 * from 64 KiB to 2 MiB so that a big store is a few hundred mappings.
 */
struct pp_arena_block {
	pp_arena_block *next;
	size_t used, cap; /* cap: bytes of data[] */
	size_t maplen;    /* bytes mapped, header included */
	max_align_t data[];
};

#define BLOCK_FIRST ((size_t)64 << 10)
#define BLOCK_MAX   ((size_t)2 << 20)

static pp_arena_block *block_new(size_t need, size_t prev)
{
	size_t want = prev ? prev * 2 : BLOCK_FIRST;
	size_t len;
	void *p;

	if (want > BLOCK_MAX)
		want = BLOCK_MAX;
	if (need > SIZE_MAX - sizeof(pp_arena_block) - 4096)
		return NULL;
	len = sizeof(pp_arena_block) + need;
	if (len < want)
		len = want;
	len = (len + 4095) & ~(size_t)4095;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	pp_arena_block *b = p;
	b->maplen = len;
	b->cap = len - sizeof(pp_arena_block);
	b->used = 0;
	return b;
}

void *pp_arena_alloc(pp_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size_t need = (size + align - 1) / align * align;
	pp_arena_block *b = a->head;

	if (need < size)
		return NULL;
	if (!b || b->cap - b->used < need) {
		b = block_new(need, b ? b->maplen : 0);
		if (!b)
			return NULL;
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
		munmap(b, b->maplen);
		b = next;
	}
	a->head = NULL;
}
