/* SPDX-License-Identifier: MIT */
/*
 * libphoneprov-preload.so: makes a stock in.tftpd (or dnsmasq) serve the
 * store's files as if they were on disk.
 *
 *   LD_PRELOAD=/path/to/libphoneprov-preload.so in.tftpd -L -s /srv/tftp
 *   phoneprov exec -- in.tftpd -L -s /srv/tftp            (the same)
 *
 * The constructor decides once whether this process is a server we serve:
 * in.tftpd or dnsmasq (by the executable, or the name it was started by),
 * or anything when PHONEPROV_FORCE=1.  Anywhere else (the init script's
 * shell, start-stop-daemon) every wrapper only passes its call on, and the
 * shim loads nothing, logs nothing and leaves LD_PRELOAD as it is.  In the
 * server itself the shim takes itself out of LD_PRELOAD, so that programs
 * the server runs do not carry it.
 *
 * In a server, the receive wrappers notice each TFTP read request (and
 * render its answer, see preload_state.c); an open that reads the file that
 * request named gets the rendered bytes as a sealed memfd at offset 0.
 * Every other call goes straight through with errno untouched.
 */
#include "preload.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

int pp_active;
_Thread_local int pp_busy __attribute__((tls_model("initial-exec")));

/* ---- activation ------------------------------------------------------- */

static int is_server(const char *name)
{
	return strcmp(name, "in.tftpd") == 0 || strcmp(name, "dnsmasq") == 0;
}

/* 0: leave this process alone; 1: a server we know; 2: PHONEPROV_FORCE=1. */
static int wanted(void)
{
	const char *force = getenv("PHONEPROV_FORCE");
	char exe[4096];
	const char *base;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		base = strrchr(exe, '/');
		if (is_server(base != NULL ? base + 1 : exe))
			return 1;
	}
	if (is_server(program_invocation_short_name))
		return 1;
	return force != NULL && strcmp(force, "1") == 0 ? 2 : 0;
}

/* Is token (an LD_PRELOAD entry) this very library? */
static int is_self(const char *token, const struct stat *self)
{
	const char *base = strrchr(token, '/');
	struct stat st;

	if (strcmp(base != NULL ? base + 1 : token, "libphoneprov-preload.so") == 0)
		return 1;
	return stat(token, &st) == 0 && st.st_dev == self->st_dev && st.st_ino == self->st_ino;
}

/*
 * In the server itself, take the shim out of LD_PRELOAD: what the server
 * execs (dnsmasq's --dhcp-script and whatever that runs) should not carry
 * it.  /proc/PID/environ still shows what the server was started with.
 */
static void leave_preload(void)
{
	const char *v = getenv("LD_PRELOAD");
	struct stat self;
	Dl_info info;
	char *copy, *out, *tok, *save = NULL;
	size_t n = 0;

	if (v == NULL || dladdr((void *)&pp_active, &info) == 0 || info.dli_fname == NULL ||
	    stat(info.dli_fname, &self) != 0)
		return;
	copy = strdup(v);
	out = calloc(1, strlen(v) + 1);
	if (copy == NULL || out == NULL)
		goto done;
	/* ld.so separates entries with spaces or colons. */
	for (tok = strtok_r(copy, ": \t", &save); tok != NULL;
	     tok = strtok_r(NULL, ": \t", &save)) {
		if (is_self(tok, &self))
			continue;
		if (n > 0)
			out[n++] = ':';
		memcpy(out + n, tok, strlen(tok));
		n += strlen(tok);
	}
	if (n == 0)
		unsetenv("LD_PRELOAD");
	else if (strcmp(out, v) != 0)
		setenv("LD_PRELOAD", out, 1);
done:
	free(copy);
	free(out);
}

/*
 * Runs after every other library's constructor, as the user who started the
 * server (root), before it chroots or drops privileges: the one moment the
 * store and the log file can surely be opened.
 */
__attribute__((constructor)) static void pp_init(void)
{
	int saved = errno;
	int why = wanted();

	if (why == 0)
		return;
	pp_bind();
	pp_busy++;
	/* Under PHONEPROV_FORCE it stays: another server may re-exec itself. */
	if (why == 1)
		leave_preload();
	pp_log_open();
	if (pp_bind_problem() != NULL)
		pp_log(LOG_WARNING, "%s: no usable next definition after the shim; using libc's",
		       pp_bind_problem());
	pp_state_init();
	pp_log_settle();
	pp_active = 1;
	pp_busy--;
	errno = saved;
}

/* ---- the open family --------------------------------------------------- */

enum opener { W_OPEN, W_OPEN64, W_OPENAT, W_OPENAT64, W_OPEN_2, W_OPEN64_2 };

static int call_real(enum opener w, int dirfd, const char *path, int flags, mode_t mode)
{
	switch (w) {
	case W_OPEN:
		if (pp_real.open != NULL)
			return pp_real.open(path, flags, mode);
		break;
	case W_OPEN64:
		if (pp_real.open64 != NULL)
			return pp_real.open64(path, flags, mode);
		break;
	case W_OPENAT:
		if (pp_real.openat != NULL)
			return pp_real.openat(dirfd, path, flags, mode);
		break;
	case W_OPENAT64:
		if (pp_real.openat64 != NULL)
			return pp_real.openat64(dirfd, path, flags, mode);
		break;
	case W_OPEN_2:
		if (pp_real.open_2 != NULL)
			return pp_real.open_2(path, flags);
		break;
	case W_OPEN64_2:
		if (pp_real.open64_2 != NULL)
			return pp_real.open64_2(path, flags);
		break;
	}
	errno = ENOSYS;
	return -1;
}

/* The decision goes to the log with the shim busy (its own opens pass
   through), and the caller sees the errno of the open it asked for. */
static void log_decision(const struct pp_match *m, int fd, int e)
{
	pp_busy++;
	pp_state_log(m, fd, e);
	pp_busy--;
	errno = e;
}

static int wrap_open(enum opener w, int dirfd, const char *path, int flags, mode_t mode)
{
	struct pp_match m;
	int saved, fd, e;

	pp_bind();
	if (!pp_active || pp_busy)
		return call_real(w, dirfd, path, flags, mode);
	saved = errno;
	pp_busy++;
	pp_state_match(path, flags, (flags & O_CLOEXEC) != 0, &m);
	pp_busy--;
	errno = saved;
	switch (m.verdict) {
	case PP_PASS:
		return call_real(w, dirfd, path, flags, mode);
	case PP_FALL:
		fd = call_real(w, dirfd, path, flags, mode);
		e = errno;
		pp_busy++;
		pp_fetch_opened(&m, fd);
		pp_busy--;
		break;
	case PP_SERVE:
		fd = m.memfd;
		e = fd >= 0 ? saved : m.err;
		break;
	default:
		fd = -1;
		e = m.err;
		break;
	}
	log_decision(&m, fd, e);
	return fd;
}

#define MODE_ARG(flags, mode)                                                                      \
	do {                                                                                       \
		if (PP_NEEDS_MODE(flags)) {                                                        \
			va_list ap_;                                                               \
			va_start(ap_, flags);                                                      \
			mode = va_arg(ap_, mode_t);                                                \
			va_end(ap_);                                                               \
		}                                                                                  \
	} while (0)

PP_EXPORT int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return wrap_open(W_OPEN, AT_FDCWD, path, flags, mode);
}

PP_EXPORT int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return wrap_open(W_OPEN64, AT_FDCWD, path, flags, mode);
}

PP_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return wrap_open(W_OPENAT, dirfd, path, flags, mode);
}

PP_EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	return wrap_open(W_OPENAT64, dirfd, path, flags, mode);
}

/* What FORTIFY_SOURCE builds call for open(path, flags) with variable flags. */
PP_EXPORT int __open_2(const char *path, int flags)
{
	return wrap_open(W_OPEN_2, AT_FDCWD, path, flags, 0);
}

PP_EXPORT int __open64_2(const char *path, int flags)
{
	return wrap_open(W_OPEN64_2, AT_FDCWD, path, flags, 0);
}

/* ---- fopen ------------------------------------------------------------- */

/* Is "r", "rb", "re"... (nothing with '+') before any ",ccs=" part. */
static int read_only(const char *mode, int *cloexec)
{
	size_t n = strcspn(mode, ",");

	*cloexec = memchr(mode, 'e', n) != NULL;
	return mode[0] == 'r' && memchr(mode, '+', n) == NULL;
}

static FILE *wrap_fopen(int large, const char *path, const char *mode)
{
	FILE *(*real)(const char *, const char *);
	struct pp_match m;
	FILE *f = NULL;
	int saved, cloexec, fd = -1, e;

	pp_bind();
	real = large ? pp_real.fopen64 : pp_real.fopen;
	if (real == NULL) {
		errno = ENOSYS;
		return NULL;
	}
	if (!pp_active || pp_busy || path == NULL || mode == NULL || !read_only(mode, &cloexec))
		return real(path, mode);
	saved = errno;
	pp_busy++;
	pp_state_match(path, O_RDONLY | (cloexec ? O_CLOEXEC : 0), cloexec, &m);
	pp_busy--;
	errno = saved;
	switch (m.verdict) {
	case PP_PASS:
		return real(path, mode);
	case PP_FALL:
		f = real(path, mode);
		e = errno;
		fd = f != NULL ? fileno(f) : -1;
		break;
	case PP_SERVE:
		e = m.err;
		if (m.memfd >= 0) {
			f = fdopen(m.memfd, "r");
			if (f != NULL) {
				fd = m.memfd;
				e = saved;
			} else {
				e = errno;
				close(m.memfd);
			}
		}
		break;
	default:
		e = m.err;
		break;
	}
	log_decision(&m, fd, e);
	return f;
}

PP_EXPORT FILE *fopen(const char *restrict path, const char *restrict mode)
{
	return wrap_fopen(0, path, mode);
}

PP_EXPORT FILE *fopen64(const char *restrict path, const char *restrict mode)
{
	return wrap_fopen(1, path, mode);
}
