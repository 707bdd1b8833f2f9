/* SPDX-License-Identifier: MIT */
/*
 * asterisk.pjsip: the file Asterisk's PJSIP configuration is in, or a list
 * of files, as a plain Asterisk keeps its wizards in pjsip_wizard.conf,
 * which pjsip.conf does not include.  Only the paths are read here; the
 * files are read at the first line that names an endpoint (pjsip_line.c).
 */
#include "defaults.h"
#include "load.h"
#include "pjsip.h"

#include <string.h>

/* s's path, checked as one of asterisk.pjsip's; NULL (reported) when it is not one. */
static const char *one_path(pp_load *ld, const config_setting_t *s, const char *list_msg)
{
	char path[128];
	pp_path(s, path, sizeof(path));
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		pp_report_at(ld, PP_ERROR, s, "%s must be a file's path in double quotes%s", path,
		             list_msg);
		return NULL;
	}
	const char *v = config_setting_get_string(s);
	if (pp_check_string(ld, s, v, 4095, 0) < 0)
		return NULL;
	if (v[0] != '/') {
		pp_report_at(ld, PP_ERROR, s, "%s must be an absolute path (it is '%s')", path, v);
		return NULL;
	}
	return v;
}

/*
 * Into ld->pjsip_paths, a path once: twice, each of its endpoints would be
 * defined twice.  After an error none is read (npjsip 0): the load fails,
 * and the missing default file would only add a second error.
 */
void pp_pjsip_paths(pp_load *ld, const config_setting_t *ast)
{
	static const char *dflt = PP_PJSIP_CONF;
	const config_setting_t *m = ast ? config_setting_get_member(ast, "pjsip") : NULL;
	char path[128];

	ld->pjsip_paths = &dflt;
	ld->pjsip_path = dflt;
	ld->npjsip = 1;
	if (!m)
		return;
	ld->npjsip = 0;
	int t = config_setting_type(m);
	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
		const char *v = one_path(ld, m,
		                         ", or a list of them ([ \"/etc/asterisk/pjsip.conf\", "
		                         "\"/etc/asterisk/pjsip_wizard.conf\" ])");
		const char **one = v ? pp_arena_alloc(&ld->st->arena, sizeof(*one)) : NULL;
		if (v && (!one || !(*one = pp_arena_strdup(&ld->st->arena, v)))) {
			ld->oom = 1;
			return;
		}
		if (one) {
			ld->pjsip_paths = one;
			ld->pjsip_path = *one;
			ld->npjsip = 1;
		}
		return;
	}
	int n = config_setting_length(m);
	pp_path(m, path, sizeof(path));
	if (n == 0) {
		pp_report_at(ld, PP_ERROR, m,
		             "%s is an empty list: name Asterisk's pjsip.conf (and "
		             "pjsip_wizard.conf, where the lines' wizards are)",
		             path);
		return;
	}
	if (n > PP_PJSIP_MAX_LIST) {
		pp_report_at(ld, PP_ERROR, m, "%s names %d files; phoneprov reads at most %d", path,
		             n, PP_PJSIP_MAX_LIST);
		return;
	}
	const char **v = pp_arena_alloc(&ld->st->arena, (size_t)n * sizeof(*v));
	size_t k = 0;
	int bad = 0;
	if (!v) {
		ld->oom = 1;
		return;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
		const char *s = one_path(ld, e, "");
		size_t j = 0;
		if (!s) {
			bad = 1;
			continue;
		}
		while (j < k && strcmp(v[j], s) != 0)
			j++;
		if (j < k) {
			pp_report_at(ld, PP_WARNING, e,
			             "%s names %s again; it is read once (twice, each of its "
			             "endpoints would be defined twice)",
			             pp_path(e, path, sizeof(path)), s);
			continue;
		}
		if (!(v[k++] = pp_arena_strdup(&ld->st->arena, s))) {
			ld->oom = 1;
			return;
		}
	}
	if (bad)
		return;
	ld->pjsip_paths = v;
	ld->pjsip_path = v[0];
	ld->npjsip = k;
}
