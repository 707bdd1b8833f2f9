/* SPDX-License-Identifier: MIT */
/*
 * rrq HOST PORT NAME: one TFTP read request for NAME, byte for byte (curl
 * and tftp-hpa refuse or rewrite names over 512 bytes and backslashes),
 * then the whole transfer, ACKing each block.  Prints "data BYTES" with
 * the file's content after it on the next line, "error CODE MESSAGE", or
 * "timeout" (2 s without a packet).  At most 10,000 blocks.
 * rrq -n COUNT HOST PORT NAME: COUNT such requests one after another, each
 * waiting at most 0.5 s for its first answer, 30 s in all; prints
 * "sent N errors E data D timeouts T".
 * rrq -w HOST PORT NAME: a write request for NAME (which no shim looks at)
 * from one socket, sent again each 0.5 s until any packet answers, at most
 * 20 times; prints "answered N" (N: the datagrams sent) or "timeout N".
 * HOST may be IPv6 here.
 * rrq -c K HOST PORT NAME: the same read, but only the first K DATA blocks
 * are ACKed; then it goes silent and exits, as a phone that loses power
 * mid-fetch; prints "stopped after K blocks" (or "timeout", "error ...").
 * Test tool, not part of phoneprov.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The first answer to one request: 'e' error, 'd' data, 't' timeout. */
static int one(const struct sockaddr_in *srv, const unsigned char *pkt, size_t len)
{
	unsigned char buf[1024];
	struct sockaddr_in from;
	socklen_t fl = sizeof from;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), r = 't';
	struct pollfd p = {fd, POLLIN, 0};

	if (fd < 0 || sendto(fd, pkt, len, 0, (const struct sockaddr *)srv, sizeof *srv) < 0) {
		if (fd >= 0)
			close(fd);
		return 't';
	}
	if (poll(&p, 1, 500) == 1 &&
	    recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) >= 4) {
		r = buf[1] == 5 ? 'e' : 'd';
		if (r == 'd') { /* end the transfer: an ERROR, as a client that gives up */
			unsigned char err[5] = {0, 5, 0, 0, 0};
			sendto(fd, err, sizeof err, 0, (struct sockaddr *)&from, fl);
		}
	}
	close(fd);
	return r;
}

static int many(long count, const char *host, const char *port, const char *name)
{
	struct sockaddr_in srv;
	unsigned char pkt[1600];
	size_t nl = strlen(name);
	long sent = 0, e = 0, d = 0, t = 0;
	time_t end = time(NULL) + 30;

	memset(&srv, 0, sizeof srv);
	srv.sin_family = AF_INET;
	srv.sin_port = htons((unsigned short)atoi(port));
	if (nl > 1500 || inet_pton(AF_INET, host, &srv.sin_addr) != 1)
		return 2;
	pkt[0] = 0;
	pkt[1] = 1;
	memcpy(pkt + 2, name, nl + 1);
	memcpy(pkt + 3 + nl, "octet", 6);
	for (; sent < count && time(NULL) < end; sent++) {
		int r = one(&srv, pkt, nl + 9);
		e += r == 'e';
		d += r == 'd';
		t += r == 't';
	}
	printf("sent %ld errors %ld data %ld timeouts %ld\n", sent, e, d, t);
	return 0;
}

static int ready(const char *host, const char *port, const char *name)
{
	struct addrinfo hints, *ai = NULL;
	unsigned char pkt[600], buf[1024];
	size_t nl = strlen(name);
	int fd, sent = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (nl > 500 || getaddrinfo(host, port, &hints, &ai) != 0)
		return 2;
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	pkt[0] = 0;
	pkt[1] = 2;
	memcpy(pkt + 2, name, nl + 1);
	memcpy(pkt + 3 + nl, "octet", 6);
	while (fd >= 0 && sent < 20) {
		struct pollfd p = {fd, POLLIN, 0};

		if (sendto(fd, pkt, nl + 9, 0, ai->ai_addr, ai->ai_addrlen) < 0)
			break;
		sent++;
		if (poll(&p, 1, 500) == 1 && recv(fd, buf, sizeof buf, 0) >= 0) {
			printf("answered %d\n", sent);
			freeaddrinfo(ai);
			close(fd);
			return 0;
		}
	}
	printf("timeout %d\n", sent);
	freeaddrinfo(ai);
	if (fd >= 0)
		close(fd);
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in srv, from;
	socklen_t fl = sizeof from;
	unsigned char pkt[2048], buf[1024];
	static unsigned char file[10000 * 512];
	size_t n = 0, nl;
	unsigned block = 1;
	long cut = -1;
	int fd;

	if (argc == 6 && strcmp(argv[1], "-n") == 0)
		return many(atol(argv[2]), argv[3], argv[4], argv[5]);
	if (argc == 5 && strcmp(argv[1], "-w") == 0)
		return ready(argv[2], argv[3], argv[4]);
	if (argc == 6 && strcmp(argv[1], "-c") == 0) {
		cut = atol(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 4 || (nl = strlen(argv[3])) > 1500) {
		fprintf(stderr, "usage: rrq [-c K] HOST PORT NAME (NAME up to 1500 bytes)\n");
		return 2;
	}
	memset(&srv, 0, sizeof srv);
	srv.sin_family = AF_INET;
	srv.sin_port = htons((unsigned short)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &srv.sin_addr) != 1)
		return 2;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	pkt[0] = 0;
	pkt[1] = 1;
	memcpy(pkt + 2, argv[3], nl + 1);
	memcpy(pkt + 3 + nl, "octet", 6);
	if (fd < 0 || sendto(fd, pkt, nl + 9, 0, (struct sockaddr *)&srv, sizeof srv) < 0)
		return 2;
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t r;

		if (poll(&p, 1, 2000) != 1) {
			puts("timeout");
			return 0;
		}
		fl = sizeof from;
		r = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
		if (r >= 4 && buf[1] == 5) {
			printf("error %u %.*s\n", (unsigned)buf[3], (int)(r - 5 > 0 ? r - 5 : 0),
			       (const char *)buf + 4);
			return 0;
		}
		if (r < 4 || buf[1] != 3 || (unsigned)(buf[2] << 8 | buf[3]) != (block & 0xffff))
			continue;
		if (cut >= 0 && (long)block > cut) {
			printf("stopped after %ld blocks\n", cut);
			return 0;
		}
		memcpy(file + n, buf + 4, (size_t)r - 4);
		n += (size_t)r - 4;
		unsigned char ack[4] = {0, 4, buf[2], buf[3]};
		sendto(fd, ack, 4, 0, (struct sockaddr *)&from, fl);
		if (r < 516 || ++block > 10000)
			break;
	}
	printf("data %zu\n", n);
	fwrite(file, 1, n, stdout);
	return 0;
}
