/* SPDX-License-Identifier: MIT */
/* phoneprov check: the store's problems as FILE:LINE: ..., and what else is amiss. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "facl.h"
#include "fw_files.h"

/*
 * A store with passwords must be readable by root (in.tftpd's parent reads
 * it as root) and, for dnsmasq, by its user through an ACL entry: never by
 * the group or everyone.
 */
static void warn_readable(const pp_store *st)
{
	if (!pp_store_has_secrets(st))
		return;
	for (size_t i = 0; i < pp_store_source_count(st); i++) {
		struct stat sb;
		const char *f = pp_store_source(st, i), *who;
		if (stat(f, &sb) != 0 || !(who = facl_readers(f, &sb)))
			continue;
		fprintf(stderr,
		        "%s: warning: holds passwords and is readable by %s; chmod 600 it (the "
		        "server reads it as root) and give dnsmasq's user an ACL entry "
		        "(setfacl -m u:dnsmasq:r) if it needs one\n",
		        f, who);
	}
}

/*
 * The folders the store names: a TFTP root that is not there (a dnsmasq
 * whose tftp-root names it does not start), and a state_dir that is not
 * phoneprov's own (enable dnsmasq refuses it: it gives the dnsmasq user
 * write access there).  Warnings: the store itself is fine.
 */
static void warn_dirs(const pp_store *st)
{
	const char *f = pp_store_source(st, 0), *root = pp_store_tftp_root(st), *why;
	char buf[512];
	if (cli_tftp_root_missing(root))
		fprintf(
		    stderr,
		    "%s: warning: tftp.root %s does not exist: dnsmasq with tftp-root there does "
		    "not start (phoneprov enable dnsmasq creates it)\n",
		    f, root);
	why = cli_state_dir_problem(pp_store_state_dir(st), root, buf, sizeof(buf));
	if (why)
		fprintf(stderr,
		        "%s: warning: state_dir %s is not a folder of phoneprov's own: %s "
		        "(phoneprov enable dnsmasq refuses it)\n",
		        f, pp_store_state_dir(st), why);
}

/*
 * Every file each firmware target and step needs, under tftp.root (a root
 * that is not there is warned about above, once, not per file).
 */
static void warn_firmware(const pp_store *st)
{
	pp_fw_root r;
	int have = !cli_tftp_root_missing(pp_store_tftp_root(st)) &&
	           pp_fw_root_open(&r, pp_store_tftp_root(st)) == 0;

	int quiet = 0;

	pp_fw_check(st, have ? &r : NULL, cli_print_diag, &quiet);
	if (have)
		pp_fw_root_close(&r);
}

int cmd_check(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"quiet", no_argument, NULL, 'q'},
	                                         {NULL, 0, NULL, 0}};
	pp_store *st;
	int opt, rc, quiet = 0;

	/*
	 * -q, for the tools that feed one store to many servers: Ansible's
	 * validate (`phoneprov check -q %s`), confd's check_cmd,
	 * consul-template's command.  Quiet means nothing on success, warnings
	 * included; an error still says FILE:LINE.
	 */
	while ((opt = cli_getopt(c, argc, argv, "q", longopts, &rc)) != CLI_END) {
		if (opt == CLI_EXIT)
			return rc;
		quiet = 1;
	}
	/* check FILE, as the tools call it on their staged copy: the same as -c FILE. */
	if (optind < argc && c->config == NULL && optind + 1 == argc) {
		c->config = argv[optind++];
	}
	if (optind < argc) {
		cli_usage_error(c, "check: unexpected argument '%s' (the store is FILE or -c FILE)",
		                argv[optind]);
		return EXIT_USAGE;
	}
	rc = cli_load(c, &st, quiet);
	if (rc != EXIT_OK)
		return rc;
	if (!quiet) {
		warn_readable(st);
		warn_dirs(st);
		warn_firmware(st);
		size_t n = pp_store_phone_count(st);
		printf("%s: OK, %zu phone%s\n", pp_store_source(st, 0), n, n == 1 ? "" : "s");
	}
	pp_store_free(st);
	return EXIT_OK;
}
