/* SPDX-License-Identifier: MIT */
/*
 * Which phones phoneprov notify reaches, with which NOTIFY, at which address;
 * and for --changed, which phones' files differ from what they were served.
 * Over 400 lines because the addresses come from four sources (bindings,
 * the lease file, the neighbour table, the journals) merged into one table
 * per phone that the plan then reads; the table is private to this file.
 */
#include "notify.h"
#include "bindings.h"
#include "cidr.h"
#include "error.h"
#include "fw_track.h"
#include "journal.h"
#include "model.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "safeopen.h"

#define MAX_TABLE_LINES 1000000
#define MAX_TABLE_BYTES (256LL << 20)
#define MAX_DIR_ENTRIES 100000
#define MAX_WRITERS     64
#define FILES_PER_PHONE 8 /* own file, SIPDefault, OS79XX, RINGLIST, dial plan, syncinfo... */

enum { SRC_BINDINGS, SRC_LEASES, SRC_NEIGH, SRC_JOURNAL, NSRC };

static const char *const src_name[NSRC] = {
    "dhcp-script bindings",
    "lease file",
    "neighbour table",
    "its last fetch in the journal",
};

typedef struct seen_file {
	enum pp_kind kind;
	char name[64]; /* as the phone asked for it (base name) */
	char digest[PP_DIGEST_LEN + 1];
	int writer; /* index into writers */
	time_t t;
	char offer[PP_FW_NAME_MAX + 1]; /* the firmware step its answer named, "" the store's */
} seen_file;

/* What phoneprov knows of one phone of the store. */
typedef struct known {
	char ip[NSRC][64];
	time_t t[NSRC];
	seen_file f[FILES_PER_PHONE];
	size_t nf;
	pp_fw_seen fw; /* its firmware journey, replayed as the shim learned it */
} known;

typedef struct writer {
	char name[32];
	pp_digest_key key;
	int key_errno; /* 0: key loaded */
	int needed;    /* a digest= line of this writer was read */
} writer;

typedef struct ctx {
	const pp_store *st;
	known *k; /* one per phone of the store, in store order */
	writer w[MAX_WRITERS];
	size_t nw;
	char key_path[4096]; /* of the first key that was needed and could not be read */
	int key_errno;
	char unread[4096]; /* the first journal that could not be read */
	int unread_errno;
} ctx;

static known *known_of(ctx *c, const char *mac)
{
	const pp_phone *ph = pp_store_lookup(c->st, mac);
	return ph ? &c->k[ph - c->st->phones] : NULL;
}

/* The address in canonical text, or 0 when ip is not one phone's (multicast, broadcast, any). */
static int canonical(const char *ip, char out[64])
{
	unsigned char a[16];
	struct in6_addr a6;
	if (inet_pton(AF_INET, ip, a) == 1)
		return a[0] != 0 && a[0] < 224 && inet_ntop(AF_INET, a, out, 64) != NULL;
	if (inet_pton(AF_INET6, ip, &a6) == 1)
		return !IN6_IS_ADDR_MULTICAST(&a6) && !IN6_IS_ADDR_UNSPECIFIED(&a6) &&
		       inet_ntop(AF_INET6, &a6, out, 64) != NULL;
	return 0;
}

static void put_addr(known *k, int src, const char *ip, time_t t)
{
	char c[64];
	if (k && canonical(ip, c) && (!k->ip[src][0] || t >= k->t[src])) {
		memcpy(k->ip[src], c, sizeof(c));
		k->t[src] = t;
	}
}

/* ---- the sources --------------------------------------------------------------- */

static void from_bindings(ctx *c, const char *state_dir)
{
	pp_binding *b;
	size_t n;
	if (pp_bindings_load(state_dir, &b, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		put_addr(known_of(c, b[i].mac), SRC_BINDINGS, b[i].ip, b[i].t);
	free(b);
}

/*
 * A table of whitespace-separated columns: the lease file (EXPIRY MAC IP
 * ...) or /proc/net/arp (IP TYPE FLAGS MAC MASK DEVICE, flag 0x2 complete).
 * The last line for a MAC wins, as in dnsmasq's lease file.
 */
static void from_table(ctx *c, const char *path, int src, int mac_col, int ip_col, int flags_col)
{
	FILE *f = path ? pp_fopen_regular(path, MAX_TABLE_BYTES) : NULL;
	char *line = NULL;
	size_t cap = 0;
	if (!f)
		return;
	for (size_t lines = 0; lines < MAX_TABLE_LINES && getline(&line, &cap, f) >= 0; lines++) {
		char *col[6] = {0}, *save = NULL, mac[PP_MAC_LEN + 1];
		int n = 0;
		for (char *t = strtok_r(line, " \t\n", &save); t && n < 6;
		     t = strtok_r(NULL, " \t\n", &save))
			col[n++] = t;
		if (n <= mac_col || n <= ip_col || n <= flags_col ||
		    pp_mac_parse(col[mac_col], mac) != PP_OK)
			continue;
		if (flags_col >= 0 && !(strtoul(col[flags_col], NULL, 16) & 0x2))
			continue;
		put_addr(known_of(c, mac), src, col[ip_col], (time_t)lines);
	}
	free(line);
	fclose(f);
}

/* ---- the journals ------------------------------------------------------------------ */

static int writer_of(ctx *c, const char *state_dir, const char *file)
{
	size_t len = strlen(file) - 8; /* without ".journal" */
	for (size_t i = 0; i < c->nw; i++)
		if (strlen(c->w[i].name) == len && !strncmp(c->w[i].name, file, len))
			return (int)i;
	if (c->nw == MAX_WRITERS || len >= sizeof(c->w[0].name))
		return -1;
	writer *w = &c->w[c->nw];
	snprintf(w->name, sizeof(w->name), "%.*s", (int)len, file);
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.key", state_dir, w->name);
	w->key_errno = pp_digest_key_load(path, 0, &w->key) == 0 ? 0 : errno ? errno : EIO;
	return (int)c->nw++;
}

static int is_digest(const char *d)
{
	return d && strlen(d) == PP_DIGEST_LEN && strspn(d, "0123456789abcdef") == PP_DIGEST_LEN;
}

static void note_file(ctx *c, known *k, const pp_name *n, const char *name, const pp_event *e,
                      int wi, const char *state_dir, const char *offer)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	seen_file *f = NULL;
	for (size_t i = 0; i < k->nf && !f; i++)
		if (k->f[i].kind == n->kind)
			f = &k->f[i];
	if (!f) {
		if (k->nf == FILES_PER_PHONE || strlen(base) >= sizeof(f->name))
			return;
		f = &k->f[k->nf++];
	} else if (e->t < f->t) {
		return;
	}
	f->kind = n->kind;
	snprintf(f->name, sizeof(f->name), "%s", base);
	snprintf(f->digest, sizeof(f->digest), "%s", e->digest);
	f->writer = wi;
	f->t = e->t;
	snprintf(f->offer, sizeof(f->offer), "%s", offer);
	writer *w = &c->w[wi];
	if (!w->needed && w->key_errno && !c->key_errno) {
		c->key_errno = w->key_errno;
		snprintf(c->key_path, sizeof(c->key_path), "%s/%s.key", state_dir, w->name);
	}
	w->needed = 1;
}

/* A fetch (the shim's) or a completed transfer (the hook's); leases come in through the bindings.
 */
static void apply(ctx *c, const pp_event *e, int wi, const char *state_dir)
{
	char mac[PP_MAC_LEN + 1] = "";
	pp_name n = {PP_KIND_NONE, ""};

	if (strcmp(e->event, "fetch") != 0 && strcmp(e->event, "transfer") != 0)
		return;
	if (e->mac && pp_mac_parse(e->mac, mac) != PP_OK)
		mac[0] = '\0';
	int served = e->decision && !strcmp(e->decision, "served");
	if (e->name)
		pp_classify(c->st, e->name, &n);
	/* A phone's own file that reached an address: the name says whose it was. */
	if (!mac[0] && served && (n.kind == PP_KIND_SIP_MAC || n.kind == PP_KIND_SEP_MAC))
		memcpy(mac, n.mac, sizeof(mac));
	known *k = mac[0] ? known_of(c, mac) : NULL;
	if (!k)
		return;
	if (e->ip)
		put_addr(k, SRC_JOURNAL, e->ip, e->t);
	/*
	 * The shim answers a phone on a firmware journey with its next step
	 * where it reads its load: the same learner, fed the same requests, says
	 * which, so the comparison below renders that answer, not the target's.
	 */
	const pp_phone *ph = pp_store_lookup(c->st, mac);
	const char *d = e->decision ? e->decision : "";
	int point = 0;
	/* in.tftpd's children journal each image fetch's end, as the shim learns it. */
	int tftpd = wi >= 0 && !strcmp(c->w[wi].name, "tftpd");
	int journey = ph && e->name && pp_fw_entry(&ph->s, ph->model->name);
	if (journey && strcmp(e->event, "fetch") == 0)
		point = pp_fw_observe(&k->fw, c->st, ph, e->name,
		                      strcmp(d, "not-found") ? PP_FWE_ASKED : PP_FWE_MISSING, tftpd,
		                      e->t);
	else if (journey && tftpd)
		pp_fw_observe(&k->fw, c->st, ph, e->name,
		              !strcmp(d, "sent") ? PP_FWE_DONE : PP_FWE_CUT, 1, e->t);
	if (served && n.kind != PP_KIND_NONE && is_digest(e->digest) && wi >= 0)
		note_file(c, k, &n, e->name, e, wi, state_dir,
		          point && pp_fw_affects(n.kind) ? k->fw.offered : "");
}

static int from_journals(ctx *c, const char *state_dir)
{
	DIR *d = opendir(state_dir);
	/* readdir64: on a 32-bit build (armhf) readdir fails with EOVERFLOW at an
	   entry whose inode or offset needs 64 bits (XFS, btrfs, NFS), and the
	   listing would end there, silently. */
	struct dirent64 *de;
	if (!d)
		return -1;
	for (size_t i = 0; i < MAX_DIR_ENTRIES && (de = readdir64(d)); i++) {
		size_t len = strlen(de->d_name);
		pp_journal_reader r;
		pp_event e;
		if (len <= 8 || strcmp(de->d_name + len - 8, ".journal") != 0)
			continue;
		if (pp_journal_open_read(&r, dirfd(d), de->d_name) < 0) {
			if (!c->unread_errno) {
				c->unread_errno = errno;
				snprintf(c->unread, sizeof(c->unread), "%s/%s", state_dir,
				         de->d_name);
			}
			continue;
		}
		int wi = writer_of(c, state_dir, de->d_name);
		while (pp_journal_next(&r, &e) == 1)
			apply(c, &e, wi, state_dir);
		pp_journal_close_read(&r);
	}
	closedir(d);
	return 0;
}

/* ---- one phone ------------------------------------------------------------------- */

static unsigned sip_port(const pp_phone *ph)
{
	const pp_val *v = pp_kvs_get(&ph->s.cnf, "voip_control_port");
	long long p = 0;
	if (v && v->type == PP_V_INT)
		p = v->i;
	else if (v && v->type == PP_V_STR && v->s)
		p = strtoll(v->s, NULL, 10);
	return p > 0 && p < 65536 ? (unsigned)p : 5060;
}

static void line1_user(const pp_phone *ph, char *out, size_t len)
{
	out[0] = '\0';
	if (!ph->s.lines.n)
		return;
	const pp_val *v = &ph->s.lines.items[0].name;
	if (v->type == PP_V_STR && v->s)
		snprintf(out, len, "%s", v->s);
	else if (v->type == PP_V_INT)
		snprintf(out, len, "%lld", v->i);
}

static int allowed(const pp_store *st, const char *ip)
{
	if (!st->has_allow)
		return 1;
	for (size_t i = 0; i < st->nallow; i++)
		if (pp_cidr_match(&st->allow[i], ip))
			return 1;
	return 0;
}

static void skip(pp_notify_phone *p, int failure, const char *fmt, const char *arg)
{
	p->state = PP_NOTIFY_SKIPPED;
	p->failure = failure;
	snprintf(p->why, sizeof(p->why), fmt, arg);
}

/*
 * Has the phone's rendering changed since it was last served?  1 changed,
 * 0 not, -1 nothing to compare (no digest of its own file in the journal).
 */
static int changed(ctx *c, const pp_phone *ph, const known *k, pp_notify_phone *p)
{
	int own = 0, diff = 0;
	size_t o = 0;
	for (size_t i = 0; i < k->nf; i++) {
		const seen_file *f = &k->f[i];
		if (f->kind == PP_KIND_SIP_MAC || f->kind == PP_KIND_SEP_MAC)
			own = 1;
		/* Derived from the others, and it may have gone to the phone unidentified. */
		if (f->kind == PP_KIND_SYNCINFO || !c->w[f->writer].key.set)
			continue;
		pp_client as = {NULL, ph->mac};
		char *data = NULL, now[PP_DIGEST_LEN + 1] = "";
		size_t len = 0;
		int rc = f->offer[0]
		             ? pp_render_offer(c->st, f->name, &as, ph, f->offer, &data, &len, NULL)
		             : pp_render(c->st, f->name, &as, &data, &len, NULL);
		if (rc == PP_OK)
			pp_digest_keyed(&c->w[f->writer].key, data, len, now);
		pp_free(data);
		if (strcmp(now, f->digest) == 0)
			continue;
		diff = 1;
		o += (size_t)snprintf(p->changed + o,
		                      o < sizeof(p->changed) ? sizeof(p->changed) - o : 0, "%s%s",
		                      o ? ", " : "", f->name);
		if (o >= sizeof(p->changed))
			o = sizeof(p->changed);
	}
	return diff ? 1 : own ? 0 : -1;
}

static void plan_phone(ctx *c, const pp_phone *ph, enum pp_notify_which which, int reboot,
                       pp_notify_phone *p)
{
	const known *k = &c->k[ph - c->st->phones];
	memcpy(p->mac, ph->mac, sizeof(p->mac));
	snprintf(p->model, sizeof(p->model), "%s", ph->model->name);
	if (which == PP_NOTIFY_CHANGED) {
		int r = changed(c, ph, k, p);
		if (r == 0) {
			p->state = PP_NOTIFY_UNCHANGED;
			snprintf(p->why, sizeof(p->why), "unchanged since its last fetch");
			return;
		}
		if (r < 0) {
			skip(p, 0, "%s",
			     "no record of what it was served: no digest of its own file "
			     "in the journal (phoneprov notify MAC reaches it anyway)");
			return;
		}
	}
	if (ph->model->family == PP_FAMILY_XML && ph->sccp) {
		skip(p, which == PP_NOTIFY_MACS, "%s",
		     "an SCCP phone: a SIP NOTIFY cannot reach it; restart it from its call "
		     "manager or by hand");
		return;
	}
	p->req.event = ph->model->family == PP_FAMILY_CNF ? PP_SIP_CHECK_SYNC
	               : reboot                           ? PP_SIP_RESET
	                                                  : PP_SIP_RESTART;
	p->req.port = sip_port(ph);
	line1_user(ph, p->req.user, sizeof(p->req.user));
	int src = 0;
	while (src < NSRC && !k->ip[src][0])
		src++;
	if (src == NSRC) {
		skip(
		    p, 1, "%s",
		    "no known address: no binding, lease, neighbour entry or fetch in the journal");
		return;
	}
	snprintf(p->req.host, sizeof(p->req.host), "%s", k->ip[src]);
	p->source = src_name[src];
	if (!allowed(c->st, p->req.host)) {
		char why[160];
		snprintf(why, sizeof(why), "%s (%s) is outside security.allow: not notified",
		         p->req.host, p->source);
		skip(p, 1, "%s", why);
		return;
	}
	p->state = PP_NOTIFY_PENDING;
	p->failure = 1;
}

/* --changed compares with every server's record: it does not guess without one. */
static int journal_problem(const ctx *c, const char *state_dir, int dir_errno, pp_error *err)
{
	if (dir_errno)
		return pp_error_set(err, PP_EIO, "cannot read the journal in %s: %s", state_dir,
		                    strerror(dir_errno));
	if (c->unread_errno)
		return pp_error_set(err, PP_EIO,
		                    "cannot read %s: %s; --changed needs what every server served "
		                    "(run it as root)",
		                    c->unread, strerror(c->unread_errno));
	if (c->key_errno)
		return pp_error_set(err, PP_EIO,
		                    "cannot read %s: %s; --changed compares digests keyed with it, "
		                    "so it runs as root",
		                    c->key_path, strerror(c->key_errno));
	return PP_OK;
}

int pp_notify_plan(const pp_store *st, enum pp_notify_which which, const char *const *macs,
                   size_t nmacs, int reboot, const pp_notify_where *where, pp_notify_phone **out,
                   size_t *n, pp_error *err)
{
	static const pp_notify_where none = {NULL, NULL, NULL};
	ctx c;
	size_t np = st->nphones, want = which == PP_NOTIFY_MACS ? nmacs : np;

	if (!where)
		where = &none;
	const char *state_dir = where->state_dir ? where->state_dir : st->state_dir;
	memset(&c, 0, sizeof(c));
	c.st = st;
	*out = NULL;
	*n = 0;
	c.k = calloc(np ? np : 1, sizeof(*c.k));
	pp_notify_phone *p = calloc(want ? want : 1, sizeof(*p));
	if (!c.k || !p) {
		free(c.k);
		free(p);
		return pp_error_set(err, PP_ENOMEM, "out of memory planning the notify");
	}
	from_bindings(&c, state_dir);
	from_table(&c, where->leases ? where->leases : st->leases, SRC_LEASES, 1, 2, -1);
	from_table(&c, where->arp ? where->arp : "/proc/net/arp", SRC_NEIGH, 3, 0, 2);
	int dir_errno = from_journals(&c, state_dir) < 0 ? errno : 0;
	int rc =
	    which == PP_NOTIFY_CHANGED ? journal_problem(&c, state_dir, dir_errno, err) : PP_OK;
	if (rc != PP_OK) {
		free(c.k);
		free(p);
		return rc;
	}
	size_t w = 0;
	for (size_t i = 0; i < want; i++) {
		const pp_phone *ph = NULL;
		if (which == PP_NOTIFY_MACS) {
			char mac[PP_MAC_LEN + 1];
			if (pp_mac_parse(macs[i], mac) != PP_OK) {
				snprintf(p[w].mac, sizeof(p[w].mac), "%.12s", macs[i]);
				skip(&p[w++], 1, "%s", "not a MAC address");
				continue;
			}
			size_t dup = 0;
			while (dup < w && strcmp(p[dup].mac, mac) != 0)
				dup++;
			if (dup < w)
				continue; /* named twice: notified once */
			ph = pp_store_lookup(st, mac);
			if (!ph) {
				memcpy(p[w].mac, mac, sizeof(mac));
				skip(&p[w++], 1, "%s", "not in the store");
				continue;
			}
		} else {
			ph = &st->phones[i];
		}
		plan_phone(&c, ph, which, reboot, &p[w++]);
	}
	free(c.k);
	*out = p;
	*n = w;
	return PP_OK;
}
