/* SPDX-License-Identifier: MIT */
/*
 * What each phone did, from the journals in state_dir, or in the folders of
 * several servers (rsync'd to one box): its last lease, its last fetches,
 * the firmware it asked for, whether its own configuration file reached
 * it, which servers saw it; and who else asked for what.  Read by
 * `phoneprov status`.
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
#include <sys/types.h>
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
	unsigned src;      /* the journal it came from: index into pp_audit.journal */
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
	/* Journals (bit j: pp_audit.journal[j]) that saw it; the last one, the lease's. */
	uint64_t seen_by;
	unsigned last_src, lease_src;
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
	char file[256];  /* its name in its folder */
	char label[256]; /* how rows name it: "dnsmasq", or with several servers "siteA/dnsmasq" */
	char writer[16]; /* its name without .journal: tftpd, dnsmasq, hook */
	size_t group;    /* its folder: index into pp_audit.group */
	size_t events, bad_lines;
	long long cut; /* bytes not read at its start: bigger than any journal a server writes */
	int error;     /* errno when it could not be read (ELOOP symlink, EINVAL not a file) */
	dev_t dev;     /* the same file named twice is read once */
	ino_t ino;
} pp_audit_journal;

/* A folder of one server's journals: a dnsmasq hook and its shim pair up only within one. */
typedef struct pp_audit_group {
	char dir[4096];
	char name[200]; /* "" for state_dir alone; else the folder's name, or its path */
	int hook;       /* it has a hook.journal: dnsmasq's transfer ends are known there */
	dev_t dev;
	ino_t ino;
} pp_audit_group;

/* Something about a path of pp_audit_build_paths, for stderr. */
enum pp_audit_note_kind {
	PP_AN_ERROR,       /* error: it could not be read */
	PP_AN_NOT_JOURNAL, /* a file whose name does not end in .journal: not read */
	PP_AN_SAME,        /* the same file as journal[other]: read once */
	PP_AN_TOO_MANY,    /* a folder with more journals than are read: count not read */
	PP_AN_ENTRIES,     /* a folder with more than count entries: the rest not looked at */
	PP_AN_LINK,        /* a symbolic link in a folder, not a journal: not followed */
	PP_AN_FOLDERS,     /* more than count folders: this one not read */
};

typedef struct pp_audit_note {
	enum pp_audit_note_kind kind;
	char path[4096];
	char other[4096]; /* PP_AN_SAME: the path it was read under */
	int error;
	size_t count;
} pp_audit_note;

#define PP_AUDIT_NOTES  32 /* notes kept; more are counted */
#define PP_AUDIT_GROUPS 64 /* folders read */

typedef struct pp_audit {
	pp_audit_set phones;    /* MACs in the store */
	pp_audit_set strangers; /* MACs not in the store */
	pp_audit_set unknown;   /* addresses without a known MAC, keyed by address */
	pp_audit_journal journal[PP_AUDIT_JOURNALS];
	size_t njournals, journals_skipped; /* over PP_AUDIT_JOURNALS */
	size_t events, bad_lines;
	int dir_error;         /* errno when state_dir could not be read */
	pp_audit_group *group; /* ngroups folders (allocated) */
	size_t ngroups;
	pp_audit_note *note; /* nnotes (allocated); notes_dropped over PP_AUDIT_NOTES */
	size_t nnotes, notes_dropped;
} pp_audit;

/*
 * Read every *.journal file in state_dir.  0 when state_dir could be read
 * (each journal's own error is in a->journal), -1 (errno) when it could not.
 */
int pp_audit_build(pp_audit *a, const pp_store *st, const char *state_dir);
/*
 * Read the journals at paths: each a journal file, or a folder of them
 * (and of its subfolders, one level down: rsync'd siteA/, siteB/), merged
 * by time and by phone; rows are labelled by folder ("siteA/dnsmasq").
 * What could not be read, or was read once though named twice, is in
 * a->note.  0, or -1 (ENOMEM).
 */
int pp_audit_build_paths(pp_audit *a, const pp_store *st, const char *const *paths, size_t n);
/* The entry for a MAC (in the store or not), NULL when never seen. */
const pp_audit_phone *pp_audit_find(const pp_audit *a, const char *mac);
void pp_audit_free(pp_audit *a);

/* audit_scan.c: which journals to read, into a->journal and a->group. */
void pp_audit_scan_dir(pp_audit *a, const char *dir);
void pp_audit_scan_paths(pp_audit *a, const char *const *paths, size_t n);

#endif
