/* SPDX-License-Identifier: MIT */
/*
 * A stand-in TFTP server built the way Debian 13 builds for armhf, where
 * time_t is 64 bits:
 *
 *   arm-linux-gnueabihf-gcc -D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64 ...
 *
 * There glibc's headers turn recvmsg into __recvmsg64, open into open64,
 * openat into openat64 and fopen into fopen64 (nm -D shows what this
 * program imports).  tests/packaging/cross.t.sh runs it under qemu-arm with
 * the shim and PHONEPROV_FORCE=1: each read request arrives by recvmsg or
 * recvfrom, as in dnsmasq and in.tftpd, and each open of the requested name
 * must get the rendered bytes.
 *
 *   time64-probe NAME EXPECTED     in an empty folder: NAME must not exist
 *
 * Prints "ok - ..." / "not ok - ..." lines; exits 1 on any failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static int failures;
static char expected[65536];
static size_t explen;

static void report(int good, const char *what)
{
	printf("%s - time64 probe: %s\n", good ? "ok" : "not ok", what);
	if (!good)
		failures++;
}

/* Send a read request for name to srv and receive it there. */
static int request(int srv, const char *name, int use_recvmsg)
{
	struct sockaddr_in to, from;
	socklen_t tolen = sizeof to, fromlen = sizeof from;
	unsigned char pkt[600], buf[600];
	size_t n = strlen(name);
	ssize_t r;
	int cli;

	if (n > 500 || getsockname(srv, (struct sockaddr *)&to, &tolen) != 0)
		return -1;
	pkt[0] = 0;
	pkt[1] = 1;
	memcpy(pkt + 2, name, n + 1);
	memcpy(pkt + 2 + n + 1, "octet", 6);
	cli = socket(AF_INET, SOCK_DGRAM, 0);
	if (cli < 0 || sendto(cli, pkt, 2 + n + 1 + 6, 0, (struct sockaddr *)&to, tolen) < 0)
		return -1;
	if (use_recvmsg) {
		struct iovec iov = {buf, sizeof buf};
		struct msghdr msg;

		memset(&msg, 0, sizeof msg);
		msg.msg_name = &from;
		msg.msg_namelen = sizeof from;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		r = recvmsg(srv, &msg, 0);
	} else {
		r = recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
	}
	close(cli);
	return r > 0 ? 0 : -1;
}

static int same_fd(int fd)
{
	static char got[65536];
	size_t have = 0;
	ssize_t r;

	if (fd < 0)
		return 0;
	while ((r = read(fd, got + have, sizeof got - have)) > 0)
		have += (size_t)r;
	close(fd);
	return r == 0 && have == explen && memcmp(got, expected, explen) == 0;
}

static int same_file(FILE *f)
{
	static char got[65536];
	size_t n;

	if (f == NULL)
		return 0;
	n = fread(got, 1, sizeof got, f);
	fclose(f);
	return n == explen && memcmp(got, expected, n) == 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a;
	FILE *f;
	int srv, fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 3) {
		fprintf(stderr, "usage: time64-probe NAME EXPECTED\n");
		return 2;
	}
	printf("# sizeof(time_t) = %u, sizeof(off_t) = %u\n", (unsigned)sizeof(time_t),
	       (unsigned)sizeof(off_t));
	report(sizeof(time_t) == 8, "built with a 64-bit time_t");
	f = fopen(argv[2], "rb");
	if (f == NULL) {
		perror(argv[2]);
		return 1;
	}
	explen = fread(expected, 1, sizeof expected, f);
	fclose(f);

	srv = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (srv < 0 || bind(srv, (struct sockaddr *)&a, sizeof a) != 0) {
		perror("socket");
		return 1;
	}

	report(request(srv, argv[1], 1) == 0, "a read request arrives by recvmsg");
	report(same_fd(open(argv[1], O_RDONLY)), "open after recvmsg serves the rendered bytes");
	report(same_fd(openat(AT_FDCWD, argv[1], O_RDONLY)),
	       "openat after recvmsg serves the rendered bytes");
	report(same_file(fopen(argv[1], "r")), "fopen after recvmsg serves the rendered bytes");

	/* The shim must have seen this one too, or the old name would still be served. */
	report(request(srv, "something-else.bin", 1) == 0, "another request arrives by recvmsg");
	errno = 0;
	fd = open(argv[1], O_RDONLY);
	report(fd < 0 && errno == ENOENT, "after it, the first name goes to disk (ENOENT)");
	if (fd >= 0)
		close(fd);

	report(request(srv, argv[1], 0) == 0, "a read request arrives by recvfrom");
	report(same_fd(open(argv[1], O_RDONLY)), "open after recvfrom serves the rendered bytes");
	close(srv);
	return failures != 0;
}
