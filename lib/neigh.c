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

	int found = -1;
	if (send(fd, &req, req.h.nlmsg_len, 0) == (ssize_t)req.h.nlmsg_len) {
		char buf[16384] __attribute__((aligned(4)));
		for (int i = 0; i < MAX_REPLIES; i++) {
			ssize_t n = recv(fd, buf, sizeof(buf), 0);
			if (n <= 0)
				break;
			int r = scan(buf, (size_t)n, family, addr, alen, mac);
			if (r == 1)
				found = 0;
			if (r != 0)
				break;
		}
	}
	close(fd);
	errno = saved;
	return found;
}
