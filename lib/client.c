/* SPDX-License-Identifier: MIT */
#include "client.h"
#include "bindings.h"
#include "neigh.h"
#include "safeopen.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_LEASE_LINES 1000000
#define MAX_LEASE_BYTES (256LL << 20)

/* ---- a file parsed into (ip, mac) pairs, re-read only when it changes ---- */

typedef struct pair {
	char ip[64];
	char mac[PP_MAC_LEN + 1];
} pair;

typedef struct filecache {
	char path[4096];
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int valid;
	pair *p;
	size_t n;
} filecache;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static filecache leases_cache, bindings_cache;

/*
 * dnsmasq.leases: "EXPIRY MAC IP HOSTNAME CLIENT-ID" per line.  Whole lines
 * (getline): a long client-id cut into pieces must not leave a piece that
 * parses as a lease of its own.
 */
static int load_leases(const char *path, pair **out, size_t *n)
{
	FILE *f = pp_fopen_regular(path, MAX_LEASE_BYTES);
	char *line = NULL, m[64], a[64];
	size_t linecap = 0, cap = 0;
	*out = NULL;
	*n = 0;
	if (!f)
		return -1;
	/* dnsmasq keeps at most its dhcp-lease-max (1000 by default); a file far
	 * longer is not dnsmasq's, and must not stall the server reading it. */
	for (size_t lines = 0; lines < MAX_LEASE_LINES && getline(&line, &linecap, f) >= 0;
	     lines++) {
		char mac[PP_MAC_LEN + 1];
		if (sscanf(line, "%*s %63s %63s", m, a) != 2 || pp_mac_parse(m, mac) != PP_OK)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			pair *p = realloc(*out, cap * sizeof(*p));
			if (!p)
				break;
			*out = p;
		}
		snprintf((*out)[*n].ip, sizeof((*out)[*n].ip), "%s", a);
		memcpy((*out)[*n].mac, mac, sizeof(mac));
		(*n)++;
	}
	free(line);
	fclose(f);
	return 0;
}

/* The last entry for an IP wins, as in dnsmasq's lease file. */
static int pairs_find(const pair *p, size_t n, const char *ip, char mac[PP_MAC_LEN + 1])
{
	for (size_t i = n; i-- > 0;)
		if (strcmp(p[i].ip, ip) == 0) {
			memcpy(mac, p[i].mac, PP_MAC_LEN + 1);
			return 0;
		}
	return -1;
}

int pp_client_mac_from_leases(const char *leases, const char *ip, char mac[PP_MAC_LEN + 1])
{
	pair *p;
	size_t n;
	if (!leases || load_leases(leases, &p, &n) < 0)
		return -1;
	int r = pairs_find(p, n, ip, mac);
	free(p);
	return r;
}

static int load_bindings(const char *state_dir, pair **out, size_t *n)
{
	pp_binding *b;
	size_t nb;
	*out = NULL;
	*n = 0;
	if (pp_bindings_load(state_dir, &b, &nb) < 0)
		return -1;
	*out = calloc(nb ? nb : 1, sizeof(**out));
	if (!*out) {
		free(b);
		return -1;
	}
	for (size_t i = 0; i < nb; i++) {
		snprintf((*out)[i].ip, sizeof((*out)[i].ip), "%s", b[i].ip);
		memcpy((*out)[i].mac, b[i].mac, sizeof(b[i].mac));
	}
	*n = nb;
	free(b);
	return 0;
}

/*
 * Look ip up in the file at stat_path (loaded by load(arg)), parsing it again
 * only when it changed.
 */
static int cached(filecache *c, const char *stat_path, const char *arg,
                  int (*load)(const char *, pair **, size_t *), const char *ip,
                  char mac[PP_MAC_LEN + 1])
{
	struct stat st;
	if (stat(stat_path, &st) != 0)
		return -1;
	if (!c->valid || strcmp(c->path, stat_path) != 0 || c->dev != st.st_dev ||
	    c->ino != st.st_ino || c->size != st.st_size || c->mtime.tv_sec != st.st_mtim.tv_sec ||
	    c->mtime.tv_nsec != st.st_mtim.tv_nsec) {
		free(c->p);
		c->p = NULL;
		c->n = 0;
		c->valid = 0;
		if (load(arg, &c->p, &c->n) < 0)
			return -1;
		snprintf(c->path, sizeof(c->path), "%s", stat_path);
		c->dev = st.st_dev;
		c->ino = st.st_ino;
		c->size = st.st_size;
		c->mtime = st.st_mtim;
		c->valid = 1;
	}
	return pairs_find(c->p, c->n, ip, mac);
}

/* ip as the bindings and the lease file write it: no zone, no ::ffff: prefix. */
static const char *plain_ip(const char *ip, char *buf, size_t len)
{
	const char *v4 = strncmp(ip, "::ffff:", 7) == 0 ? ip + 7 : ip;
	const char *zone = strchr(v4, '%');
	if (!zone)
		return v4;
	snprintf(buf, len, "%.*s", (int)(zone - v4), v4);
	return buf;
}

enum pp_mac_source pp_client_mac_claimed(const pp_store *st, const char *ip,
                                         char mac[PP_MAC_LEN + 1])
{
	char bpath[4096], plain[64];
	enum pp_mac_source src = PP_MAC_NONE;

	ip = plain_ip(ip, plain, sizeof(plain));
	if (!*ip)
		return PP_MAC_NONE;
	pthread_mutex_lock(&cache_lock);
	snprintf(bpath, sizeof(bpath), "%s/bindings", st->state_dir);
	if (cached(&bindings_cache, bpath, st->state_dir, load_bindings, ip, mac) == 0)
		src = PP_MAC_BINDINGS;
	else if (st->leases &&
	         cached(&leases_cache, st->leases, st->leases, load_leases, ip, mac) == 0)
		src = PP_MAC_LEASES;
	pthread_mutex_unlock(&cache_lock);
	return src;
}

enum pp_mac_source pp_client_mac(const pp_store *st, const char *ip, char mac[PP_MAC_LEN + 1])
{
	if (pp_neigh_mac(ip, mac) == 0)
		return PP_MAC_NEIGH;
	return pp_client_mac_claimed(st, ip, mac);
}

const char *pp_mac_source_name(enum pp_mac_source src)
{
	switch (src) {
	case PP_MAC_NEIGH:
		return "neighbour table";
	case PP_MAC_RESOLVED:
		return "resolved";
	case PP_MAC_BINDINGS:
		return "dhcp-script bindings";
	case PP_MAC_LEASES:
		return "lease file";
	case PP_MAC_NONE:
		break;
	}
	return "unknown";
}
