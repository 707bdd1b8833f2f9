#include "audit.h"
#include "journal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct ev {
	pp_event e;
	char *line; /* e's strings point in here */
	char writer[16];
} ev;

static size_t hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static pp_audit_phone *get(pp_audit *a, const char *mac, int create)
{
	if (a->cap == 0 || (create && a->nphones * 2 >= a->cap)) {
		if (!create)
			return NULL;
		size_t cap = a->cap ? a->cap * 2 : 256;
		size_t *slot = calloc(cap, sizeof(*slot));
		pp_audit_phone *p = realloc(a->phones, cap / 2 * sizeof(*p));
		if (!slot || !p) {
			free(slot);
			if (p)
				a->phones = p;
			return NULL;
		}
		a->phones = p;
		for (size_t i = 0; i < a->nphones; i++) {
			size_t h = hash(p[i].mac) & (cap - 1);
			while (slot[h])
				h = (h + 1) & (cap - 1);
			slot[h] = i + 1;
		}
		free(a->slot);
		a->slot = slot;
		a->cap = cap;
	}
	size_t h = hash(mac) & (a->cap - 1);
	for (; a->slot[h]; h = (h + 1) & (a->cap - 1))
		if (strcmp(a->phones[a->slot[h] - 1].mac, mac) == 0)
			return &a->phones[a->slot[h] - 1];
	if (!create)
		return NULL;
	pp_audit_phone *ph = &a->phones[a->nphones];
	memset(ph, 0, sizeof(*ph));
	snprintf(ph->mac, sizeof(ph->mac), "%s", mac);
	a->slot[h] = ++a->nphones;
	return ph;
}

const pp_audit_phone *pp_audit_find(const pp_audit *a, const char *mac)
{
	return get((pp_audit *)a, mac, 0);
}

static int by_time(const void *x, const void *y)
{
	const ev *a = x, *b = y;
	if (a->e.t != b->e.t)
		return a->e.t < b->e.t ? -1 : 1;
	return a < b ? -1 : a > b; /* keep file order for equal times */
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
	enum pp_kind k = pp_classify(st, name, &n);
	return (k == PP_KIND_SIP_MAC || k == PP_KIND_SEP_MAC) && strcmp(n.mac, mac) == 0;
}

/* The IP -> MAC map as leases and fetches reveal it; tiny open-addressing table. */
typedef struct ipmap {
	struct {
		char ip[64];
		char mac[PP_MAC_LEN + 1];
	} * e;
	size_t n, cap;
} ipmap;

static void ipmap_put(ipmap *m, const char *ip, const char *mac)
{
	if (m->n * 2 >= m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		ipmap nm = {calloc(cap, sizeof(*m->e)), 0, cap};
		if (!nm.e)
			return;
		for (size_t i = 0; i < m->cap; i++)
			if (m->e[i].ip[0])
				ipmap_put(&nm, m->e[i].ip, m->e[i].mac);
		free(m->e);
		*m = nm;
	}
	size_t h = hash(ip) & (m->cap - 1);
	while (m->e[h].ip[0] && strcmp(m->e[h].ip, ip) != 0)
		h = (h + 1) & (m->cap - 1);
	if (!m->e[h].ip[0])
		m->n++;
	snprintf(m->e[h].ip, sizeof(m->e[h].ip), "%s", ip);
	snprintf(m->e[h].mac, sizeof(m->e[h].mac), "%s", mac);
}

static const char *ipmap_get(const ipmap *m, const char *ip)
{
	if (!m->cap)
		return NULL;
	for (size_t h = hash(ip) & (m->cap - 1); m->e[h].ip[0]; h = (h + 1) & (m->cap - 1))
		if (strcmp(m->e[h].ip, ip) == 0)
			return m->e[h].mac;
	return NULL;
}

static void apply(pp_audit *a, const pp_store *st, ipmap *ips, const ev *v)
{
	const pp_event *e = &v->e;
	char mac[PP_MAC_LEN + 1] = "";
	pp_name n;

	if (e->mac && pp_mac_parse(e->mac, mac) != PP_OK)
		mac[0] = '\0';
	if (!strcmp(e->event, "lease")) {
		if (!mac[0] || !e->ip)
			return;
		if (strcmp(e->action ? e->action : "", "del") != 0)
			ipmap_put(ips, e->ip, mac);
		pp_audit_phone *ph = get(a, mac, 1);
		if (!ph)
			return;
		ph->lease_t = ph->last_seen = e->t;
		snprintf(ph->lease_ip, sizeof(ph->lease_ip), "%s", e->ip);
		snprintf(ph->lease_action, sizeof(ph->lease_action), "%s",
		         e->action ? e->action : "");
		if (e->host)
			snprintf(ph->host, sizeof(ph->host), "%s", e->host);
		if (e->vendor)
			snprintf(ph->vendor, sizeof(ph->vendor), "%s", e->vendor);
		return;
	}
	if (strcmp(e->event, "fetch") != 0 && strcmp(e->event, "transfer") != 0)
		return;
	if (!e->name)
		return;
	if (!mac[0] && e->ip && ipmap_get(ips, e->ip))
		snprintf(mac, sizeof(mac), "%s", ipmap_get(ips, e->ip));
	/* A per-phone name served to an IP nobody leased: the name says who. */
	if (!mac[0]) {
		enum pp_kind k = pp_classify(st, e->name, &n);
		if ((k == PP_KIND_SIP_MAC || k == PP_KIND_SEP_MAC) && e->decision &&
		    (!strcmp(e->decision, "served") || !strcmp(e->decision, "sent")))
			snprintf(mac, sizeof(mac), "%s", n.mac);
	}
	if (!mac[0])
		return;
	pp_audit_phone *ph = get(a, mac, 1);
	if (!ph)
		return;
	if (ph->nfetch == PP_AUDIT_FETCHES) {
		memmove(ph->fetch, ph->fetch + 1, sizeof(ph->fetch[0]) * (PP_AUDIT_FETCHES - 1));
		ph->nfetch--;
	}
	pp_audit_fetch *f = &ph->fetch[ph->nfetch++];
	f->t = e->t;
	snprintf(f->name, sizeof(f->name), "%s", e->name);
	f->bytes = e->bytes;
	snprintf(f->decision, sizeof(f->decision), "%s", e->decision ? e->decision : "");
	snprintf(f->writer, sizeof(f->writer), "%s", v->writer);
	snprintf(f->ip, sizeof(f->ip), "%s", e->ip ? e->ip : "");
	ph->last_seen = e->t;
	int delivered =
	    e->decision && (!strcmp(e->decision, "served") || !strcmp(e->decision, "sent") ||
	                    !strcmp(e->decision, "fell-through"));
	if (is_firmware(e->name)) {
		snprintf(ph->firmware, sizeof(ph->firmware), "%s", e->name);
		ph->firmware_t = e->t;
	}
	if (delivered && is_own_config(st, e->name, mac))
		ph->config_t = e->t;
}

static int read_journal(const char *path, const char *writer, ev **evs, size_t *n, size_t *cap,
                        size_t *bad)
{
	FILE *f = fopen(path, "re");
	char line[2048];
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (*n == *cap) {
			size_t c = *cap ? *cap * 2 : 1024;
			ev *p = realloc(*evs, c * sizeof(*p));
			if (!p)
				break;
			*evs = p;
			*cap = c;
		}
		ev *v = &(*evs)[*n];
		v->line = strdup(line);
		if (!v->line)
			break;
		if (pp_event_parse(v->line, &v->e) < 0) {
			free(v->line);
			(*bad)++;
			continue;
		}
		snprintf(v->writer, sizeof(v->writer), "%s", writer);
		(*n)++;
	}
	fclose(f);
	return 0;
}

int pp_audit_build(pp_audit *a, const pp_store *st, const char *state_dir)
{
	memset(a, 0, sizeof(*a));
	DIR *d = opendir(state_dir);
	if (!d)
		return -1;
	ev *evs = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len <= 8 || strcmp(de->d_name + len - 8, ".journal") != 0)
			continue;
		char path[4096], writer[16];
		snprintf(path, sizeof(path), "%s/%s", state_dir, de->d_name);
		snprintf(writer, sizeof(writer), "%.*s", (int)(len - 8), de->d_name);
		read_journal(path, writer, &evs, &n, &cap, &a->bad_lines);
	}
	closedir(d);
	qsort(evs, n, sizeof(*evs), by_time);
	ipmap ips = {NULL, 0, 0};
	for (size_t i = 0; i < n; i++)
		apply(a, st, &ips, &evs[i]);
	a->events = n;
	for (size_t i = 0; i < n; i++)
		free(evs[i].line);
	free(evs);
	free(ips.e);
	for (size_t i = 0; i < a->nphones; i++)
		a->phones[i].in_store = st && pp_store_find(st, a->phones[i].mac, NULL) == PP_OK;
	return 0;
}

void pp_audit_free(pp_audit *a)
{
	free(a->phones);
	free(a->slot);
	memset(a, 0, sizeof(*a));
}
