/* SPDX-License-Identifier: MIT */
#include "audit.h"
#include "journal.h"
#include "model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_DIR_ENTRIES 100000 /* state_dir is ours; more than this is someone's flood */
#define IPMAP_MIN       4096   /* addresses remembered, at least */
#define MERGE_BEFORE    5      /* s: the hook's clock may be a little behind the shim's */
#define MERGE_AFTER     3600   /* s: a slow transfer (firmware over a busy link) */

/* An address and the MAC it had: the ips table of pp_audit_build. */
typedef struct ipent {
	char key[64]; /* the address */
	char mac[PP_MAC_LEN + 1];
} ipent;

/* ---- what the events say --------------------------------------------------- */

const pp_audit_phone *pp_audit_find(const pp_audit *a, const char *mac)
{
	const pp_audit_phone *p = pp_audit_set_lookup(&a->phones, mac);
	return p ? p : pp_audit_set_lookup(&a->strangers, mac);
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

/*
 * The learner's view of one event of a phone of the store.  Only the hook
 * (dnsmasq's --dhcp-script) reports a transfer's end, and only dnsmasq's:
 * ends are known for dnsmasq's fetches when the hook keeps a journal; else
 * (in.tftpd, a dnsmasq without the hook) an image asked counts as fetched.
 */
static void learn_firmware(pp_audit_phone *ph, const pp_store *st, const pp_event *e,
                           const char *writer, int hook, int ends)
{
	/* in.tftpd's children journal each image fetch's end (preload_fetch.c). */
	int known = (ends && !strcmp(writer, "dnsmasq")) || !strcmp(writer, "tftpd");
	const char *d = e->decision ? e->decision : "";
	const pp_phone *p = ph->in_store ? pp_store_lookup(st, ph->mac) : NULL;
	enum pp_fw_ev ev = hook                      ? PP_FWE_DONE
	                   : !strcmp(d, "not-found") ? PP_FWE_MISSING
	                   : is_delivered(d)         ? PP_FWE_ASKED
	                                             : (enum pp_fw_ev) - 1;

	if (p && (int)ev >= 0)
		pp_fw_observe(&ph->fw, st, p, e->name, ev, known, e->t);
}

/*
 * in.tftpd's child's line at the end of an image fetch: decision=sent when
 * the phone acknowledged every byte, cut when it did not.  It counts only
 * for the newest row of that name from that address by the same writer,
 * a fetch from disk not yet ended, and a complete one only with the bytes
 * that fetch was opened with: a line for a file the child did not serve
 * (forged, or a stale one) pairs with nothing and teaches nothing.
 */
static void fetch_end(pp_audit_phone *ph, const pp_store *st, const pp_event *e, const char *writer)
{
	const pp_phone *p = ph->in_store ? pp_store_lookup(st, ph->mac) : NULL;
	pp_audit_fetch *f = NULL;

	for (size_t k = ph->nfetch; k-- > 0 && !f;)
		if (!strcmp(ph->fetch[k].ip, e->ip ? e->ip : "") &&
		    !strcasecmp(base_of(ph->fetch[k].name), base_of(e->name)))
			f = &ph->fetch[k];
	if (!f || f->paired || strcmp(f->writer, writer) != 0 ||
	    strcmp(f->decision, "fell-through") != 0 || f->bytes <= 0 ||
	    !same_transfer(f, e, f->t, e->t))
		return;
	int done = e->decision && !strcmp(e->decision, "sent") && e->bytes == f->bytes;
	f->paired = 1;
	f->completed = done;
	if (!done && !strcasecmp(base_of(ph->firmware), base_of(e->name)))
		snprintf(ph->firmware_decision, sizeof(ph->firmware_decision), "cut");
	if (p)
		pp_fw_observe(&ph->fw, st, p, e->name, done ? PP_FWE_DONE : PP_FWE_CUT, 1, e->t);
}

static void add_row(pp_audit_phone *ph, const pp_store *st, const pp_event *e, const char *writer,
                    int ends)
{
	const char *d = e->decision ? e->decision : "";
	int hook = !strcmp(writer, "hook") && !strcmp(d, "sent");
	seen(ph, e->t);
	if (!strcmp(e->event, "transfer") && strcmp(writer, "hook") != 0) {
		fetch_end(ph, st, e, writer);
		return;
	}
	learn_firmware(ph, st, e, writer, hook, ends);
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
	pp_audit_phone *ph = pp_audit_set_find(s, mac);
	if (!ph && (ph = pp_audit_set_add(s, mac)) != NULL) {
		snprintf(ph->mac, sizeof(ph->mac), "%s", mac);
		ph->in_store = known;
	}
	return ph;
}

static void ip_put(pp_audit_set *ips, const char *ip, const char *mac)
{
	ipent *m = pp_audit_set_find(ips, ip);
	if (!m)
		m = pp_audit_set_add(ips, ip);
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
		const ipent *m = pp_audit_set_find(ips, e->ip);
		if (m)
			snprintf(mac, sizeof(mac), "%s", m->mac);
	}
	if (mac[0]) {
		pp_audit_phone *ph = client(a, st, mac);
		if (ph)
			add_row(ph, st, e, writer, a->hook_journal);
		return;
	}
	/* A per-phone file that reached an address nobody leased: the name says whose. */
	enum pp_kind k = pp_classify(st, e->name, &n);
	if ((k == PP_KIND_SIP_MAC || k == PP_KIND_SEP_MAC) && is_delivered(e->decision) && st &&
	    pp_store_find(st, n.mac, NULL) == PP_OK) {
		pp_audit_phone *ph = client(a, st, n.mac);
		if (ph)
			add_row(ph, st, e, writer, a->hook_journal);
	}
	/* And whoever that address is, it is listed: a stranger's attempts must show. */
	const char *ip = e->ip ? e->ip : "-";
	pp_audit_phone *u = pp_audit_set_find(&a->unknown, ip);
	if (!u)
		u = pp_audit_set_add(&a->unknown, ip);
	if (u)
		add_row(u, st, e, writer, a->hook_journal);
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
	pp_audit_set_init(&a->phones, sizeof(pp_audit_phone), 0, 1);
	pp_audit_set_init(&a->strangers, sizeof(pp_audit_phone), PP_AUDIT_STRANGERS, 1);
	pp_audit_set_init(&a->unknown, sizeof(pp_audit_phone), PP_AUDIT_UNKNOWN, 1);

	DIR *d = opendir(state_dir);
	if (!d) {
		a->dir_error = errno;
		return -1;
	}
	/* readdir64: on a 32-bit build (armhf) readdir fails with EOVERFLOW at an
	   entry whose inode or offset needs 64 bits (XFS, btrfs, NFS), and the
	   listing would end there, silently. */
	struct dirent64 *de;
	for (size_t seen_entries = 0; seen_entries < MAX_DIR_ENTRIES && (de = readdir64(d));
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
		if (strcmp(de->d_name, "hook.journal") == 0)
			a->hook_journal = 1;
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
	pp_audit_set_init(&ips, sizeof(ipent), IPMAP_MIN + 2 * nstore, 0);
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
	pp_audit_set_free(&ips);
	return 0;
}

void pp_audit_free(pp_audit *a)
{
	pp_audit_set_free(&a->phones);
	pp_audit_set_free(&a->strangers);
	pp_audit_set_free(&a->unknown);
	memset(a, 0, sizeof(*a));
}
