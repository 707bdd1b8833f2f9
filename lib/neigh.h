/* SPDX-License-Identifier: MIT */
/*
 * The kernel's neighbour table (ARP for IPv4, NDP for IPv6), read over
 * rtnetlink: the MAC the server's reply will actually go to.
 *
 * An address is text, IPv4 or IPv6, and an IPv6 link-local one carries the
 * interface it was seen on as a zone ("fe80::1%3" or "fe80::1%eth0"):
 * the same link-local address can be a different host on every link.  A
 * link-local address without a zone has no neighbour entry here.
 */
#ifndef PP_NEIGH_H
#define PP_NEIGH_H

#include "phoneprov.h"

/* 0 and mac filled when ip has a usable entry; -1 when not (or on error). */
int pp_neigh_mac(const char *ip, char mac[PP_MAC_LEN + 1]);

/* What pp_neigh_resolve found. */
enum pp_neigh_found {
	PP_NEIGH_NONE = 0,  /* no usable entry; why says so */
	PP_NEIGH_TABLE = 1, /* the entry was there */
	PP_NEIGH_RESOLVED   /* the kernel resolved it while we waited */
};

typedef struct pp_neigh_info {
	long waited_us;  /* time spent waiting for the kernel to resolve */
	const char *why; /* PP_NEIGH_NONE: a short reason, static text */
} pp_neigh_info;

/*
 * As pp_neigh_mac, but without a usable entry the kernel is made to
 * resolve ip, exactly as it will for the reply, and we wait for the answer
 * for at most wait_ms (0: do not resolve).  The waits of one process share
 * a budget (PP_NEIGH_BUDGET_MS a second), so clients that never answer
 * cannot stall a server: beyond it, no wait.  info may be NULL.
 */
#define PP_NEIGH_WAIT_MS   50
#define PP_NEIGH_BUDGET_MS 100
enum pp_neigh_found pp_neigh_resolve(const char *ip, int wait_ms, char mac[PP_MAC_LEN + 1],
                                     pp_neigh_info *info);

/* 1 for the neighbour states whose MAC the kernel sends to, else 0. */
int pp_neigh_usable(unsigned state);

#endif
