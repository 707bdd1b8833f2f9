#include "cli.h"

#include <stdio.h>
#include <string.h>

int cmd_check(cli *c, int argc, char **argv)
{
	pp_store *st;
	for (int i = 1; i < argc; i++) {
		int r = cli_config_opt(c, argc, argv, &i);
		if (r < 0)
			return EXIT_USAGE;
		if (!r) {
			cli_usage_error(c, "check: unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	int rc = cli_load(c, &st, 0);
	if (rc != EXIT_OK)
		return rc;
	size_t n = pp_store_phone_count(st);
	printf("%s: OK, %zu phone%s\n", pp_store_source(st, 0), n, n == 1 ? "" : "s");
	pp_store_free(st);
	return EXIT_OK;
}
