/* SPDX-License-Identifier: MIT */
/*
 * phoneprov enable|disable, in three files: cmd_enable.c (the command, its
 * options, the store and the folders it names, the order of the steps),
 * enable_files.c (the files it writes: a systemd drop-in, a block in
 * /etc/default/SERVICE, dnsmasq's snippet, and telling them apart from
 * anything else) and enable_access.c (the ACL entries for dnsmasq's user).
 */
#ifndef PP_ENABLE_H
#define PP_ENABLE_H

#include <limits.h>
#include <stddef.h>

#include "cli.h"

typedef struct server {
	const char *name;  /* the service, and the argument */
	const char *note;  /* the drop-in's comment, after its first line */
	const char *owner; /* the user dnsmasq re-reads the store as, or NULL */
} server;

enum init { INIT_AUTO, INIT_SYSTEMD, INIT_SYSV };

typedef struct opts {
	cli *c;
	int enable;
	const server *srv;
	const char *root; /* "" for / */
	enum init init;
	const char *shim;
	const char *user;
	char hook[PATH_MAX]; /* phoneprov-dhcp-script, beside the shim */
	int apply;           /* 0: only check that every step may go ahead */
	int changed;
	int left;                          /* disable: something was left alone */
	int systemd_changed, sysv_changed; /* which init's files changed */
} opts;

typedef struct store_info {
	char path[PATH_MAX];      /* absolute */
	char state_dir[PATH_MAX]; /* the journal's folder */
	char tftp_root[PATH_MAX]; /* tftp.root */
	char (*sources)[PATH_MAX];
	size_t nsources;
} store_info;

/* "enable: WHAT PATH: strerror(errno)" on stderr, with a hint for EACCES; -1. */
int enable_fail(const opts *o, const char *what, const char *path);

/*
 * A file that is not what enable writes: enable refuses and says why
 * (nothing has changed yet), -1; disable leaves it, says so, and goes on, 0.
 */
int enable_leave(opts *o, const char *path, const char *why, const char *what_to_do);

/* Each step: 0 done (or, with o->apply 0, it may go ahead), -1 it may not or failed. */
int enable_systemd(opts *o, const store_info *si);
int enable_sysv(opts *o, const store_info *si);
int enable_snippet(opts *o, const store_info *si);
int enable_access(opts *o, const store_info *si);

#endif
