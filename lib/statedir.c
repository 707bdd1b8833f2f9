#include "journal.h"

#include <libconfig.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_STATE_DIR "/var/lib/phoneprov"

void pp_state_dir_of(const char *path, char *out, size_t len)
{
	config_t cfg;
	const char *v = NULL;
	char *dir = path ? strdup(path) : NULL;
	config_init(&cfg);
	/* An @include is relative to the store's folder, not to our cwd. */
	if (dir)
		config_set_include_dir(&cfg, dirname(dir));
	if (path && config_read_file(&cfg, path) && config_lookup_string(&cfg, "state_dir", &v) &&
	    v[0] == '/')
		snprintf(out, len, "%s", v);
	else
		snprintf(out, len, "%s", DEFAULT_STATE_DIR);
	config_destroy(&cfg);
	free(dir);
}
