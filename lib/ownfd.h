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

/* Close o->fd if it is still ours; forget it either way. */
void pp_release(pp_own_fd *o);

#endif
