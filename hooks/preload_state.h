/* SPDX-License-Identifier: MIT */
/*
 * The shim's state, in one struct, and the files that keep it:
 *
 *   preload_state.c     the request just received, and what an open of it gets
 *   preload_store.c     the store: loading it, and noticing edits
 *   preload_reload.c    the thread that notices them, off the server's thread
 *   preload_mac.c       the journal's mac=, asked of the kernel once in a while
 *   preload_cache.c     rendered files of the current store, and their memfds
 *   preload_rrq.c       reading a request (pure functions, unit-tested)
 *   preload_decision.c  one decision: its log line and its journal event
 *
 * in.tftpd's parent receives each request (recvmsg) and forks a child, which
 * chroots, drops privileges and then opens the file.  So everything that
 * needs the file system or root happens in the receive wrapper: check the
 * store for edits, render the answer, decide the journal's budget.  The
 * child inherits all of it and only has to put the bytes in a memfd when
 * the open comes.  dnsmasq opens the file in the same call that received
 * the request, so the same order works there.  Everything here is guarded
 * by pp_shim.lock.
 */
#ifndef PP_PRELOAD_STATE_H
#define PP_PRELOAD_STATE_H

#include "preload.h"

#include <pthread.h>
#include <time.h>

#include "journal.h"
#include "load.h"
#include "phoneprov.h"
#include "ratelimit.h"

#define PP_NAME_MAX_LEN     511            /* longest request name we remember */
#define PP_MAX_WATCH        PP_MAX_SOURCES /* every file a store may have */
#define PP_CACHE_SLOTS      64             /* rendered files kept; in dnsmasq each holds an fd */
#define PP_JOURNAL_NAME_MAX 128            /* bytes of a requested name the journal keeps */

/* What the receive wrapper decided for the request. */
enum pp_outcome {
	PP_OUT_NONE = 0, /* no request yet */
	PP_OUT_NOT_OURS, /* the store does not provide the name: disk */
	PP_OUT_RENDERED, /* data/len hold the answer */
	PP_OUT_DENIED,   /* policy refuses it to this client */
	PP_OUT_FAILED    /* the store could not render it */
};

/* How a watched file was when we last looked. */
struct pp_fileid {
	int err; /* errno of the stat, 0 when it worked */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

/* A rendered file of the current store. */
struct pp_cached {
	enum pp_kind kind; /* PP_KIND_NONE: a free slot */
	char mac[PP_MAC_LEN + 1];
	char *data; /* from pp_render */
	size_t len;
	pp_own_fd memfd;        /* dnsmasq: made on first open, then dup'd */
	struct timespec looked; /* memfd last found ours (checked once a second) */
	unsigned long used;
};

/* The request just received. */
struct pp_request {
	enum pp_outcome outcome;
	char name[PP_NAME_MAX_LEN + 1];
	const char *base; /* into name */
	char ip[64];
	const char *data; /* PP_OUT_RENDERED: cache[slot]'s bytes */
	size_t len;
	int slot;
	int code;                 /* the pp_render code for PP_OUT_FAILED */
	char reason[200];         /* the policy's words (an IP, MACs; never a secret) */
	int journal;              /* journal this request's decision */
	unsigned long missed;     /* the client's decisions not journaled before it */
	char mac[PP_MAC_LEN + 1]; /* the journal's mac= (preload_mac.c), "" when unknown */
};

struct pp_shim {
	pthread_mutex_t lock;
	char config_path[4096]; /* absolute: both servers chdir */
	pp_store *store;        /* the last good store, or NULL */

	/* preload_store.c: the files watched for edits, and how they were. */
	char *watch[PP_MAX_WATCH];
	size_t nwatch;
	struct pp_fileid seen[PP_MAX_WATCH];
	int seen_valid;

	/* STATE_DIR/<server>.journal, (re)opened in the receive wrapper. */
	pp_journal journal;
	char journal_dir[4096];
	int journal_warned; /* once per process: the log must not fill up */

	/* preload_decision.c: the journal's budget for clients the store gives nothing. */
	pp_rate rate;

	struct pp_request req;

	/* preload_cache.c: least recently used out first. */
	struct pp_cached cache[PP_CACHE_SLOTS];
	unsigned long cache_clock;
	int share_memfd; /* this is dnsmasq */
};

PP_HIDDEN extern struct pp_shim pp_shim;

/* ---- preload_store.c ----------------------------------------------------- */

/* "tftpd", "dnsmasq" or "shim": whose journal this process writes. */
PP_HIDDEN const char *pp_shim_writer(void);

/* Load the store now; on failure keep the last good one and log once. */
PP_HIDDEN void pp_shim_load(void);

/* One look at the watched files, from the reloader thread: load a changed store. */
PP_HIDDEN void pp_shim_poll(void);

/* ---- preload_reload.c ---------------------------------------------------- */

#define PP_RELOAD_LOOK_MS   200 /* between looks; a change is loaded after two that agree */
#define PP_RELOAD_SETTLE_MS 500 /* and once its files are this old (preload_store.c) */

/* The constructor's part: a forked child forgets the thread. */
PP_HIDDEN void pp_reload_init(void);

/* Start the reloader thread unless this process has one; under pp_shim.lock. */
PP_HIDDEN void pp_reload_start(void);

/* ---- preload_cache.c ----------------------------------------------------- */

PP_HIDDEN void pp_cache_clear(void);

/* The slot holding pn's rendering, or -1. */
PP_HIDDEN int pp_cache_find(const pp_name *pn);

/* Takes data (from pp_render); returns its slot. */
PP_HIDDEN int pp_cache_put(const pp_name *pn, char *data, size_t len);

/* A readable sealed memfd of slot's bytes at offset 0, or -1 and errno. */
PP_HIDDEN int pp_cache_fd(int slot, int cloexec);

/* ---- preload_rrq.c ------------------------------------------------------- */

/*
 * A TFTP RRQ: opcode 1, a name, a NUL, a transfer mode, a NUL.  1 when buf
 * is one (*name points into it), 0 when it is not, -1 for one whose name is
 * too long to keep.
 */
PP_HIDDEN int pp_rrq_parse(const unsigned char *buf, size_t len, const char **name);

/* The client's address as text ("" when unknown); a link-local one with its zone. */
PP_HIDDEN void pp_rrq_client(int fd, const struct sockaddr *from, socklen_t fromlen, char *out,
                             size_t n);

/* The last component of path. */
PP_HIDDEN const char *pp_rrq_base(const char *path);

/* Does the name have a ".." component?  Such a name is never ours. */
PP_HIDDEN int pp_rrq_has_dotdot(const char *name);

/* Words kept readable for a log line: printable ASCII, no quote or backslash. */
PP_HIDDEN void pp_rrq_words(const char *in, char *out, size_t n);

/* ---- preload_mac.c -------------------------------------------------------- */

/* The client's MAC for the journal ("" when unknown), from a short-lived cache. */
PP_HIDDEN void pp_mac_of(const char *ip, char mac[PP_MAC_LEN + 1]);
/* The same, else the bindings and the lease file: 0, or -1 with mac "" */
PP_HIDDEN int pp_mac_of_claimed(const pp_store *st, const char *ip, char mac[PP_MAC_LEN + 1]);

/* ---- preload_decision.c -------------------------------------------------- */

/* Does the request's decision go into the journal?  Sets req.journal, req.missed. */
PP_HIDDEN void pp_decision_budget(void);

/* ---- preload_firmware.c -------------------------------------------------- */

/*
 * The request of name from ip, for firmware journeys: learned from when the
 * client is a phone of the store with a firmware load; then its phone, and
 * in offer (PP_FW_NAME_MAX + 1 bytes) the load this answer names, "" when
 * the answer is the store's own; else NULL.
 */
PP_HIDDEN const pp_phone *pp_fw_shim_request(const char *ip, const char *name, const char *base,
                                             char offer[65]);
/* ---- preload_fetch.c ------------------------------------------------------ */

/* 1 when this server's children report how each image fetch ended (in.tftpd). */
PP_HIDDEN int pp_fetch_reports(void);

/*
 * The request just received is phone mac's image name, fetched for the
 * step load: its child will say how the fetch ended.
 */
PP_HIDDEN void pp_fetch_arm(const char *mac, const char *name, const char *load);

/*
 * Each of mac's image fetches whose child has said how it ended: fn(name,
 * load, done) with what the parent armed, done 1 for a complete fetch.
 * wait: give them a moment to say it (PP_FETCH_WAIT_MS, once for each fetch).
 */
PP_HIDDEN void pp_fetch_collect(const char *mac, int wait,
                                void (*fn)(void *ctx, const char *name, const char *load, int done),
                                void *ctx);

/* Drop pn's rendering from the cache (preload_cache.c). */
PP_HIDDEN void pp_cache_forget(const pp_name *pn);

#endif
