#include "journal.h"

#include <libconfig.h>
#include <stdio.h>

#define DEFAULT_STATE_DIR "/var/lib/phoneprov"

void pp_state_dir_of(const char *path, char *out, size_t len)
{
	config_t cfg;
	const char *v = NULL;
	config_init(&cfg);
	if (path && config_read_file(&cfg, path) && config_lookup_string(&cfg, "state_dir", &v) &&
	    v[0] == '/')
		snprintf(out, len, "%s", v);
	else
		snprintf(out, len, "%s", DEFAULT_STATE_DIR);
	config_destroy(&cfg);
}
