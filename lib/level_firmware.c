/* SPDX-License-Identifier: MIT */
/*
 * A level's firmware list: { model; load; via = [ ... ]; } per model.  The
 * loads are file base names a phone asks the TFTP server for, so each must
 * be one; via's steps are the same kind of name, in the order the phone
 * takes them (firmware.h plans with them).
 */
#include "load.h"
#include "firmware.h"

#include <string.h>

/* via = [ "P0S3-06-3-00", ... ]: strings, base names, each once, never the target. */
static void parse_via(pp_load *ld, const config_setting_t *v, pp_firmware *fw)
{
	char path[128];

	fw->via.type = PP_V_STR;
	fw->via.s = "";
	fw->via.file = pp_setting_file(ld, v);
	fw->via.line = (int)config_setting_source_line(v);
	if (!config_setting_is_array(v) && !config_setting_is_list(v)) {
		pp_report_at(ld, PP_ERROR, v, "%s must be a list of load names [ \"...\", ... ]",
		             pp_path(v, path, sizeof(path)));
		return;
	}
	int n = config_setting_length(v);
	if (n > PP_FW_MAX_VIA) {
		pp_report_at(ld, PP_ERROR, v,
		             "%s has %d steps; at most %d (no documented path has more than 3)",
		             pp_path(v, path, sizeof(path)), n, PP_FW_MAX_VIA);
		return;
	}
	fw->steps = pp_arena_alloc(&ld->st->arena, (size_t)(n ? n : 1) * sizeof(*fw->steps));
	if (!fw->steps) {
		ld->oom = 1;
		return;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(v, (unsigned)i);
		const char *s = config_setting_get_string(e);
		if (!s) {
			pp_report_at(ld, PP_ERROR, e, "%s must be a load name in double quotes",
			             pp_path(e, path, sizeof(path)));
			continue;
		}
		if (pp_check_string(ld, e, s, 64, PP_STR_CNF) < 0)
			continue;
		if (!s[0] || pp_not_base_name(s)) {
			pp_report_at(ld, PP_ERROR, e,
			             "via load '%s' must be a file base name, without '/', '\\' or "
			             "spaces",
			             s);
			continue;
		}
		if (PP_SET(fw->load) && pp_fw_same(s, fw->load.s)) {
			pp_report_at(ld, PP_ERROR, e,
			             "via lists '%s', the target load itself; via holds only the "
			             "steps before it",
			             s);
			continue;
		}
		size_t j = 0;
		while (j < fw->nsteps && !pp_fw_same(fw->steps[j], s))
			j++;
		if (j < fw->nsteps) {
			pp_report_at(ld, PP_ERROR, e, "via lists '%s' twice", s);
			continue;
		}
		fw->steps[fw->nsteps++] = pp_intern(ld, s);
	}
}

void pp_parse_firmware(pp_load *ld, const config_setting_t *s, enum pp_level level,
                       pp_settings *out)
{
	out->firmware.items =
	    pp_parse_list(ld, s, pp_firmware_schema, sizeof(pp_firmware), &out->firmware.n, level);
	out->firmware.set = 1;
	out->firmware.file = pp_setting_file(ld, s);
	out->firmware.line = (int)config_setting_source_line(s);
	for (size_t i = 0; out->firmware.items && i < out->firmware.n; i++) {
		pp_firmware *fw = &out->firmware.items[i];
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i), *v;
		fw->pinned = level == PP_LEVEL_PHONE;
		if (PP_SET(fw->load) && (!fw->load.s[0] || pp_not_base_name(fw->load.s)))
			pp_report(ld, PP_ERROR, fw->load.file, fw->load.line,
			          "firmware load '%s' must be a file base name, without "
			          "'/', '\\' or spaces",
			          fw->load.s);
		if (e && (v = pp_member(e, "via")))
			parse_via(ld, v, fw);
		if (!PP_SET(fw->model))
			continue;
		if (!pp_model_find(fw->model.s))
			pp_report(ld, PP_ERROR, fw->model.file, fw->model.line,
			          "unknown model '%s' in firmware (known: %s)", fw->model.s,
			          pp_model_list());
		for (size_t j = 0; j < i; j++)
			if (PP_SET(out->firmware.items[j].model) &&
			    pp_model_same(out->firmware.items[j].model.s, fw->model.s))
				pp_report(ld, PP_ERROR, fw->model.file, fw->model.line,
				          "firmware for model %s is given twice (also at "
				          "%s:%d)",
				          fw->model.s, out->firmware.items[j].model.file,
				          out->firmware.items[j].model.line);
	}
}
