/* SPDX-License-Identifier: MIT */
/*
 * What dnsbench and dhcpbench share: the clock, and the one line of
 * percentiles each prints (keys prefixed, so that both fit on one line).
 */
#ifndef PP_BENCH_LATENCY_H
#define PP_BENCH_LATENCY_H

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

static inline double lat_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline int lat_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Waits for this query's answer (mine() says which is), at most 2 s from
 * t0: 1 when it came.  An answer to an earlier, timed-out query is not
 * this one's, and is read and dropped.
 */
static inline int lat_await(int fd, double t0, int (*mine)(const unsigned char *, ssize_t))
{
	unsigned char a[1500];

	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int left = 2000 - (int)((lat_now_us() - t0) / 1000);

		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return 0;
		if (mine(a, recv(fd, a, sizeof a, 0)))
			return 1;
	}
}

/* Sorts lat (answered of them) and prints PREFIXqueries=... max_us=... */
static inline void lat_report(const char *prefix, long n, double *lat, long answered, long lost)
{
	qsort(lat, (size_t)answered, sizeof *lat, lat_cmp);
	printf(
	    "%squeries=%ld %sanswered=%ld %slost=%ld %sp50_us=%.0f %sp99_us=%.0f %smax_us=%.0f\n",
	    prefix, n, prefix, answered, prefix, lost, prefix, answered ? lat[answered / 2] : 0.0,
	    prefix, answered ? lat[(size_t)((double)answered * 0.99)] : 0.0, prefix,
	    answered ? lat[answered - 1] : 0.0);
}

#endif
