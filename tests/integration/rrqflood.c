/* SPDX-License-Identifier: MIT */
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
#include <poll.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
		static const char nul[] = "SIP\0"
		                          "001BD4123456.cnf\0octet";
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
		n = put(b, n, "SIPDefault.cnf\0octet\0tsize\0abc\0blksize\0-1\0timeout\0", 51);
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

/* The shim's definition of a read request it remembers (hooks/preload_state.c). */
static int is_rrq(const unsigned char *b, size_t n, const unsigned char **name)
{
	const unsigned char *end = b + n, *z, *m, *mz;
	if (n < 4 || b[0] != 0 || b[1] != 1)
		return 0;
	z = memchr(b + 2, 0, n - 2);
	if (!z || z == b + 2 || z - (b + 2) > 511)
		return 0;
	m = z + 1;
	mz = memchr(m, 0, (size_t)(end - m));
	if (!mz)
		return 0;
	size_t ml = (size_t)(mz - m);
	if (!((ml == 5 && !strncasecmp((const char *)m, "octet", 5)) ||
	      (ml == 8 && !strncasecmp((const char *)m, "netascii", 8)) ||
	      (ml == 4 && !strncasecmp((const char *)m, "mail", 4))))
		return 0;
	*name = b + 2;
	return 1;
}

/*
 * name as a decision line of the shim's log writes it: pp_sanitise in
 * hooks/preload_log.c, into 256 bytes.  A copy on purpose: it is the test's
 * own statement of what the log must say, not a call into the code tested.
 */
static void logged_name(const unsigned char *p, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (; *p; p++) {
		int plain = *p > 0x20 && *p < 0x7f && *p != '\\' && *p != '"';
		if (o + (plain ? 1 : 4) + 4 > outlen) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (plain) {
			out[o++] = (char)*p;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}

#define WINDOW 32
/* How long an answer may take: a forking server under strace, on a busy
 * machine, for a read request; much less for the rest, many of which a
 * server ignores by design. */
#define WAIT_RRQ_MS   5000
#define WAIT_OTHER_MS 1000

typedef struct slot {
	int fd;
	unsigned idx;
	int rrq;
	char name[256];
	struct timespec t;
} slot;

static long ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static void done(slot *s, const char *answer)
{
	printf("req %u %s %s %s\n", s->idx, s->rrq ? "rrq" : "other", answer,
	       s->rrq ? s->name : "-");
	close(s->fd);
	s->fd = -1;
}

/* The first datagram back: what it was; a transfer it starts is ended. */
static int answer(slot *s)
{
	unsigned char in[2048];
	static const unsigned char err[] = {0, 5, 0, 0, 's', 't', 'o', 'p', 0};
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);
	char what[32];
	ssize_t r = recvfrom(s->fd, in, sizeof(in), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
	if (r < 0)
		return 0;
	if (r >= 4 && in[0] == 0 && in[1] == 5)
		snprintf(what, sizeof(what), "error:%u", in[2] << 8 | in[3]);
	else if (r >= 4 && in[0] == 0 && in[1] == 3)
		snprintf(what, sizeof(what), "data");
	else if (r >= 2 && in[0] == 0 && in[1] == 6)
		snprintf(what, sizeof(what), "oack");
	else
		snprintf(what, sizeof(what), "short");
	if (!(r >= 2 && in[0] == 0 && in[1] == 5))
		sendto(s->fd, err, sizeof(err), 0, (struct sockaddr *)&from, fl);
	done(s, what);
	return 1;
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
	slot s[WINDOW];
	unsigned char b[1500];
	unsigned long sent = 0, replies = 0;
	unsigned next = 0;
	int busy = 0;
	for (int k = 0; k < WINDOW; k++)
		s[k].fd = -1;
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (busy > 0 || (sent < count && time(NULL) < deadline)) {
		struct pollfd pf[WINDOW];
		for (int k = 0; k < WINDOW; k++) {
			if (s[k].fd < 0 && sent < count && time(NULL) < deadline) {
				const unsigned char *name;
				size_t n = make(next, b, sizeof(b));
				s[k].fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
				if (s[k].fd < 0)
					return 1;
				s[k].idx = next++;
				s[k].rrq = is_rrq(b, n, &name);
				if (s[k].rrq)
					logged_name(name, s[k].name, sizeof(s[k].name));
				clock_gettime(CLOCK_MONOTONIC, &s[k].t);
				if (sendto(s[k].fd, b, n, 0, (struct sockaddr *)&to, sizeof(to)) <
				    0) {
					done(&s[k], "unsent");
					continue;
				}
				sent++;
				busy++;
			}
			pf[k] = (struct pollfd){s[k].fd, POLLIN, 0};
		}
		poll(pf, WINDOW, 10);
		for (int k = 0; k < WINDOW; k++) {
			if (s[k].fd < 0)
				continue;
			if (answer(&s[k])) {
				replies++;
				busy--;
			} else if (ms_since(&s[k].t) > (s[k].rrq ? WAIT_RRQ_MS : WAIT_OTHER_MS)) {
				done(&s[k], "none");
				busy--;
			}
		}
	}
	printf("sent %lu replies %lu\n", sent, replies);
	return 0;
}
