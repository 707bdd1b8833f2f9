/* SPDX-License-Identifier: MIT */
/*
 * Private to the LD_PRELOAD shim (libphoneprov-preload.so).
 *
 * preload_bind.c   finds the real libc functions behind our wrappers
 * preload_log.c    the decision log (syslog or the file PHONEPROV_LOG names)
 * preload_state.c  the read request just received (preload_state.h: its state,
 *                  and the files beside it: store, cache, rrq, decision)
 * preload.c        the constructor and the open and fopen wrappers
 * preload_recv.c   the recvmsg and recvfrom wrappers
 * preload_stat.c   the stat family, for servers that stat a name first
 *
 * Every file is compiled without _FILE_OFFSET_BITS and _FORTIFY_SOURCE, so
 * that open and open64 (and friends) are distinct names we can define.
 */
#ifndef PP_PRELOAD_H
#define PP_PRELOAD_H

/* Include this header first in every hooks/preload*.c. */
#undef _FILE_OFFSET_BITS
#undef _TIME_BITS
#undef _FORTIFY_SOURCE

#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ownfd.h"
#include "preload_symbols.h"

/*
 * Since glibc 2.33 stat, lstat and fstatat (and their 64 forms) are real
 * exported functions; before, the headers inlined them into __xstat calls
 * and defining them here would clash.
 */
#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 33)
#define PP_WRAP_STAT 1
#endif
#endif
#ifndef PP_WRAP_STAT
#define PP_WRAP_STAT 0
#endif

/*
 * A 32-bit ABI whose glibc (2.34 and later) also has 64-bit time_t entry
 * points: armhf, i386.  A program built there with _TIME_BITS=64 (Debian 13
 * armhf, so Raspberry Pi OS) calls __recvmsg64 instead of recvmsg.
 */
#if defined(__GLIBC__) && defined(__GLIBC_PREREQ) && defined(__TIMESIZE)
#if __GLIBC_PREREQ(2, 34) && __TIMESIZE == 32
#define PP_WRAP_TIME64 1
#endif
#endif
#ifndef PP_WRAP_TIME64
#define PP_WRAP_TIME64 0
#endif

#define PP_EXPORT __attribute__((visibility("default")))
#define PP_HIDDEN __attribute__((visibility("hidden")))

/* Is a mode argument passed?  As glibc's own __OPEN_NEEDS_MODE. */
#define PP_NEEDS_MODE(flags) (((flags)&O_CREAT) != 0 || ((flags)&O_TMPFILE) == O_TMPFILE)

/* ---- preload_bind.c ------------------------------------------------------ */

/* glibc exports these under FORTIFY; nothing declares them otherwise. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);

#define PP_REAL_FIELD(field, sym, ret, args) ret(*field) args;
struct pp_real {
	PP_WRAPPED(PP_REAL_FIELD)
	PP_WRAPPED_STAT(PP_REAL_FIELD)
	PP_WRAPPED_TIME64(PP_REAL_FIELD)
};
#undef PP_REAL_FIELD

/* Filled once by pp_bind(); a member is NULL when no real function exists. */
PP_HIDDEN extern struct pp_real pp_real;

/*
 * Bind every real function, once per process, thread-safely.  Called at the
 * top of every wrapper, active or not: passing a call through needs it.
 */
PP_HIDDEN void pp_bind(void);

/* The first symbol that could not be bound properly, or NULL. */
PP_HIDDEN const char *pp_bind_problem(void);

/* ---- preload.c ----------------------------------------------------------- */

/*
 * 1 once the constructor decided this process is a server we serve (and
 * loaded the store); 0 before that and in every other process, where each
 * wrapper only passes its call through.
 */
PP_HIDDEN extern int pp_active;

/*
 * Set while the shim does its own work (loading, rendering, logging) on this
 * thread: libconfig's fopen and the library's own reads then go straight to
 * libc instead of back into our wrappers.
 */
PP_HIDDEN extern _Thread_local int pp_busy __attribute__((tls_model("initial-exec")));

/* ---- preload_log.c ------------------------------------------------------- */

/* path made absolute against the cwd (servers chdir later); 0, or -1 if too long. */
PP_HIDDEN int pp_abspath(const char *path, char *out, size_t len);

/*
 * Called by the constructor: PHONEPROV_LOG unset or "syslog", or a file.
 * Until pp_log_settle(), each line opens, writes and closes what it needs.
 */
PP_HIDDEN void pp_log_open(void);

/* The constructor's last step: the shim holds no descriptor into main(). */
PP_HIDDEN void pp_log_settle(void);

/*
 * Open what the log writes to, unless it is open and still ours.  Called
 * for each request before in.tftpd forks, so the chrooted child can log.
 */
PP_HIDDEN void pp_log_prepare(void);

/* One line, no trailing newline; priority as syslog's (LOG_INFO...). */
PP_HIDDEN void pp_log(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * One decision about one request: the client, the requested name
 * (sanitised here), what happened and how many bytes the client will get
 * (-1 when none).  Never pass content or a secret in detail.
 */
PP_HIDDEN void pp_log_decision(const char *ip, const char *name, const char *decision,
                               long long bytes, const char *detail);

/* name made safe for a log line: printable ASCII, anything else \xHH. */
PP_HIDDEN void pp_sanitise(const char *name, char *out, size_t outlen);

/* ---- preload_state.c ----------------------------------------------------- */

/*
 * How much of a datagram the receive wrappers pass on: an opcode, a name of
 * up to 511 bytes and the longest mode fit.
 */
#define PP_RRQ_PEEK 600

/* Load the store in the constructor; logs what happened. */
PP_HIDDEN void pp_state_init(void);

/*
 * A datagram was received: if it is a TFTP read request, remember it and
 * the client (from, fromlen), check the store for edits, and render the
 * answer now, while in.tftpd's parent is still root and outside the chroot.
 */
PP_HIDDEN void pp_state_datagram(int fd, const unsigned char *buf, size_t len,
                                 const struct sockaddr *from, socklen_t fromlen);

enum pp_verdict {
	PP_PASS,  /* not the read of the request just received: not ours */
	PP_SERVE, /* hand back the rendered bytes */
	PP_DENY,  /* policy refuses it: fail with ENOENT, like a missing file */
	PP_FALL,  /* the store does not provide it: the disk answers */
	PP_FAILED /* the store could not render it: fail with m->err */
};

struct pp_match {
	enum pp_verdict verdict;
	char ip[64];
	char name[512];
	int err;          /* errno for PP_FAILED */
	int memfd;        /* PP_SERVE: the sealed memfd, offset 0 (or -1 and err set) */
	char reason[200]; /* PP_DENY: why; PP_SERVE of a phone's file: whose MAC (sanitised) */
	long long bytes;
	int journal;          /* 0: over the rate limit, the journal skips it */
	unsigned long missed; /* this client's events the journal skipped before */
	char mac[16];         /* the journal's mac= ("" when unknown) */
};

/*
 * Decide an open of path with these flags.  For PP_SERVE the memfd is made
 * here (MFD_CLOEXEC when cloexec); a stat asks with cloexec 1 and closes
 * the memfd after its fstat.  A phone's own file that the current request
 * did not render is PP_DENY, whatever name the request used.
 */
PP_HIDDEN void pp_state_match(const char *path, int flags, int cloexec, struct pp_match *m);

/* The decision line for m once the open is done (fd or -1, errno e). */
PP_HIDDEN void pp_state_log(const struct pp_match *m, int fd, int e);

/* ---- preload_fetch.c (the rest in preload_state.h) ------------------------ */

/*
 * Every datagram received, in in.tftpd's parent: the last request's pipe is
 * its child's alone now (in.tftpd forks for any datagram).
 */
PP_HIDDEN void pp_fetch_next(void);

/* In in.tftpd's child: the open of an armed image (m) gave fd; follow its transfer. */
PP_HIDDEN void pp_fetch_opened(const struct pp_match *m, int fd);

/* The send and recv wrappers' part: DATA and OACK sent, ACK received. */
PP_HIDDEN void pp_fetch_sent(int fd, const void *buf, size_t n);
PP_HIDDEN void pp_fetch_received(int fd, const void *buf, size_t n);

#endif
