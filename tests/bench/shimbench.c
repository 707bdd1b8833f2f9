/* SPDX-License-Identifier: MIT */
/*
 * shimbench: a stand-in server for the shim's in-process figures of make
 * bench (tests/bench/run.sh).  Run the same binary with and without
 * LD_PRELOAD=build/libphoneprov-preload.so PHONEPROV_FORCE=1; the harness
 * interleaves the two.
 *
 *   shimbench opens N PATH RRQNAME
 *       Figure 3.  First receives a TFTP read request for RRQNAME over
 *       loopback UDP, as a server does (so an active shim holds a live
 *       request), then times N rounds of open(PATH, O_RDONLY) + close: the
 *       opens a server makes that the shim must not touch.
 *   shimbench requests N DIR NAME
 *       Figure 6.  N rounds of: a read request for NAME arrives (sendto
 *       ourselves, recvfrom), then open(DIR/NAME), read it all, close.
 *       With the shim and a store that has NAME this is a synthesised file
 *       from an unchanged store (no re-parse); without, the static file.
 *
 * Prints "ns_per_op=... ops=... bytes=..." and exits 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "shimbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int srv = -1, cli = -1;
static struct sockaddr_in srv_addr;

static void sockets(void)
{
	socklen_t l = sizeof srv_addr;

	memset(&srv_addr, 0, sizeof srv_addr);
	srv_addr.sin_family = AF_INET;
	srv_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	cli = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (srv < 0 || cli < 0 || bind(srv, (struct sockaddr *)&srv_addr, sizeof srv_addr) != 0 ||
	    getsockname(srv, (struct sockaddr *)&srv_addr, &l) != 0)
		die("socket");
}

/* A read request for name arrives on srv, the way a server receives one. */
static void request(const char *name)
{
	unsigned char pkt[600], buf[600];
	size_t n = strlen(name);
	struct sockaddr_in from;
	socklen_t fl = sizeof from;

	if (n > 500)
		exit(2);
	pkt[0] = 0;
	pkt[1] = 1;
	memcpy(pkt + 2, name, n + 1);
	memcpy(pkt + 3 + n, "octet", 6);
	if (sendto(cli, pkt, n + 9, 0, (struct sockaddr *)&srv_addr, sizeof srv_addr) < 0)
		die("sendto");
	if (recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) < 0)
		die("recvfrom");
}

static int opens(long n, const char *path, const char *rrq)
{
	double t0, t1;

	sockets();
	request(rrq);
	for (long i = 0; i < n / 10 + 1; i++) { /* warm up */
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			die(path);
		close(fd);
	}
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			die(path);
		close(fd);
	}
	t1 = now_ns();
	printf("ns_per_op=%.1f ops=%ld bytes=0\n", (t1 - t0) / (double)n, n);
	return 0;
}

static int requests(long n, const char *dir, const char *name)
{
	char path[4096], buf[65536];
	size_t total = 0;
	double t0 = 0, t1;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	sockets();
	for (long i = -(n / 10 + 1); i < n; i++) { /* the first tenth warms up */
		ssize_t r;
		int fd;

		if (i == 0)
			t0 = now_ns();
		request(name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die(path);
		while ((r = read(fd, buf, sizeof buf)) > 0)
			total += (size_t)r;
		close(fd);
	}
	t1 = now_ns();
	printf("ns_per_op=%.1f ops=%ld bytes=%zu\n", (t1 - t0) / (double)n, n,
	       total / (size_t)(n + n / 10 + 1));
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0;

	if (n < 1 || n > 10000000) {
		fprintf(stderr, "usage: shimbench opens N PATH RRQNAME | requests N DIR NAME\n");
		return 2;
	}
	if (argc == 5 && strcmp(argv[1], "opens") == 0)
		return opens(n, argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "requests") == 0)
		return requests(n, argv[3], argv[4]);
	fprintf(stderr, "usage: shimbench opens N PATH RRQNAME | requests N DIR NAME\n");
	return 2;
}
