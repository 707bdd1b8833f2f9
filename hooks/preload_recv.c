/* SPDX-License-Identifier: MIT */
/*
 * The receive wrappers: each datagram a server reads is shown to
 * preload_state.c, which keeps the TFTP read requests.  recv and send are
 * in.tftpd's child's, for its one transfer: how far an image fetch got
 * (preload_fetch.c).
 *
 * Compiled without _GNU_SOURCE: under it glibc declares recvfrom's address
 * argument as a transparent union, which a plain definition would not match.
 */
#undef _GNU_SOURCE
#define _DEFAULT_SOURCE
#define _LARGEFILE64_SOURCE

#include "preload.h"

#include <errno.h>
#include <string.h>

/* recvmsg, or __recvmsg64: the same but for the control messages' timestamps. */
static ssize_t wrap_recvmsg(ssize_t (*real)(int, struct msghdr *, int), int fd, struct msghdr *msg,
                            int flags)
{
	unsigned char buf[PP_RRQ_PEEK];
	size_t have = 0, i;
	ssize_t n;
	int saved;

	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	n = real(fd, msg, flags);
	if (n >= 0 && pp_active && !pp_busy)
		pp_fetch_next();
	if (n < 4 || !pp_active || pp_busy || msg == NULL || (flags & MSG_PEEK) != 0)
		return n;
	saved = errno;
	for (i = 0; i < (size_t)msg->msg_iovlen && have < (size_t)n && have < sizeof buf; i++) {
		size_t take = msg->msg_iov[i].iov_len;

		if (take > (size_t)n - have)
			take = (size_t)n - have;
		if (take > sizeof buf - have)
			take = sizeof buf - have;
		memcpy(buf + have, msg->msg_iov[i].iov_base, take);
		have += take;
	}
	pp_busy++;
	pp_state_datagram(fd, buf, have, (const struct sockaddr *)msg->msg_name,
	                  msg->msg_name != NULL ? msg->msg_namelen : 0);
	pp_busy--;
	errno = saved;
	return n;
}

PP_EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	pp_bind();
	return wrap_recvmsg(pp_real.recvmsg, fd, msg, flags);
}

#if PP_WRAP_TIME64
/* What a program built with _TIME_BITS=64 calls for recvmsg (armhf, Debian 13). */
ssize_t __recvmsg64(int fd, struct msghdr *msg, int flags);

PP_EXPORT ssize_t __recvmsg64(int fd, struct msghdr *msg, int flags)
{
	pp_bind();
	return wrap_recvmsg(pp_real.recvmsg64, fd, msg, flags);
}
#endif

PP_EXPORT ssize_t recvfrom(int fd, void *restrict buf, size_t len, int flags,
                           struct sockaddr *restrict from, socklen_t *restrict fromlen)
{
	size_t have;
	ssize_t n;
	int saved;

	pp_bind();
	if (pp_real.recvfrom == NULL) {
		errno = ENOSYS;
		return -1;
	}
	n = pp_real.recvfrom(fd, buf, len, flags, from, fromlen);
	if (n >= 0 && pp_active && !pp_busy)
		pp_fetch_next();
	if (n < 4 || !pp_active || pp_busy || buf == NULL || (flags & MSG_PEEK) != 0)
		return n;
	saved = errno;
	have = (size_t)n < len ? (size_t)n : len;
	pp_fetch_received(fd, buf, have); /* should a tftpd read its ACKs so */
	pp_busy++;
	pp_state_datagram(fd, buf, have < PP_RRQ_PEEK ? have : PP_RRQ_PEEK, from,
	                  from != NULL && fromlen != NULL ? *fromlen : 0);
	pp_busy--;
	errno = saved;
	return n;
}

/* No real function behind a wrapper: fail as a libc without it would. */
static ssize_t nosys(void)
{
	errno = ENOSYS;
	return -1;
}

PP_EXPORT ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	ssize_t n;

	pp_bind();
	n = pp_real.recv != NULL ? pp_real.recv(fd, buf, len, flags) : nosys();
	/* MSG_TRUNC: n may be more than the buffer holds. */
	if (n >= 4 && pp_active && !pp_busy && buf != NULL && (flags & MSG_PEEK) == 0)
		pp_fetch_received(fd, buf, (size_t)n < len ? (size_t)n : len);
	return n;
}

PP_EXPORT ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	ssize_t n;
	int saved;

	pp_bind();
	n = pp_real.send != NULL ? pp_real.send(fd, buf, len, flags) : nosys();
	if (n >= 4 && pp_active && !pp_busy && buf != NULL) {
		saved = errno;
		pp_fetch_sent(fd, buf, (size_t)n);
		errno = saved;
	}
	return n;
}
