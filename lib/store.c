/* SPDX-License-Identifier: MIT */
/*
 * Loading a store: libconfig parses, then every setting is checked and the
 * levels are merged into one pp_phone per MAC.  Nothing of the libconfig tree
 * is kept, so a loaded store is plain memory that survives fork and chroot.
 *
 * Over 400 lines because it is one load, in order: prescan, libconfig, the
 * top level (tftp, security, state_dir), the profiles, the phones and their
 * MAC index, sharing get_string and check_keys.  The settings of a level are
 * level.c's; what a loaded store answers is store_api.c's.
 */
#include "load.h"
#include "cidr.h"
#include "defaults.h"
#include "error.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

PP_API const char *pp_config_path(void)
{
	const char *p = getenv("PHONEPROV_CONFIG");
	return p && *p ? p : PP_DEFAULT_CONFIG;
}

static const char *const top_keys[] = {"version",  "tftp",   "security", "state_dir", "defaults",
                                       "profiles", "phones", "asterisk", NULL};

static size_t mac_hash(const char *mac)
{
	size_t h = 14695981039346656037u & (size_t)-1;
	for (; *mac; mac++)
		h = (h ^ (unsigned char)*mac) * (size_t)1099511628211u;
	return h;
}

const pp_phone *pp_store_lookup(const pp_store *st, const char *mac12)
{
	if (!st || !st->index_cap)
		return NULL;
	size_t mask = st->index_cap - 1;
	for (size_t h = mac_hash(mac12) & mask;; h = (h + 1) & mask) {
		unsigned slot = st->index[h];
		if (!slot)
			return NULL;
		if (memcmp(st->phones[slot - 1].mac, mac12, PP_MAC_LEN) == 0)
			return &st->phones[slot - 1];
	}
}

/* Insert phone i; returns the index of an earlier phone with the same MAC, or -1. */
static long index_insert(pp_store *st, size_t i)
{
	size_t mask = st->index_cap - 1;
	for (size_t h = mac_hash(st->phones[i].mac) & mask;; h = (h + 1) & mask) {
		unsigned slot = st->index[h];
		if (!slot) {
			st->index[h] = (unsigned)i + 1;
			return -1;
		}
		if (memcmp(st->phones[slot - 1].mac, st->phones[i].mac, PP_MAC_LEN) == 0)
			return (long)slot - 1;
	}
}

static const char *get_string(pp_load *ld, const config_setting_t *s, const char *key,
                              const char *dflt, int absolute_path)
{
	const config_setting_t *m = config_setting_get_member(s, key);
	char path[128];
	if (!m)
		return dflt;
	pp_setting_path(m, path, sizeof(path));
	if (config_setting_type(m) != CONFIG_TYPE_STRING) {
		pp_report_at(ld, PP_ERROR, m, "%s must be a string in double quotes", path);
		return dflt;
	}
	const char *v = config_setting_get_string(m);
	if (pp_check_string(ld, m, v, 4095, 0) < 0)
		return dflt;
	if (absolute_path && v[0] != '/') {
		pp_report_at(ld, PP_ERROR, m, "%s must be an absolute path (it is '%s')", path, v);
		return dflt;
	}
	char *copy = pp_arena_strdup(&ld->st->arena, v);
	if (!copy)
		ld->oom = 1;
	return copy ? copy : dflt;
}

static void check_keys(pp_load *ld, const config_setting_t *group, const char *const *keys,
                       const char *where)
{
	int n = config_setting_length(group);
	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(s);
		const char *const *k = keys;
		while (*k && strcmp(*k, name) != 0)
			k++;
		if (*k)
			continue;
		const char *close = pp_closest(name, keys);
		if (close)
			pp_report_at(ld, PP_ERROR, s, "unknown key '%s' in %s (did you mean '%s'?)",
			             name, where, close);
		else
			pp_report_at(ld, PP_ERROR, s, "unknown key '%s' in %s", name, where);
	}
}

static const config_setting_t *group_member(pp_load *ld, const config_setting_t *root,
                                            const char *key)
{
	const config_setting_t *s = config_setting_get_member(root, key);
	if (s && !config_setting_is_group(s)) {
		pp_report_at(ld, PP_ERROR, s, "%s must be a group { ... }", key);
		return NULL;
	}
	return s;
}

/* Parsed once at load: the policy asks on every request. */
static enum pp_binding_mode binding_of(const char *mb)
{
	if (strcmp(mb, "off") == 0)
		return PP_BIND_OFF;
	if (strcmp(mb, "lenient") == 0)
		return PP_BIND_LENIENT;
	return PP_BIND_STRICT;
}

static void parse_security(pp_load *ld, const config_setting_t *root)
{
	static const char *const keys[] = {"mac_binding", "leases", "allow", NULL};
	pp_store *st = ld->st;
	const config_setting_t *sec = group_member(ld, root, "security");

	st->mac_binding = PP_MAC_BINDING;
	st->binding = binding_of(PP_MAC_BINDING);
	st->leases = PP_LEASES;
	if (!sec)
		return;
	check_keys(ld, sec, keys, "security");
	const char *mb = get_string(ld, sec, "mac_binding", PP_MAC_BINDING, 0);
	if (strcmp(mb, "strict") && strcmp(mb, "lenient") && strcmp(mb, "off"))
		pp_report_at(ld, PP_ERROR, config_setting_get_member(sec, "mac_binding"),
		             "security.mac_binding is '%s'; expected strict, lenient or off", mb);
	else
		st->mac_binding = mb;
	st->binding = binding_of(st->mac_binding);
	st->leases = get_string(ld, sec, "leases", st->leases, 1);

	const config_setting_t *allow = config_setting_get_member(sec, "allow");
	if (!allow)
		return;
	if (!config_setting_is_array(allow) && !config_setting_is_list(allow)) {
		pp_report_at(
		    ld, PP_ERROR, allow,
		    "security.allow must be a list of networks, e.g. [ \"192.0.2.0/24\" ]");
		return;
	}
	int n = config_setting_length(allow);
	st->has_allow = 1; /* even when empty: then nobody is in it */
	if (n == 0)
		pp_report_at(ld, PP_ERROR, allow,
		             "security.allow is empty, which would let no client in; list the "
		             "phones' networks, or remove it to let every client in");
	st->allow = pp_arena_alloc(&st->arena, (size_t)(n ? n : 1) * sizeof(*st->allow));
	if (!st->allow) {
		ld->oom = 1;
		return;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(allow, (unsigned)i);
		const char *v = config_setting_type(e) == CONFIG_TYPE_STRING
		                    ? config_setting_get_string(e)
		                    : NULL;
		if (!v || pp_cidr_parse(v, &st->allow[st->nallow]) < 0) {
			pp_report_at(ld, PP_ERROR, e,
			             "security.allow[%d] is not a network like \"192.0.2.0/24\" or "
			             "\"2001:db8::/32\"",
			             i);
			continue;
		}
		st->nallow++;
	}
}

static void parse_profiles(pp_load *ld, const config_setting_t *root)
{
	pp_store *st = ld->st;
	const config_setting_t *profs = group_member(ld, root, "profiles");
	if (!profs)
		return;
	int n = config_setting_length(profs);
	st->profiles = pp_arena_alloc(&st->arena, (size_t)(n ? n : 1) * sizeof(pp_profile));
	if (!st->profiles) {
		ld->oom = 1;
		return;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *p = config_setting_get_elem(profs, (unsigned)i);
		if (!config_setting_is_group(p)) {
			pp_report_at(ld, PP_ERROR, p, "profiles.%s must be a group { ... }",
			             config_setting_name(p));
			continue;
		}
		pp_profile *pr = &st->profiles[st->nprofiles++];
		pr->name = pp_arena_strdup(&st->arena, config_setting_name(p));
		pr->file = pp_setting_file(ld, p);
		pr->line = (int)config_setting_source_line(p);
		if (!pr->name)
			ld->oom = 1;
		pp_parse_settings(ld, p, PP_LEVEL_PROFILE, &pr->s);
	}
}

static const pp_profile *find_profile(pp_load *ld, const config_setting_t *ps)
{
	pp_store *st = ld->st;
	if (config_setting_type(ps) != CONFIG_TYPE_STRING) {
		pp_report_at(ld, PP_ERROR, ps, "profile must be a profile's name in double quotes");
		return NULL;
	}
	const char *name = config_setting_get_string(ps);
	/* It is quoted in the message below: a newline in it would forge a line. */
	if (pp_check_string(ld, ps, name, 0, 0) < 0)
		return NULL;
	const char *names[65];
	size_t k = 0;
	for (size_t i = 0; i < st->nprofiles; i++) {
		if (strcmp(st->profiles[i].name, name) == 0)
			return &st->profiles[i];
		if (k < 64)
			names[k++] = st->profiles[i].name;
	}
	names[k] = NULL;
	const char *close = pp_closest(name, names);
	if (close)
		pp_report_at(ld, PP_ERROR, ps, "unknown profile '%s' (did you mean '%s'?)", name,
		             close);
	else if (st->nprofiles)
		pp_report_at(ld, PP_ERROR, ps, "unknown profile '%s'; profiles has %zu other%s",
		             name, st->nprofiles, st->nprofiles == 1 ? "" : "s");
	else
		pp_report_at(ld, PP_ERROR, ps, "unknown profile '%s': the store has no profiles",
		             name);
	return NULL;
}

static int parse_mac(pp_load *ld, const config_setting_t *group, char mac[PP_MAC_LEN + 1])
{
	const config_setting_t *m = config_setting_get_member(group, "mac");
	char path[128];
	pp_setting_path(group, path, sizeof(path));
	if (!m) {
		pp_report_at(ld, PP_ERROR, group, "%s has no mac", path);
		return -1;
	}
	const char *v =
	    config_setting_type(m) == CONFIG_TYPE_STRING ? config_setting_get_string(m) : NULL;
	if (!v || pp_mac_parse(v, mac) != PP_OK) {
		pp_report_at(ld, PP_ERROR, m,
		             "%s.mac is not a MAC address; write it as 00:1b:d4:12:34:56, "
		             "00-1B-D4-12-34-56, 001bd4123456 or 001B.D412.3456",
		             path);
		return -1;
	}
	unsigned first = (unsigned)strtoul((char[3]){mac[0], mac[1], 0}, NULL, 16);
	if (strcmp(mac, "000000000000") == 0 || (first & 1)) {
		pp_report_at(ld, PP_ERROR, m,
		             "%s.mac %s is not a phone's address (all zero or multicast)", path,
		             mac);
		return -1;
	}
	return 0;
}

static void parse_phones(pp_load *ld, const config_setting_t *root)
{
	pp_store *st = ld->st;
	const config_setting_t *phones = config_setting_get_member(root, "phones");
	if (!phones)
		return;
	if (!config_setting_is_list(phones) &&
	    !(config_setting_is_array(phones) && config_setting_length(phones) == 0)) {
		pp_report_at(ld, PP_ERROR, phones, "phones must be a list ( { ... }, { ... } )");
		return;
	}
	size_t n = (size_t)config_setting_length(phones);
	st->phones = pp_arena_alloc(&st->arena, (n ? n : 1) * sizeof(pp_phone));
	st->index_cap = 16;
	while (st->index_cap < 2 * n)
		st->index_cap *= 2;
	st->index = pp_arena_alloc(&st->arena, st->index_cap * sizeof(unsigned));
	if (!st->phones || !st->index) {
		ld->oom = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const config_setting_t *g = config_setting_get_elem(phones, (unsigned)i);
		if (!config_setting_is_group(g)) {
			pp_report_at(ld, PP_ERROR, g, "phones[%zu] must be a group { ... }", i);
			continue;
		}
		pp_phone *ph = &st->phones[st->nphones];
		pp_settings own;
		memset(&own, 0, sizeof(own));
		int bad_mac = parse_mac(ld, g, ph->mac) < 0;
		ph->file = pp_setting_file(ld, g);
		ph->line = (int)config_setting_source_line(g);
		pp_parse_settings(ld, g, PP_LEVEL_PHONE, &own);

		const pp_profile *prof = NULL;
		const config_setting_t *ps = config_setting_get_member(g, "profile");
		if (ps && (prof = find_profile(ld, ps)))
			ph->profile = prof->name;

		ph->s = st->defaults;
		if ((prof && pp_merge(ld, &ph->s, &prof->s) < 0) || pp_merge(ld, &ph->s, &own) < 0)
			return;
		if (bad_mac)
			continue;
		long dup = index_insert(st, st->nphones);
		if (dup >= 0) {
			pp_report_at(ld, PP_ERROR, config_setting_get_member(g, "mac"),
			             "duplicate MAC %s (also at %s:%d)", ph->mac,
			             st->phones[dup].file, st->phones[dup].line);
			continue;
		}
		pp_check_phone(ld, ph, g);
		pp_check_shadowing(ld, &ph->s, ph->model ? ph->model->name : NULL);
		if (ph->model)
			pp_check_xml(ld, ph);
		st->nphones++;
	}
}

static void parse_root(pp_load *ld, const config_setting_t *root)
{
	pp_store *st = ld->st;

	check_keys(ld, root, top_keys, "the store");
	const config_setting_t *v = config_setting_get_member(root, "version");
	if (v && (config_setting_type(v) != CONFIG_TYPE_INT || config_setting_get_int(v) != 1))
		pp_report_at(ld, PP_ERROR, v, "version must be 1 (this phoneprov reads version 1)");

	const config_setting_t *tftp = group_member(ld, root, "tftp");
	st->tftp_root = PP_TFTP_ROOT;
	if (tftp) {
		static const char *const keys[] = {"root", NULL};
		check_keys(ld, tftp, keys, "tftp");
		st->tftp_root = get_string(ld, tftp, "root", st->tftp_root, 1);
	}
	parse_security(ld, root);
	st->state_dir = get_string(ld, root, "state_dir", PP_STATEDIR, 1);
	/* read only when a line names an endpoint (pjsip_line.c) */
	const config_setting_t *ast = group_member(ld, root, "asterisk");
	if (ast) {
		static const char *const keys[] = {"pjsip", NULL};
		check_keys(ld, ast, keys, "asterisk");
	}
	pp_pjsip_paths(ld, ast);

	const config_setting_t *def = group_member(ld, root, "defaults");
	if (def) {
		st->has_defaults = 1;
		pp_parse_settings(ld, def, PP_LEVEL_DEFAULTS, &st->defaults);
		pp_check_shadowing(ld, &st->defaults, pp_default_79x0_model(&st->defaults));
	}
	parse_profiles(ld, root);
	parse_phones(ld, root);
}

PP_API int pp_store_load(pp_store **out, const char *path, pp_diag_fn diag, void *ctx,
                         pp_error *err)
{
	char msg[512];
	if (!out) {
		pp_error_set(err, PP_EARG, "pp_store_load: no place to put the store");
		return PP_EARG;
	}
	*out = NULL;
	if (!path)
		path = pp_config_path();

	pp_store *st = calloc(1, sizeof(*st));
	char *dirbuf = strdup(path);
	const char **src = st ? pp_arena_alloc(&st->arena, sizeof(*src)) : NULL;
	if (!st || !dirbuf || !src || !(src[0] = pp_arena_strdup(&st->arena, path))) {
		if (st)
			pp_arena_free(&st->arena);
		free(st);
		free(dirbuf);
		pp_error_set_at(err, PP_ENOMEM, path, 0, "out of memory loading the store");
		return PP_ENOMEM;
	}
	st->sources = src;
	st->nsources = 1;
	pp_load ld = {.st = st, .path = src[0], .diag = diag, .ctx = ctx};

	/*
	 * libconfig reports a missing file without errno; ask first to say why.
	 * And a folder would make it exit(), a FIFO would block it.
	 */
	if (pp_regular_file(path) < 0) {
		snprintf(msg, sizeof(msg), "cannot read the store: %s",
		         errno == EINVAL ? "it is not a regular file" : strerror(errno));
		pp_report(&ld, PP_ERROR, path, 0, "%s", msg);
		pp_diag_flush(&ld);
		pp_error_set_at(err, PP_EIO, path, 0, "%s", msg);
		pp_store_free(st);
		free(dirbuf);
		return PP_EIO;
	}

	config_t cfg;
	config_init(&cfg);
	const char *dir = dirname(dirbuf);
	pp_include_setup(&cfg, dir);
	ld.dir = dir;
	int rc = PP_OK;
	/* every file it reads, checked before libconfig may read one (include.c) */
	pp_prescan(&ld);
	if (ld.errors || ld.oom) {
		pp_diag_flush(&ld);
		rc = ld.oom ? PP_ENOMEM : PP_EINVALID;
		if (err)
			*err = ld.first;
	} else if (!config_read_file(&cfg, path)) {
		const char *efile = config_error_file(&cfg) ? config_error_file(&cfg) : path;
		char efull[4096];
		int eline = config_error_line(&cfg);
		/* an error inside an @include: the file libconfig read */
		efile = pp_include_reported(&ld, efile, efull, sizeof(efull));
		snprintf(msg, sizeof(msg), "%s", config_error_text(&cfg));
		/* libconfig 1.5 reports an unreadable @include as a parse error */
		rc = config_error_type(&cfg) == CONFIG_ERR_FILE_IO ||
		             strcmp(msg, "cannot open include file") == 0
		         ? PP_EIO
		         : PP_ESYNTAX;
		pp_report(&ld, PP_ERROR, efile, eline, "%s", msg);
		pp_diag_flush(&ld);
		pp_error_set_at(err, rc, efile, eline, "%s", msg);
	} else {
		parse_root(&ld, config_root_setting(&cfg));
		pp_diag_flush(&ld);
		if (ld.oom) {
			rc = PP_ENOMEM;
			pp_error_set_at(err, rc, path, 0, "out of memory loading the store");
		} else if (ld.errors) {
			rc = PP_EINVALID;
			if (err)
				*err = ld.first;
		}
	}
	config_destroy(&cfg);
	pp_pjsip_done(&ld);
	free(ld.seen);
	free(dirbuf);
	/* Read-only from here on, also to the children a server forks (arena.c). */
	if (rc == PP_OK && pp_arena_seal(&st->arena) != 0) {
		rc = PP_ENOMEM;
		snprintf(msg, sizeof(msg), "cannot make the loaded store read-only: %s",
		         strerror(errno));
		pp_error_set_at(err, rc, path, 0, "%s", msg);
	}
	if (rc != PP_OK) {
		pp_store_free(st);
		return rc;
	}
	*out = st;
	return PP_OK;
}

PP_API void pp_store_free(pp_store *st)
{
	if (!st)
		return;
	pp_arena_free(&st->arena);
	free(st);
}
