/* SPDX-License-Identifier: MIT */
/*
 * Rendered files of the current store, kept until the store changes (the
 * last PP_CACHE_SLOTS of them): a phone asks for the same files again and
 * again, and in a mass reboot every phone asks for the same shared ones.
 * The policy is still asked for every request.  In dnsmasq, which reads
 * each block with lseek+read and shares one fd between transfers of the
 * same static file, a cached file is also one sealed memfd, handed out as a
 * dup: a memfd made and torn down per request cost more than the rest of
 * the request.
 */
#include "preload_state.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U /* Linux 6.3; not in Debian 12's headers */
#endif

static void drop(struct pp_cached *c)
{
	pp_release(&c->memfd);
	pp_free(c->data);
	memset(c, 0, sizeof *c);
	c->kind = PP_KIND_NONE;
	c->memfd.fd = -1;
}

void pp_cache_clear(void)
{
	for (size_t i = 0; i < PP_CACHE_SLOTS; i++)
		if (pp_shim.cache[i].kind != PP_KIND_NONE)
			drop(&pp_shim.cache[i]);
}

int pp_cache_find(const pp_name *pn)
{
	struct pp_cached *c = pp_shim.cache;

	for (int i = 0; i < PP_CACHE_SLOTS; i++)
		if (c[i].kind == pn->kind && strcmp(c[i].mac, pn->mac) == 0) {
			c[i].used = ++pp_shim.cache_clock;
			return i;
		}
	return -1;
}

void pp_cache_forget(const pp_name *pn)
{
	int i = pp_cache_find(pn);

	if (i >= 0)
		drop(&pp_shim.cache[i]);
}

int pp_cache_put(const pp_name *pn, char *data, size_t len)
{
	struct pp_cached *c = pp_shim.cache;
	int v = 0;

	for (int i = 0; i < PP_CACHE_SLOTS; i++) {
		if (c[i].kind == PP_KIND_NONE) {
			v = i;
			break;
		}
		if (c[i].used < c[v].used)
			v = i;
	}
	if (c[v].kind != PP_KIND_NONE)
		drop(&c[v]);
	c[v].kind = pn->kind;
	memcpy(c[v].mac, pn->mac, sizeof c[v].mac);
	c[v].data = data;
	c[v].len = len;
	c[v].memfd.fd = -1;
	c[v].used = ++pp_shim.cache_clock;
	return v;
}

static int make_memfd(const char *data, size_t len, int cloexec)
{
	unsigned flags = MFD_ALLOW_SEALING | (cloexec ? MFD_CLOEXEC : 0U);
	int fd, e;

	/* Where vm.memfd_noexec asks for it; older kernels reject the flag. */
	fd = memfd_create("phoneprov", flags | MFD_NOEXEC_SEAL);
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("phoneprov", flags);
	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		data += w;
		len -= (size_t)w;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0)
		goto fail;
	/* in.tftpd reads from the current offset. */
	if (lseek(fd, 0, SEEK_SET) != 0)
		goto fail;
	return fd;
fail:
	e = errno != 0 ? errno : EIO;
	close(fd);
	errno = e;
	return -1;
}

int pp_cache_fd(int slot, int cloexec)
{
	struct pp_cached *c = &pp_shim.cache[slot];

	if (!pp_shim.share_memfd)
		return make_memfd(c->data, c->len, cloexec);
	/* dnsmasq closes the dup it was given; the original must still be ours. */
	if (!pp_still_own_lately(&c->memfd, &c->looked, 1000)) {
		pp_own(&c->memfd, make_memfd(c->data, c->len, 1));
		pp_look_now(&c->looked);
	}
	if (c->memfd.fd < 0)
		return -1;
	return fcntl(c->memfd.fd, cloexec ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
}
