/* SPDX-License-Identifier: MIT */
#include "audit.h"
#include "journal.h"
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* pp_audit_phone.seen_by has a bit for each journal read. */
_Static_assert(PP_AUDIT_JOURNALS <= 64, "seen_by is 64 bits");

#define IPMAP_MIN    4096 /* addresses remembered, at least */
#define MERGE_BEFORE 5    /* s: the hook's clock may be a little behind the shim's */
#define MERGE_AFTER  3600 /* s: a slow transfer (firmware over a busy link) */

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

/*
 * The row belongs to the same transfer as e: the same server's folder (two
 * sites may hand out the same addresses), same address, same file, close
 * in time.
 */
static int same_transfer(const pp_audit *a, const pp_audit_fetch *f, const pp_event *e,
                         unsigned src, time_t shim_t, time_t hook_t)
{
	return !f->paired && a->journal[f->src].group == a->journal[src].group &&
	       strcmp(f->ip, e->ip ? e->ip : "") == 0 &&
	       strcasecmp(base_of(f->name), base_of(e->name)) == 0 &&
	       hook_t >= shim_t - MERGE_BEFORE && hook_t <= shim_t + MERGE_AFTER;
}

/*
 * dnsmasq's shim journals its decision when the file is opened, the hook
 * the completed transfer after the last ACK: one transfer, two lines.  The
 * row keeps the shim's decision and notes the completion.  1 when merged.
 */
static int merge(const pp_audit *a, pp_audit_phone *ph, const pp_event *e, unsigned src, int hook)
{
	const char *writer = a->journal[src].writer;
	for (size_t k = ph->nfetch; k-- > 0;) {
		pp_audit_fetch *f = &ph->fetch[k];
		if (hook && !f->completed && is_delivered(f->decision) &&
		    same_transfer(a, f, e, src, f->t, e->t)) {
			f->completed = f->paired = 1;
			if (f->bytes < 0)
				f->bytes = e->bytes;
			return 1;
		}
		/* The hook's line came first (clocks a second apart): the shim's decision wins. */
		if (!hook && f->completed && !strcmp(f->writer, "hook") &&
		    same_transfer(a, f, e, src, e->t, f->t)) {
			f->paired = 1;
			f->t = e->t;
			f->src = src;
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

/* The journals are merged in time order, so the last to call this saw it last. */
static void seen(pp_audit_phone *ph, time_t t, unsigned src)
{
	if (!ph->first_seen || t < ph->first_seen)
		ph->first_seen = t;
	if (t >= ph->last_seen) {
		ph->last_seen = t;
		ph->last_src = src;
	}
	ph->seen_by |= (uint64_t)1 << src;
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
 * for the newest row of that name from that address in the same journal,
 * a fetch from disk not yet ended, and a complete one only with the bytes
 * that fetch was opened with: a line for a file the child did not serve
 * (forged, or a stale one) pairs with nothing and teaches nothing.
 */
static void fetch_end(const pp_audit *a, pp_audit_phone *ph, const pp_store *st, const pp_event *e,
                      unsigned src)
{
	const pp_phone *p = ph->in_store ? pp_store_lookup(st, ph->mac) : NULL;
	pp_audit_fetch *f = NULL;

	for (size_t k = ph->nfetch; k-- > 0 && !f;)
		if (!strcmp(ph->fetch[k].ip, e->ip ? e->ip : "") &&
		    !strcasecmp(base_of(ph->fetch[k].name), base_of(e->name)))
			f = &ph->fetch[k];
	if (!f || f->paired || f->src != src || strcmp(f->decision, "fell-through") != 0 ||
	    f->bytes <= 0 || !same_transfer(a, f, e, src, f->t, e->t))
		return;
	int done = e->decision && !strcmp(e->decision, "sent") && e->bytes == f->bytes;
	f->paired = 1;
	f->completed = done;
	if (!done && !strcasecmp(base_of(ph->firmware), base_of(e->name)))
		snprintf(ph->firmware_decision, sizeof(ph->firmware_decision), "cut");
	if (p)
		pp_fw_observe(&ph->fw, st, p, e->name, done ? PP_FWE_DONE : PP_FWE_CUT, 1, e->t);
}

static void add_row(const pp_audit *a, pp_audit_phone *ph, const pp_store *st, const pp_event *e,
                    unsigned src)
{
	const char *d = e->decision ? e->decision : "", *writer = a->journal[src].writer;
	int hook = !strcmp(writer, "hook") && !strcmp(d, "sent");
	int ends = a->group[a->journal[src].group].hook;
	seen(ph, e->t, src);
	if (!strcmp(e->event, "transfer") && strcmp(writer, "hook") != 0) {
		fetch_end(a, ph, st, e, src);
		return;
	}
	learn_firmware(ph, st, e, writer, hook, ends);
	if ((hook || is_delivered(d)) && merge(a, ph, e, src, hook)) {
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
	f->src = src;
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

/* An address is a server's folder's: two sites may lease the same one to two phones. */
static const char *ip_key(const pp_audit *a, unsigned src, const char *ip, char out[64])
{
	snprintf(out, 64, "%zu %s", a->journal[src].group, ip);
	return out;
}

static void ip_put(pp_audit_set *ips, const char *key, const char *mac)
{
	ipent *m = pp_audit_set_find(ips, key);
	if (!m)
		m = pp_audit_set_add(ips, key);
	if (m)
		snprintf(m->mac, sizeof(m->mac), "%s", mac);
}

static void apply(pp_audit *a, const pp_store *st, pp_audit_set *ips, const pp_event *e,
                  unsigned src)
{
	char mac[PP_MAC_LEN + 1] = "", key[64];
	pp_name n;

	if (e->mac && pp_mac_parse(e->mac, mac) != PP_OK)
		mac[0] = '\0';
	if (!strcmp(e->event, "lease")) {
		if (!mac[0] || !e->ip)
			return;
		if (strcmp(e->action ? e->action : "", "del") != 0)
			ip_put(ips, ip_key(a, src, e->ip, key), mac);
		pp_audit_phone *ph = client(a, st, mac);
		if (!ph)
			return;
		ph->lease_t = e->t;
		ph->lease_src = src;
		seen(ph, e->t, src);
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
		ip_put(ips, ip_key(a, src, e->ip, key), mac);
	if (!mac[0] && e->ip) {
		const ipent *m = pp_audit_set_find(ips, ip_key(a, src, e->ip, key));
		if (m)
			snprintf(mac, sizeof(mac), "%s", m->mac);
	}
	if (mac[0]) {
		pp_audit_phone *ph = client(a, st, mac);
		if (ph)
			add_row(a, ph, st, e, src);
		return;
	}
	/* A per-phone file that reached an address nobody leased: the name says whose. */
	enum pp_kind k = pp_classify(st, e->name, &n);
	if ((k == PP_KIND_SIP_MAC || k == PP_KIND_SEP_MAC) && is_delivered(e->decision) && st &&
	    pp_store_find(st, n.mac, NULL) == PP_OK) {
		pp_audit_phone *ph = client(a, st, n.mac);
		if (ph)
			add_row(a, ph, st, e, src);
	}
	/* And whoever that address is, it is listed: a stranger's attempts must show. */
	const char *ip = e->ip ? e->ip : "-";
	pp_audit_phone *u = pp_audit_set_find(&a->unknown, ip);
	if (!u)
		u = pp_audit_set_add(&a->unknown, ip);
	if (u)
		add_row(a, u, st, e, src);
}

/* ---- reading the journals, merged by time, one line each in memory --------- */

typedef struct source {
	pp_journal_reader r;
	pp_event e;
	int has;
} source;

static void advance(pp_audit *a, source *s, size_t j)
{
	int r = pp_journal_next(&s->r, &s->e);
	s->has = r == 1;
	if (r < 0)
		a->journal[j].error = errno ? errno : EIO;
}

static int start(pp_audit *a)
{
	memset(a, 0, sizeof(*a));
	pp_audit_set_init(&a->phones, sizeof(pp_audit_phone), 0, 1);
	pp_audit_set_init(&a->strangers, sizeof(pp_audit_phone), PP_AUDIT_STRANGERS, 1);
	pp_audit_set_init(&a->unknown, sizeof(pp_audit_phone), PP_AUDIT_UNKNOWN, 1);
	a->group = calloc(PP_AUDIT_GROUPS, sizeof(*a->group));
	a->note = calloc(PP_AUDIT_NOTES, sizeof(*a->note));
	if (!a->group || !a->note) {
		a->dir_error = ENOMEM;
		return -1;
	}
	return 0;
}

/* Every journal listed, merged by time: on equal times the lower index first (the hook last). */
static int read_all(pp_audit *a, const pp_store *st)
{
	source *src = calloc(a->njournals ? a->njournals : 1, sizeof(*src));
	if (!src) {
		a->dir_error = ENOMEM;
		return -1;
	}
	for (size_t j = 0; j < a->njournals; j++) {
		source *s = &src[j];
		char path[4096 + 256];
		s->r.fd = -1;
		snprintf(path, sizeof(path), "%s/%s", a->group[a->journal[j].group].dir,
		         a->journal[j].file);
		if (pp_journal_open_read(&s->r, AT_FDCWD, path) < 0) {
			a->journal[j].error = errno;
			continue;
		}
		a->journal[j].cut = (long long)s->r.cut;
		advance(a, s, j);
	}

	pp_audit_set ips;
	pp_audit_set_init(&ips, sizeof(ipent), IPMAP_MIN + 2 * pp_store_phone_count(st), 0);
	for (;;) {
		size_t best = a->njournals;
		for (size_t j = 0; j < a->njournals; j++)
			if (src[j].has && (best == a->njournals || src[j].e.t < src[best].e.t))
				best = j;
		if (best == a->njournals)
			break;
		apply(a, st, &ips, &src[best].e, (unsigned)best);
		a->events++;
		a->journal[best].events++;
		advance(a, &src[best], best);
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

int pp_audit_build(pp_audit *a, const pp_store *st, const char *state_dir)
{
	if (start(a) < 0)
		return -1;
	pp_audit_scan_dir(a, state_dir);
	if (a->dir_error)
		return -1;
	return read_all(a, st);
}

int pp_audit_build_paths(pp_audit *a, const pp_store *st, const char *const *paths, size_t n)
{
	if (start(a) < 0)
		return -1;
	pp_audit_scan_paths(a, paths, n);
	return read_all(a, st);
}

void pp_audit_free(pp_audit *a)
{
	pp_audit_set_free(&a->phones);
	pp_audit_set_free(&a->strangers);
	pp_audit_set_free(&a->unknown);
	free(a->group);
	free(a->note);
	memset(a, 0, sizeof(*a));
}
