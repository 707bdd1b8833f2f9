/* SPDX-License-Identifier: MIT */
/* The NOTIFY transactions: paced starts, RFC 3261 timers, answers matched by branch. */
#include "notify.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DRAIN_MAX 256 /* datagrams read per wake-up: a flood cannot starve the timers */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct sock {
	int fd;
	unsigned port;
	int err; /* errno when it could not be opened */
} sock;

static int to_addr(const char *ip, unsigned port, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, ip, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, ip, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		*len = sizeof(*s6);
		return AF_INET6;
	}
	return -1;
}

static void addr_text(const struct sockaddr_storage *ss, char *out, size_t len)
{
	out[0] = '\0';
	if (ss->ss_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, out,
		          (socklen_t)len);
	} else if (ss->ss_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a))
			inet_ntop(AF_INET, &a->s6_addr[12], out, (socklen_t)len);
		else
			inet_ntop(AF_INET6, a, out, (socklen_t)len);
	}
}

/* One socket per family, bound to an ephemeral port on every address. */
static int sock_open(sock *s, int family)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (s->fd >= 0 || s->err)
		return s->fd;
	s->fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		s->err = errno;
		return -1;
	}
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)family;
	if (family == AF_INET6) {
		int one = 1;
		setsockopt(s->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	}
	if (bind(s->fd, (struct sockaddr *)&ss,
	         family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)) !=
	        0 ||
	    getsockname(s->fd, (struct sockaddr *)&ss, &len) != 0) {
		s->err = errno;
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	s->port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
	                                  : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return s->fd;
}

/* The address the kernel sends to `to` from: what goes into Via, From and Contact. */
static int local_addr(const struct sockaddr_storage *to, socklen_t tolen, char *out, size_t len)
{
	struct sockaddr_storage me;
	socklen_t mlen = sizeof(me);
	int fd = socket(to->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int ok = connect(fd, (const struct sockaddr *)to, tolen) == 0 &&
	         getsockname(fd, (struct sockaddr *)&me, &mlen) == 0;
	int e = errno;
	close(fd);
	if (!ok) {
		errno = e;
		return -1;
	}
	addr_text(&me, out, len);
	return out[0] ? 0 : -1;
}

static void finish(pp_notify_phone *p, enum pp_notify_state s, double now, const pp_notify_opts *o)
{
	p->state = s;
	p->seconds = p->sends ? now - p->start : 0;
	if (o->done)
		o->done(o->ctx, p);
}

static void fail(pp_notify_phone *p, double now, const pp_notify_opts *o, const char *what, int e)
{
	snprintf(p->why, sizeof(p->why), "%s: %s", what, strerror(e));
	finish(p, PP_NOTIFY_FAILED, now, o);
}

/* 0 sent, 1 try again later (the socket buffer is full), -1 failed (p finished). */
static int transmit(pp_notify_phone *p, int fd, double now, const pp_notify_opts *o)
{
	struct sockaddr_storage to;
	socklen_t tolen;
	to_addr(p->req.host, p->req.port, &to, &tolen);
	if (sendto(fd, p->wire, p->wire_len, 0, (struct sockaddr *)&to, tolen) ==
	    (ssize_t)p->wire_len) {
		p->sends++;
		return 0;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ENOBUFS)
		return 1;
	fail(p, now, o, "cannot send", errno);
	return -1;
}

static void first_send(pp_notify_phone *p, sock *socks, double now, const pp_notify_opts *o)
{
	struct sockaddr_storage to;
	socklen_t tolen;
	int family = to_addr(p->req.host, p->req.port, &to, &tolen);
	if (family < 0) {
		snprintf(p->why, sizeof(p->why), "'%s' is not an IP address", p->req.host);
		finish(p, PP_NOTIFY_FAILED, now, o);
		return;
	}
	sock *s = &socks[family == AF_INET ? 0 : 1];
	if (sock_open(s, family) < 0) {
		fail(p, now, o, "cannot open a UDP socket", s->err);
		return;
	}
	if (local_addr(&to, tolen, p->req.local, sizeof(p->req.local)) < 0) {
		fail(p, now, o, "no route to it", errno);
		return;
	}
	p->req.local_port = s->port;
	if (pp_sip_fresh_ids(&p->req) < 0) {
		fail(p, now, o, "no random numbers for Call-ID and branch", errno);
		return;
	}
	int w = pp_sip_notify_format(&p->req, time(NULL), p->wire, sizeof(p->wire));
	if (w < 0) {
		snprintf(p->why, sizeof(p->why), "the NOTIFY does not fit in a datagram");
		finish(p, PP_NOTIFY_FAILED, now, o);
		return;
	}
	p->wire_len = (size_t)w;
	if (transmit(p, s->fd, now, o) != 0)
		return; /* failed, or the buffer is full: next turn */
	p->start = now;
	p->interval = o->t1;
	p->next = now + o->t1;
	p->deadline = now + o->timeout;
}

static void sample(pp_notify_phone *p, const char *what, const char *buf, size_t len)
{
	size_t o = (size_t)snprintf(p->garbage_sample, sizeof(p->garbage_sample), "%s: \"", what);
	for (size_t i = 0; i < len && i < 24 && o + 3 < sizeof(p->garbage_sample); i++)
		p->garbage_sample[o++] =
		    buf[i] >= 0x20 && buf[i] < 0x7f && buf[i] != '"' ? buf[i] : '.';
	if (o + 2 <= sizeof(p->garbage_sample)) {
		p->garbage_sample[o++] = '"';
		p->garbage_sample[o] = '\0';
	}
}

static void answer(pp_notify_phone *p, size_t n, const char *buf, size_t len, const char *src,
                   double now, const pp_notify_opts *o)
{
	pp_sip_response r;
	const char *why;
	int ok = pp_sip_response_parse(buf, len, &r, &why) == 0;
	pp_notify_phone *from = NULL;

	for (size_t i = 0; i < n; i++) {
		pp_notify_phone *q = &p[i];
		if (q->state != PP_NOTIFY_PENDING || !q->sends || strcmp(q->req.host, src) != 0)
			continue;
		if (!from)
			from = q;
		if (!ok || strcmp(r.branch, q->req.branch) != 0 ||
		    strcmp(r.call_id, q->req.call_id) != 0 || r.cseq != q->req.cseq ||
		    strcasecmp(r.method, "NOTIFY") != 0)
			continue;
		if (r.status < 200) { /* provisional: Proceeding, retransmit at T2 */
			q->proceeding = 1;
			q->interval = o->t2;
			q->next = now + o->t2;
			return;
		}
		q->status = r.status;
		snprintf(q->reason, sizeof(q->reason), "%s", r.reason);
		finish(q, r.status < 300 ? PP_NOTIFY_ANSWERED : PP_NOTIFY_REFUSED, now, o);
		return;
	}
	if (from) { /* something came from its address, but not an answer to it */
		if (!from->garbage++)
			sample(from, ok ? "a response to another request" : why, buf, len);
	}
}

static void drain(sock *s, pp_notify_phone *p, size_t n, const pp_notify_opts *o)
{
	static char buf[65536];
	for (int k = 0; k < DRAIN_MAX; k++) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof(from);
		ssize_t len = recvfrom(s->fd, buf, sizeof(buf) - 1, MSG_DONTWAIT,
		                       (struct sockaddr *)&from, &flen);
		if (len < 0)
			return;
		char src[64];
		addr_text(&from, src, sizeof(src));
		answer(p, n, buf, (size_t)len, src, now_s(), o);
	}
}

void pp_notify_send(pp_notify_phone *p, size_t n, const pp_notify_opts *opts)
{
	pp_notify_opts o = *opts;
	sock socks[2] = {{-1, 0, 0}, {-1, 0, 0}};
	size_t queued = 0;

	if (o.t1 <= 0)
		o.t1 = PP_NOTIFY_T1;
	if (o.t2 < o.t1)
		o.t2 = PP_NOTIFY_T2 > o.t1 ? PP_NOTIFY_T2 : o.t1;
	if (o.timeout <= 0)
		o.timeout = 64 * o.t1;
	if (o.rate <= 0)
		o.rate = PP_NOTIFY_RATE;
	double t0 = now_s();
	for (size_t i = 0; i < n; i++)
		if (p[i].state == PP_NOTIFY_PENDING) {
			p[i].sends = 0;
			p[i].start = t0 + (double)queued++ / o.rate;
		}
	/* However phones answer (or flood us), this is when the run ends. */
	double hard = t0 + (double)queued / o.rate + o.timeout + 2.0;

	for (;;) {
		double now = now_s(), wake = now + 1.0;
		size_t active = 0;
		for (size_t i = 0; i < n; i++) {
			pp_notify_phone *q = &p[i];
			if (q->state != PP_NOTIFY_PENDING)
				continue;
			if (now >= hard) {
				finish(q, PP_NOTIFY_NO_ANSWER, now, &o);
				continue;
			}
			if (!q->sends) {
				if (now >= q->start)
					first_send(q, socks, now, &o);
			} else if (now >= q->deadline) {
				finish(q, PP_NOTIFY_NO_ANSWER, now, &o); /* Timer F */
				continue;
			} else if (now >= q->next) { /* Timer E */
				int fd = socks[strchr(q->req.host, ':') ? 1 : 0].fd;
				if (transmit(q, fd, now, &o) == 0) {
					if (!q->proceeding)
						q->interval =
						    q->interval * 2 < o.t2 ? q->interval * 2 : o.t2;
					/* From when it was due: a late wake-up does not push the
					 * rest back. */
					q->next += q->interval;
					if (q->next < now)
						q->next = now + q->interval;
				}
			}
			if (q->state != PP_NOTIFY_PENDING)
				continue;
			active++;
			double due = !q->sends               ? q->start
			             : q->next < q->deadline ? q->next
			                                     : q->deadline;
			if (due < wake)
				wake = due;
		}
		if (!active)
			break;
		struct pollfd pf[2];
		nfds_t np = 0;
		for (int k = 0; k < 2; k++)
			if (socks[k].fd >= 0) {
				pf[np].fd = socks[k].fd;
				pf[np].events = POLLIN;
				pf[np++].revents = 0;
			}
		double ms = (wake - now_s()) * 1000.0;
		int timeout = ms <= 0 ? 0 : ms > 1000 ? 1000 : (int)ms + 1;
		if (poll(pf, np, timeout) > 0)
			for (nfds_t k = 0; k < np; k++)
				if (pf[k].revents & POLLIN)
					drain(&socks[pf[k].fd == socks[0].fd ? 0 : 1], p, n, &o);
	}
	for (int k = 0; k < 2; k++)
		if (socks[k].fd >= 0)
			close(socks[k].fd);
}
