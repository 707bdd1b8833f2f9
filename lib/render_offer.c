/* SPDX-License-Identifier: MIT */
/*
 * A phone on a firmware journey gets, in the three files that name its load
 * (OS79XX.TXT, SIP<MAC>.cnf's image_version, SEP<MAC>.cnf.xml's
 * loadInformation), the load its plan offers it now, not the store's
 * target.  The renderers stay as they are: they are handed a copy of the
 * phone whose firmware entry for its model names the offer.
 */
#include "error.h"
#include "fw_track.h"
#include "policy.h"
#include "render_format.h"

#include <stdlib.h>
#include <string.h>

int pp_fw_affects(enum pp_kind k)
{
	return k == PP_KIND_OS79XX || k == PP_KIND_SIP_MAC || k == PP_KIND_SEP_MAC;
}

int pp_render_offer(const pp_store *st, const char *path, const pp_client *client,
                    const pp_phone *asker, const char *offer, char **data, size_t *len,
                    pp_error *err)
{
	pp_name name;
	enum pp_kind k;

	if (!st || !path || !data || !len || !asker || !offer || !offer[0])
		return pp_error_set(err, PP_EARG, "pp_render_offer: missing argument");
	*data = NULL;
	*len = 0;
	k = pp_classify(st, path, &name);
	/* Another phone's file, or a file that names no load: as for anyone. */
	if (!pp_fw_affects(k) || (k != PP_KIND_OS79XX && strcmp(name.mac, asker->mac) != 0) ||
	    (k == PP_KIND_OS79XX && asker->model->family != PP_FAMILY_CNF))
		return pp_render(st, path, client, data, len, err);
	int rc = pp_policy_check(st, &name, client, err);
	if (rc != PP_OK)
		return rc;
	if (k == PP_KIND_OS79XX) {
		char bare[PP_FW_NAME_MAX + 1];
		pp_os79xx_name(offer, bare, sizeof(bare));
		*len = strlen(bare);
		if (!(*data = malloc(*len + 1)))
			return pp_error_set(err, PP_ENOMEM, "out of memory rendering OS79XX.TXT");
		memcpy(*data, bare, *len + 1);
		return PP_OK;
	}
	/* The phone with its model's load replaced: every other setting as it is. */
	pp_phone tmp = *asker;
	size_t n = asker->s.firmware.n;
	pp_firmware *items = malloc((n + 1) * sizeof(*items));
	if (!items)
		return pp_error_set(err, PP_ENOMEM, "out of memory rendering %s", path);
	size_t j = 0;
	for (size_t i = 0; i < n; i++)
		if (!PP_SET(asker->s.firmware.items[i].model) ||
		    !pp_model_same(asker->s.firmware.items[i].model.s, asker->model->name))
			items[j++] = asker->s.firmware.items[i];
	memset(&items[j], 0, sizeof(items[j]));
	items[j].model = (pp_val){.type = PP_V_STR, .s = asker->model->name};
	items[j].load = (pp_val){.type = PP_V_STR, .s = offer};
	tmp.s.firmware.items = items;
	tmp.s.firmware.n = j + 1;
	tmp.s.firmware.set = 1;
	rc = pp_render_name(st, &name, &tmp, NULL, data, len, err);
	free(items);
	return rc;
}
