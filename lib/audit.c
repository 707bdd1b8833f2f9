#include "audit.h"
#include "journal.h"
#include "siphash.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#define MAX_DIR_ENTRIES 100000 /* state_dir is ours; more than this is someone's flood */
#define IPMAP_MIN       4096   /* addresses remembered, at least */
#define MERGE_BEFORE    5      /* s: the hook's clock may be a little behind the shim's */
#define MERGE_AFTER     3600   /* s: a slow transfer (firmware over a busy link) */

/* Buckets are chosen by SipHash-2-4 under a key chosen per run. */

static void random_key(uint64_t *k0, uint64_t *k1)
{
	uint64_t k[2] = {0, 0};
	if (getrandom(k, sizeof(k), GRND_NONBLOCK) != (ssize_t)sizeof(k)) {
		/* Early boot without entropy: still not something a client can guess. */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		k[0] = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)(uintptr_t)k;
		k[1] = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL ^ (uint64_t)time(NULL);
	}
	*k0 = k[0];
	*k1 = k[1];
}

/* ---- a bounded table: records of s->size bytes, each starting with its key ---- */

typedef struct ipent {
	char key[64]; /* the address */
	char mac[PP_MAC_LEN + 1];
} ipent;

#define REC(s, i) ((void *)((s)->rec + (i) * (s)->size))
#define KEY(s, i) ((const char *)REC(s, i))

static size_t bucket(const pp_audit_set *s, const char *key)
{
	return (size_t)pp_siphash24(s->k0, s->k1, key, strlen(key)) & (s->nhead - 1);
}

static void set_init(pp_audit_set *s, size_t size, size_t limit, int clients)
{
	memset(s, 0, sizeof(*s));
	s->size = size;
	s->limit = limit;
	s->clients = clients;
	random_key(&s->k0, &s->k1);
}

static void set_link(pp_audit_set *s, size_t i)
{
	size_t b = bucket(s, KEY(s, i));
	s->link[i] = s->head[b];
	s->head[b] = (uint32_t)(i + 1);
}

static void set_unlink(pp_audit_set *s, size_t i)
{
	uint32_t *p = &s->head[bucket(s, KEY(s, i))];
	while (*p && *p != i + 1)
		p = &s->link[*p - 1];
	if (*p)
		*p = s->link[i];
}

/* Buckets for n records: a power of two, at least n (chains of one on average). */
static void set_rehash(pp_audit_set *s, size_t want)
{
	size_t nh = s->nhead ? s->nhead : 64;
	while (nh < want)
		nh *= 2;
	if (nh == s->nhead)
		return;
	uint32_t *h = calloc(nh, sizeof(*h));
	if (!h)
		return; /* longer chains, still correct */
	free(s->head);
	s->head = h;
	s->nhead = nh;
	for (size_t i = 0; i < s->n; i++)
		set_link(s, i);
}

/* The key as it is stored: truncated to fit. */
static void set_key(char out[64], const char *key)
{
	snprintf(out, 64, "%s", key);
}

static void *set_lookup(const pp_audit_set *s, const char *key)
{
	char k[64];
	if (!s->nhead)
		return NULL;
	set_key(k, key);
	for (uint32_t i = s->head[bucket(s, k)]; i; i = s->link[i - 1])
		if (strcmp(KEY(s, i - 1), k) == 0)
			return REC(s, i - 1);
	return NULL;
}

/* Found: touched for the clock. */
static void *set_find(pp_audit_set *s, const char *key)
{
	void *r = set_lookup(s, key);
	if (r)
		s->ref[((unsigned char *)r - s->rec) / s->size] = 1;
	return r;
}

/* A new zeroed record for key; over the limit it takes the place of one not used lately. */
static void *set_add(pp_audit_set *s, const char *key)
{
	size_t i;
	if (s->limit && s->n >= s->limit) {
		/* The clock: skip (and clear) records touched since the hand last passed. */
		for (;;) {
			i = s->hand;
			s->hand = (s->hand + 1) % s->n;
			if (!s->ref[i])
				break;
			s->ref[i] = 0;
		}
		set_unlink(s, i);
		s->dropped++;
		if (s->clients) {
			const pp_audit_phone *old = REC(s, i);
			s->dropped_requests += old->requests;
			s->dropped_denied += old->denied;
		}
	} else {
		if (s->n == s->alloc) {
			size_t na = s->alloc ? s->alloc * 2 : 64;
			if (s->limit && na > s->limit)
				na = s->limit;
			unsigned char *rec = realloc(s->rec, na * s->size);
			if (!rec)
				return NULL;
			s->rec = rec;
			uint32_t *link = realloc(s->link, na * sizeof(*link));
			if (!link)
				return NULL;
			s->link = link;
			unsigned char *ref = realloc(s->ref, na);
			if (!ref)
				return NULL;
			s->ref = ref;
			s->alloc = na;
		}
		if (s->n + 1 > s->nhead)
			set_rehash(s, s->n + 1); /* before i counts: it has no key yet */
		if (!s->nhead)
			return NULL;
		i = s->n++;
	}
	memset(REC(s, i), 0, s->size);
	set_key(REC(s, i), key);
	s->ref[i] = 1;
	set_link(s, i);
	return REC(s, i);
}

static void set_free(pp_audit_set *s)
{
	free(s->rec);
	free(s->head);
	free(s->link);
	free(s->ref);
	memset(s, 0, sizeof(*s));
}

/* ---- what the events say --------------------------------------------------- */

const pp_audit_phone *pp_audit_find(const pp_audit *a, const char *mac)
{
	const pp_audit_phone *p = set_lookup(&a->phones, mac);
	return p ? p : set_lookup(&a->strangers, mac);
}

static int is_firmware(const char *name)
{
	static const char *const ext[] = {".loads", ".sbn", ".sb2", ".bin", ".zup", ".sbin"};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strcasecmp(dot, ext[i]) == 0)
			return 1;
	return 0;
}

/* Its own configuration file: SIP<MAC>.cnf or SEP<MAC>.cnf.xml for this MAC. */
static int is_own_config(const pp_store *st, const char *name, const char *mac)
{
	pp_name n;
	if (!mac[0])
		return 0;
	enum pp_kind k = pp_classify(st, name, &n);
	return (k == PP_KIND_SIP_MAC || k == PP_KIND_SEP_MAC) && strcmp(n.mac, mac) == 0;
}

static int is_delivered(const char *d)
{
	return d && (!strcmp(d, "served") || !strcmp(d, "sent") || !strcmp(d, "fell-through"));
}

static const char *base_of(const char *name)
{
	const char *s = strrchr(name, '/');
	return s ? s + 1 : name;
}

/* The row belongs to the same transfer as e: same address, same file, close in time. */
static int same_transfer(const pp_audit_fetch *f, const pp_event *e, time_t shim_t, time_t hook_t)
{
	return !f->paired && strcmp(f->ip, e->ip ? e->ip : "") == 0 &&
	       strcasecmp(base_of(f->name), base_of(e->name)) == 0 &&
	       hook_t >= shim_t - MERGE_BEFORE && hook_t <= shim_t + MERGE_AFTER;
}

/*
 * dnsmasq's shim journals its decision when the file is opened, the hook
 * the completed transfer after the last ACK: one transfer, two lines.  The
 * row keeps the shim's decision and notes the completion.  1 when merged.
 */
static int merge(pp_audit_phone *ph, const pp_event *e, const char *writer, int hook)
{
	for (size_t k = ph->nfetch; k-- > 0;) {
		pp_audit_fetch *f = &ph->fetch[k];
		if (hook && !f->completed && is_delivered(f->decision) &&
		    same_transfer(f, e, f->t, e->t)) {
			f->completed = f->paired = 1;
			if (f->bytes < 0)
				f->bytes = e->bytes;
			return 1;
		}
		/* The hook's line came first (clocks a second apart): the shim's decision wins. */
		if (!hook && f->completed && !strcmp(f->writer, "hook") &&
		    same_transfer(f, e, e->t, f->t)) {
			f->paired = 1;
			f->t = e->t;
			if (e->bytes >= 0)
				f->bytes = e->bytes;
			snprintf(f->decision, sizeof(f->decision), "%s", e->decision);
			snprintf(f->writer, sizeof(f->writer), "%s", writer);
			return 1;
		}
	}
	return 0;
}

/* A free row at the end; when full the oldest goes, unless it is the newest own-config row. */
static pp_audit_fetch *push_row(pp_audit_phone *ph)
{
	if (ph->nfetch == PP_AUDIT_FETCHES) {
		size_t victim = 0, newest_own = PP_AUDIT_FETCHES;
		for (size_t k = 0; k < ph->nfetch; k++)
			if (ph->fetch[k].own)
				newest_own = k;
		if (newest_own == 0)
			victim = 1;
		memmove(&ph->fetch[victim], &ph->fetch[victim + 1],
		        sizeof(ph->fetch[0]) * (PP_AUDIT_FETCHES - 1 - victim));
		ph->nfetch--;
	}
	pp_audit_fetch *f = &ph->fetch[ph->nfetch++];
	memset(f, 0, sizeof(*f));
	return f;
}

static void seen(pp_audit_phone *ph, time_t t)
{
	if (!ph->first_seen || t < ph->first_seen)
		ph->first_seen = t;
	if (t > ph->last_seen)
		ph->last_seen = t;
}

static void add_row(pp_audit_phone *ph, const pp_store *st, const pp_event *e, const char *writer)
{
	const char *d = e->decision ? e->decision : "";
	int hook = !strcmp(writer, "hook") && !strcmp(d, "sent");
	seen(ph, e->t);
	if ((hook || is_delivered(d)) && merge(ph, e, writer, hook)) {
		if (!hook && is_firmware(e->name) &&
		    !strcasecmp(base_of(ph->firmware), base_of(e->name)))
			snprintf(ph->firmware_decision, sizeof(ph->firmware_decision), "%s", d);
		return;
	}
	ph->requests++;
	if (!strcmp(d, "denied"))
		ph->denied++;
	else if (!strcmp(d, "not-found"))
		ph->not_found++;
	else if (is_delivered(d))
		ph->delivered++;
	pp_audit_fetch *f = push_row(ph);
	f->t = e->t;
	snprintf(f->name, sizeof(f->name), "%s", e->name);
	f->bytes = e->bytes;
	snprintf(f->decision, sizeof(f->decision), "%s", d);
	snprintf(f->writer, sizeof(f->writer), "%s", writer);
	snprintf(f->ip, sizeof(f->ip), "%s", e->ip ? e->ip : "");
	f->completed = hook;
	f->own = is_own_config(st, e->name, ph->mac);
	if (is_firmware(e->name)) {
		snprintf(ph->firmware, sizeof(ph->firmware), "%s", e->name);
		snprintf(ph->firmware_decision, sizeof(ph->firmware_decision), "%s", d);
		ph->firmware_t = e->t;
	}
	if (f->own && is_delivered(d))
		ph->config_t = e->t;
}

/* The entry for a MAC: in the store, or one of the strangers. */
static pp_audit_phone *client(pp_audit *a, const pp_store *st, const char *mac)
{
	int known = st && pp_store_find(st, mac, NULL) == PP_OK;
	pp_audit_set *s = known ? &a->phones : &a->strangers;
	pp_audit_phone *ph = set_find(s, mac);
	if (!ph && (ph = set_add(s, mac)) != NULL) {
		snprintf(ph->mac, sizeof(ph->mac), "%s", mac);
		ph->in_store = known;
	}
	return ph;
}

static void ip_put(pp_audit_set *ips, const char *ip, const char *mac)
{
	ipent *m = set_find(ips, ip);
	if (!m)
		m = set_add(ips, ip);
	if (m)
		snprintf(m->mac, sizeof(m->mac), "%s", mac);
}

static void apply(pp_audit *a, const pp_store *st, pp_audit_set *ips, const pp_event *e,
                  const char *writer)
{
	char mac[PP_MAC_LEN + 1] = "";
	pp_name n;

	if (e->mac && pp_mac_parse(e->mac, mac) != PP_OK)
		mac[0] = '\0';
	if (!strcmp(e->event, "lease")) {
		if (!mac[0] || !e->ip)
			return;
		if (strcmp(e->action ? e->action : "", "del") != 0)
			ip_put(ips, e->ip, mac);
		pp_audit_phone *ph = client(a, st, mac);
		if (!ph)
			return;
		ph->lease_t = e->t;
		seen(ph, e->t);
		snprintf(ph->lease_ip, sizeof(ph->lease_ip), "%s", e->ip);
		snprintf(ph->lease_action, sizeof(ph->lease_action), "%s",
		         e->action ? e->action : "");
		if (e->host)
			snprintf(ph->host, sizeof(ph->host), "%s", e->host);
		if (e->vendor)
			snprintf(ph->vendor, sizeof(ph->vendor), "%s", e->vendor);
		return;
	}
	if ((strcmp(e->event, "fetch") != 0 && strcmp(e->event, "transfer") != 0) || !e->name)
		return;
	/* The MAC the shim found in the neighbour table, or the hook's: that address is it. */
	if (mac[0] && e->ip)
		ip_put(ips, e->ip, mac);
	if (!mac[0] && e->ip) {
		const ipent *m = set_find(ips, e->ip);
		if (m)
			snprintf(mac, sizeof(mac), "%s", m->mac);
	}
	if (mac[0]) {
		pp_audit_phone *ph = client(a, st, mac);
		if (ph)
			add_row(ph, st, e, writer);
		return;
	}
	/* A per-phone file that reached an address nobody leased: the name says whose. */
	enum pp_kind k = pp_classify(st, e->name, &n);
	if ((k == PP_KIND_SIP_MAC || k == PP_KIND_SEP_MAC) && is_delivered(e->decision) && st &&
	    pp_store_find(st, n.mac, NULL) == PP_OK) {
		pp_audit_phone *ph = client(a, st, n.mac);
		if (ph)
			add_row(ph, st, e, writer);
	}
	/* And whoever that address is, it is listed: a stranger's attempts must show. */
	const char *ip = e->ip ? e->ip : "-";
	pp_audit_phone *u = set_find(&a->unknown, ip);
	if (!u)
		u = set_add(&a->unknown, ip);
	if (u)
		add_row(u, st, e, writer);
}

/* ---- reading the journals, merged by time, one line each in memory --------- */

typedef struct source {
	pp_journal_reader r;
	pp_event e;
	int has;
	size_t j; /* index into a->journal */
	char writer[16];
} source;

static int by_name(const void *x, const void *y)
{
	const pp_audit_journal *a = x, *b = y;
	/* The hook last: on equal times the shim's decision comes before its completion. */
	int ha = !strcmp(a->file, "hook.journal"), hb = !strcmp(b->file, "hook.journal");
	if (ha != hb)
		return ha - hb;
	return strcmp(a->file, b->file);
}

static void advance(pp_audit *a, source *s)
{
	int r = pp_journal_next(&s->r, &s->e);
	s->has = r == 1;
	if (r < 0)
		a->journal[s->j].error = errno ? errno : EIO;
}

int pp_audit_build(pp_audit *a, const pp_store *st, const char *state_dir)
{
	memset(a, 0, sizeof(*a));
	size_t nstore = pp_store_phone_count(st);
	set_init(&a->phones, sizeof(pp_audit_phone), 0, 1);
	set_init(&a->strangers, sizeof(pp_audit_phone), PP_AUDIT_STRANGERS, 1);
	set_init(&a->unknown, sizeof(pp_audit_phone), PP_AUDIT_UNKNOWN, 1);

	DIR *d = opendir(state_dir);
	if (!d) {
		a->dir_error = errno;
		return -1;
	}
	struct dirent *de;
	for (size_t seen_entries = 0; seen_entries < MAX_DIR_ENTRIES && (de = readdir(d));
	     seen_entries++) {
		size_t len = strlen(de->d_name);
		if (len <= 8 || strcmp(de->d_name + len - 8, ".journal") != 0 ||
		    len >= sizeof(a->journal[0].file))
			continue;
		if (a->njournals == PP_AUDIT_JOURNALS) {
			a->journals_skipped++;
			continue;
		}
		snprintf(a->journal[a->njournals++].file, sizeof(a->journal[0].file), "%s",
		         de->d_name);
	}
	qsort(a->journal, a->njournals, sizeof(a->journal[0]), by_name);

	source *src = calloc(a->njournals ? a->njournals : 1, sizeof(*src));
	if (!src) {
		closedir(d);
		a->dir_error = ENOMEM;
		return -1;
	}
	for (size_t j = 0; j < a->njournals; j++) {
		source *s = &src[j];
		s->j = j;
		s->r.fd = -1;
		snprintf(s->writer, sizeof(s->writer), "%.*s",
		         (int)(strlen(a->journal[j].file) - 8), a->journal[j].file);
		if (pp_journal_open_read(&s->r, dirfd(d), a->journal[j].file) < 0) {
			a->journal[j].error = errno;
			continue;
		}
		advance(a, s);
	}
	closedir(d);

	pp_audit_set ips;
	set_init(&ips, sizeof(ipent), IPMAP_MIN + 2 * nstore, 0);
	for (;;) {
		source *best = NULL;
		for (size_t j = 0; j < a->njournals; j++)
			if (src[j].has && (!best || src[j].e.t < best->e.t))
				best = &src[j];
		if (!best)
			break;
		apply(a, st, &ips, &best->e, best->writer);
		a->events++;
		a->journal[best->j].events++;
		advance(a, best);
	}
	for (size_t j = 0; j < a->njournals; j++) {
		a->journal[j].bad_lines = src[j].r.bad;
		a->bad_lines += src[j].r.bad;
		pp_journal_close_read(&src[j].r);
	}
	free(src);
	set_free(&ips);
	return 0;
}

void pp_audit_free(pp_audit *a)
{
	set_free(&a->phones);
	set_free(&a->strangers);
	set_free(&a->unknown);
	memset(a, 0, sizeof(*a));
}
