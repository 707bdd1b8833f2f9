/*
 * The kernel's neighbour table (ARP for IPv4, NDP for IPv6), read over
 * rtnetlink: the MAC the server's reply will actually go to.
 */
#ifndef PP_NEIGH_H
#define PP_NEIGH_H

#include "phoneprov.h"

/* 0 and mac filled when ip has a usable entry; -1 when not (or on error). */
int pp_neigh_mac(const char *ip, char mac[PP_MAC_LEN + 1]);

#endif
