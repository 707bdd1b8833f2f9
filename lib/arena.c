/* SPDX-License-Identifier: MIT */
#include "arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U /* Linux 6.3; not in Debian 12's headers */
#endif
#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010 /* Linux 5.1; glibc 2.36 has it, older ones may not */
#endif

/*
 * Blocks are shared mappings, not malloc'd: fork() does not copy the page
 * tables of a shared mapping (the child faults pages in only if it touches
 * them), so a server that forks for every request (in.tftpd) pays nothing
 * for the size of the store it holds.  With the 20 MiB of a 10k-phone store
 * in malloc'd memory, every request's fork and exit had to copy and tear
 * down 5000 page table entries.  Blocks grow from 64 KiB to 2 MiB so that a
 * big store is a few hundred mappings.
 *
 * Shared with in.tftpd's children, which run as the tftp user and parse
 * what any client sends, the store must be read-only to them: a child that
 * could write it would rewrite its root parent's store (turn MAC binding
 * off) for every later request.  So every block is a piece of one memfd,
 * written through a writable mapping while the store loads; pp_arena_seal
 * then seals the memfd (no write, no writable mapping, no resize, no more
 * seals), maps each block again read-only at the same address, and closes
 * the memfd.  A mapping made after the seal can never be made writable
 * (mprotect fails with EACCES), and the file itself refuses write(),
 * ftruncate() and hole punching, whoever reopens it.
 */
struct pp_arena_block {
	pp_arena_block *next;
	size_t used, cap; /* cap: bytes of data[] */
	size_t maplen;    /* bytes mapped, header included */
	off_t off;        /* where in the memfd */
	max_align_t data[];
};

#define BLOCK_FIRST ((size_t)64 << 10)
#define BLOCK_MAX   ((size_t)2 << 20)

/* The largest memfd offset an off_t holds (32 bits without _FILE_OFFSET_BITS=64). */
static const uint64_t off_max = sizeof(off_t) >= 8 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;

static int memfd_open(void)
{
	unsigned flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
	int fd;

	/* Where vm.memfd_noexec asks for it; older kernels reject the flag. */
	fd = memfd_create("phoneprov-store", flags | MFD_NOEXEC_SEAL);
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("phoneprov-store", flags);
	return fd;
}

static pp_arena_block *block_new(pp_arena *a, size_t need, size_t prev)
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
	if (len > off_max - a->size)
		return NULL;
	if (!a->has_memfd) {
		if ((a->memfd = memfd_open()) < 0)
			return NULL;
		a->has_memfd = 1;
	}
	/* A mapping that failed leaves the file longer: the next block overwrites that. */
	if (ftruncate(a->memfd, (off_t)(a->size + len)) != 0)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, a->memfd, (off_t)a->size);
	if (p == MAP_FAILED)
		return NULL;
	pp_arena_block *b = p;
	b->maplen = len;
	b->cap = len - sizeof(pp_arena_block);
	b->used = 0;
	b->off = (off_t)a->size;
	a->size += len;
	return b;
}

void *pp_arena_alloc(pp_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size_t need = (size + align - 1) / align * align;
	pp_arena_block *b = a->head;

	if (need < size)
		return NULL;
	if (a->sealed) {
		errno = EPERM;
		return NULL;
	}
	if (!b || b->cap - b->used < need) {
		b = block_new(a, need, b ? b->maplen : 0);
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

int pp_arena_seal(pp_arena *a)
{
	const int seals = F_SEAL_FUTURE_WRITE | F_SEAL_GROW | F_SEAL_SHRINK;
	int e;

	if (a->sealed)
		return 0;
	if (!a->has_memfd) { /* nothing allocated */
		a->sealed = 1;
		return 0;
	}
	/*
	 * F_SEAL_FUTURE_WRITE may be set while the loader's writable mappings
	 * exist (F_SEAL_WRITE may not); the read-only mappings made after it
	 * replace them in place (MAP_FIXED), so every pointer into the store
	 * stays valid, and never become writable again.
	 */
	if (fcntl(a->memfd, F_ADD_SEALS, seals) != 0)
		goto fail;
	for (pp_arena_block *b = a->head; b;) {
		pp_arena_block *next = b->next;
		size_t len = b->maplen;
		void *p = mmap(b, len, PROT_READ, MAP_SHARED | MAP_FIXED, a->memfd, b->off);

		if (p == MAP_FAILED)
			goto fail;
		b = next;
	}
	/*
	 * With no writable mapping left, F_SEAL_WRITE too: Linux 6.7 and later
	 * take it beside read-only shared mappings, older ones refuse (EBUSY),
	 * where F_SEAL_FUTURE_WRITE already refuses the same.
	 */
	if (fcntl(a->memfd, F_ADD_SEALS, F_SEAL_WRITE) != 0 && errno != EBUSY)
		goto fail;
	if (fcntl(a->memfd, F_ADD_SEALS, F_SEAL_SEAL) != 0)
		goto fail;
	close(a->memfd);
	a->has_memfd = 0;
	a->sealed = 1;
	return 0;
fail:
	e = errno;
	close(a->memfd);
	a->has_memfd = 0;
	a->sealed = 1; /* whatever is mapped, nothing more goes in */
	errno = e;
	return -1;
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
	if (a->has_memfd)
		close(a->memfd);
	a->has_memfd = 0;
	a->size = 0;
	a->sealed = 0;
}
