/* SPDX-License-Identifier: MIT */
/*
 * The journal's mac= for a client: the kernel's neighbour table, asked at
 * most once per client every few seconds.  A netlink query is five system
 * calls (socket, setsockopt, sendto, recvfrom, close), more than the rest
 * of the shim's work for a request, and a booting phone asks for eight
 * files in a row from the same address.  Only the journal's credit and the
 * firmware learner use this; the policy (mac_binding) asks the kernel
 * afresh every time.  Asked
 * in the receive wrapper: in in.tftpd's parent, whose table outlives the
 * children.
 */
#include "preload_state.h"

#include <stdio.h>
#include <string.h>

#include "client.h"
#include "neigh.h"

#define SLOTS    64
#define KEEP_MS  10000 /* an answer */
#define MISS_MS  1000  /* no answer yet: the entry may be on its way */
#define CLAIM_MS 1000  /* the claims (bindings, leases) for a client the kernel has none for */

static struct {
	char ip[64];
	char mac[PP_MAC_LEN + 1]; /* "" when the kernel had none */
	struct timespec looked;
	char claim[PP_MAC_LEN + 1]; /* what the claims said, "" for nothing */
	struct timespec claimed;    /* zero: not asked since the last look */
} seen[SLOTS];
static unsigned next_slot;

void pp_mac_of(const char *ip, char mac[PP_MAC_LEN + 1])
{
	unsigned i;

	mac[0] = '\0';
	if (ip[0] == '\0')
		return;
	for (i = 0; i < SLOTS; i++)
		if (strcmp(seen[i].ip, ip) == 0)
			break;
	if (i < SLOTS && pp_looked_within(&seen[i].looked, seen[i].mac[0] ? KEEP_MS : MISS_MS)) {
		memcpy(mac, seen[i].mac, PP_MAC_LEN + 1);
		return;
	}
	if (i == SLOTS)
		i = next_slot++ % SLOTS;
	if (pp_neigh_mac(ip, mac) != 0)
		mac[0] = '\0';
	snprintf(seen[i].ip, sizeof seen[i].ip, "%s", ip);
	memcpy(seen[i].mac, mac, PP_MAC_LEN + 1);
	pp_look_now(&seen[i].looked);
	memset(&seen[i].claimed, 0, sizeof seen[i].claimed);
}

/*
 * Who asks, for the firmware learner: the neighbour table as above, else
 * the claims, both remembered a moment.  A phone behind a router has no
 * neighbour entry, and the claims are a stat of two files; a booting
 * phone's eight requests need them once.
 */
int pp_mac_of_claimed(const pp_store *st, const char *ip, char mac[PP_MAC_LEN + 1])
{
	unsigned i;

	pp_mac_of(ip, mac);
	if (mac[0] != '\0')
		return 0;
	if (ip[0] == '\0')
		return -1;
	for (i = 0; i < SLOTS; i++)
		if (strcmp(seen[i].ip, ip) == 0)
			break;
	if (i == SLOTS) /* pp_mac_of just filled one: not found only if ip is too long */
		return pp_client_mac_claimed(st, ip, mac) == PP_MAC_NONE ? -1 : 0;
	if ((seen[i].claimed.tv_sec == 0 && seen[i].claimed.tv_nsec == 0) ||
	    !pp_looked_within(&seen[i].claimed, CLAIM_MS)) {
		if (pp_client_mac_claimed(st, ip, seen[i].claim) == PP_MAC_NONE)
			seen[i].claim[0] = '\0';
		pp_look_now(&seen[i].claimed);
	}
	memcpy(mac, seen[i].claim, PP_MAC_LEN + 1);
	return mac[0] != '\0' ? 0 : -1;
}
