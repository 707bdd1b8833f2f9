/*
 * The shim's state: the store, and the TFTP read request just received.
 *
 * in.tftpd's parent receives each request (recvmsg) and forks a child, which
 * chroots, drops privileges and then opens the file.  So everything that
 * needs the file system or root happens here, in the receive wrapper: check
 * the store for edits, and render the answer.  The child inherits the
 * rendered bytes and only has to put them in a memfd when the open comes.
 * dnsmasq opens the file in the same call that received the request, so
 * the same order works there.
 *
 * A store is re-read only when the store file or one of its @includes
 * changed device, inode, size or mtime.  A store that fails to load never
 * replaces the last good one; the failure is logged once (FILE:LINE) and
 * not again until the files change once more.
 *
 * Rendered files are kept until the store changes (the last CACHE_SLOTS of
 * them): a phone asks for the same files again and again, and in a mass
 * reboot every phone asks for the same shared ones.  The policy is still
 * checked for every request.  In dnsmasq, which reads each block with
 * lseek+read and shares one fd between transfers of the same static file,
 * a cached file is also one sealed memfd, handed out as a dup: a memfd made
 * and torn down per request cost more than the rest of the request.
 */
#include "preload.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <syslog.h>
#include <unistd.h>

#include "journal.h"
#include "neigh.h"
#include "ratelimit.h"
#include "phoneprov.h"
#include "policy.h"

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U /* Linux 6.3; not in Debian 12's headers */
#endif

#define NAME_MAX_LEN        511 /* longest request name we remember */
#define MAX_WATCH           64  /* store files whose changes we notice */
#define CACHE_SLOTS         64  /* rendered files kept; in dnsmasq each holds an fd */
#define PP_JOURNAL_NAME_MAX 128 /* bytes of a requested name the journal keeps */

/* What the receive wrapper decided for the request. */
enum outcome {
	OUT_NONE = 0, /* no request yet */
	OUT_NOT_OURS, /* the store does not provide the name: disk */
	OUT_RENDERED, /* data/len hold the answer */
	OUT_DENIED,   /* policy refuses it to this client */
	OUT_FAILED    /* the store could not render it */
};

struct fileid {
	int err; /* errno of the stat, 0 when it worked */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static char config_path[4096];
static pp_store *store; /* the last good store, or NULL */

/* Files watched for edits, and how they were when we last read them. */
static char *watch[MAX_WATCH];
static size_t nwatch;
static struct fileid seen[MAX_WATCH];
static int seen_valid;

/*
 * The audit journal, STATE_DIR/<server>.journal.  Opened (and reopened after
 * a rotation) in the receive wrapper: in.tftpd's parent is still root and
 * outside the chroot there, and its children write to the inherited fd.
 */
static pp_journal journal = PP_JOURNAL_INIT;
static char journal_dir[4096];
static int journal_warned; /* once per process: the log must not fill up */

static struct {
	enum outcome outcome;
	char name[NAME_MAX_LEN + 1];
	const char *base; /* into name */
	char ip[64];
	const char *data; /* OUT_RENDERED: cache[slot]'s bytes */
	size_t len;
	int slot;
	int code;             /* the pp_render code for OUT_FAILED */
	char reason[200];     /* OUT_DENIED: the policy's words (an IP, MACs; never a secret) */
	int journal;          /* journal this request's decision */
	unsigned long missed; /* the client's decisions not journaled before it */
} req;

/*
 * What a client that gets nothing from the store may cost in journal: 64
 * events, then one each 5 s; all such clients together 256, then 2 a
 * second.  Decided here, in in.tftpd's parent, since a child's count would
 * die with it.  A phone of the store is never limited.
 */
static pp_rate rate;

/* Rendered files of the current store, least recently used out first. */
static struct cached {
	enum pp_kind kind; /* PP_KIND_NONE: a free slot */
	char mac[PP_MAC_LEN + 1];
	char *data; /* from pp_render */
	size_t len;
	pp_own_fd memfd; /* dnsmasq: made on first open, then dup'd */
	unsigned long used;
} cache[CACHE_SLOTS];
static unsigned long cache_clock;
static int share_memfd; /* this is dnsmasq */

static void cache_drop(struct cached *c)
{
	pp_release(&c->memfd);
	pp_free(c->data);
	memset(c, 0, sizeof *c);
	c->kind = PP_KIND_NONE;
	c->memfd.fd = -1;
}

static void cache_clear(void)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].kind != PP_KIND_NONE)
			cache_drop(&cache[i]);
}

static int cache_find(const pp_name *pn)
{
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].kind == pn->kind && strcmp(cache[i].mac, pn->mac) == 0) {
			cache[i].used = ++cache_clock;
			return i;
		}
	return -1;
}

/* Takes data (from pp_render); returns its slot. */
static int cache_put(const pp_name *pn, char *data, size_t len)
{
	int v = 0;

	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].kind == PP_KIND_NONE) {
			v = i;
			break;
		}
		if (cache[i].used < cache[v].used)
			v = i;
	}
	if (cache[v].kind != PP_KIND_NONE)
		cache_drop(&cache[v]);
	cache[v].kind = pn->kind;
	memcpy(cache[v].mac, pn->mac, sizeof cache[v].mac);
	cache[v].data = data;
	cache[v].len = len;
	cache[v].memfd.fd = -1;
	cache[v].used = ++cache_clock;
	return v;
}

/* ---- the store --------------------------------------------------------- */

static void fileid_of(const char *path, struct fileid *id)
{
	struct stat st;

	memset(id, 0, sizeof *id);
	/* Never our stat wrapper: these are not client requests. */
	if (stat(path, &st) != 0) {
		id->err = errno != 0 ? errno : EIO;
		return;
	}
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtime = st.st_mtim;
}

static int fileid_same(const struct fileid *a, const struct fileid *b)
{
	return a->err == b->err && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static void watch_clear(void)
{
	size_t i;

	for (i = 0; i < nwatch; i++)
		free(watch[i]);
	nwatch = 0;
}

/*
 * A relative source (libconfig names an @include as written) is relative to
 * the store's folder, not to wherever the server has chdir'd since.
 */
static void watch_add(const char *path)
{
	const char *slash = strrchr(config_path, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - config_path) : 0;
	char *copy;

	if (nwatch == MAX_WATCH)
		return;
	if (path[0] == '/' || slash == NULL) {
		copy = strdup(path);
	} else {
		copy = malloc(dirlen + 1 + strlen(path) + 1);
		if (copy != NULL) {
			memcpy(copy, config_path, dirlen);
			copy[dirlen] = '/';
			memcpy(copy + dirlen + 1, path, strlen(path) + 1);
		}
	}
	if (copy != NULL)
		watch[nwatch++] = copy;
}

/* Watch the store file and, once a store loaded, each of its sources. */
static void watch_set(void)
{
	size_t i, n;

	watch_clear();
	watch_add(config_path);
	if (store == NULL)
		return;
	n = pp_store_source_count(store);
	for (i = 1; i < n; i++)
		watch_add(pp_store_source(store, i));
}

static void snapshot(struct fileid *ids)
{
	size_t i;

	for (i = 0; i < nwatch; i++)
		fileid_of(watch[i], &ids[i]);
}

static const char *journal_writer(void)
{
	if (strcmp(program_invocation_short_name, "in.tftpd") == 0)
		return "tftpd";
	if (strcmp(program_invocation_short_name, "dnsmasq") == 0)
		return "dnsmasq";
	return "shim";
}

static void load(void)
{
	pp_store *fresh = NULL;
	pp_error err;
	int rc;

	snapshot(seen); /* before reading: an edit during the load is seen next time */
	seen_valid = 1;
	memset(&err, 0, sizeof err);
	rc = pp_store_load(&fresh, config_path, NULL, NULL, &err);
	if (rc != PP_OK || fresh == NULL) {
		/* Logged once: seen now matches the broken files. */
		if (err.file[0] != '\0' && err.line > 0)
			pp_log(LOG_ERR, "%s:%d: %s; %s", err.file, err.line, err.message,
			       store != NULL ? "still serving the last good store"
			                     : "serving nothing from the store");
		else
			pp_log(LOG_ERR, "%s: %s; %s", err.file[0] != '\0' ? err.file : config_path,
			       err.message[0] != '\0' ? err.message : pp_strerror(rc),
			       store != NULL ? "still serving the last good store"
			                     : "serving nothing from the store");
		return;
	}
	if (store != NULL)
		pp_store_free(store);
	store = fresh;
	cache_clear();
	/*
	 * Hand libconfig's freed parse tree (about 2.6 KiB a phone) back to the
	 * kernel.  in.tftpd forks for every request, and fork and exit cost
	 * grows with the parent's resident pages: with a 10k-phone store this
	 * halves the parent and cuts the latency of every request, static or not.
	 */
	malloc_trim(0);
	watch_set();
	if (strcmp(journal_dir, pp_store_state_dir(store)) != 0) {
		snprintf(journal_dir, sizeof journal_dir, "%s", pp_store_state_dir(store));
		pp_journal_close(&journal);
		if (pp_journal_init(&journal, journal_dir, journal_writer()) != 0)
			journal.path[0] = '\0';
		journal.digests = 1; /* digest= of what was served, for notify --changed */
	}
	snapshot(seen);
	pp_log(LOG_INFO, "loaded %s: phones=%zu files=%zu", config_path,
	       pp_store_phone_count(store), pp_store_source_count(store));
}

/* Re-read the store if any watched file changed since we last looked. */
static void refresh(void)
{
	struct fileid now[MAX_WATCH];
	size_t i;

	if (config_path[0] == '\0')
		return;
	if (seen_valid) {
		snapshot(now);
		for (i = 0; i < nwatch; i++)
			if (!fileid_same(&now[i], &seen[i]))
				break;
		if (i == nwatch)
			return;
	}
	load();
}

static void atfork_prepare(void);
static void atfork_release(void);

void pp_state_init(void)
{
	const char *path = pp_config_path();

	/* Kept absolute: both servers chdir, and in.tftpd's parent re-reads it. */
	if (pp_abspath(path, config_path, sizeof config_path) != 0) {
		config_path[0] = '\0';
		pp_log(LOG_ERR, "store path too long; serving nothing from the store");
		return;
	}
	pthread_atfork(atfork_prepare, atfork_release, atfork_release);
	pp_rate_init(&rate, 64, 0.2, 256, 2);
	share_memfd = strcmp(journal_writer(), "dnsmasq") == 0;
	req.slot = -1;
	req.journal = 1;
	pthread_mutex_lock(&lock);
	watch_set();
	load();
	pthread_mutex_unlock(&lock);
}

/* ---- requests ---------------------------------------------------------- */

/*
 * A TFTP RRQ: opcode 1, a name, a NUL, a transfer mode, a NUL.  1 when buf
 * is one, 0 when it is not, -1 for one whose name is too long to keep.
 */
static int parse_rrq(const unsigned char *buf, size_t len, const char **name)
{
	const unsigned char *end = buf + len, *n, *m, *mend;
	size_t ml;

	if (len < 4 || buf[0] != 0 || buf[1] != 1)
		return 0;
	n = buf + 2;
	m = memchr(n, '\0', (size_t)(end - n));
	if (m == NULL)
		return len >= PP_RRQ_PEEK ? -1 : 0; /* cut short: the name fills it */
	if (m == n)
		return 0;
	if ((size_t)(m - n) > NAME_MAX_LEN)
		return -1;
	m++;
	mend = memchr(m, '\0', (size_t)(end - m));
	if (mend == NULL)
		return 0;
	ml = (size_t)(mend - m);
	/* The mode decides it: a DNS query with ID 1 also starts 00 01. */
	if (!((ml == 5 && strncasecmp((const char *)m, "octet", 5) == 0) ||
	      (ml == 8 && strncasecmp((const char *)m, "netascii", 8) == 0) ||
	      (ml == 4 && strncasecmp((const char *)m, "mail", 4) == 0)))
		return 0;
	*name = (const char *)n;
	return 1;
}

static void ip_text(int fd, const struct sockaddr *from, socklen_t fromlen, char *out, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;

	out[0] = '\0';
	if (from == NULL || fromlen == 0) {
		/* A connected socket: ask it. */
		if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0)
			return;
		from = (const struct sockaddr *)&ss;
		fromlen = sl;
	}
	if (from->sa_family == AF_INET && fromlen >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)from;

		inet_ntop(AF_INET, &s4->sin_addr, out, (socklen_t)n);
	} else if (from->sa_family == AF_INET6 &&
	           fromlen >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)from;

		/* A [::] socket sees IPv4 clients as ::ffff:a.b.c.d. */
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
			inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], out, (socklen_t)n);
		else
			inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)n);
	}
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Does the name have a ".." component?  Such a name is never ours. */
static int has_dotdot(const char *name)
{
	const char *p = name;

	while (*p != '\0') {
		const char *e = strchr(p, '/');
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

static void forget(void)
{
	req.data = NULL; /* the cache's */
	req.len = 0;
	req.slot = -1;
	req.outcome = OUT_NONE;
}

/* The policy's words, kept readable: printable ASCII, no quote or backslash. */
static void reason_copy(const char *in, char *out, size_t n)
{
	size_t i = 0;

	for (; in[i] != '\0' && i + 1 < n; i++)
		out[i] =
		    in[i] >= 0x20 && in[i] < 0x7f && in[i] != '"' && in[i] != '\\' ? in[i] : '?';
	out[i] = '\0';
}

/* Is the client a phone of the store?  Only the kernel's word, and only
 * asked once the client is over its budget: cheap for everyone else. */
static int known_phone(void)
{
	char mac[PP_MAC_LEN + 1];

	return store != NULL && req.ip[0] != '\0' && pp_neigh_mac(req.ip, mac) == 0 &&
	       pp_store_find(store, mac, NULL) == 0;
}

/* Does the request's decision go into the journal?  Sets req.journal, req.missed. */
static void journal_budget(void)
{
	struct timespec now;

	req.journal = 1;
	req.missed = 0;
	if (req.outcome == OUT_RENDERED || req.outcome == OUT_FAILED)
		return; /* the store gave (or tried to give) it a file */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!pp_rate_take(&rate, req.ip[0] != '\0' ? req.ip : "-",
	                  (double)now.tv_sec + (double)now.tv_nsec / 1e9, &req.missed))
		req.journal = known_phone();
}

void pp_state_datagram(int fd, const unsigned char *buf, size_t len, const struct sockaddr *from,
                       socklen_t fromlen)
{
	const char *name = NULL;
	pp_client client;
	pp_name pn;
	pp_error err;
	int rc;

	rc = parse_rrq(buf, len, &name);
	if (rc == 0)
		return;
	pthread_mutex_lock(&lock);
	forget();
	if (rc < 0)
		goto out; /* no open may match the request before this one */
	memcpy(req.name, name, strlen(name) + 1);
	req.base = base_of(req.name);
	ip_text(fd, from, fromlen, req.ip, sizeof req.ip);
	pp_log_prepare();
	refresh();
	if (journal.path[0] != '\0' && pp_journal_refresh(&journal) != 0 && !journal_warned) {
		journal_warned = 1;
		pp_log(LOG_WARNING, "cannot open the journal %s: %s", journal.path,
		       strerror(errno));
	}

	req.outcome = OUT_NOT_OURS;
	if (store == NULL || req.base[0] == '\0' || has_dotdot(req.name) ||
	    pp_classify(store, req.name, &pn) == PP_KIND_NONE)
		goto out;
	client.ip = req.ip[0] != '\0' ? req.ip : NULL;
	client.mac = NULL;
	memset(&err, 0, sizeof err);
	/* syncinfo.xml carries the asking 79x0's own sync: rendered for each request. */
	req.slot = pn.kind == PP_KIND_SYNCINFO ? -1 : cache_find(&pn);
	if (req.slot >= 0) {
		/* Rendered before from this store: only the policy is asked again. */
		rc = pp_policy_check(store, &pn, &client, &err);
	} else {
		char *data = NULL;
		size_t dlen = 0;

		rc = pp_render(store, req.name, &client, &data, &dlen, &err);
		if (rc == PP_OK)
			req.slot = cache_put(&pn, data, dlen);
		else
			pp_free(data);
	}
	if (rc == PP_OK) {
		req.data = cache[req.slot].data;
		req.len = cache[req.slot].len;
		req.outcome = OUT_RENDERED;
	} else if (rc == PP_EDENIED) {
		req.outcome = OUT_DENIED;
		reason_copy(err.message, req.reason, sizeof req.reason);
	} else if (rc != PP_ENOTFOUND) {
		req.outcome = OUT_FAILED;
		req.code = rc;
	}
out:
	journal_budget();
	pthread_mutex_unlock(&lock);
}

/* ---- opens ------------------------------------------------------------- */

static int make_memfd(const char *data, size_t len, int cloexec)
{
	unsigned flags = MFD_ALLOW_SEALING | (cloexec ? MFD_CLOEXEC : 0U);
	int fd, e;

	/* Where vm.memfd_noexec asks for it; older kernels reject the flag. */
	fd = memfd_create("phoneprov", flags | MFD_NOEXEC_SEAL);
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("phoneprov", flags);
	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		data += w;
		len -= (size_t)w;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0)
		goto fail;
	/* in.tftpd reads from the current offset. */
	if (lseek(fd, 0, SEEK_SET) != 0)
		goto fail;
	return fd;
fail:
	e = errno != 0 ? errno : EIO;
	close(fd);
	errno = e;
	return -1;
}

/* The fd an open of the current request gets (-1 and errno on failure). */
static int serve_fd(int cloexec)
{
	struct cached *c = &cache[req.slot];

	if (!share_memfd)
		return make_memfd(req.data, req.len, cloexec);
	/* dnsmasq closes the dup it was given; the original must still be ours. */
	if (!pp_still_own(&c->memfd))
		pp_own(&c->memfd, make_memfd(c->data, c->len, 1));
	if (c->memfd.fd < 0)
		return -1;
	return fcntl(c->memfd.fd, cloexec ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
}

/*
 * The server is opening a phone's own file that the request just received
 * did not get from the store: it reached the name by a path the request
 * parser did not take as ours (a "../", a backslash dnsmasq turns into a
 * slash, a name too long to keep, a remap rule).  Whatever is on disk under
 * that name, it is that phone's: refuse it, exactly like a missing file.
 * This one check at the open covers every path trick a server may apply.
 */
static void refuse_phone_file(const char *path, struct pp_match *m)
{
	m->verdict = PP_DENY;
	m->err = ENOENT;
	m->journal = req.journal;
	m->missed = req.missed;
	if (req.outcome != OUT_NONE)
		memcpy(m->ip, req.ip, sizeof m->ip);
	snprintf(m->name, sizeof m->name, "%s", path);
	snprintf(m->reason, sizeof m->reason, "%s",
	         "a phone's own file, opened by a name the store was not asked for");
}

void pp_state_match(const char *path, int flags, int cloexec, struct pp_match *m)
{
	int mine;

	m->verdict = PP_PASS;
	m->memfd = -1;
	m->err = 0;
	m->bytes = -1;
	m->ip[0] = '\0';
	m->name[0] = '\0';
	m->reason[0] = '\0';
	if (path == NULL || (flags & O_ACCMODE) != O_RDONLY ||
	    (flags & (O_CREAT | O_TRUNC | O_DIRECTORY | O_PATH)) != 0)
		return;

	pthread_mutex_lock(&lock);
	mine = req.outcome != OUT_NONE && strcasecmp(base_of(path), req.base) == 0;
	if ((!mine || req.outcome == OUT_NOT_OURS) && store != NULL && pp_phone_file(store, path)) {
		refuse_phone_file(path, m);
		goto out;
	}
	if (!mine)
		goto out;
	memcpy(m->ip, req.ip, sizeof m->ip);
	memcpy(m->name, req.name, sizeof m->name);
	m->journal = req.journal;
	m->missed = req.missed;
	switch (req.outcome) {
	case OUT_RENDERED:
		m->verdict = PP_SERVE;
		m->bytes = (long long)req.len;
		m->memfd = serve_fd(cloexec);
		if (m->memfd < 0)
			m->err = errno;
		break;
	case OUT_DENIED:
		/*
		 * Exactly like a missing file (TFTP error 1): nothing is revealed,
		 * and a phone's boot hunt goes on.  Even a file of that name on
		 * disk is not served: it is the phone's, and this is not the phone.
		 */
		m->verdict = PP_DENY;
		m->err = ENOENT;
		memcpy(m->reason, req.reason, sizeof m->reason);
		break;
	case OUT_FAILED:
		m->verdict = PP_FAILED;
		m->err = req.code == PP_ENOMEM ? ENOMEM : EIO;
		break;
	default:
		m->verdict = PP_FALL;
		break;
	}
out:
	pthread_mutex_unlock(&lock);
}

static void log_line(const struct pp_match *m, int fd, int e);

/* The durable copy of a decision; never content, never a secret. */
static void journal_decision(const struct pp_match *m, const char *decision, long long bytes)
{
	pp_event ev;
	char mac[PP_MAC_LEN + 1];

	char name[PP_JOURNAL_NAME_MAX + 16];
	char note[96];
	char digest[PP_DIGEST_LEN + 1];

	if (journal.own.fd < 0 || !m->journal)
		return; /* in.tftpd's child cannot open it after the chroot */
	memset(&ev, 0, sizeof ev);
	ev.ip = m->ip[0] != '\0' ? m->ip : NULL;
	if (m->missed > 0) {
		snprintf(note, sizeof note, "%lu requests not journaled (over the rate limit)",
		         m->missed);
		ev.event = "note";
		ev.detail = note;
		ev.bytes = -1;
		pp_journal_write(&journal, &ev);
		ev.detail = NULL;
	}
	ev.event = "fetch";
	/* Who got it, as the kernel's neighbour table says: status credits shared files by it. */
	if (ev.ip != NULL && pp_neigh_mac(ev.ip, mac) == 0)
		ev.mac = mac;
	/* A name is kept to its first bytes: escaping can triple a hostile one. */
	if (strlen(m->name) > PP_JOURNAL_NAME_MAX)
		snprintf(name, sizeof name, "%.*s...", PP_JOURNAL_NAME_MAX, m->name);
	else
		snprintf(name, sizeof name, "%s", m->name);
	ev.name = name;
	ev.decision = decision;
	ev.bytes = bytes;
	pthread_mutex_lock(&lock);
	if (bytes >= 0 && req.outcome == OUT_RENDERED && req.data && !strcmp(m->name, req.name))
		ev.digest = pp_journal_digest(&journal, req.data, req.len, digest);
	pthread_mutex_unlock(&lock);
	pp_journal_write(&journal, &ev);
}

void pp_state_log(const struct pp_match *m, int fd, int e)
{
	struct stat st;
	int saved = errno;

	log_line(m, fd, e);
	switch (m->verdict) {
	case PP_PASS:
		break;
	case PP_SERVE:
		journal_decision(m, fd >= 0 ? "served" : "error", fd >= 0 ? m->bytes : -1);
		break;
	case PP_DENY:
		journal_decision(m, "denied", -1);
		break;
	case PP_FAILED:
		journal_decision(m, "error", -1);
		break;
	case PP_FALL:
		if (fd >= 0)
			journal_decision(m, "fell-through",
			                 fstat(fd, &st) == 0 ? (long long)st.st_size : -1);
		else
			journal_decision(
			    m, e == ENOENT || e == ENOTDIR ? "not-found" : "fell-through", -1);
		break;
	}
	errno = saved;
}

/* The decision line of the log (syslog or PHONEPROV_LOG). */
static void log_line(const struct pp_match *m, int fd, int e)
{
	struct stat st;
	char why[256];

	switch (m->verdict) {
	case PP_PASS:
		return;
	case PP_SERVE:
		if (fd >= 0) {
			pp_log_decision(m->ip, m->name, "served", m->bytes, NULL);
		} else {
			snprintf(why, sizeof why, "reason=\"memfd: %s\"", strerror(e));
			pp_log_decision(m->ip, m->name, "error", -1, why);
		}
		return;
	case PP_DENY:
		snprintf(why, sizeof why, "reason=\"%s\"", m->reason);
		pp_log_decision(m->ip, m->name, "denied", -1, why);
		return;
	case PP_FAILED:
		pp_log_decision(m->ip, m->name, "error", -1,
		                "reason=\"store could not render it\"");
		return;
	case PP_FALL:
		if (fd >= 0) {
			pp_log_decision(m->ip, m->name, "fell-through",
			                fstat(fd, &st) == 0 ? (long long)st.st_size : -1, NULL);
		} else if (e == ENOENT || e == ENOTDIR) {
			pp_log_decision(m->ip, m->name, "not-found", -1, NULL);
		} else {
			snprintf(why, sizeof why, "reason=\"%s\"", strerror(e));
			pp_log_decision(m->ip, m->name, "fell-through", -1, why);
		}
		return;
	}
}

/* Keep the lock consistent across fork() in a threaded server. */
static void atfork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

static void atfork_release(void)
{
	pthread_mutex_unlock(&lock);
}
