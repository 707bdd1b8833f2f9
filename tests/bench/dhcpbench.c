/* SPDX-License-Identifier: MIT */
/*
 * dhcpbench: DHCP answer latency, for the reload figure of make bench
 * (issue 15: a store reload must not stall dnsmasq's DHCP either).
 *
 *   dhcpbench -s ADDR -b RELAY [-n N] [-g US]
 *
 * N DHCPDISCOVERs, one after another, GAP microseconds apart, each waiting
 * at most 2 s for its DHCPOFFER.  They are sent as a relay agent would:
 * from RELAY port 67 with giaddr RELAY, unicast to the server, which
 * answers to RELAY port 67.  So no broadcast, no raw socket and no
 * interface of a phone's is needed, only two addresses (on loopback, in a
 * namespace of the caller's).  The server must not ping an address before
 * offering it (dnsmasq --no-ping), or every answer waits for the ping.
 * An offer commits no lease, so N queries leave the lease file as it was.
 * Prints one line:
 *   dhcp_queries=N dhcp_answered=N dhcp_lost=N dhcp_p50_us=... dhcp_p99_us=... dhcp_max_us=...
 * Exits 0 when every query was answered, 1 otherwise, 2 on a usage error.
 * Bounded: N at most 1000000, every wait at most 2 s.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "latency.h"

/* A relayed DHCPDISCOVER (RFC 2131) with transaction id xid; its length. */
static size_t discover(unsigned char *p, size_t cap, uint32_t xid, struct in_addr relay)
{
	static const unsigned char mac[6] = {0x02, 0x00, 0x00, 0x00, 0xbe, 0xef};
	size_t n = 240;

	if (cap < 300)
		return 0;
	memset(p, 0, 300);
	p[0] = 1; /* BOOTREQUEST */
	p[1] = 1; /* Ethernet */
	p[2] = 6;
	p[3] = 1; /* hops: one relay */
	p[4] = (unsigned char)(xid >> 24);
	p[5] = (unsigned char)(xid >> 16);
	p[6] = (unsigned char)(xid >> 8);
	p[7] = (unsigned char)xid;
	memcpy(p + 24, &relay, 4); /* giaddr */
	memcpy(p + 28, mac, 6);    /* chaddr */
	memcpy(p + 236, "\x63\x82\x53\x63", 4);
	p[n++] = 53; /* message type */
	p[n++] = 1;
	p[n++] = 1; /* DISCOVER */
	p[n++] = 255;
	return 300; /* padded to BOOTP's minimum, as clients send it */
}

static unsigned char cur[8]; /* the query awaited: its first bytes */

static int mine(const unsigned char *a, ssize_t r)
{
	const unsigned char *q = cur;

	return r >= 240 && a[0] == 2 && memcmp(a + 4, q + 4, 4) == 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in srv = {.sin_family = AF_INET, .sin_port = htons(67)};
	struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons(67)};
	long n = 1000, gap = 1000;
	int opt, fd, have_s = 0, have_b = 0, one = 1;

	while ((opt = getopt(argc, argv, "s:b:n:g:")) != -1) {
		switch (opt) {
		case 's':
			have_s = inet_pton(AF_INET, optarg, &srv.sin_addr) == 1;
			break;
		case 'b':
			have_b = inet_pton(AF_INET, optarg, &me.sin_addr) == 1;
			break;
		case 'n':
			n = atol(optarg);
			break;
		case 'g':
			gap = atol(optarg);
			break;
		default:
			return 2;
		}
	}
	if (optind != argc || !have_s || !have_b || n < 1 || n > 1000000 || gap < 0 ||
	    gap > 1000000) {
		fprintf(stderr, "usage: dhcpbench -s ADDR -b RELAY [-n N] [-g US]\n");
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, (struct sockaddr *)&me, sizeof me) != 0) {
		perror("dhcpbench: socket on the relay's port 67");
		return 2;
	}
	double *lat = calloc((size_t)n, sizeof *lat);
	long answered = 0, lost = 0;
	if (lat == NULL)
		return 2;
	for (long i = 0; i < n; i++) {
		unsigned char q[300];
		uint32_t xid = (uint32_t)(i * 2654435761u + 1);
		size_t ql = discover(q, sizeof q, xid, me.sin_addr);
		double t0;
		int got = 0;

		t0 = lat_now_us();
		if (sendto(fd, q, ql, 0, (struct sockaddr *)&srv, sizeof srv) != (ssize_t)ql) {
			lost++;
			continue;
		}
		memcpy(cur, q, sizeof cur);
		got = lat_await(fd, t0, mine);
		if (got)
			lat[answered++] = lat_now_us() - t0;
		else
			lost++;
		if (gap > 0)
			usleep((useconds_t)gap);
	}
	lat_report("dhcp_", n, lat, answered, lost);
	free(lat);
	return lost == 0 ? 0 : 1;
}
