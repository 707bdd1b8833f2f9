/* SPDX-License-Identifier: MIT */
/*
 * pp_render, the request path in one named step: classify the name, look
 * up its phone, ask the policy whether this client may have it, and only
 * then render it (render.c, which knows no clients).  The shim takes the
 * same steps, keeping renders in its cache and asking the policy again on
 * every request.
 */
#include "error.h"
#include "policy.h"
#include "render_format.h"
#include "sync.h"

PP_API int pp_render(const pp_store *st, const char *path, const pp_client *client, char **data,
                     size_t *len, pp_error *err)
{
	pp_name name;
	const pp_phone *ph = NULL, *asker = NULL;
	int rc;

	if (!st || !path || !data || !len)
		return pp_error_set(err, PP_EARG, "pp_render: missing argument");
	*data = NULL;
	*len = 0;
	switch (pp_classify(st, path, &name)) {
	case PP_KIND_NONE:
		return pp_error_set(err, PP_ENOTFOUND,
		                    "this name is not a file phoneprov provides");
	case PP_KIND_SIP_MAC:
	case PP_KIND_SEP_MAC:
		ph = pp_store_lookup(st, name.mac);
		if (!ph)
			return pp_error_set(err, PP_ENOTFOUND, "no phone with MAC %s in the store",
			                    name.mac);
		break;
	case PP_KIND_SYNCINFO:
		/* Shared by name, but each 79x0 of the store gets its own sync. */
		asker = pp_sync_phone(st, client);
		break;
	default:
		break;
	}
	rc = pp_policy_check(st, &name, client, err);
	if (rc != PP_OK)
		return rc;
	return pp_render_name(st, &name, ph, asker, data, len, err);
}
