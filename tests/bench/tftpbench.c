/* SPDX-License-Identifier: MIT */
/*
 * tftpbench: the TFTP client of make bench (tests/bench/run.sh).
 *
 * Plain RFC 1350 read requests (mode octet, no options, 512-byte blocks),
 * one UDP socket per request as a phone uses, each block ACKed.  It times
 * every request from the RRQ to the first DATA (or ERROR) and to the last
 * block, and checks what came back: with -e DIR, DIR/NAME must be exactly
 * the bytes received, and a NAME with no file in DIR must get "file not
 * found" (TFTP error 1).  All traffic is bounded: at most -r retransmissions
 * of a packet, -t ms apart, and nothing runs past the -T deadline.
 *
 *   tftpbench [options] seq N NAME       N fetches of NAME, one after another
 *   tftpbench [options] par N C NAME     N fetches of NAME, C at a time
 *   tftpbench [options] list FILE        each name in FILE (one a line), one
 *                                        after another
 *   tftpbench [options] ab N T1 T2 ...   N rounds of one fetch from each
 *                                        target in turn (T1 T2 T3, then
 *                                        T3 T2 T1, ...), so that every
 *                                        target sees the same conditions;
 *                                        a target is LABEL=ADDR/NAME, or
 *                                        LABEL=ADDR/@FILE for the names in
 *                                        FILE in turn; one line per target
 *   tftpbench [options] boot MACFILE     one simulated phone per MAC in
 *                                        MACFILE (12 hex digits a line), all
 *                                        starting at once, each running the
 *                                        boot sequence of -q
 * Options:
 *   -s ADDR  server IPv4 address (127.0.0.1)     -p PORT  server port (69)
 *   -b ADDR  local address to send from          -e DIR   expected files
 *   -t MS    retransmission timeout (1000)       -r N     retransmissions (5)
 *   -T SEC   deadline for the whole run (60)
 *   -E DIR   a second version: a fetch is right if it is exactly the file
 *            of -e or exactly the file of -E (a store replaced while phones
 *            fetch); old= and new= count each
 *   -v       a line on stderr for each wrong file (name, result, size)
 *   -q LIST  the boot sequence, names separated by commas, %s for the MAC;
 *            default the 7940's from the research log:
 *            CTLSEP%s.tlv,SEP%s.cnf.xml,SIP%s.cnf,P0S3-08-2-00.loads,
 *            SIPDefault.cnf,SIP%s.cnf,RINGLIST.DAT,dialplan.xml
 *
 * Prints one line of key=value pairs; exits 0 when every request got what
 * -e says it should, 1 otherwise, 2 on a usage error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BLOCK    512
#define MAX_NAME 256
#define DEFAULT_BOOT                                                                               \
	"CTLSEP%s.tlv,SEP%s.cnf.xml,SIP%s.cnf,P0S3-08-2-00.loads,SIPDefault.cnf,SIP%s.cnf,"        \
	"RINGLIST.DAT,dialplan.xml"

enum result { RES_PENDING = 0, RES_OK, RES_NOTFOUND, RES_ERROR, RES_TIMEOUT };

/* One request: its name and what happened. */
struct fetch {
	char name[MAX_NAME];
	const struct sockaddr_in *srv; /* where the RRQ goes */
	enum result result;
	int code; /* the TFTP error code for RES_ERROR */
	int retries;
	int wrong; /* did not match the expected file */
	double t_rrq, t_first, t_done;
};

/* A client (a phone, or one of C parallel workers): requests in order. */
struct session {
	struct fetch *fetches;
	size_t nfetch, next;
	struct fetch *cur; /* in flight, or NULL */
	int fd;
	struct sockaddr_in peer; /* the server's transfer port, once known */
	int have_tid;
	uint16_t block;
	unsigned char *data;
	size_t len, cap;
	unsigned char last[4 + MAX_NAME + 16]; /* the RRQ or the last ACK, to resend */
	size_t last_len;
	int last_to_peer;
	double t_sent;
	int pkt_retries; /* of the packet in last[] */
	int done;
	double t_finished;
};

static struct sockaddr_in server;
static struct sockaddr_in local;
static int have_local;
static double rto_ms = 1000;
static int max_retries = 5;
static double deadline_s = 60;
static long total_retries, stray_packets;

static void usage(void);
static void parse_addr(const char *text, struct sockaddr_in *sa);

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what)
{
	fprintf(stderr, "tftpbench: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* ---- expected files, read once each ------------------------------------- */

struct expect {
	char name[MAX_NAME];
	int exists;
	unsigned char *data;
	size_t len;
	struct expect *next;
};

/* One table per folder: -e's, and -E's when a fetch may be either version. */
static struct expect *buckets[2][1024];
static const char *expdirs[2];
static int verbose;
static size_t matched[2]; /* fetches that were exactly -e's file, -E's file */

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % 1024;
}

static const struct expect *expected(int which, const char *name)
{
	unsigned h = hash(name);
	struct expect *e;
	char path[4096];
	FILE *f;

	for (e = buckets[which][h]; e != NULL; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e;
	e = calloc(1, sizeof *e);
	if (e == NULL)
		die("calloc");
	snprintf(e->name, sizeof e->name, "%s", name);
	snprintf(path, sizeof path, "%s/%s", expdirs[which], name);
	f = fopen(path, "rb");
	if (f != NULL) {
		size_t cap = 4096;

		e->exists = 1;
		e->data = malloc(cap);
		while (e->data != NULL) {
			size_t r = fread(e->data + e->len, 1, cap - e->len, f);

			e->len += r;
			if (r == 0)
				break;
			if (e->len == cap) {
				cap *= 2;
				e->data = realloc(e->data, cap);
			}
		}
		if (e->data == NULL)
			die("malloc");
		fclose(f);
	}
	e->next = buckets[which][h];
	buckets[which][h] = e;
	return e;
}

static int is_right(const struct expect *e, const struct fetch *f, const unsigned char *data,
                    size_t len)
{
	if (e->exists)
		return f->result == RES_OK && len == e->len && memcmp(data, e->data, len) == 0;
	return f->result == RES_NOTFOUND;
}

/* The end of the line: old, the -e version (or a file both share), new: only -E's */
static void versions(void)
{
	if (expdirs[1] != NULL)
		printf(" old=%zu new=%zu", matched[0], matched[1]);
	printf("\n");
}

/* Right is the whole of one version: a mix of the two is wrong. */
static void judge(struct fetch *f, const unsigned char *data, size_t len)
{
	if (expdirs[0] == NULL)
		return;
	for (int k = 0; k < 2 && expdirs[k] != NULL; k++)
		if (is_right(expected(k, f->name), f, data, len)) {
			matched[k]++;
			return;
		}
	f->wrong = 1;
	/* A timeout is counted; anything else wrong gets a line of its own (-v). */
	if (verbose && f->result != RES_TIMEOUT)
		fprintf(
		    stderr,
		    "tftpbench: wrong: %s: result %d (1 ok, 2 not found, 3 error %d), %zu bytes\n",
		    f->name, (int)f->result, f->code, len);
}

/* ---- the protocol ---------------------------------------------------------- */

static void send_last(struct session *s)
{
	const struct sockaddr_in *to = s->last_to_peer ? &s->peer : s->cur->srv;

	/* A full socket buffer just means this one is resent later. */
	(void)sendto(s->fd, s->last, s->last_len, 0, (const struct sockaddr *)to, sizeof *to);
	s->t_sent = now_ms();
}

static void start_next(struct session *s)
{
	struct fetch *f;
	size_t n;

	if (s->next == s->nfetch) {
		s->done = 1;
		s->t_finished = now_ms();
		return;
	}
	f = &s->fetches[s->next++];
	s->cur = f;
	s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		die("socket");
	if (have_local && bind(s->fd, (const struct sockaddr *)&local, sizeof local) != 0)
		die("bind");
	s->have_tid = 0;
	s->block = 0;
	s->len = 0;
	n = strlen(f->name);
	s->last[0] = 0;
	s->last[1] = 1; /* RRQ */
	memcpy(s->last + 2, f->name, n + 1);
	memcpy(s->last + 2 + n + 1, "octet", 6);
	s->last_len = 2 + n + 1 + 6;
	s->last_to_peer = 0;
	s->pkt_retries = 0;
	f->t_rrq = now_ms();
	send_last(s);
}

static void finish(struct session *s, enum result r, int code)
{
	struct fetch *f = s->cur;

	f->result = r;
	f->code = code;
	f->t_done = now_ms();
	judge(f, s->data, s->len);
	close(s->fd);
	s->fd = -1;
	s->cur = NULL;
	start_next(s);
}

static void unknown_tid(int fd, const struct sockaddr_in *from)
{
	static const unsigned char err[] = {0, 5, 0, 5, 'u', 'n', 'k', 'n', 'o', 'w', 'n', 0};

	(void)sendto(fd, err, sizeof err, 0, (const struct sockaddr *)from, sizeof *from);
	stray_packets++;
}

static void on_packet(struct session *s, const unsigned char *p, size_t n,
                      const struct sockaddr_in *from)
{
	struct fetch *f = s->cur;
	unsigned op;

	if (n < 4 || from->sin_addr.s_addr != f->srv->sin_addr.s_addr)
		return;
	if (s->have_tid && from->sin_port != s->peer.sin_port) {
		unknown_tid(s->fd, from); /* e.g. a second server child for a resent RRQ */
		return;
	}
	op = (unsigned)p[0] << 8 | p[1];
	if (op == 5) { /* ERROR */
		if (f->t_first == 0)
			f->t_first = now_ms();
		finish(s, p[3] == 1 && p[2] == 0 ? RES_NOTFOUND : RES_ERROR, p[2] << 8 | p[3]);
		return;
	}
	if (op != 3)
		return;
	uint16_t block = (uint16_t)(p[2] << 8 | p[3]);
	if (!s->have_tid) {
		s->peer = *from;
		s->have_tid = 1;
	}
	if (block != (uint16_t)(s->block + 1))
		return; /* a duplicate: our timer resends the ACK if need be */
	if (f->t_first == 0)
		f->t_first = now_ms();
	s->block = block;
	n -= 4;
	if (s->len + n > s->cap) {
		s->cap = (s->len + n) * 2;
		s->data = realloc(s->data, s->cap);
		if (s->data == NULL)
			die("realloc");
	}
	memcpy(s->data + s->len, p + 4, n);
	s->len += n;
	s->last[0] = 0;
	s->last[1] = 4; /* ACK */
	s->last[2] = p[2];
	s->last[3] = p[3];
	s->last_len = 4;
	s->last_to_peer = 1;
	s->pkt_retries = 0; /* progress: retransmissions are counted per packet */
	send_last(s);
	if (n < BLOCK)
		finish(s, RES_OK, 0);
}

static void run(struct session *ss, size_t nsess)
{
	struct pollfd *pfd = calloc(nsess, sizeof *pfd);
	size_t *idx = calloc(nsess, sizeof *idx);
	double end = now_ms() + deadline_s * 1000;
	size_t i;

	if (pfd == NULL || idx == NULL)
		die("calloc");
	for (i = 0; i < nsess; i++) {
		ss[i].fd = -1;
		start_next(&ss[i]);
	}
	for (;;) {
		size_t np = 0;
		double t = now_ms(), wake = end;
		int rc;

		for (i = 0; i < nsess; i++) {
			if (ss[i].done || ss[i].cur == NULL)
				continue;
			pfd[np].fd = ss[i].fd;
			pfd[np].events = POLLIN;
			idx[np++] = i;
			if (ss[i].t_sent + rto_ms < wake)
				wake = ss[i].t_sent + rto_ms;
		}
		if (np == 0 || t >= end)
			break;
		rc = poll(pfd, (nfds_t)np, wake > t ? (int)(wake - t) + 1 : 0);
		if (rc < 0 && errno != EINTR)
			die("poll");
		for (size_t k = 0; rc > 0 && k < np; k++) {
			struct session *s = &ss[idx[k]];
			int fd = pfd[k].fd;

			if (!(pfd[k].revents & (POLLIN | POLLERR)))
				continue;
			/* Several packets may wait; finish() may swap the socket. */
			for (int burst = 0; burst < 64 && s->fd == fd; burst++) {
				unsigned char buf[4 + BLOCK + 64];
				struct sockaddr_in from;
				socklen_t fl = sizeof from;
				ssize_t n =
				    recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);

				if (n < 0)
					break; /* EAGAIN, or an ICMP error: the timer handles it */
				on_packet(s, buf, (size_t)n, &from);
			}
		}
		t = now_ms();
		for (i = 0; i < nsess; i++) {
			struct session *s = &ss[i];

			if (s->done || s->cur == NULL || s->t_sent + rto_ms > t)
				continue;
			if (s->pkt_retries >= max_retries) {
				finish(s, RES_TIMEOUT, 0);
				continue;
			}
			s->pkt_retries++;
			s->cur->retries++;
			total_retries++;
			send_last(s);
		}
	}
	/* The deadline: whatever is still running timed out. */
	for (i = 0; i < nsess; i++) {
		while (!ss[i].done && ss[i].cur != NULL) {
			ss[i].next = ss[i].nfetch;
			finish(&ss[i], RES_TIMEOUT, 0);
		}
	}
	free(pfd);
	free(idx);
}

/* ---- statistics ------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (0..100) of v[0..n), sorted in place; 0 when n is 0. */
static double pct(double *v, size_t n, double p)
{
	size_t k;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[k < n ? k : n - 1];
}

struct tally {
	size_t fetches, ok, notfound, errors, timeouts, wrong;
};

static void tally(const struct fetch *f, size_t n, struct tally *t, double *first, double *total,
                  size_t *nlat)
{
	memset(t, 0, sizeof *t);
	*nlat = 0;
	for (size_t i = 0; i < n; i++) {
		t->fetches++;
		t->ok += f[i].result == RES_OK;
		t->notfound += f[i].result == RES_NOTFOUND;
		t->errors += f[i].result == RES_ERROR;
		t->timeouts += f[i].result == RES_TIMEOUT || f[i].result == RES_PENDING;
		t->wrong += f[i].wrong;
		if (f[i].result == RES_OK && f[i].t_first > 0) {
			first[*nlat] = (f[i].t_first - f[i].t_rrq) * 1000;
			total[*nlat] = (f[i].t_done - f[i].t_rrq) * 1000;
			(*nlat)++;
		}
	}
}

/* n fetches, c at a time; names[i % nnames] for the i-th. */
static int fetch_mode(size_t n, size_t c, char (*names)[MAX_NAME], size_t nnames)
{
	struct fetch *f = calloc(n, sizeof *f);
	struct session *ss = calloc(c, sizeof *ss);
	double *first = calloc(n, sizeof *first), *total = calloc(n, sizeof *total);
	struct tally t;
	size_t nlat, i, per = n / c;
	double t0, t1;

	if (f == NULL || ss == NULL || first == NULL || total == NULL)
		die("calloc");
	for (i = 0; i < n; i++) {
		memcpy(f[i].name, names[i % nnames], MAX_NAME);
		f[i].srv = &server;
	}
	for (i = 0; i < c; i++) {
		ss[i].fetches = f + i * per;
		ss[i].nfetch = i + 1 < c ? per : n - i * per;
	}
	t0 = now_ms();
	run(ss, c);
	t1 = now_ms();
	tally(f, n, &t, first, total, &nlat);
	printf("fetches=%zu ok=%zu notfound=%zu errors=%zu timeouts=%zu wrong=%zu retries=%ld "
	       "elapsed_ms=%.3f fetches_per_s=%.1f first_us_p50=%.1f first_us_p90=%.1f "
	       "total_us_p50=%.1f total_us_p90=%.1f",
	       t.fetches, t.ok, t.notfound, t.errors, t.timeouts, t.wrong, total_retries, t1 - t0,
	       (double)n / ((t1 - t0) / 1000), pct(first, nlat, 50), pct(first, nlat, 90),
	       pct(total, nlat, 50), pct(total, nlat, 90));
	versions();
	return t.wrong == 0 && t.timeouts == 0 && t.errors == 0 ? 0 : 1;
}

static int boot_mode(const char *macfile, const char *seq)
{
	FILE *mf = fopen(macfile, "r");
	char line[128], names[32][MAX_NAME];
	size_t nseq = 0, nph = 0, cap = 1024;
	char(*macs)[13] = malloc(cap * sizeof *macs);
	const char *p = seq;

	if (mf == NULL)
		die(macfile);
	if (macs == NULL)
		die("malloc");
	while (fgets(line, sizeof line, mf) != NULL) {
		line[strcspn(line, "\r\n \t")] = '\0';
		if (strlen(line) != 12)
			continue;
		if (nph == cap) {
			cap *= 2;
			macs = realloc(macs, cap * sizeof *macs);
			if (macs == NULL)
				die("realloc");
		}
		memcpy(macs[nph++], line, 13);
	}
	fclose(mf);
	while (*p != '\0' && nseq < 32) {
		size_t k = strcspn(p, ",");

		snprintf(names[nseq++], MAX_NAME, "%.*s", (int)k, p);
		p += k;
		if (*p == ',')
			p++;
	}
	if (nph == 0 || nseq == 0) {
		fprintf(stderr, "tftpbench: no MACs in %s or an empty sequence\n", macfile);
		return 2;
	}

	struct fetch *f = calloc(nph * nseq, sizeof *f);
	struct session *ss = calloc(nph, sizeof *ss);
	double *first = calloc(nph * nseq, sizeof *first);
	double *total = calloc(nph * nseq, sizeof *total);
	double *done = calloc(nph, sizeof *done);
	size_t phones_ok = 0, nlat, i, j;
	struct tally t;
	double t0, t1, last = 0;

	if (f == NULL || ss == NULL || first == NULL || total == NULL || done == NULL)
		die("calloc");
	for (i = 0; i < nph; i++) {
		for (j = 0; j < nseq; j++) {
			/* A name template has at most one %s: the MAC. */
			const char *pct_s = strstr(names[j], "%s");
			struct fetch *fe = &f[i * nseq + j];

			if (pct_s != NULL)
				snprintf(fe->name, sizeof fe->name, "%.*s%s%s",
				         (int)(pct_s - names[j]), names[j], macs[i], pct_s + 2);
			else
				memcpy(fe->name, names[j], strlen(names[j]) + 1);
			fe->srv = &server;
		}
		ss[i].fetches = &f[i * nseq];
		ss[i].nfetch = nseq;
	}
	t0 = now_ms();
	run(ss, nph);
	t1 = now_ms();
	for (i = 0; i < nph; i++) {
		int good = 1;

		for (j = 0; j < nseq; j++) {
			const struct fetch *fe = &f[i * nseq + j];

			good &= !fe->wrong && (fe->result == RES_OK || fe->result == RES_NOTFOUND);
		}
		phones_ok += good;
		done[i] = ss[i].t_finished > 0 ? ss[i].t_finished - t0 : t1 - t0;
		if (done[i] > last)
			last = done[i];
	}
	tally(f, nph * nseq, &t, first, total, &nlat);
	printf("phones=%zu phones_ok=%zu fetches=%zu ok=%zu notfound=%zu errors=%zu timeouts=%zu "
	       "wrong=%zu retries=%ld stray=%ld last_done_ms=%.1f done_ms_p50=%.1f "
	       "done_ms_p99=%.1f first_us_p50=%.1f first_us_p99=%.1f",
	       nph, phones_ok, t.fetches, t.ok, t.notfound, t.errors, t.timeouts, t.wrong,
	       total_retries, stray_packets, last, pct(done, nph, 50), pct(done, nph, 99),
	       pct(first, nlat, 50), pct(first, nlat, 99));
	versions();
	return phones_ok == nph ? 0 : 1;
}

/* Names, one a line, from path: at most max; returns how many. */
static size_t read_names(const char *path, char (**out)[MAX_NAME])
{
	size_t n = 0, cap = 256;
	char(*names)[MAX_NAME] = malloc(cap * MAX_NAME);
	FILE *lf = fopen(path, "r");
	char line[MAX_NAME + 2];

	if (lf == NULL || names == NULL)
		die(path);
	while (fgets(line, sizeof line, lf) != NULL && n < 1000000) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || strlen(line) >= MAX_NAME)
			continue;
		if (n == cap) {
			cap *= 2;
			names = realloc(names, cap * MAX_NAME);
			if (names == NULL)
				die("realloc");
		}
		memcpy(names[n++], line, strlen(line) + 1);
	}
	fclose(lf);
	*out = names;
	return n;
}

#define MAX_TARGETS 8

struct target {
	char label[32];
	struct sockaddr_in addr;
	char (*names)[MAX_NAME];
	size_t n;
};

static int ab_mode(size_t rounds, int nt, char **specs)
{
	static struct target t[MAX_TARGETS];
	size_t n = rounds * (size_t)nt, i;
	struct fetch *f = calloc(n, sizeof *f);
	double *first = calloc(rounds, sizeof *first), *total = calloc(rounds, sizeof *total);
	struct session ss;
	int bad = 0;

	if (f == NULL || first == NULL || total == NULL)
		die("calloc");
	for (int k = 0; k < nt; k++) {
		char *eq = strchr(specs[k], '='), *sl = eq != NULL ? strchr(eq, '/') : NULL;

		if (eq == NULL || sl == NULL || eq - specs[k] >= (long)sizeof t[k].label ||
		    sl - eq - 1 >= 64 || sl[1] == '\0' || strlen(sl + 1) >= MAX_NAME)
			usage();
		memcpy(t[k].label, specs[k], (size_t)(eq - specs[k]));
		*sl = '\0';
		parse_addr(eq + 1, &t[k].addr);
		t[k].addr.sin_port = server.sin_port;
		if (sl[1] == '@') {
			t[k].n = read_names(sl + 2, &t[k].names);
			if (t[k].n == 0)
				usage();
		} else {
			t[k].names = malloc(MAX_NAME);
			if (t[k].names == NULL)
				die("malloc");
			memcpy(t[k].names[0], sl + 1, strlen(sl + 1) + 1);
			t[k].n = 1;
		}
	}
	for (i = 0; i < rounds; i++)
		for (int j = 0; j < nt; j++) {
			/* T1 T2 T3, then T3 T2 T1: no target always goes first. */
			int k = i % 2 ? nt - 1 - j : j;
			struct fetch *fe = &f[i * (size_t)nt + (size_t)j];

			memcpy(fe->name, t[k].names[i % t[k].n], MAX_NAME);
			fe->srv = &t[k].addr;
		}
	memset(&ss, 0, sizeof ss);
	ss.fetches = f;
	ss.nfetch = n;
	run(&ss, 1);
	for (int k = 0; k < nt; k++) {
		size_t nl = 0, ok = 0, wrong = 0, timeouts = 0, other = 0;

		for (i = 0; i < rounds; i++) {
			const struct fetch *fe =
			    &f[i * (size_t)nt + (size_t)(i % 2 ? nt - 1 - k : k)];

			ok += fe->result == RES_OK;
			wrong += fe->wrong;
			timeouts += fe->result == RES_TIMEOUT || fe->result == RES_PENDING;
			other += fe->result == RES_ERROR || fe->result == RES_NOTFOUND;
			if (fe->result == RES_OK && fe->t_first > 0) {
				first[nl] = (fe->t_first - fe->t_rrq) * 1000;
				total[nl++] = (fe->t_done - fe->t_rrq) * 1000;
			}
		}
		bad |= wrong != 0 || timeouts != 0;
		printf("variant=%s fetches=%zu ok=%zu other=%zu timeouts=%zu wrong=%zu "
		       "first_us_p50=%.1f first_us_p90=%.1f total_us_p50=%.1f total_us_p90=%.1f\n",
		       t[k].label, rounds, ok, other, timeouts, wrong, pct(first, nl, 50),
		       pct(first, nl, 90), pct(total, nl, 50), pct(total, nl, 90));
	}
	return bad;
}

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: tftpbench [-s ADDR] [-p PORT] [-b ADDR] [-e DIR [-E DIR]] [-v] [-t MS] [-r N] "
	    "[-T SEC] [-q LIST]\n"
	    "                 seq N NAME | par N C NAME | list FILE | boot MACFILE |\n"
	    "                 ab N LABEL=ADDR/NAME|LABEL=ADDR/@FILE ...\n");
	exit(2);
}

static void parse_addr(const char *text, struct sockaddr_in *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	if (inet_pton(AF_INET, text, &sa->sin_addr) != 1)
		usage();
}

int main(int argc, char **argv)
{
	const char *seq = DEFAULT_BOOT;
	static char one[1][MAX_NAME];
	struct rlimit rl;
	int opt, port = 69;

	parse_addr("127.0.0.1", &server);
	while ((opt = getopt(argc, argv, "s:p:b:e:E:t:r:T:q:v")) != -1) {
		switch (opt) {
		case 's':
			parse_addr(optarg, &server);
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'b':
			parse_addr(optarg, &local);
			have_local = 1;
			break;
		case 'e':
			expdirs[0] = optarg;
			break;
		case 'E':
			expdirs[1] = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 't':
			rto_ms = atof(optarg);
			break;
		case 'r':
			max_retries = atoi(optarg);
			break;
		case 'T':
			deadline_s = atof(optarg);
			break;
		case 'q':
			seq = optarg;
			break;
		default:
			usage();
		}
	}
	if (port < 1 || port > 65535 || rto_ms < 1 || max_retries < 0 || max_retries > 100 ||
	    deadline_s <= 0 || deadline_s > 600)
		usage();
	server.sin_port = htons((uint16_t)port);
	/* One socket per simulated phone. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	argc -= optind;
	argv += optind;
	if (argc == 3 && strcmp(argv[0], "seq") == 0) {
		long n = atol(argv[1]);

		if (n < 1 || n > 1000000 || strlen(argv[2]) >= MAX_NAME)
			usage();
		snprintf(one[0], MAX_NAME, "%s", argv[2]);
		return fetch_mode((size_t)n, 1, one, 1);
	}
	if (argc == 4 && strcmp(argv[0], "par") == 0) {
		long n = atol(argv[1]), c = atol(argv[2]);

		if (n < 1 || n > 1000000 || c < 1 || c > 1000 || c > n ||
		    strlen(argv[3]) >= MAX_NAME)
			usage();
		snprintf(one[0], MAX_NAME, "%s", argv[3]);
		return fetch_mode((size_t)n, (size_t)c, one, 1);
	}
	if (argc == 2 && strcmp(argv[0], "list") == 0) {
		char(*names)[MAX_NAME];
		size_t n = read_names(argv[1], &names);

		if (n == 0)
			usage();
		return fetch_mode(n, 1, names, n);
	}
	if (argc >= 3 && argc - 2 <= MAX_TARGETS && strcmp(argv[0], "ab") == 0) {
		long n = atol(argv[1]);

		if (n < 1 || n > 100000)
			usage();
		return ab_mode((size_t)n, argc - 2, argv + 2);
	}
	if (argc == 2 && strcmp(argv[0], "boot") == 0)
		return boot_mode(argv[1], seq);
	usage();
	return 2;
}
