#include "neigh.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* A neighbour table fits in a few replies; more means something is wrong. */
#define MAX_REPLIES 256

static int usable(unsigned state)
{
	return (state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT |
	                 NUD_NOARP)) != 0;
}

/* Scan one batch of messages; 1 found, 0 not in it, -1 done or error. */
static int scan(const char *buf, size_t len, int family, const unsigned char *addr, size_t alen,
                char mac[PP_MAC_LEN + 1])
{
	for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, len);
	     h = NLMSG_NEXT(h, len)) {
		if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
			return -1;
		if (h->nlmsg_type != RTM_NEWNEIGH)
			continue;
		const struct ndmsg *nd = NLMSG_DATA(h);
		if (nd->ndm_family != family || !usable(nd->ndm_state))
			continue;
		const unsigned char *dst = NULL, *ll = NULL;
		size_t lllen = 0;
		int rlen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*nd)));
		for (const struct rtattr *a =
		         (const struct rtattr *)((const char *)nd + NLMSG_ALIGN(sizeof(*nd)));
		     RTA_OK(a, rlen); a = RTA_NEXT(a, rlen)) {
			if (a->rta_type == NDA_DST && RTA_PAYLOAD(a) == alen)
				dst = RTA_DATA(a);
			else if (a->rta_type == NDA_LLADDR) {
				ll = RTA_DATA(a);
				lllen = RTA_PAYLOAD(a);
			}
		}
		if (dst && ll && lllen == 6 && memcmp(dst, addr, alen) == 0) {
			snprintf(mac, PP_MAC_LEN + 1, "%02X%02X%02X%02X%02X%02X", ll[0], ll[1],
			         ll[2], ll[3], ll[4], ll[5]);
			return 1;
		}
	}
	return 0;
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

/* The interface the kernel sends to addr through (RTM_GETROUTE), or 0. */
static int route_oif(int fd, int family, const unsigned char *addr, size_t alen, char *buf,
                     size_t len)
{
	struct nlreq r;

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(r.u.rt));
	r.h.nlmsg_type = RTM_GETROUTE;
	r.h.nlmsg_flags = NLM_F_REQUEST;
	r.h.nlmsg_seq = 2;
	r.u.rt.rtm_family = (unsigned char)family;
	r.u.rt.rtm_dst_len = (unsigned char)(alen * 8);
	add_dst(&r, RTA_DST, addr, alen);
	ssize_t n = ask(fd, &r, buf, len);
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	if (n < 0 || !NLMSG_OK(h, (size_t)n) || h->nlmsg_type != RTM_NEWROUTE)
		return 0;
	const struct rtmsg *rt = NLMSG_DATA(h);
	int rlen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*rt)));
	for (const struct rtattr *a =
	         (const struct rtattr *)((const char *)rt + NLMSG_ALIGN(sizeof(*rt)));
	     RTA_OK(a, rlen); a = RTA_NEXT(a, rlen))
		if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) == sizeof(int)) {
			int oif;
			memcpy(&oif, RTA_DATA(a), sizeof(oif));
			return oif;
		}
	return 0;
}

/*
 * The one entry for (ifindex, addr), without dumping the table (Linux 5.0
 * and later): 1 found, 0 the kernel has no usable entry, -1 it cannot say.
 */
static int neigh_get(int fd, int family, int ifindex, const unsigned char *addr, size_t alen,
                     char mac[PP_MAC_LEN + 1], char *buf, size_t len)
{
	struct nlreq r;

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(r.u.nd));
	r.h.nlmsg_type = RTM_GETNEIGH;
	r.h.nlmsg_flags = NLM_F_REQUEST;
	r.h.nlmsg_seq = 3;
	r.u.nd.ndm_family = (unsigned char)family;
	r.u.nd.ndm_ifindex = ifindex;
	add_dst(&r, NDA_DST, addr, alen);
	ssize_t n = ask(fd, &r, buf, len);
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	if (n < 0 || !NLMSG_OK(h, (size_t)n))
		return -1;
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(h);
		return e->error == -ENOENT ? 0 : -1;
	}
	return scan(buf, (size_t)n, family, addr, alen, mac) == 1;
}

/* The whole table, for kernels without neigh_get: 1 found, else 0. */
static int neigh_dump(int fd, int family, const unsigned char *addr, size_t alen,
                      char mac[PP_MAC_LEN + 1], char *buf, size_t len)
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
	req.nd.ndm_family = (unsigned char)family;

	if (send(fd, &req, req.h.nlmsg_len, 0) != (ssize_t)req.h.nlmsg_len)
		return 0;
	for (int i = 0; i < MAX_REPLIES; i++) {
		ssize_t n = recv(fd, buf, len, 0);
		if (n <= 0)
			return 0;
		int r = scan(buf, (size_t)n, family, addr, alen, mac);
		if (r != 0)
			return r == 1;
	}
	return 0;
}

int pp_neigh_mac(const char *ip, char mac[PP_MAC_LEN + 1])
{
	unsigned char addr[16];
	int family;
	size_t alen;

	if (inet_pton(AF_INET, ip, addr) == 1) {
		family = AF_INET;
		alen = 4;
	} else if (inet_pton(AF_INET6, ip, addr) == 1) {
		family = AF_INET6;
		alen = 16;
	} else {
		return -1;
	}
	int saved = errno;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		errno = saved;
		return -1;
	}
	/* Never block the server: the kernel answers at once or not at all. */
	struct timeval tv = {0, 200 * 1000};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	/*
	 * Ask for the one entry on the interface the reply goes out of.  The
	 * whole table (a dump per request, O(neighbours)) cost 150 us a request
	 * with a /24 of phones; it is only the fallback for kernels before 5.0.
	 */
	char buf[16384] __attribute__((aligned(4)));
	int found = -1;
	int oif = route_oif(fd, family, addr, alen, buf, sizeof(buf));
	if (oif > 0)
		found = neigh_get(fd, family, oif, addr, alen, mac, buf, sizeof(buf));
	if (found < 0)
		found = neigh_dump(fd, family, addr, alen, mac, buf, sizeof(buf));
	close(fd);
	errno = saved;
	return found == 1 ? 0 : -1;
}
