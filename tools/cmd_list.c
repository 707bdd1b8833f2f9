#include "cli.h"

#include <stdio.h>

int cmd_list(cli *c, int argc, char **argv)
{
	pp_store *st;
	for (int i = 1; i < argc; i++) {
		int r = cli_config_opt(c, argc, argv, &i);
		if (r < 0)
			return EXIT_USAGE;
		if (!r) {
			cli_usage_error(c, "list: unexpected argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	int rc = cli_load(c, &st, 1);
	if (rc != EXIT_OK)
		return rc;
	printf("%-12s  %-5s  %-5s  %-12s  %-16s  %s\n", "MAC", "MODEL", "PROTO", "PROFILE", "LABEL",
	       "FILES");
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info ph;
		char names[8][64];
		pp_store_phone(st, i, &ph);
		size_t n = pp_phone_files(st, ph.mac, names, 8);
		printf("%-12s  %-5s  %-5s  %-12s  %-16s  ", ph.mac, ph.model, ph.protocol,
		       ph.profile[0] ? ph.profile : "-", ph.label[0] ? ph.label : "-");
		for (size_t k = 0; k < n; k++)
			printf("%s%s", k ? " " : "", names[k]);
		printf("\n");
	}
	pp_store_free(st);
	return EXIT_OK;
}
