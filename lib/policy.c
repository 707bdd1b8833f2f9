/* SPDX-License-Identifier: MIT */
#include "policy.h"
#include "cidr.h"
#include "client.h"
#include "error.h"
#include "neigh.h"

#include <stdio.h>
#include <string.h>

/* ip without its zone (fe80::1%3): security.allow holds plain networks. */
static const char *unzoned(const char *ip, char *buf, size_t len)
{
	const char *zone = strchr(ip, '%');
	if (!zone)
		return ip;
	snprintf(buf, len, "%.*s", (int)(zone - ip), ip);
	return buf;
}

/*
 * strict: only the kernel's word counts, the MAC its neighbour table will
 * send the reply to, resolved now if it has none.  What DHCP clients
 * claimed (the hook's bindings, the lease file) is named in a denial, so
 * the log shows a forged chaddr for what it is, but never decides.
 */
static int strict_check(const pp_store *st, const pp_name *name, const char *ip, pp_error *err)
{
	char mac[PP_MAC_LEN + 1], claim[PP_MAC_LEN + 1], how[48], says[80] = "";
	pp_neigh_info info;
	enum pp_neigh_found found;

	if (!*ip)
		return pp_error_set(err, PP_EDENIED,
		                    "a client with no address; security.mac_binding is strict");
	found = pp_neigh_resolve(ip, PP_NEIGH_WAIT_MS, mac, &info);
	if (found == PP_NEIGH_NONE) {
		enum pp_mac_source c = pp_client_mac_claimed(st, ip, claim);
		char within[48] = "";
		if (c != PP_MAC_NONE)
			snprintf(says, sizeof(says), "; DHCP claims %s (%s), no proof", claim,
			         pp_mac_source_name(c));
		if (info.waited_us > 0)
			snprintf(within, sizeof(within), " within %ld ms of resolving",
			         (info.waited_us + 500) / 1000);
		return pp_error_set(
		    err, PP_EDENIED,
		    "the MAC of %s is unknown: %s%s; security.mac_binding is strict%s", ip,
		    info.why, within, says);
	}
	if (found == PP_NEIGH_RESOLVED)
		snprintf(how, sizeof(how), "resolved in %ld us", info.waited_us);
	else
		snprintf(how, sizeof(how), "%s", pp_mac_source_name(PP_MAC_NEIGH));
	if (strcmp(mac, name->mac) != 0)
		return pp_error_set(err, PP_EDENIED, "%s is %s (%s), not the phone %s", ip, mac,
		                    how, name->mac);
	return pp_error_set(err, PP_OK, "%s is %s (%s), the phone's own MAC", ip, mac, how);
}

/* Every answer carries the decision in words, for the log and `phoneprov render`:
   an IP and MACs, never a secret. */
int pp_policy_check(const pp_store *st, const pp_name *name, const pp_client *client, pp_error *err)
{
	if (!client || (!client->ip && !client->mac))
		return pp_error_set(err, PP_OK, "no client given: no policy applies");

	if (client->ip && st->has_allow) {
		char plain[64];
		const char *ip = unzoned(client->ip, plain, sizeof(plain));
		size_t i = 0;
		while (i < st->nallow && !pp_cidr_match(&st->allow[i], ip))
			i++;
		if (i == st->nallow)
			return pp_error_set(err, PP_EDENIED, "client %s is not in security.allow",
			                    *client->ip ? client->ip : "with no address");
	}
	if (name->kind != PP_KIND_SIP_MAC && name->kind != PP_KIND_SEP_MAC)
		return pp_error_set(err, PP_OK, "a shared file, for any allowed client");
	if (st->binding == PP_BIND_OFF)
		return pp_error_set(err, PP_OK, "security.mac_binding is off");

	char mac[PP_MAC_LEN + 1];
	enum pp_mac_source src = PP_MAC_NONE;
	if (client->mac) {
		if (pp_mac_parse(client->mac, mac) != PP_OK)
			return pp_error_set(err, PP_EARG, "'%s' is not a MAC address", client->mac);
		src = PP_MAC_NEIGH; /* given: treat as seen on the wire */
	} else if (st->binding == PP_BIND_STRICT) {
		return strict_check(st, name, client->ip, err);
	} else if (*client->ip) {
		src = pp_client_mac(st, client->ip, mac);
	}
	const char *who = client->ip && *client->ip ? client->ip : "the client";
	const char *how = client->mac ? "as given" : pp_mac_source_name(src);
	if (src != PP_MAC_NONE && strcmp(mac, name->mac) != 0)
		return pp_error_set(err, PP_EDENIED, "%s is %s (%s), not the phone %s", who, mac,
		                    how, name->mac);
	if (src == PP_MAC_NONE)
		return pp_error_set(err, PP_OK, "the MAC of %s is unknown; mac_binding is lenient",
		                    who);
	return pp_error_set(err, PP_OK, "%s is %s (%s), the phone's own MAC", who, mac, how);
}
