/*
 * Who is behind an IP: dnsmasq's lease file first (it knows the phones it
 * gave addresses to), then the kernel's neighbour table.  This is the order
 * dnsmasq itself uses for --tftp-unique-root=mac.
 */
#ifndef PP_CLIENT_H
#define PP_CLIENT_H

#include "model.h"

/* 0 and mac filled when found; -1 when unknown. */
int pp_client_mac(const pp_store *st, const char *ip, char mac[PP_MAC_LEN + 1]);

/* The lookups, split out so tests can point them at fixture files. */
int pp_client_mac_from_leases(const char *leases, const char *ip, char mac[PP_MAC_LEN + 1]);
int pp_client_mac_from_arp(const char *arp, const char *ip, char mac[PP_MAC_LEN + 1]);

#endif
