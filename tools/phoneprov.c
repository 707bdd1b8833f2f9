/* SPDX-License-Identifier: MIT */
/* phoneprov: check, render and list a profile store; run a TFTP server with the shim. */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef PP_PRELOAD_PATH
#define PP_PRELOAD_PATH "/usr/local/lib/phoneprov/libphoneprov-preload.so"
#endif

static const char help[] =
    "usage: %s [-c FILE] COMMAND [ARGS]\n"
    "\n"
    "Synthesises Cisco phone provisioning files from one profile store.\n"
    "\n"
    "commands:\n"
    "  check [-q] [FILE]          validate the store (FILE: the same as -c FILE); problems\n"
    "                             on stderr as FILE:LINE: ...; -q, --quiet: nothing when\n"
    "                             it is valid\n"
    "  render [--client IP | --mac MAC] NAME\n"
    "                             print the bytes a TFTP client asking for NAME receives;\n"
    "                             without --client/--mac no client policy applies\n"
    "  list                       each phone: MAC, model, protocol, profile, label, files\n"
    "  exec -- COMMAND [ARG...]   run a TFTP server (in.tftpd, dnsmasq) with the shim\n"
    "  status [--json] [--journals PATH]... [MAC...]\n"
    "                             what each phone fetched (from the journal), phones\n"
    "                             never seen, MACs not in the store, unknown clients and\n"
    "                             what they were refused, servers with the shim;\n"
    "                             --journals: the journals of several servers instead (a\n"
    "                             journal file, or a folder of them or of one folder per\n"
    "                             server), merged by phone; MACs: only those phones\n"
    "  enable [--init systemd|sysv] [--user USER] [--shim PATH] [--root DIR]\n"
    "         tftpd-hpa|dnsmasq\n"
    "                             preload the shim into that service: a systemd drop-in,\n"
    "                             else an export in /etc/default/SERVICE; for dnsmasq also\n"
    "                             /etc/dnsmasq.d/phoneprov.conf (TFTP, option 150, the\n"
    "                             hook), the TFTP root, and an ACL entry that lets its user\n"
    "                             read the store; prints what it changed and how to\n"
    "                             restart the server\n"
    "  disable [--user USER] [--root DIR] tftpd-hpa|dnsmasq\n"
    "                             undo enable: remove what it added; leave (and name) a\n"
    "                             file edited since\n"
    "  notify [--reboot] [--dry-run] [--rate N] [--timeout S] MAC... | --changed | --all\n"
    "                             SIP NOTIFY: phones fetch their files again (79x0\n"
    "                             check-sync; XML family service-control restart, reset\n"
    "                             with --reboot); --changed: only phones whose files\n"
    "                             differ from what they were served; one line per phone\n"
    "  import [-o FILE] [DIR]     a TFTP root's static files (DIR, default: tftp.root)\n"
    "                             into a new store, on stdout or in FILE (made 0600);\n"
    "                             on stderr, what it now shadows and could not import\n"
    "  firmware [--json] [MAC...] each phone's firmware journey: the load it runs and how\n"
    "                             that is known (its requests in the journal), its target,\n"
    "                             the steps left, files missing for them\n"
    "\n";

/* Two strings: ISO C caps one literal at 4095 bytes. */
static const char help_options[] =
    "options:\n"
    "  -c, --config FILE          the store (default: $PHONEPROV_CONFIG, else " PP_DEFAULT_CONFIG
    ")\n"
    "  -h, --help                 this text\n"
    "  -V, --version              the version\n"
    "  --init systemd|sysv        (enable) which init to configure; default: systemd when\n"
    "                             /run/systemd/system exists, else sysv\n"
    "  --user USER                (enable, disable of dnsmasq) the user dnsmasq runs as;\n"
    "                             default: dnsmasq\n"
    "  --shim PATH                (enable) the shim to preload; default:\n"
    "                             " PP_PRELOAD_PATH ";\n"
    "                             for dnsmasq the hook phoneprov-dhcp-script beside it\n"
    "  --root DIR                 (enable, disable) write the service files under DIR\n"
    "                             instead of / (an image being built)\n"
    "  --rate N                   (notify) phones started a second, default 10\n"
    "  -o, --output FILE          (import) write the new store to FILE, mode 0600,\n"
    "                             replacing it (never through a symlink)\n"
    "  --timeout S                (notify) give up on a phone after S seconds instead of\n"
    "                             RFC 3261's 32\n"
    "\n"
    "exit status:\n"
    "  0  success\n"
    "  1  the store cannot be read or has errors\n"
    "     (enable, disable: or a file could not be changed, or was left alone;\n"
    "     status: or a journal could not be read)\n"
    "  2  bad command line\n"
    "  3  render: the store does not provide NAME (a server serves it from disk);\n"
    "     firmware: a MAC named is not in the store\n"
    "  4  render: policy refuses NAME to that client\n"
    "  5  notify: not every phone named answered 2xx\n";

void cli_usage_error(cli *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", c->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", c->prog);
}

/* A bad option: which, as the user wrote it, and what is wrong with it. */
static void bad_option(cli *c, char **argv, int opt)
{
	const char *arg = argv[optind - 1];
	char letter[3] = {'-', (char)optopt, '\0'};
	/* optopt names a short option, or (--help=x) a long one: the text says which. */
	const char *name = optopt && strncmp(arg, "--", 2) != 0 ? letter : arg;
	const char *cmd = c->cmd ? c->cmd : "", *sep = c->cmd ? ": " : "";
	if (opt == ':')
		cli_usage_error(c, "%s%s%s needs a %s", cmd, sep, name,
		                optopt == 'c' ? "FILE" : "value");
	else
		cli_usage_error(c, "%s%sunknown option '%s'", cmd, sep, name);
}

int cli_getopt(cli *c, int argc, char **argv, const char *shortopts, const struct option *longopts,
               int *rc)
{
	int stop = shortopts[0] == '+';
	char optstring[64];
	struct option all[16] = {{"config", required_argument, NULL, 'c'},
	                         {"help", no_argument, NULL, 'h'}};
	size_t n = 2;
	snprintf(optstring, sizeof(optstring), "%s:c:h%s", stop ? "+" : "", shortopts + stop);
	for (; longopts && longopts->name && n + 1 < sizeof(all) / sizeof(all[0]); longopts++)
		all[n++] = *longopts;
	opterr = 0;
	for (;;) {
		int li = -1, opt = getopt_long(argc, argv, optstring, all, &li);
		if (opt == -1)
			return CLI_END;
		if (opt == 'h') {
			printf(help, c->prog);
			fputs(help_options, stdout);
			*rc = EXIT_OK;
			return CLI_EXIT;
		}
		if (opt == 'c' && *optarg) {
			c->config = optarg;
			continue;
		}
		if (opt == 'c') {
			const char *cmd = c->cmd ? c->cmd : "", *sep = c->cmd ? ": " : "";
			cli_usage_error(c, "%s%s%s needs a FILE", cmd, sep,
			                li >= 0 ? "--config" : "-c");
			*rc = EXIT_USAGE;
			return CLI_EXIT;
		}
		if (opt == '?' || opt == ':') {
			bad_option(c, argv, opt);
			*rc = EXIT_USAGE;
			return CLI_EXIT;
		}
		return opt;
	}
}

int cli_no_operands(cli *c, int argc, char **argv)
{
	int opt, rc;
	while ((opt = cli_getopt(c, argc, argv, "", NULL, &rc)) != CLI_END)
		if (opt == CLI_EXIT)
			return rc;
	if (optind < argc) {
		cli_usage_error(c, "%s: unexpected argument '%s'", c->cmd, argv[optind]);
		return EXIT_USAGE;
	}
	return CLI_END;
}

void cli_print_diag(void *ctx, enum pp_severity sev, const char *file, int line,
                    const char *message)
{
	int *quiet = ctx;
	if (sev == PP_WARNING && *quiet)
		return;
	const char *what = sev == PP_ERROR ? "error" : "warning";
	if (line > 0)
		fprintf(stderr, "%s:%d: %s: %s\n", file, line, what, message);
	else
		fprintf(stderr, "%s: %s: %s\n", file, what, message);
}

int cli_load(cli *c, pp_store **st, int quiet_warnings)
{
	pp_error err;
	int rc = pp_store_load(st, c->config, cli_print_diag, &quiet_warnings, &err);
	return rc == PP_OK ? EXIT_OK : EXIT_STORE;
}

int main(int argc, char **argv)
{
	cli c = {NULL, "phoneprov", NULL};
	static const struct option longopts[] = {{"version", no_argument, NULL, 'V'},
	                                         {NULL, 0, NULL, 0}};
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **);
	} cmds[] = {{"check", cmd_check},      {"render", cmd_render}, {"list", cmd_list},
	            {"exec", cmd_exec},        {"status", cmd_status}, {"enable", cmd_enable},
	            {"disable", cmd_disable},  {"notify", cmd_notify}, {"import", cmd_import},
	            {"firmware", cmd_firmware}};
	int opt, rc;

	/* Options before the command: -c FILE, -h, -V.  The command parses the rest. */
	while ((opt = cli_getopt(&c, argc, argv, "+V", longopts, &rc)) != CLI_END) {
		if (opt == CLI_EXIT)
			return rc;
		printf("phoneprov %s\n", PP_VERSION_STRING); /* -V, --version */
		return EXIT_OK;
	}
	if (optind >= argc) {
		cli_usage_error(&c, "no command given");
		return EXIT_USAGE;
	}
	int first = optind;
	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
		if (!strcmp(argv[first], cmds[k].name)) {
			c.cmd = cmds[k].name;
			optind = 0; /* getopt starts afresh on the command's arguments */
			return cmds[k].fn(&c, argc - first, argv + first);
		}
	cli_usage_error(&c, "unknown command '%s'", argv[first]);
	return EXIT_USAGE;
}
