/* SPDX-License-Identifier: MIT */
/* phoneprov list: one line per phone, with the files the store provides it. */
#include "cli.h"

#include <stdio.h>

int cmd_list(cli *c, int argc, char **argv)
{
	pp_store *st;
	int rc = cli_no_operands(c, argc, argv);
	if (rc != CLI_END)
		return rc;
	rc = cli_load(c, &st, 1);
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
