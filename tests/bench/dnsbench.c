/* SPDX-License-Identifier: MIT */
/*
 * dnsbench: DNS answer latency, for the reload figure of make bench
 * (issue 15: a store reload must not stall dnsmasq's DNS).
 *
 *   dnsbench -s ADDR [-p PORT] [-n N] [-g US] NAME
 *
 * N queries (type A) for NAME, one after another, GAP microseconds apart,
 * each waiting at most 2 s for its answer.  Prints one line:
 *   queries=N answered=N lost=N p50_us=... p99_us=... max_us=...
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

/* A query for name, type A, class IN, recursion desired; its length or -1. */
static int query(unsigned char *buf, size_t len, uint16_t id, const char *name)
{
	size_t pos = 12;
	const char *p = name;

	if (len < 12 + strlen(name) + 6)
		return -1;
	memset(buf, 0, 12);
	buf[0] = (unsigned char)(id >> 8);
	buf[1] = (unsigned char)id;
	buf[2] = 0x01; /* RD */
	buf[5] = 1;    /* one question */
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t l = dot ? (size_t)(dot - p) : strlen(p);

		if (l == 0 || l > 63)
			return -1;
		buf[pos++] = (unsigned char)l;
		memcpy(buf + pos, p, l);
		pos += l;
		p += l;
		if (*p == '.')
			p++;
	}
	buf[pos++] = 0;
	buf[pos++] = 0;
	buf[pos++] = 1; /* A */
	buf[pos++] = 0;
	buf[pos++] = 1; /* IN */
	return (int)pos;
}

static unsigned char cur[8]; /* the query awaited: its first bytes */

static int mine(const unsigned char *a, ssize_t r)
{
	const unsigned char *q = cur;

	return r >= 12 && a[0] == q[0] && a[1] == q[1];
}

int main(int argc, char **argv)
{
	struct sockaddr_in srv = {.sin_family = AF_INET, .sin_port = htons(53)};
	long n = 1000, gap = 1000;
	int opt, fd;

	while ((opt = getopt(argc, argv, "s:p:n:g:")) != -1) {
		switch (opt) {
		case 's':
			if (inet_pton(AF_INET, optarg, &srv.sin_addr) != 1)
				return 2;
			break;
		case 'p':
			srv.sin_port = htons((uint16_t)atoi(optarg));
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
	if (optind != argc - 1 || n < 1 || n > 1000000 || gap < 0 || gap > 1000000) {
		fprintf(stderr, "usage: dnsbench -s ADDR [-p PORT] [-n N] [-g US] NAME\n");
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&srv, sizeof srv) != 0) {
		perror("dnsbench: socket");
		return 2;
	}
	double *lat = calloc((size_t)n, sizeof *lat);
	long answered = 0, lost = 0;
	if (lat == NULL)
		return 2;
	for (long i = 0; i < n; i++) {
		unsigned char q[512];
		uint16_t id = (uint16_t)(i * 7919 + 1);
		int ql = query(q, sizeof q, id, argv[optind]);
		double t0;
		int got = 0;

		if (ql < 0)
			return 2;
		t0 = lat_now_us();
		if (send(fd, q, (size_t)ql, 0) != ql) {
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
	lat_report("", n, lat, answered, lost);
	free(lat);
	return lost == 0 ? 0 : 1;
}
