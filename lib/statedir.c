/* SPDX-License-Identifier: MIT */
#include "defaults.h"
#include "journal.h"
#include "load.h"

#include <libconfig.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A store that does not parse (an edit half done) must not send the journal
 * somewhere else: look for the state_dir line itself.
 */
static int scan_for_state_dir(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");
	char line[4096];
	int found = 0;
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " \t");
		if (strncmp(p, "state_dir", 9) != 0)
			continue;
		p += 9 + strspn(p + 9, " \t");
		if (*p != '=' && *p != ':')
			continue;
		p = strchr(p, '"');
		char *end = p ? strchr(p + 1, '"') : NULL;
		if (!end || p[1] != '/' || (size_t)(end - p - 1) >= len)
			continue;
		snprintf(out, len, "%.*s", (int)(end - p - 1), p + 1);
		found = 1;
	}
	fclose(f);
	return found;
}

int pp_store_peek_files(const char *path, char *state_dir, size_t slen, char *leases, size_t llen,
                        void (*each)(const char *file, void *arg), void *arg)
{
	config_t cfg;
	const char *v = NULL;
	char *dir = path ? strdup(path) : NULL;
	pp_store st;
	memset(&st, 0, sizeof(st));
	/* An @include is relative to the store's folder, not to our cwd. */
	pp_load ld = {.st = &st, .path = path, .dir = dir ? dirname(dir) : NULL};
	int parsed = 0, readable = 0;
	config_init(&cfg);
	/*
	 * Run as root on every dnsmasq event: the same checks as a load before
	 * libconfig may read a file (a folder would exit(), a FIFO would block,
	 * a huge line would stall dnsmasq's script queue).
	 */
	if (path && dir && pp_regular_file(path) == 0) {
		readable = 1;
		pp_prescan(&ld);
		pp_diag_flush(&ld); /* no callback: only frees them */
		if (!ld.errors && !ld.oom) {
			pp_include_setup(&cfg, ld.dir);
			parsed = config_read_file(&cfg, path);
		}
	}
	if (parsed && config_lookup_string(&cfg, "state_dir", &v) && v[0] == '/')
		snprintf(state_dir, slen, "%s", v);
	else if (parsed || !readable || !scan_for_state_dir(path, state_dir, slen))
		snprintf(state_dir, slen, "%s", PP_STATEDIR);
	if (leases) {
		if (parsed && config_lookup_string(&cfg, "security.leases", &v) && v[0] == '/')
			snprintf(leases, llen, "%s", v);
		else
			snprintf(leases, llen, "%s", PP_LEASES);
	}
	if (parsed && each)
		for (size_t i = 0; i < st.nsources; i++)
			each(st.sources[i], arg);
	config_destroy(&cfg);
	pp_arena_free(&st.arena);
	free(dir);
	return parsed;
}

void pp_store_peek(const char *path, char *state_dir, size_t slen, char *leases, size_t llen)
{
	pp_store_peek_files(path, state_dir, slen, leases, llen, NULL, NULL);
}

void pp_state_dir_of(const char *path, char *out, size_t len)
{
	pp_store_peek(path, out, len, NULL, 0);
}
