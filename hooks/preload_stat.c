/* SPDX-License-Identifier: MIT */
/*
 * The stat family, for a server that stats the requested name before it
 * opens it.  Neither in.tftpd nor dnsmasq does (both fstat the fd they
 * opened, which needs no wrapper), but a server run with PHONEPROV_FORCE=1
 * might.  A name that the request just received asks for, and that the
 * store serves, is answered from a memfd holding the very bytes an open
 * would return (size, a regular file, world-readable); a name that policy
 * refuses fails with ENOENT, as its open does; everything else goes
 * straight through.
 *
 * Wrapped: stat, lstat, fstatat and their 64 forms, the names a binary
 * built against glibc 2.33 or later imports.  Not wrapped: the __xstat
 * family of older binaries, and armhf's __stat64_time64 names.
 */
#include "preload.h"

#include <errno.h>
#include <unistd.h>

#if PP_WRAP_STAT

/*
 * A memfd with the answer for path (caller closes), or -1 with *deny set
 * to the errno of a refusal: ENOENT, as for an open, so that a prober
 * learns nothing from a stat that an open would not tell it.
 */
static int answer(const char *path, int *deny)
{
	struct pp_match m;
	int saved = errno;

	pp_busy++;
	pp_state_match(path, O_RDONLY, 1, &m);
	pp_busy--;
	errno = saved;
	*deny = m.verdict == PP_DENY ? m.err : 0;
	return m.verdict == PP_SERVE ? m.memfd : -1;
}

/* Shared by all six: decide, then stat our memfd or call the real one. */
#define STAT_WRAP(realcall, fstatfn, buf)                                                          \
	do {                                                                                       \
		int fd_, deny_ = 0, rc_, e_, saved_;                                               \
		pp_bind();                                                                         \
		if (pp_active && !pp_busy)                                                         \
			fd_ = answer(path, &deny_);                                                \
		else                                                                               \
			fd_ = -1;                                                                  \
		if (deny_) {                                                                       \
			errno = deny_;                                                             \
			return -1;                                                                 \
		}                                                                                  \
		if (fd_ < 0)                                                                       \
			return realcall;                                                           \
		saved_ = errno;                                                                    \
		rc_ = fstatfn(fd_, buf);                                                           \
		e_ = errno;                                                                        \
		close(fd_);                                                                        \
		errno = rc_ == 0 ? saved_ : e_;                                                    \
		return rc_;                                                                        \
	} while (0)

#define REAL_OR_ENOSYS(fn, ...)                                                                    \
	(pp_real.fn != NULL ? pp_real.fn(__VA_ARGS__) : (errno = ENOSYS, -1))

PP_EXPORT int stat(const char *restrict path, struct stat *restrict st)
{
	STAT_WRAP(REAL_OR_ENOSYS(stat, path, st), fstat, st);
}

PP_EXPORT int lstat(const char *restrict path, struct stat *restrict st)
{
	STAT_WRAP(REAL_OR_ENOSYS(lstat, path, st), fstat, st);
}

PP_EXPORT int stat64(const char *restrict path, struct stat64 *restrict st)
{
	STAT_WRAP(REAL_OR_ENOSYS(stat64, path, st), fstat64, st);
}

PP_EXPORT int lstat64(const char *restrict path, struct stat64 *restrict st)
{
	STAT_WRAP(REAL_OR_ENOSYS(lstat64, path, st), fstat64, st);
}

/* With AT_EMPTY_PATH it may be an fstat of dirfd: never a request. */
PP_EXPORT int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags)
{
	if ((flags & AT_EMPTY_PATH) != 0) {
		pp_bind();
		return REAL_OR_ENOSYS(fstatat, dirfd, path, st, flags);
	}
	STAT_WRAP(REAL_OR_ENOSYS(fstatat, dirfd, path, st, flags), fstat, st);
}

PP_EXPORT int fstatat64(int dirfd, const char *restrict path, struct stat64 *restrict st, int flags)
{
	if ((flags & AT_EMPTY_PATH) != 0) {
		pp_bind();
		return REAL_OR_ENOSYS(fstatat64, dirfd, path, st, flags);
	}
	STAT_WRAP(REAL_OR_ENOSYS(fstatat64, dirfd, path, st, flags), fstat64, st);
}

#else
typedef int pp_no_stat_wrappers; /* ISO C wants something in a file */
#endif /* PP_WRAP_STAT */
