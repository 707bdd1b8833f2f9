/* SPDX-License-Identifier: MIT */
/*
 * The kernel's word on a client's MAC, over rtnetlink: which neighbour
 * states count, the route (and so the interface) a reply would take, a get
 * or a dump of the entry, and, when there is none, making the kernel
 * resolve the client and waiting for the answer on RTNLGRP_NEIGH within a
 * budget per second.  Over 400 lines because these steps share one request
 * buffer and one notion of the target (address, family, zone); split, each
 * part would need the others' internals.
 */
#include "neigh.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* A neighbour table fits in a few replies; more means something is wrong. */
#define MAX_REPLIES 256
/* Batches of neighbour events read while waiting for one entry. */
#define MAX_EVENTS 256
/* The discard service: whatever lands there is thrown away. */
#define DISCARD_PORT 9

int pp_neigh_usable(unsigned state)
{
	return (state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT |
	                 NUD_NOARP)) != 0;
}

/* The client: an address, and for a link-local one the interface it is on. */
struct target {
	int family;
	unsigned char addr[16];
	size_t alen;
	int ifindex; /* the zone of a link-local address, else 0 */
	int linklocal;
};

static int parse_target(const char *ip, struct target *t)
{
	char text[INET6_ADDRSTRLEN];
	const char *zone = strchr(ip, '%');
	size_t n = zone ? (size_t)(zone - ip) : strlen(ip);

	memset(t, 0, sizeof(*t));
	if (n >= sizeof(text))
		return -1;
	memcpy(text, ip, n);
	text[n] = '\0';
	if (inet_pton(AF_INET, text, t->addr) == 1) {
		t->family = AF_INET;
		t->alen = 4;
	} else if (inet_pton(AF_INET6, text, t->addr) == 1) {
		const struct in6_addr *a6 = (const struct in6_addr *)t->addr;
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			memmove(t->addr, t->addr + 12, 4);
			t->family = AF_INET;
			t->alen = 4;
		} else {
			t->family = AF_INET6;
			t->alen = 16;
			t->linklocal = IN6_IS_ADDR_LINKLOCAL(a6) || IN6_IS_ADDR_MC_LINKLOCAL(a6);
		}
	} else {
		return -1;
	}
	if (zone && t->linklocal) {
		char *end;
		unsigned long i = strtoul(zone + 1, &end, 10);
		if (zone[1] == '\0' || *end != '\0')
			i = if_nametoindex(zone + 1);
		if (i == 0 || i > 0x7fffffffUL)
			return -1;
		t->ifindex = (int)i;
	}
	return 0;
}

/* What scan() found for the target among a batch of messages. */
enum seen { SEEN_END = -1, SEEN_NOTHING = 0, SEEN_USABLE, SEEN_FAILED, SEEN_UNUSABLE };

/*
 * Look for the target's entry on ifindex (0: any) in one batch of messages;
 * of several (events: INCOMPLETE, then REACHABLE), the last one counts.
 */
static enum seen scan(const char *buf, size_t len, const struct target *t, int ifindex,
                      char mac[PP_MAC_LEN + 1])
{
	enum seen last = SEEN_NOTHING;

	for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, len);
	     h = NLMSG_NEXT(h, len)) {
		if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
			return last != SEEN_NOTHING ? last : SEEN_END;
		if (h->nlmsg_type != RTM_NEWNEIGH ||
		    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ndmsg)))
			continue;
		const struct ndmsg *nd = NLMSG_DATA(h);
		if (nd->ndm_family != t->family || (ifindex > 0 && nd->ndm_ifindex != ifindex))
			continue;
		const unsigned char *dst = NULL, *ll = NULL;
		size_t lllen = 0;
		int rlen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*nd)));
		for (const struct rtattr *a =
		         (const struct rtattr *)((const char *)nd + NLMSG_ALIGN(sizeof(*nd)));
		     RTA_OK(a, rlen); a = RTA_NEXT(a, rlen)) {
			if (a->rta_type == NDA_DST && RTA_PAYLOAD(a) == t->alen)
				dst = RTA_DATA(a);
			else if (a->rta_type == NDA_LLADDR) {
				ll = RTA_DATA(a);
				lllen = RTA_PAYLOAD(a);
			}
		}
		if (!dst || memcmp(dst, t->addr, t->alen) != 0)
			continue;
		if (!pp_neigh_usable(nd->ndm_state) || !ll || lllen != 6) {
			last = nd->ndm_state & NUD_FAILED ? SEEN_FAILED : SEEN_UNUSABLE;
			continue;
		}
		snprintf(mac, PP_MAC_LEN + 1, "%02X%02X%02X%02X%02X%02X", ll[0], ll[1], ll[2],
		         ll[3], ll[4], ll[5]);
		last = SEEN_USABLE;
	}
	return last;
}

/* An rtnetlink request: the header, a fixed part, and room for one address. */
struct nlreq {
	struct nlmsghdr h;
	union {
		struct ndmsg nd;
		struct rtmsg rt;
	} u;
	char attrs[RTA_SPACE(16)];
};

/* A request for one object (no dump) whose body is len bytes, zeroed. */
static void req_start(struct nlreq *r, unsigned short type, unsigned seq, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = (unsigned)NLMSG_LENGTH(len);
	r->h.nlmsg_type = type;
	r->h.nlmsg_flags = NLM_F_REQUEST;
	r->h.nlmsg_seq = seq;
}

static void add_dst(struct nlreq *r, unsigned short type, const unsigned char *addr, size_t alen)
{
	struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->h.nlmsg_len));

	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(alen);
	memcpy(RTA_DATA(a), addr, alen);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* Send r and wait for its one answer; the answer's length, or -1. */
static ssize_t ask(int fd, struct nlreq *r, char *buf, size_t len)
{
	if (send(fd, r, r->h.nlmsg_len, 0) != (ssize_t)r->h.nlmsg_len)
		return -1;
	ssize_t n = recv(fd, buf, len, 0);
	if (n < (ssize_t)NLMSG_HDRLEN)
		return -1;
	return n;
}

/*
 * How the kernel sends to the target (RTM_GETROUTE): 0 with *oif set when
 * straight onto a link, else -1 and *why says what stands in the way.
 */
static int route_oif(int fd, const struct target *t, int *oif, const char **why, char *buf,
                     size_t len)
{
	struct nlreq r;
	int gateway = 0;

	*oif = 0;
	req_start(&r, RTM_GETROUTE, 2, sizeof(r.u.rt));
	r.u.rt.rtm_family = (unsigned char)t->family;
	r.u.rt.rtm_dst_len = (unsigned char)(t->alen * 8);
	add_dst(&r, RTA_DST, t->addr, t->alen);
	ssize_t n = ask(fd, &r, buf, len);
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	*why = "no route to it";
	if (n < 0 || !NLMSG_OK(h, (size_t)n) || h->nlmsg_type != RTM_NEWROUTE ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg)))
		return -1;
	const struct rtmsg *rt = NLMSG_DATA(h);
	int rlen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*rt)));
	for (const struct rtattr *a =
	         (const struct rtattr *)((const char *)rt + NLMSG_ALIGN(sizeof(*rt)));
	     RTA_OK(a, rlen); a = RTA_NEXT(a, rlen)) {
		if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) == sizeof(int))
			memcpy(oif, RTA_DATA(a), sizeof(*oif));
		else if (a->rta_type == RTA_GATEWAY || a->rta_type == RTA_VIA)
			gateway = 1;
	}
	if (rt->rtm_type != RTN_UNICAST) {
		*why = "not a host on a link (a local, broadcast or multicast address)";
		return -1;
	}
	if (gateway) {
		/* The reply goes to the router's MAC; the client's is not ours to know. */
		*why = "routed through a gateway";
		return -1;
	}
	return *oif > 0 ? 0 : -1;
}

/*
 * The one entry for (ifindex, addr), without dumping the table (Linux 5.0
 * and later): 1 usable, 0 the kernel has no usable entry, -1 it cannot say.
 */
static int neigh_get(int fd, const struct target *t, int ifindex, char mac[PP_MAC_LEN + 1],
                     char *buf, size_t len)
{
	struct nlreq r;

	req_start(&r, RTM_GETNEIGH, 3, sizeof(r.u.nd));
	r.u.nd.ndm_family = (unsigned char)t->family;
	r.u.nd.ndm_ifindex = ifindex;
	add_dst(&r, NDA_DST, t->addr, t->alen);
	ssize_t n = ask(fd, &r, buf, len);
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	if (n < 0 || !NLMSG_OK(h, (size_t)n))
		return -1;
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(h);
		return e->error == -ENOENT ? 0 : -1;
	}
	return scan(buf, (size_t)n, t, ifindex, mac) == SEEN_USABLE;
}

/* The whole table, for kernels without neigh_get: 1 usable on ifindex, else 0. */
static int neigh_dump(int fd, const struct target *t, int ifindex, char mac[PP_MAC_LEN + 1],
                      char *buf, size_t len)
{
	struct {
		struct nlmsghdr h;
		struct ndmsg nd;
	} req;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.nd));
	req.h.nlmsg_type = RTM_GETNEIGH;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = 1;
	req.nd.ndm_family = (unsigned char)t->family;

	if (send(fd, &req, req.h.nlmsg_len, 0) != (ssize_t)req.h.nlmsg_len)
		return 0;
	for (int i = 0; i < MAX_REPLIES; i++) {
		ssize_t n = recv(fd, buf, len, 0);
		if (n <= 0)
			return 0;
		enum seen s = scan(buf, (size_t)n, t, ifindex, mac);
		if (s != SEEN_NOTHING)
			return s ==
			       SEEN_USABLE; /* a dump's rest may still be queued: fd is closed */
	}
	return 0;
}

static int lookup(int fd, const struct target *t, int oif, char mac[PP_MAC_LEN + 1], char *buf,
                  size_t len)
{
	int found = neigh_get(fd, t, oif, mac, buf, len);
	if (found < 0)
		found = neigh_dump(fd, t, oif, mac, buf, len);
	return found == 1;
}

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * The wait budget, a token bucket: PP_NEIGH_BUDGET_MS of waiting a second,
 * and never more banked than that.  Without it a stream of requests from
 * addresses that never answer (spoofed, or gone) would cost a server that
 * decides in its main loop (dnsmasq: DNS and DHCP too) 50 ms each.
 */
static pthread_mutex_t budget_lock = PTHREAD_MUTEX_INITIALIZER;
static long long budget_us = PP_NEIGH_BUDGET_MS * 1000LL, budget_at;

static long long budget_take(long long want)
{
	long long now = now_us(), got;

	pthread_mutex_lock(&budget_lock);
	if (budget_at != 0)
		budget_us += (now - budget_at) * PP_NEIGH_BUDGET_MS / 1000;
	if (budget_us > PP_NEIGH_BUDGET_MS * 1000LL)
		budget_us = PP_NEIGH_BUDGET_MS * 1000LL;
	budget_at = now;
	got = want < budget_us ? want : budget_us;
	if (got < 1000)
		got = 0; /* not worth a datagram */
	budget_us -= got;
	pthread_mutex_unlock(&budget_lock);
	return got;
}

static void budget_return(long long unused)
{
	pthread_mutex_lock(&budget_lock);
	budget_us += unused;
	if (budget_us > PP_NEIGH_BUDGET_MS * 1000LL)
		budget_us = PP_NEIGH_BUDGET_MS * 1000LL;
	pthread_mutex_unlock(&budget_lock);
}

/*
 * Make the kernel resolve the target the way the reply will: one empty UDP
 * datagram to its discard port, from a fresh unconnected socket.  That is
 * the cheapest thing any user can send (dnsmasq has dropped root by now):
 * a neighbour entry forced with NTF_USE needs CAP_NET_ADMIN, and an ARP or
 * NDP packet of our own CAP_NET_RAW and two protocols' worth of code.  The
 * datagram takes the route and the neighbour entry the reply will, so the
 * kernel sends its ARP request or neighbour solicitation at once, and the
 * datagram itself waits in the entry's queue (and is dropped if nobody
 * answers).  Empty, and to port 9, nothing on the client acts on it; an
 * unconnected socket of our own keeps any error it causes (an ICMP port
 * unreachable) away from the server's sockets and their cached routes.
 */
static int trigger(const struct target *t, int oif)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int s = socket(t->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (s < 0)
		return -1;
	memset(&ss, 0, sizeof(ss));
	if (t->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(DISCARD_PORT);
		memcpy(&s4->sin_addr, t->addr, 4);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(DISCARD_PORT);
		memcpy(&s6->sin6_addr, t->addr, 16);
		s6->sin6_scope_id = t->linklocal ? (unsigned)oif : 0;
		sl = sizeof(*s6);
	}
	ssize_t r = sendto(s, "", 0, MSG_DONTWAIT, (struct sockaddr *)&ss, sl);
	close(s);
	return r < 0 ? -1 : 0;
}

/*
 * Wait, until deadline, for the kernel to announce a usable entry for the
 * target on oif (RTNLGRP_NEIGH, subscribed to before the trigger was sent),
 * and take a last direct look at the end.  1 usable, 0 not.
 */
static int wait_entry(int mon, int fd, const struct target *t, int oif, long long deadline,
                      char mac[PP_MAC_LEN + 1], char *buf, size_t len)
{
	for (int i = 0; i < MAX_EVENTS; i++) {
		long long left = deadline - now_us();
		if (left <= 0)
			break;
		struct pollfd p = {mon, POLLIN, 0};
		struct timespec ts = {(time_t)(left / 1000000), (long)(left % 1000000) * 1000};
		int r = ppoll(&p, 1, &ts, NULL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ssize_t n = recv(mon, buf, len, MSG_DONTWAIT);
		if (n < 0 && errno == ENOBUFS) {
			/* Events were lost in a busy table: ask instead. */
			if (lookup(fd, t, oif, mac, buf, len))
				return 1;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		enum seen s = scan(buf, (size_t)n, t, oif, mac);
		if (s == SEEN_USABLE)
			return 1;
		if (s == SEEN_FAILED)
			break; /* the kernel gave up: nobody answered */
	}
	return lookup(fd, t, oif, mac, buf, len);
}

static int monitor_open(void)
{
	struct sockaddr_nl sa;
	int m = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);

	if (m < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = RTMGRP_NEIGH;
	if (bind(m, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(m);
		return -1;
	}
	return m;
}

enum pp_neigh_found pp_neigh_resolve(const char *ip, int wait_ms, char mac[PP_MAC_LEN + 1],
                                     pp_neigh_info *info)
{
	pp_neigh_info dummy;
	struct target t;
	enum pp_neigh_found found = PP_NEIGH_NONE;
	int saved = errno, oif = 0;

	if (!info)
		info = &dummy;
	info->waited_us = 0;
	info->why = "not an IP address";
	if (!ip || parse_target(ip, &t) != 0)
		return PP_NEIGH_NONE;
	if (t.linklocal && t.ifindex == 0) {
		info->why = "a link-local address without its interface";
		return PP_NEIGH_NONE;
	}
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		info->why = "no rtnetlink socket";
		errno = saved;
		return PP_NEIGH_NONE;
	}
	/* Never block the server: the kernel answers at once or not at all. */
	struct timeval tv = {0, 200 * 1000};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	/*
	 * Ask for the one entry on the interface the reply goes out of: a
	 * link-local client's own, else the route's.  The whole table (a dump
	 * per request, O(neighbours)) cost 150 us a request with a /24 of
	 * phones; it is only the fallback for kernels before 5.0.
	 */
	char buf[16384] __attribute__((aligned(4)));
	if (t.linklocal)
		oif = t.ifindex;
	else if (route_oif(fd, &t, &oif, &info->why, buf, sizeof(buf)) != 0)
		goto out;
	if (lookup(fd, &t, oif, mac, buf, sizeof(buf))) {
		found = PP_NEIGH_TABLE;
		goto out;
	}
	info->why = "no neighbour entry";
	if (wait_ms <= 0)
		goto out;
	long long allowed = budget_take((long long)wait_ms * 1000);
	if (allowed <= 0) {
		info->why = "no neighbour entry, and no time left this second to resolve it";
		goto out;
	}
	long long start = now_us();
	int mon = monitor_open();
	if (trigger(&t, oif) != 0)
		info->why = "no neighbour entry, and no way to send to it";
	else if (lookup(fd, &t, oif, mac, buf, sizeof(buf)))
		found = PP_NEIGH_RESOLVED; /* it came between the first look and the subscription */
	else if (mon >= 0 && wait_entry(mon, fd, &t, oif, start + allowed, mac, buf, sizeof(buf)))
		found = PP_NEIGH_RESOLVED;
	else if (mon < 0)
		/* No events to be had: look every millisecond instead. */
		for (int i = 0; i < wait_ms && now_us() < start + allowed; i++) {
			struct timespec ms = {0, 1000 * 1000};
			nanosleep(&ms, NULL);
			if (lookup(fd, &t, oif, mac, buf, sizeof(buf))) {
				found = PP_NEIGH_RESOLVED;
				break;
			}
		}
	if (mon >= 0)
		close(mon);
	info->waited_us = (long)(now_us() - start);
	budget_return(allowed - info->waited_us > 0 ? allowed - info->waited_us : 0);
out:
	close(fd);
	errno = saved;
	return found;
}

int pp_neigh_mac(const char *ip, char mac[PP_MAC_LEN + 1])
{
	return pp_neigh_resolve(ip, 0, mac, NULL) != PP_NEIGH_NONE ? 0 : -1;
}
