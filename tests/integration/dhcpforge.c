/* SPDX-License-Identifier: MIT */
/*
 * A DHCP client that lies, for tests/integration/strict.t.sh: it asks for a
 * lease with someone else's MAC in chaddr (and in the client identifier, as
 * udhcpc and phones send it), while its own frames leave from the real MAC
 * of its interface.  The broadcast flag is set, so the server's answers
 * reach it without anyone on the link having that MAC.
 *
 *   dhcpforge IFACE MAC     prints "lease A.B.C.D" and exits 0, or 1
 *
 * Bounded: at most 4 DISCOVERs and 4 REQUESTs, 24 s in all.  The address is
 * not configured here; the test does that with ip(8).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct dhcp {
	uint8_t op, htype, hlen, hops;
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[16];
	uint8_t sname[64];
	uint8_t file[128];
	uint8_t magic[4];
	uint8_t options[312];
};

static uint8_t mac[6];
static uint32_t xid;

static size_t build(struct dhcp *d, int type, uint32_t want, uint32_t server)
{
	uint8_t *o = d->options;

	memset(d, 0, sizeof *d);
	d->op = 1;
	d->htype = 1;
	d->hlen = 6;
	d->xid = xid;
	d->flags = htons(0x8000); /* broadcast: no unicast to a MAC that is not ours */
	memcpy(d->chaddr, mac, 6);
	memcpy(d->magic, "\x63\x82\x53\x63", 4);
	*o++ = 53;
	*o++ = 1;
	*o++ = (uint8_t)type;
	*o++ = 61; /* client identifier: type 1 (Ethernet) and the MAC */
	*o++ = 7;
	*o++ = 1;
	memcpy(o, mac, 6);
	o += 6;
	if (want != 0) {
		*o++ = 50;
		*o++ = 4;
		memcpy(o, &want, 4);
		o += 4;
	}
	if (server != 0) {
		*o++ = 54;
		*o++ = 4;
		memcpy(o, &server, 4);
		o += 4;
	}
	*o++ = 55;
	*o++ = 3;
	*o++ = 1;
	*o++ = 3;
	*o++ = 150;
	*o++ = 255;
	return (size_t)(o - (uint8_t *)d);
}

/* The message type, and the server identifier, of a reply to us. */
static int parse(const struct dhcp *d, ssize_t n, uint32_t *server)
{
	const uint8_t *o = d->options, *end = (const uint8_t *)d + n;
	int type = -1;

	if (n < (ssize_t)offsetof(struct dhcp, options) || d->op != 2 || d->xid != xid ||
	    memcmp(d->chaddr, mac, 6) != 0 || memcmp(d->magic, "\x63\x82\x53\x63", 4) != 0)
		return -1;
	while (o < end && *o != 255) {
		if (*o == 0) {
			o++;
			continue;
		}
		if (o + 2 > end || o + 2 + o[1] > end)
			break;
		if (o[0] == 53 && o[1] == 1)
			type = o[2];
		if (o[0] == 54 && o[1] == 4)
			memcpy(server, o + 2, 4);
		o += 2 + o[1];
	}
	return type;
}

/* Send, then wait up to ms for a reply of type want; 0 with *d filled, or -1. */
static int exchange(int s, struct dhcp *d, size_t len, int want, int ms, uint32_t *server)
{
	struct sockaddr_in to;
	struct dhcp out;
	struct timespec t0, t;

	memcpy(&out, d, sizeof out);
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_port = htons(67);
	to.sin_addr.s_addr = htonl(INADDR_BROADCAST);
	if (sendto(s, &out, len, 0, (struct sockaddr *)&to, sizeof to) < 0) {
		perror("sendto");
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 100; i++) {
		struct pollfd p = {s, POLLIN, 0};
		long left;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return -1;
		ssize_t n = recv(s, d, sizeof *d, 0);
		if (n > 0 && parse(d, n, server) == want)
			return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in me;
	struct dhcp d;
	uint32_t server = 0, yiaddr;
	int s, on = 1, i;
	char ip[INET_ADDRSTRLEN];

	if (argc != 3 || sscanf(argv[2], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2],
	                        &mac[3], &mac[4], &mac[5]) != 6) {
		fprintf(stderr, "usage: dhcpforge IFACE MAC\n");
		return 2;
	}
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	xid = (uint32_t)rand();
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof on) != 0 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, argv[1], (socklen_t)strlen(argv[1])) != 0) {
		perror("socket");
		return 1;
	}
	memset(&me, 0, sizeof me);
	me.sin_family = AF_INET;
	me.sin_port = htons(68);
	if (bind(s, (struct sockaddr *)&me, sizeof me) != 0) {
		perror("bind");
		return 1;
	}
	/* dnsmasq pings an address before it offers it: up to 3 s. */
	for (i = 0; i < 4; i++)
		if (exchange(s, &d, build(&d, 1, 0, 0), 2, 4000, &server) == 0)
			break;
	if (i == 4) {
		fprintf(stderr, "dhcpforge: no offer\n");
		return 1;
	}
	yiaddr = d.yiaddr;
	for (i = 0; i < 4; i++)
		if (exchange(s, &d, build(&d, 3, yiaddr, server), 5, 2000, &server) == 0)
			break;
	if (i == 4 || d.yiaddr != yiaddr) {
		fprintf(stderr, "dhcpforge: no ack\n");
		return 1;
	}
	inet_ntop(AF_INET, &yiaddr, ip, sizeof ip);
	printf("lease %s\n", ip);
	return 0;
}
