/* SPDX-License-Identifier: MIT */
/*
 * Did a phone get an image to the end?  Inside in.tftpd (dnsmasq has its
 * hook's tftp event for that).  A firmware journey must not count a load
 * as flashed when its fetch was cut short: the phone kept its old load,
 * and the next step would be too far for it.
 *
 * in.tftpd's child reads the file one block ahead of what it sends
 * (tftpd.c: readit, send, read_ahead, then wait for the ACK), so a read to
 * EOF is no proof: with a 700-byte image it has read all of it once the
 * first block is out.  The signal taken here is the client's: the child
 * sends DATA with send() and reads ACKs with recv() on its connected
 * socket.  The fetch is complete when the ACK of the last DATA block (the
 * one shorter than the block size, which ends a TFTP transfer) came back
 * and the payload of the blocks ACKed adds up to the file's size.  Else,
 * when the child exits (it serves one transfer; a silent client is given
 * up on after in.tftpd's timeouts, an ERROR ends it at once), it was cut
 * short.
 *
 * The child says so twice: one journal line (event=transfer, decision=sent
 * or cut, bytes=acknowledged, through the journal fd it inherited; only
 * when its fetch line was journaled, so the rate limit holds), for status
 * and `phoneprov firmware`; and a record on a pipe to the parent, whose
 * learner (preload_firmware.c) offers the next step.  The parent makes
 * that pipe for the one request it is about to fork for, and closes its
 * copy of the write end at the next datagram it receives (in.tftpd forks
 * for each, read request or not): a later child never holds an earlier
 * child's write end, so a child can speak only of the file it was
 * forked to serve, and the parent knows which file that was without
 * believing the child.  The journal is not read back by the parent.
 */
#include "preload_state.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "firmware.h"

#define PP_FETCH_PENDING 16  /* image fetches the parent waits to hear of */
#define PP_FETCH_WAIT_MS 250 /* at most, once a fetch, for the next boot request of its phone */
#define PP_FETCH_MAGIC   0x70706674u

/* What a child sends its parent: one write, well under PIPE_BUF. */
struct record {
	unsigned magic;
	int complete;
	long long acked, size;
};

/* ---- the parent ------------------------------------------------------------ */

static struct pending {
	char mac[PP_MAC_LEN + 1]; /* "" free */
	char name[PP_NAME_MAX_LEN + 1];
	char load[PP_FW_NAME_MAX + 1]; /* the step the phone was fetching it for */
	int rfd;
	int waited; /* once: a child that outlives that stalls no one again */
} pending[PP_FETCH_PENDING];

/* Shared with the child by fork: the request's pipe, and who made it. */
static struct {
	int wfd; /* -1 none */
	pid_t owner;
	char name[PP_NAME_MAX_LEN + 1];
} armed = {-1, 0, ""};

static int enabled(void)
{
	return strcmp(pp_shim_writer(), "tftpd") == 0;
}

int pp_fetch_reports(void)
{
	return enabled();
}

static void drop(struct pending *p)
{
	if (p->mac[0])
		close(p->rfd);
	p->mac[0] = '\0';
}

void pp_fetch_next(void)
{
	if (armed.wfd < 0 || armed.owner != getpid())
		return; /* nothing armed (dnsmasq: always), or a child: its pipe stays */
	int saved = errno;
	close(armed.wfd);
	errno = saved;
	armed.wfd = -1;
	armed.name[0] = '\0';
}

/*
 * Off 0-2: in.tftpd's inetd mode closes 1 and 2 and then expects the
 * peer and the file there; a pipe of ours must not take their place.
 */
static int high(int fd)
{
	if (fd < 0 || fd > 2)
		return fd;
	int h = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return h;
}

void pp_fetch_arm(const char *mac, const char *name, const char *load)
{
	int fds[2];
	struct pending *p = NULL;

	if (!enabled())
		return;
	pp_fetch_next();
	for (size_t i = 0; i < PP_FETCH_PENDING && !p; i++)
		if (!pending[i].mac[0])
			p = &pending[i];
	if (!p) { /* the oldest goes: never heard of, it counts as not flashed */
		drop(&pending[0]);
		memmove(&pending[0], &pending[1], sizeof(pending[0]) * (PP_FETCH_PENDING - 1));
		p = &pending[PP_FETCH_PENDING - 1];
		p->mac[0] = '\0';
	}
	if (pipe2(fds, O_CLOEXEC) != 0)
		return;
	fds[0] = high(fds[0]);
	fds[1] = high(fds[1]);
	int fl = fds[0] >= 0 ? fcntl(fds[0], F_GETFL) : -1;
	if (fl < 0 || fds[1] < 0 || fcntl(fds[0], F_SETFL, fl | O_NONBLOCK) != 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return;
	}
	snprintf(p->mac, sizeof(p->mac), "%s", mac);
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->load, sizeof(p->load), "%s", load);
	p->rfd = fds[0];
	p->waited = 0;
	armed.wfd = fds[1];
	armed.owner = getpid();
	snprintf(armed.name, sizeof(armed.name), "%s", name);
}

/* 1 and *r when p's child said how its fetch ended; 0 not yet; -1 never will. */
static int heard(struct pending *p, struct record *r, int wait_ms)
{
	ssize_t n = read(p->rfd, r, sizeof(*r));

	if (n < 0 && errno == EAGAIN && wait_ms > 0) {
		struct pollfd pf = {p->rfd, POLLIN, 0};
		if (poll(&pf, 1, wait_ms) == 1)
			n = read(p->rfd, r, sizeof(*r));
	}
	if (n == (ssize_t)sizeof(*r) && r->magic == PP_FETCH_MAGIC)
		return 1;
	return n < 0 && errno == EAGAIN ? 0 : -1;
}

void pp_fetch_collect(const char *mac, int wait,
                      void (*fn)(void *ctx, const char *name, const char *load, int done),
                      void *ctx)
{
	struct timespec t0, t1;
	int budget = wait ? PP_FETCH_WAIT_MS : 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < PP_FETCH_PENDING; i++) {
		struct pending *p = &pending[i];
		struct record r;
		int h;

		if (!p->mac[0] || strcmp(p->mac, mac) != 0)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long spent = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		h = heard(p, &r, budget > spent && !p->waited ? (int)(budget - spent) : 0);
		p->waited |= wait;
		if (h == 0)
			continue;
		/* The parent's own word for which file; the child's only for how it ended. */
		if (h > 0)
			fn(ctx, p->name, p->load, r.complete && r.size > 0 && r.acked == r.size);
		drop(p);
	}
}

/* ---- the child -------------------------------------------------------------- */

static struct {
	int on, reported, journal;
	int fd, peer;
	long long size, sent, acked;
	unsigned last;  /* the block number of the last DATA sent */
	int have_last;  /* ... there was one */
	int last_short; /* ... and it was shorter than the block size: the end */
	long long blksize;
	char ip[64], mac[PP_MAC_LEN + 1], name[PP_JOURNAL_NAME_MAX + 16];
} child = {.fd = -1, .peer = -1, .blksize = 512};

void pp_fetch_opened(const struct pp_match *m, int fd)
{
	struct stat st;

	if (armed.wfd < 0 || armed.owner == getpid() || fd < 0 || child.on ||
	    strcmp(m->name, armed.name) != 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	child.on = 1;
	child.fd = fd;
	child.size = (long long)st.st_size;
	child.journal = m->journal;
	memcpy(child.ip, m->ip, sizeof(child.ip));
	memcpy(child.mac, m->mac, sizeof(child.mac));
	if (strlen(m->name) > PP_JOURNAL_NAME_MAX)
		snprintf(child.name, sizeof(child.name), "%.*s...", PP_JOURNAL_NAME_MAX, m->name);
	else
		snprintf(child.name, sizeof(child.name), "%s", m->name);
}

static void report(int complete)
{
	struct record r = {PP_FETCH_MAGIC, complete, child.acked, child.size};
	char words[96], safe[256];
	pp_event ev;

	child.reported = 1;
	pp_busy++;
	if (write(armed.wfd, &r, sizeof(r)) != (ssize_t)sizeof(r)) {
		/* The parent hears nothing: for its learner, not flashed. */
	}
	snprintf(words, sizeof(words), "acknowledged %lld of %lld bytes", child.acked, child.size);
	memset(&ev, 0, sizeof(ev));
	ev.event = "transfer";
	ev.ip = child.ip[0] ? child.ip : NULL;
	ev.mac = ev.ip && child.mac[0] ? child.mac : NULL;
	ev.name = child.name;
	ev.decision = complete ? "sent" : "cut";
	ev.bytes = child.acked;
	ev.detail = words;
	pp_sanitise(child.name, safe, sizeof(safe));
	pp_log(LOG_INFO, "client=%s name=\"%s\" transfer %s: %s", ev.ip ? ev.ip : "-", safe,
	       complete ? "complete" : "cut short", words);
	pthread_mutex_lock(&pp_shim.lock);
	if (child.journal && pp_shim.journal.own.fd >= 0)
		pp_journal_write(&pp_shim.journal, &ev);
	pthread_mutex_unlock(&pp_shim.lock);
	pp_busy--;
}

/* blksize from an OACK ("blksize", NUL, digits, NUL, ...): what ends a transfer. */
static void oack(const unsigned char *b, size_t n)
{
	size_t i = 2;

	while (i < n) {
		const char *opt = (const char *)b + i;
		size_t ol = strnlen(opt, n - i);
		if (i + ol + 1 >= n)
			return;
		const char *val = opt + ol + 1;
		size_t vl = strnlen(val, n - i - ol - 1);
		if (strcasecmp(opt, "blksize") == 0 && vl > 0 && vl < 6 && i + ol + 1 + vl < n) {
			long long v = 0;
			for (size_t k = 0; k < vl && val[k] >= '0' && val[k] <= '9'; k++)
				v = v * 10 + (val[k] - '0');
			if (v >= 8)
				child.blksize = v;
		}
		i += ol + 1 + vl + 1;
	}
}

void pp_fetch_sent(int fd, const void *buf, size_t n)
{
	const unsigned char *b = buf;

	if (!child.on || child.reported || n < 4 || (child.peer >= 0 && fd != child.peer))
		return;
	if (b[0] == 0 && b[1] == 6) {
		oack(b, n);
		return;
	}
	if (b[0] != 0 || b[1] != 3)
		return;
	child.peer = fd;
	unsigned block = (unsigned)b[2] << 8 | b[3];
	if (!child.have_last || block != child.last) { /* not a resend */
		child.sent += (long long)(n - 4);
		child.last = block;
		child.have_last = 1;
		child.last_short = (long long)(n - 4) < child.blksize;
	}
}

void pp_fetch_received(int fd, const void *buf, size_t n)
{
	const unsigned char *b = buf;
	int saved = errno;

	if (!child.on || child.reported || n < 4 || fd != child.peer || b[0] != 0 || b[1] != 4 ||
	    !child.have_last || ((unsigned)b[2] << 8 | b[3]) != child.last)
		return;
	child.acked = child.sent;
	if (child.last_short && child.acked == child.size)
		report(1);
	errno = saved;
}

/* The child exits when its one transfer is over, however it ended. */
__attribute__((destructor)) static void fetch_exit(void)
{
	int saved = errno;

	if (child.on && !child.reported)
		report(0);
	errno = saved;
}
