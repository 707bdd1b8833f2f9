/* SPDX-License-Identifier: MIT */
#include "sync.h"
#include "client.h"
#include "render_format.h"

#include <stdint.h>
#include <string.h>

const pp_val *pp_sync_from_store(const pp_settings *s)
{
	const pp_val *raw = pp_kvs_get(&s->cnf, "sync");

	if (raw && PP_SET(*raw))
		return raw;
	return PP_SET(s->sync) ? &s->sync : NULL;
}

/* One file into the digest: its name, then its length and bytes, or a mark for "none". */
static uint64_t add_file(uint64_t h, const char *name, int rc, pp_sbuf *b)
{
	unsigned char len[8];

	h = pp_fnv1a(h, name, strlen(name) + 1);
	if (rc != PP_OK)
		return pp_fnv1a(h, "\377", 1);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)((uint64_t)b->len >> (8 * i));
	h = pp_fnv1a(h, len, sizeof(len));
	return pp_fnv1a(h, b->data ? b->data : "", b->len);
}

int pp_sync_digest(const pp_store *st, const pp_phone *ph, char out[PP_DIGEST_LEN + 1])
{
	static const struct {
		const char *name;
		int (*render)(const pp_store *, pp_sbuf *);
	} shared[] = {
	    {"SIPDefault.cnf", pp_render_sip_default},
	    {"OS79XX.TXT", pp_render_os79xx},
	    {"RINGLIST.DAT", pp_render_ringlist},
	    {"dialplan", pp_render_dialplan},
	};
	pp_sbuf b = {0};
	uint64_t h = PP_FNV1A_INIT;

	h = add_file(h, "SIP.cnf", pp_render_sip_mac(st, ph, &b), &b);
	for (size_t i = 0; i < sizeof(shared) / sizeof(shared[0]) && !b.oom; i++) {
		b.len = 0;
		h = add_file(h, shared[i].name, shared[i].render(st, &b), &b);
	}
	int oom = b.oom;
	pp_sbuf_release(&b);
	if (oom)
		return PP_ENOMEM;
	pp_digest_hex(h, out);
	return PP_OK;
}

int pp_sync_value(const pp_store *st, const pp_phone *ph, pp_val *out, char buf[PP_DIGEST_LEN + 1])
{
	const pp_val *set = pp_sync_from_store(&ph->s);

	if (set) {
		*out = *set;
		return PP_OK;
	}
	int rc = pp_sync_digest(st, ph, buf);
	memset(out, 0, sizeof(*out));
	out->type = PP_V_STR;
	out->s = buf;
	return rc;
}

int pp_render_sip_mac_synced(const pp_store *st, const pp_phone *ph, pp_sbuf *b)
{
	char digest[PP_DIGEST_LEN + 1];

	if (ph->model->family != PP_FAMILY_CNF || pp_sync_from_store(&ph->s))
		return pp_render_sip_mac(st, ph, b);
	int rc = pp_sync_digest(st, ph, digest);
	if (rc != PP_OK)
		return rc;
	/* The same phone with sync set: the line lands where a store's sync would. */
	pp_phone synced = *ph;
	memset(&synced.s.sync, 0, sizeof(synced.s.sync));
	synced.s.sync.type = PP_V_STR;
	synced.s.sync.s = digest;
	return pp_render_sip_mac(st, &synced, b);
}

/*
 * No policy call here: pp_render has checked security.allow for the name,
 * and the MAC is found exactly as the MAC binding finds it for the phone's
 * own file, so the digest reaches no client that file would not.
 */
const pp_phone *pp_sync_phone(const pp_store *st, const pp_client *client)
{
	char mac[PP_MAC_LEN + 1];

	if (!client || (!client->ip && !client->mac))
		return NULL;
	if (client->mac) {
		if (pp_mac_parse(client->mac, mac) != PP_OK)
			return NULL;
	} else if (pp_client_mac(st, client->ip, mac) == PP_MAC_NONE) {
		return NULL;
	}
	const pp_phone *ph = pp_store_lookup(st, mac);
	return ph && ph->model->family == PP_FAMILY_CNF ? ph : NULL;
}
