#include "journal.h"

#include <libconfig.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_STATE_DIR "/var/lib/phoneprov"

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

void pp_state_dir_of(const char *path, char *out, size_t len)
{
	config_t cfg;
	const char *v = NULL;
	char *dir = path ? strdup(path) : NULL;
	config_init(&cfg);
	/* An @include is relative to the store's folder, not to our cwd. */
	if (dir)
		config_set_include_dir(&cfg, dirname(dir));
	if (path && config_read_file(&cfg, path)) {
		if (config_lookup_string(&cfg, "state_dir", &v) && v[0] == '/')
			snprintf(out, len, "%s", v);
		else
			snprintf(out, len, "%s", DEFAULT_STATE_DIR);
	} else if (!path || !scan_for_state_dir(path, out, len)) {
		snprintf(out, len, "%s", DEFAULT_STATE_DIR);
	}
	config_destroy(&cfg);
	free(dir);
}
