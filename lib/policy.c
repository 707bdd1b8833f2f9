#include "policy.h"
#include "cidr.h"
#include "client.h"

#include <stdio.h>
#include <string.h>

static int deny(pp_error *err, int code, const char *fmt, const char *a, const char *b)
{
	if (err) {
		err->code = code;
		err->file[0] = '\0';
		err->line = 0;
		snprintf(err->message, sizeof(err->message), fmt, a, b);
	}
	return code;
}

int pp_policy_check(const pp_store *st, const pp_name *name, const pp_client *client, pp_error *err)
{
	if (!client || (!client->ip && !client->mac))
		return PP_OK;

	if (client->ip && st->nallow) {
		size_t i = 0;
		for (; i < st->nallow; i++) {
			pp_cidr c;
			if (pp_cidr_parse(st->allow[i], &c) == 0 && pp_cidr_match(&c, client->ip))
				break;
		}
		if (i == st->nallow)
			return deny(err, PP_EDENIED, "client %s is not in security.allow%s",
			            client->ip, "");
	}
	if (name->kind != PP_KIND_SIP_MAC && name->kind != PP_KIND_SEP_MAC)
		return PP_OK;
	if (strcmp(st->mac_binding, "off") == 0)
		return PP_OK;

	char mac[PP_MAC_LEN + 1];
	int known;
	if (client->mac) {
		if (pp_mac_parse(client->mac, mac) != PP_OK)
			return deny(err, PP_EARG, "'%s' is not a MAC address%s", client->mac, "");
		known = 1;
	} else {
		known = pp_client_mac(st, client->ip, mac) == 0;
	}
	if (known && strcmp(mac, name->mac) != 0)
		return deny(err, PP_EDENIED, "%s belongs to phone %s, not to the client asking",
		            name->mac, mac);
	if (!known && strcmp(st->mac_binding, "strict") == 0)
		return deny(err, PP_EDENIED,
		            "the MAC of client %s is unknown, and security.mac_binding is "
		            "strict (file for %s)",
		            client->ip, name->mac);
	return PP_OK;
}
