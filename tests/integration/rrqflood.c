/*
 * rrqflood HOST PORT COUNT SECONDS: send COUNT malformed TFTP requests to
 * HOST:PORT, stopping early after SECONDS.  Every datagram the servers send
 * back is answered with a TFTP ERROR, so no transfer lingers.  Prints
 * "sent N replies M" and exits 0.  Test tool, not part of phoneprov.
 *
 * The requests: names with an embedded NUL, over 600 bytes, with ../,
 * printf directives, non-ASCII bytes; wrong opcodes; garbage options;
 * truncated packets; random bytes.  Deterministic (a fixed LCG seed).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static unsigned long long seed = 88172645463325252ULL;

static unsigned rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(seed >> 33);
}

static size_t put(unsigned char *b, size_t at, const void *s, size_t n)
{
	memcpy(b + at, s, n);
	return at + n;
}

/* Request number i into b; returns its length. */
static size_t make(unsigned i, unsigned char *b, size_t cap)
{
	static const char mac_name[] = "SIP001BD4123456.cnf";
	size_t n = 0, k;
	unsigned char op[2] = {0, 1};

	switch (i % 12) {
	case 0: { /* embedded NUL in the name: "SIP\0..." */
		static const char nul[] = "SIP\0" "001BD4123456.cnf\0octet";
		n = put(b, n, op, 2);
		n = put(b, n, nul, sizeof(nul));
		break;
	}
	case 1: /* a name over 600 bytes */
		n = put(b, n, op, 2);
		k = 600 + rnd() % 700;
		if (k > cap - 16)
			k = cap - 16;
		memset(b + n, 'A' + (int)(i % 26), k);
		n += k;
		n = put(b, n, "\0octet\0", 7);
		break;
	case 2: /* ../ and absolute paths to our names and to the system */
		n = put(b, n, op, 2);
		n += (size_t)snprintf((char *)b + n, cap - n, "%s",
				      (const char *[]){"../SIP001BD4123456.cnf",
						       "../../../etc/passwd", "/etc/shadow",
						       "sub/../../SIPDefault.cnf",
						       "..\\..\\SIP001BD4123456.cnf"}[i % 5]);
		n = put(b, n, "\0octet\0", 7);
		break;
	case 3: /* printf directives */
		n = put(b, n, op, 2);
		n = put(b, n, "%n%n%s%s%x%p.cnf\0octet\0", 23);
		break;
	case 4: /* non-ASCII bytes */
		n = put(b, n, op, 2);
		for (k = 0; k < 40; k++)
			b[n++] = (unsigned char)(0x80 + rnd() % 0x7f);
		n = put(b, n, "\0octet\0", 7);
		break;
	case 5: /* wrong opcodes carrying our names */
		op[1] = (unsigned char)(i / 12 % 8 == 1 ? 9 : i / 12 % 8);
		if (i / 12 % 16 == 15)
			op[0] = 0xff;
		n = put(b, n, op, 2);
		n = put(b, n, mac_name, sizeof(mac_name));
		n = put(b, n, "octet\0", 6);
		break;
	case 6: /* garbage options on a real name */
		n = put(b, n, op, 2);
		n = put(b, n, "SIPDefault.cnf\0octet\0tsize\0abc\0blksize\0-1\0timeout\0",
			51);
		n = put(b, n, "99999999999999999999\0\0\0windowsize\0", 35);
		break;
	case 7: /* truncated: no NUL after the name, no mode */
		n = put(b, n, op, 2);
		n = put(b, n, mac_name, sizeof(mac_name) - 1 - i % 5);
		break;
	case 8: /* a bad mode */
		n = put(b, n, op, 2);
		n = put(b, n, mac_name, sizeof(mac_name));
		n = put(b, n, (i % 2) ? "bogus\0" : "\xff\xfe\0", (i % 2) ? 6 : 3);
		break;
	case 9: /* just an opcode, or nothing */
		n = put(b, n, op, i % 3);
		break;
	case 10: /* a name of only separators and dots */
		n = put(b, n, op, 2);
		n = put(b, n, (i % 2) ? "////\0octet\0" : "..\0octet\0", (i % 2) ? 11 : 9);
		break;
	default: /* random bytes, sometimes with an RRQ opcode in front */
		k = 1 + rnd() % 700;
		for (size_t j = 0; j < k; j++)
			b[j] = (unsigned char)rnd();
		if (i % 2)
			b[0] = 0, b[1] = 1;
		n = k;
		break;
	}
	return n;
}

/* End whatever the server started: an ERROR to the port it came from. */
static unsigned drain(int fd)
{
	unsigned char in[2048];
	static const unsigned char err[] = {0, 5, 0, 0, 's', 't', 'o', 'p', 0};
	struct sockaddr_storage from;
	unsigned n = 0;
	for (;;) {
		socklen_t fl = sizeof(from);
		ssize_t r = recvfrom(fd, in, sizeof(in), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (r < 0)
			break;
		n++;
		if (r >= 2 && in[1] != 5)
			sendto(fd, err, sizeof(err), 0, (struct sockaddr *)&from, fl);
	}
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: rrqflood HOST PORT COUNT SECONDS\n");
		return 2;
	}
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
	if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1)
		return 2;
	unsigned long count = strtoul(argv[3], NULL, 10);
	time_t deadline = time(NULL) + atol(argv[4]);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return 1;
	unsigned char b[1500];
	unsigned long sent = 0, replies = 0;
	for (unsigned i = 0; sent < count && time(NULL) < deadline; i++) {
		size_t n = make(i, b, sizeof(b));
		if (sendto(fd, b, n, 0, (struct sockaddr *)&to, sizeof(to)) >= 0)
			sent++;
		replies += drain(fd);
		/* A forking server (in.tftpd) needs a breath now and then. */
		if (i % 50 == 49)
			nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
	}
	/* Answer the stragglers for a moment, then go. */
	for (int k = 0; k < 20; k++) {
		replies += drain(fd);
		nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
	}
	printf("sent %lu replies %lu\n", sent, replies);
	close(fd);
	return 0;
}
