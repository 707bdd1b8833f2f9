/* SPDX-License-Identifier: MIT */
/*
 * Reading a request: what a datagram asks for, and who sent it.  Pure
 * functions of their arguments (and, for a connected socket, of the
 * socket), so tests/unit/test_rrq.c feeds them hostile input directly.
 */
#include "preload_state.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int pp_rrq_parse(const unsigned char *buf, size_t len, const char **name)
{
	const unsigned char *end, *n, *m, *mend;
	size_t ml;

	if (buf == NULL || len < 4 || buf[0] != 0 || buf[1] != 1)
		return 0;
	end = buf + len;
	n = buf + 2;
	m = memchr(n, '\0', (size_t)(end - n));
	if (m == NULL)
		return len >= PP_RRQ_PEEK ? -1 : 0; /* cut short: the name fills it */
	if (m == n)
		return 0;
	if ((size_t)(m - n) > PP_NAME_MAX_LEN)
		return -1;
	m++;
	mend = memchr(m, '\0', (size_t)(end - m));
	if (mend == NULL)
		return 0;
	ml = (size_t)(mend - m);
	/* The mode decides it: a DNS query with ID 1 also starts 00 01. */
	if (!((ml == 5 && strncasecmp((const char *)m, "octet", 5) == 0) ||
	      (ml == 8 && strncasecmp((const char *)m, "netascii", 8) == 0) ||
	      (ml == 4 && strncasecmp((const char *)m, "mail", 4) == 0)))
		return 0;
	*name = (const char *)n;
	return 1;
}

void pp_rrq_client(int fd, const struct sockaddr *from, socklen_t fromlen, char *out, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;

	out[0] = '\0';
	if (from == NULL || fromlen == 0) {
		/* A connected socket: ask it. */
		if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0)
			return;
		from = (const struct sockaddr *)&ss;
		fromlen = sl;
	}
	if (from->sa_family == AF_INET && fromlen >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)from;

		inet_ntop(AF_INET, &s4->sin_addr, out, (socklen_t)n);
	} else if (from->sa_family == AF_INET6 &&
	           fromlen >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)from;

		/* A [::] socket sees IPv4 clients as ::ffff:a.b.c.d. */
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
			inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], out, (socklen_t)n);
		else if (inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)n) != NULL &&
		         (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr) ||
		          IN6_IS_ADDR_MC_LINKLOCAL(&s6->sin6_addr)) &&
		         s6->sin6_scope_id != 0) {
			/* The link it came from, as a zone: fe80::... is a host per link. */
			size_t l = strlen(out);

			snprintf(out + l, n - l, "%%%u", (unsigned)s6->sin6_scope_id);
		}
	}
}

const char *pp_rrq_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

int pp_rrq_has_dotdot(const char *name)
{
	const char *p = name;

	while (*p != '\0') {
		const char *e = strchr(p, '/');
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

void pp_rrq_words(const char *in, char *out, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return;
	for (; in[i] != '\0' && i + 1 < n; i++)
		out[i] =
		    in[i] >= 0x20 && in[i] < 0x7f && in[i] != '"' && in[i] != '\\' ? in[i] : '?';
	out[i] = '\0';
}
