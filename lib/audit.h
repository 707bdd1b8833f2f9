/*
 * What each phone did, from the journals in state_dir: its last lease, its
 * last fetches, the firmware it asked for, whether its own configuration
 * file reached it.  Read by `phoneprov status`.
 */
#ifndef PP_AUDIT_H
#define PP_AUDIT_H

#include <stddef.h>
#include <time.h>

#include "phoneprov.h"

#define PP_AUDIT_FETCHES 8

typedef struct pp_audit_fetch {
	time_t t;
	char name[96];
	long long bytes;
	char decision[24]; /* served, fell-through, not-found, denied, error; sent (completed) */
	char writer[16];   /* tftpd, dnsmasq, hook */
	char ip[64];
} pp_audit_fetch;

typedef struct pp_audit_phone {
	char mac[PP_MAC_LEN + 1];
	int in_store;
	time_t lease_t; /* 0: no lease seen */
	char lease_ip[64], lease_action[8], host[64], vendor[128];
	pp_audit_fetch fetch[PP_AUDIT_FETCHES]; /* oldest first */
	size_t nfetch;
	char firmware[96];
	time_t firmware_t;
	time_t config_t; /* when its own configuration file last reached it; 0 never */
	time_t last_seen;
} pp_audit_phone;

typedef struct pp_audit {
	pp_audit_phone *phones; /* seen phones, in order of first appearance */
	size_t nphones;
	size_t events, bad_lines;
	size_t *slot; /* open addressing over phones by MAC, index+1 */
	size_t cap;
} pp_audit;

/* Read every *.journal file in state_dir.  0, or -1 (errno) when none can be read. */
int pp_audit_build(pp_audit *a, const pp_store *st, const char *state_dir);
/* The entry for a MAC, NULL when never seen. */
const pp_audit_phone *pp_audit_find(const pp_audit *a, const char *mac);
void pp_audit_free(pp_audit *a);

#endif
