/* SPDX-License-Identifier: MIT */
/*
 * Who is behind an IP.  The kernel's neighbour table says where the reply
 * will go; that alone is proof (lib/neigh.c, which also resolves).  The
 * hook's bindings (state_dir/bindings) and dnsmasq's lease file only say
 * what a DHCP client claimed its MAC was: each parsed once and cached until
 * the file changes (device, inode, size, mtime).
 */
#ifndef PP_CLIENT_H
#define PP_CLIENT_H

#include "model.h"

enum pp_mac_source {
	PP_MAC_NONE = -1,
	PP_MAC_NEIGH,    /* the neighbour table had it */
	PP_MAC_BINDINGS, /* a claim: the hook's bindings */
	PP_MAC_LEASES,   /* a claim: dnsmasq's lease file */
	PP_MAC_RESOLVED  /* the kernel resolved it for us (pp_neigh_resolve) */
};

/*
 * The neighbour table (no resolving), else the claims: what lenient binding
 * goes by.  Where the MAC came from, or PP_MAC_NONE when unknown.  ip may
 * carry a zone (fe80::1%3) and be IPv4-mapped.
 */
enum pp_mac_source pp_client_mac(const pp_store *st, const char *ip, char mac[PP_MAC_LEN + 1]);
/* Only the claims: the bindings, then the lease file. */
enum pp_mac_source pp_client_mac_claimed(const pp_store *st, const char *ip,
                                         char mac[PP_MAC_LEN + 1]);
const char *pp_mac_source_name(enum pp_mac_source src);

/* The lookups, split out so tests can point them at fixture files. */
int pp_client_mac_from_leases(const char *leases, const char *ip, char mac[PP_MAC_LEN + 1]);

#endif
