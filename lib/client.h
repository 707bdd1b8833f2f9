/*
 * Who is behind an IP.  First the kernel's neighbour table, because that
 * MAC is where the reply will go; only where it has no entry, the hook's
 * bindings (state_dir/bindings) and then dnsmasq's lease file, each parsed
 * once and cached until the file changes (device, inode, size, mtime).
 */
#ifndef PP_CLIENT_H
#define PP_CLIENT_H

#include "model.h"

enum pp_mac_source { PP_MAC_NONE = -1, PP_MAC_NEIGH, PP_MAC_BINDINGS, PP_MAC_LEASES };

/* Where the MAC came from, or PP_MAC_NONE when unknown. */
enum pp_mac_source pp_client_mac(const pp_store *st, const char *ip, char mac[PP_MAC_LEN + 1]);
const char *pp_mac_source_name(enum pp_mac_source src);

/* The lookups, split out so tests can point them at fixture files. */
int pp_client_mac_from_leases(const char *leases, const char *ip, char mac[PP_MAC_LEN + 1]);

#endif
