/* SPDX-License-Identifier: MIT */
/*
 * The audit journal: one append-only file per writer in the store's
 * state_dir (tftpd.journal, dnsmasq.journal, hook.journal), because each
 * writer runs as a different user.  One event per line, written with a
 * single write() on an O_APPEND fd so lines from concurrent writers never
 * interleave; a rotated file is noticed and reopened.
 *
 * Line format (values %XX-escaped, absent fields left out):
 *   2026-11-26T14:00:00Z event=fetch ip=192.0.2.10 mac=001BD4123456
 *     name=SIP001BD4123456.cnf bytes=632 decision=served digest=5f0c3e9a1b2d4c6e
 * A journal never holds file content or a secret: callers pass names only,
 * and digest= is keyed with the writer's own STATE_DIR/WRITER.key (digest.h),
 * so it tells nothing about a password to someone who may read the journal.
 */
#ifndef PP_JOURNAL_H
#define PP_JOURNAL_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "digest.h"
#include "ownfd.h"

/* A journal file grows no further than this (then "journal full"). */
#define PP_JOURNAL_MAX_BYTES (64LL << 20)

typedef struct pp_journal {
	pp_own_fd own; /* fd -1 when closed */
	char path[4096];
	int torn;          /* the last write left half a line that could not be taken back */
	int full;          /* "journal full" was written: nothing more until it is rotated */
	long long max;     /* bytes; PP_JOURNAL_MAX_BYTES unless a test sets less */
	int digests;       /* set by the shim: keep STATE_DIR/WRITER.key loaded (made if missing) */
	pp_digest_key key; /* loaded when the journal is opened; key.set 0 when it could not be */
	/*
	 * 0: every refresh and write looks at the file (fstat, stat of the path).
	 * The shim sets 1000: within that many ms of the last look the fd is
	 * trusted and the size is our own count, so a request costs the journal
	 * one write and nothing else.  A rotation is then noticed within a
	 * second; lines of that second land in the renamed file, not nowhere.
	 */
	int lazy_ms;
	struct timespec looked; /* CLOCK_MONOTONIC_COARSE (vDSO: no system call) */
	long long size;         /* at the last look, plus what we wrote since */
} pp_journal;

typedef struct pp_event {
	time_t t;
	const char *event;  /* fetch | lease | transfer */
	const char *writer; /* filled by pp_journal_read: tftpd, dnsmasq, hook */
	const char *ip, *mac, *name, *decision, *action, *host, *vendor, *detail;
	const char *digest; /* keyed digest of the bytes served (pp_journal_digest) */
	long long bytes;    /* -1 when unknown */
} pp_event;

#define PP_JOURNAL_INIT                                                                            \
	{                                                                                          \
		PP_OWN_FD_NONE, "", 0, 0, PP_JOURNAL_MAX_BYTES, 0, {0, 0, 0}, 0, {0, 0}, 0         \
	}

/* "STATE_DIR/WRITER.journal"; does not open yet.  -1 when the path is too long. */
int pp_journal_init(pp_journal *j, const char *state_dir, const char *writer);
/* Open if closed, reopen if the file was rotated or removed.  0 or -1 (errno). */
int pp_journal_refresh(pp_journal *j);
/*
 * Format and append one event (t 0 = now).  0 or -1 (errno); never blocks on
 * a lock.  Whole lines or nothing: a short write (a full disk) is taken back.
 */
int pp_journal_write(pp_journal *j, const pp_event *e);
void pp_journal_close(pp_journal *j);
/* The keyed digest of data for digest=, or NULL when the writer has no key. */
const char *pp_journal_digest(const pp_journal *j, const void *data, size_t len,
                              char out[PP_DIGEST_LEN + 1]);

/* One line, without the newline; returns its length, or -1 if it does not fit. */
int pp_event_format(const pp_event *e, char *buf, size_t len);
/*
 * Parse one line into e; strings point into buf, which is modified.
 * 0, or -1 when the line is not a journal line.
 */
int pp_event_parse(char *buf, pp_event *e);

/*
 * Reading a journal that someone else may have planted: state_dir is
 * writable by the dnsmasq user, so a "journal" may be a symlink, a FIFO or
 * a file that grows while it is read.  The reader opens without following
 * a symlink and without blocking, takes only a regular file, reads no more
 * than the size it had when opened, and hands out one line at a time from
 * a fixed buffer: memory and time are bounded whatever the file holds.  Of
 * a file bigger than any journal a writer leaves (PP_JOURNAL_MAX_BYTES) it
 * reads only the last PP_JOURNAL_MAX_BYTES, from the first whole line.
 */
#define PP_JOURNAL_LINE 2048 /* the longest line pp_journal_write writes, with its newline */

typedef struct pp_journal_reader {
	int fd;
	off_t left;        /* bytes still to read: at most the size at open */
	size_t start, end; /* unread bytes in buf */
	int skipping;      /* inside an over-long line: drop up to its newline */
	size_t bad;        /* lines skipped: too long, unterminated, not a journal line */
	off_t cut;         /* bytes left unread at the start of a file too big */
	char line[PP_JOURNAL_LINE + 1]; /* the current line; the event's strings point here */
	char buf[8192];
} pp_journal_reader;

/*
 * Open name in the folder dirfd (AT_FDCWD: a path) for reading.  0, or -1
 * with errno: ELOOP for a symlink, EINVAL for anything but a regular file,
 * EACCES when it may not be read.
 */
int pp_journal_open_read(pp_journal_reader *r, int dirfd, const char *name);
/* The next event (1; its strings point into r->line), 0 at the end, -1 on a read error. */
int pp_journal_next(pp_journal_reader *r, pp_event *e);
void pp_journal_close_read(pp_journal_reader *r);

/*
 * state_dir of the store at path, even when the store fails validation
 * (it only has to parse); PP_STATEDIR (defaults.h) when it cannot be read.
 */
void pp_state_dir_of(const char *path, char *out, size_t len);
/*
 * The same, and security.leases too (leases may be NULL), from one parse
 * without validation: for the dhcp-script hook, which must not pay for a
 * full load of a big store on every event.
 */
void pp_store_peek(const char *path, char *state_dir, size_t slen, char *leases, size_t llen);
/*
 * The same; 1 when the store parsed, and then each(file) for every file it
 * read (the store, its @includes, as libconfig named them), else 0.
 */
int pp_store_peek_files(const char *path, char *state_dir, size_t slen, char *leases, size_t llen,
                        void (*each)(const char *file, void *arg), void *arg);

#endif
