/* SPDX-License-Identifier: MIT */
/*
 * A descriptor we opened and keep, with what it named (device and inode),
 * so that a number the server closed and reused is never written to or
 * closed by us.  See ownfd.c.
 */
#ifndef PP_OWNFD_H
#define PP_OWNFD_H

#include <sys/types.h>

typedef struct pp_own_fd {
	int fd; /* -1: none */
	dev_t dev;
	ino_t ino;
} pp_own_fd;

#define PP_OWN_FD_NONE                                                                             \
	{                                                                                          \
		-1, 0, 0                                                                           \
	}

/* Take fd (ours, just opened) and remember what it names; closes it on failure. */
void pp_own(pp_own_fd *o, int fd);

/* Does o->fd still name what we opened?  If not, it is forgotten, not closed. */
int pp_still_own(pp_own_fd *o);

/* The same, with what fstat said (the file's size...) when it is. */
struct stat;
int pp_still_own_stat(pp_own_fd *o, struct stat *st);

/*
 * A look that said yes may be trusted for a while: the numbers a server
 * closes under us it closes at start-up (dnsmasq's sweep), before the shim
 * opens what it keeps, so checking once a second instead of before every
 * line costs nothing in safety and saves a system call per request.  The
 * clock is CLOCK_MONOTONIC_COARSE, read through the vDSO without a call.
 */
struct timespec;
/* Was *looked (not zero) set less than ms ago? */
int pp_looked_within(const struct timespec *looked, int ms);
/* Set *looked to now. */
void pp_look_now(struct timespec *looked);
/* pp_still_own, asked at most once per ms while it says yes. */
int pp_still_own_lately(pp_own_fd *o, struct timespec *looked, int ms);

/* Close o->fd if it is still ours; forget it either way. */
void pp_release(pp_own_fd *o);

#endif
