/* SPDX-License-Identifier: MIT */
/*
 * Descriptors kept open inside a server (the shim's log and journal).
 *
 * A server may close any number it did not open itself (dnsmasq closes
 * every descriptor its constructors left open) and reuse it at once.  So
 * the shim never trusts a number it keeps: it remembers what the number
 * named (device and inode; sockets and memfds have them too) and checks
 * before each use.  A number that names something else is forgotten,
 * never written to and never closed: it is the server's now.
 */
#include "ownfd.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void pp_own(pp_own_fd *o, int fd)
{
	struct stat st;

	o->fd = -1;
	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return;
	}
	o->fd = fd;
	o->dev = st.st_dev;
	o->ino = st.st_ino;
}

int pp_still_own_stat(pp_own_fd *o, struct stat *st)
{
	if (o->fd < 0)
		return 0;
	if (fstat(o->fd, st) == 0 && st->st_dev == o->dev && st->st_ino == o->ino)
		return 1;
	o->fd = -1;
	return 0;
}

int pp_still_own(pp_own_fd *o)
{
	struct stat st;
	return pp_still_own_stat(o, &st);
}

void pp_release(pp_own_fd *o)
{
	if (pp_still_own(o))
		close(o->fd);
	o->fd = -1;
}

int pp_looked_within(const struct timespec *looked, int ms)
{
	struct timespec now;

	if ((looked->tv_sec == 0 && looked->tv_nsec == 0) ||
	    clock_gettime(CLOCK_MONOTONIC_COARSE, &now) != 0)
		return 0;
	long long d = (long long)(now.tv_sec - looked->tv_sec) * 1000 +
	              (now.tv_nsec - looked->tv_nsec) / 1000000;
	return d >= 0 && d < ms;
}

void pp_look_now(struct timespec *looked)
{
	if (clock_gettime(CLOCK_MONOTONIC_COARSE, looked) != 0)
		looked->tv_sec = looked->tv_nsec = 0;
}

int pp_still_own_lately(pp_own_fd *o, struct timespec *looked, int ms)
{
	if (o->fd >= 0 && pp_looked_within(looked, ms))
		return 1;
	if (!pp_still_own(o)) {
		looked->tv_sec = looked->tv_nsec = 0;
		return 0;
	}
	pp_look_now(looked);
	return 1;
}
