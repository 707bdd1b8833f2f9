/* SPDX-License-Identifier: MIT */
/*
 * Every libc function the shim wraps, once: the struct of real functions
 * (preload.h), their binding (preload_bind.c) and the version script that
 * exports them (preload.map.in, through the C preprocessor) all come from
 * these lists.  X(field, symbol, return type, parameters).
 */
#ifndef PP_PRELOAD_SYMBOLS_H
#define PP_PRELOAD_SYMBOLS_H

#define PP_WRAPPED(X)                                                                              \
	X(open, open, int, (const char *, int, ...))                                               \
	X(open64, open64, int, (const char *, int, ...))                                           \
	X(openat, openat, int, (int, const char *, int, ...))                                      \
	X(openat64, openat64, int, (int, const char *, int, ...))                                  \
	X(open_2, __open_2, int, (const char *, int))                                              \
	X(open64_2, __open64_2, int, (const char *, int))                                          \
	X(fopen, fopen, FILE *, (const char *, const char *))                                      \
	X(fopen64, fopen64, FILE *, (const char *, const char *))                                  \
	X(recvmsg, recvmsg, ssize_t, (int, struct msghdr *, int))                                  \
	X(recvfrom, recvfrom, ssize_t, (int, void *, size_t, int, struct sockaddr *, socklen_t *)) \
	X(recv, recv, ssize_t, (int, void *, size_t, int))                                         \
	X(send, send, ssize_t, (int, const void *, size_t, int))

/* Since glibc 2.33 (PP_WRAP_STAT): before, the headers inlined them into __xstat. */
#define PP_WRAPPED_STAT(X)                                                                         \
	X(stat, stat, int, (const char *, struct stat *))                                          \
	X(lstat, lstat, int, (const char *, struct stat *))                                        \
	X(fstatat, fstatat, int, (int, const char *, struct stat *, int))                          \
	X(stat64, stat64, int, (const char *, struct stat64 *))                                    \
	X(lstat64, lstat64, int, (const char *, struct stat64 *))                                  \
	X(fstatat64, fstatat64, int, (int, const char *, struct stat64 *, int))

/* 32-bit ABIs with 64-bit time_t entry points (PP_WRAP_TIME64): armhf, i386. */
#define PP_WRAPPED_TIME64(X) X(recvmsg64, __recvmsg64, ssize_t, (int, struct msghdr *, int))

#endif
