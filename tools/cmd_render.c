/* SPDX-License-Identifier: MIT */
/* phoneprov render: the bytes a TFTP client asking for NAME receives. */
#include "cli.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int valid_ip(const char *ip)
{
	unsigned char buf[16];
	return inet_pton(AF_INET, ip, buf) == 1 || inet_pton(AF_INET6, ip, buf) == 1;
}

int cmd_render(cli *c, int argc, char **argv)
{
	pp_client client = {NULL, NULL};
	const char *name = NULL;

	static const struct option longopts[] = {{"client", required_argument, NULL, 'C'},
	                                         {"mac", required_argument, NULL, 'M'},
	                                         {NULL, 0, NULL, 0}};
	int opt, rc;
	while ((opt = cli_getopt(c, argc, argv, "", longopts, &rc)) != CLI_END) {
		if (opt == CLI_EXIT)
			return rc;
		if (opt == 'C')
			client.ip = optarg;
		else
			client.mac = optarg;
	}
	if (argc - optind > 1) {
		cli_usage_error(c, "render: one NAME only");
		return EXIT_USAGE;
	}
	name = optind < argc ? argv[optind] : NULL;
	if (!name) {
		cli_usage_error(c, "render: which NAME? e.g. SIP001BD4123456.cnf");
		return EXIT_USAGE;
	}
	if (client.ip && client.mac) {
		cli_usage_error(c, "render: give --client or --mac, not both");
		return EXIT_USAGE;
	}
	if (client.ip && !valid_ip(client.ip)) {
		cli_usage_error(c, "render: '%s' is not an IP address", client.ip);
		return EXIT_USAGE;
	}
	char mac[PP_MAC_LEN + 1];
	if (client.mac && pp_mac_parse(client.mac, mac) != PP_OK) {
		cli_usage_error(c, "render: '%s' is not a MAC address", client.mac);
		return EXIT_USAGE;
	}

	pp_store *st;
	rc = cli_load(c, &st, 1);
	if (rc != EXIT_OK)
		return rc;
	char *data;
	size_t len;
	pp_error err;
	rc = pp_render(st, name, client.ip || client.mac ? &client : NULL, &data, &len, &err);
	pp_store_free(st);
	if (rc == PP_ENOTFOUND) {
		fprintf(stderr, "%s: %s\n", c->prog, err.message);
		return EXIT_NOTFOUND;
	}
	if (rc == PP_EDENIED) {
		fprintf(stderr, "%s: denied: %s\n", c->prog, err.message);
		return EXIT_DENIED;
	}
	if (rc != PP_OK) {
		fprintf(stderr, "%s: %s\n", c->prog, err.message);
		return rc == PP_EARG ? EXIT_USAGE : EXIT_STORE;
	}
	if (client.ip || client.mac)
		fprintf(stderr, "%s: served: %s\n", c->prog, err.message);
	int ok = fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0;
	pp_free(data);
	if (!ok) {
		perror("phoneprov: writing the file");
		return EXIT_STORE;
	}
	return EXIT_OK;
}
