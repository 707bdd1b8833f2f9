/* SPDX-License-Identifier: MIT */
/*
 * What each phone did, from the journals in state_dir: its last lease, its
 * last fetches, the firmware it asked for, whether its own configuration
 * file reached it; and who else asked for what.  Read by `phoneprov status`.
 *
 * The journals are read as a stream, merged by time, one line in memory per
 * journal.  Anyone on the LAN chooses what lands in them (a DHCP client's
 * chaddr, an address, a request name), so memory is bounded: the phones in
 * the store are kept, but at most PP_AUDIT_STRANGERS MACs that are not in
 * it and PP_AUDIT_UNKNOWN addresses whose MAC is unknown, the most recently
 * seen; what is given up is counted.  Tables are hashed with SipHash under
 * a random key, so chosen MACs cannot pile up in one bucket.
 */
#ifndef PP_AUDIT_H
#define PP_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "phoneprov.h"
#include "fw_track.h"

#define PP_AUDIT_FETCHES   8   /* rows per client; the newest own-config row always stays */
#define PP_AUDIT_STRANGERS 256 /* MACs seen that are not in the store */
#define PP_AUDIT_UNKNOWN   256 /* addresses whose MAC is unknown */
#define PP_AUDIT_JOURNALS  64  /* *.journal files read; more are named as skipped */

typedef struct pp_audit_fetch {
	time_t t;
	char name[96];
	long long bytes;
	char decision[24]; /* served, fell-through, not-found, denied, error; sent (the hook alone)
	                    */
	char writer[16];   /* tftpd, dnsmasq, hook */
	char ip[64];
	int completed; /* the hook saw the transfer end (dnsmasq's --dhcp-script), or in.tftpd's
	                  child saw every byte acknowledged */
	int paired;    /* the shim's decision and the end's line (hook or child), one row;
	                  paired, not completed: the child's fetch was cut short */
	int own;       /* the phone's own configuration file */
} pp_audit_fetch;

typedef struct pp_audit_phone {
	char key[64];             /* the MAC, or for an unknown client its address */
	char mac[PP_MAC_LEN + 1]; /* "" for an unknown client */
	int in_store;
	time_t lease_t; /* 0: no lease seen */
	char lease_ip[64], lease_action[8], host[64], vendor[128];
	pp_audit_fetch fetch[PP_AUDIT_FETCHES]; /* oldest first */
	size_t nfetch;
	char firmware[96];
	char firmware_decision[24];
	time_t firmware_t;
	time_t config_t; /* when its own configuration file last reached it; 0 never */
	pp_fw_seen fw;   /* what its requests say about its firmware (fw_track.h) */
	time_t first_seen, last_seen;
	size_t requests, denied, delivered, not_found;
} pp_audit_phone;

/*
 * A bounded table: n records of size bytes, in no particular order (for the
 * client tables, pp_audit_phone records: read them with pp_audit_entry).
 */
typedef struct pp_audit_set {
	unsigned char *rec;
	size_t size, n;
	size_t limit;                            /* most records kept; 0 no limit */
	size_t dropped;                          /* records given up for newer ones */
	size_t dropped_requests, dropped_denied; /* what those clients had counted */
	/* the index (private) */
	int clients;
	size_t alloc, nhead, hand;
	uint32_t *head, *link;
	unsigned char *ref;
	uint64_t k0, k1;
} pp_audit_set;

static inline const pp_audit_phone *pp_audit_entry(const pp_audit_set *s, size_t i)
{
	return (const pp_audit_phone *)(const void *)(s->rec + i * s->size);
}

/* audit_set.c.  clients: records are pp_audit_phone, whose counts a dropped one adds up. */
void pp_audit_set_init(pp_audit_set *s, size_t size, size_t limit, int clients);
/* The record for key (cut to 63 bytes), or NULL. */
void *pp_audit_set_lookup(const pp_audit_set *s, const char *key);
/* The same, and marked as used lately. */
void *pp_audit_set_find(pp_audit_set *s, const char *key);
/* A new zeroed record for key, NULL when out of memory. */
void *pp_audit_set_add(pp_audit_set *s, const char *key);
void pp_audit_set_free(pp_audit_set *s);

typedef struct pp_audit_journal {
	char file[256];
	size_t events, bad_lines;
	int error; /* errno when it could not be read (ELOOP symlink, EINVAL not a file) */
} pp_audit_journal;

typedef struct pp_audit {
	pp_audit_set phones;    /* MACs in the store */
	pp_audit_set strangers; /* MACs not in the store */
	pp_audit_set unknown;   /* addresses without a known MAC, keyed by address */
	pp_audit_journal journal[PP_AUDIT_JOURNALS];
	size_t njournals, journals_skipped; /* over PP_AUDIT_JOURNALS */
	size_t events, bad_lines;
	int dir_error; /* errno when state_dir could not be read */
	/* dnsmasq's --dhcp-script hook keeps a journal: it reports each transfer's end */
	int hook_journal;
} pp_audit;

/*
 * Read every *.journal file in state_dir.  0 when state_dir could be read
 * (each journal's own error is in a->journal), -1 (errno) when it could not.
 */
int pp_audit_build(pp_audit *a, const pp_store *st, const char *state_dir);
/* The entry for a MAC (in the store or not), NULL when never seen. */
const pp_audit_phone *pp_audit_find(const pp_audit *a, const char *mac);
void pp_audit_free(pp_audit *a);

#endif
