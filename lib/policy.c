#include "policy.h"
#include "cidr.h"
#include "client.h"
#include "error.h"

#include <string.h>

/* Every answer carries the decision in words, for the log and `phoneprov render`:
   an IP and MACs, never a secret. */
int pp_policy_check(const pp_store *st, const pp_name *name, const pp_client *client, pp_error *err)
{
	if (!client || (!client->ip && !client->mac))
		return pp_error_set(err, PP_OK, "no client given: no policy applies");

	if (client->ip && st->has_allow) {
		size_t i = 0;
		while (i < st->nallow && !pp_cidr_match(&st->allow[i], client->ip))
			i++;
		if (i == st->nallow)
			return pp_error_set(err, PP_EDENIED, "client %s is not in security.allow",
			                    client->ip);
	}
	if (name->kind != PP_KIND_SIP_MAC && name->kind != PP_KIND_SEP_MAC)
		return pp_error_set(err, PP_OK, "a shared file, for any allowed client");
	if (strcmp(st->mac_binding, "off") == 0)
		return pp_error_set(err, PP_OK, "security.mac_binding is off");

	char mac[PP_MAC_LEN + 1];
	enum pp_mac_source src = PP_MAC_NONE;
	if (client->mac) {
		if (pp_mac_parse(client->mac, mac) != PP_OK)
			return pp_error_set(err, PP_EARG, "'%s' is not a MAC address", client->mac);
		src = PP_MAC_NEIGH; /* given: treat as seen on the wire */
	} else {
		src = pp_client_mac(st, client->ip, mac);
	}
	const char *who = client->ip ? client->ip : "the client";
	const char *how = client->mac ? "as given" : pp_mac_source_name(src);
	if (src != PP_MAC_NONE && strcmp(mac, name->mac) != 0)
		return pp_error_set(err, PP_EDENIED, "%s is %s (%s), not the phone %s", who, mac,
		                    how, name->mac);
	if (src == PP_MAC_NONE && strcmp(st->mac_binding, "strict") == 0)
		return pp_error_set(err, PP_EDENIED,
		                    "the MAC of %s is unknown and security.mac_binding is strict",
		                    who);
	if (src == PP_MAC_NONE)
		return pp_error_set(err, PP_OK, "the MAC of %s is unknown; mac_binding is lenient",
		                    who);
	return pp_error_set(err, PP_OK, "%s is %s (%s), the phone's own MAC", who, mac, how);
}
