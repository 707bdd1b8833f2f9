/* phoneprov: check, render and list a profile store; run a TFTP server with the shim. */
#include "cli.h"

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
    "  check                      validate the store; problems on stderr as FILE:LINE: ...\n"
    "  render [--client IP | --mac MAC] NAME\n"
    "                             print the bytes a TFTP client asking for NAME receives;\n"
    "                             without --client/--mac no client policy applies\n"
    "  list                       each phone: MAC, model, protocol, profile, label, files\n"
    "  exec -- COMMAND [ARG...]   run a TFTP server (in.tftpd, dnsmasq) with the shim\n"
    "  status [--json]            what each phone fetched (from the journal), phones\n"
    "                             never seen, MACs not in the store, unknown clients and\n"
    "                             what they were refused, servers with the shim\n"
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
    "\n"
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
    "                             instead of / (an image being built)\n"    "  --rate N                   (notify) phones started a second, default 10\n"
    "  --timeout S                (notify) give up on a phone after S seconds instead of\n"
    "                             RFC 3261's 32\n"
    "\n"
    "exit status:\n"
    "  0  success\n"
    "  1  the store cannot be read or has errors\n"
    "     (enable, disable: or a file could not be changed, or was left alone;\n"
    "     status: or a journal could not be read)\n"
    "  2  bad command line\n"
    "  3  render: the store does not provide NAME (a server serves it from disk)\n"
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

int cli_config_opt(cli *c, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (strncmp(a, "--config=", 9) == 0) {
		c->config = a + 9;
		return 1;
	}
	if (strcmp(a, "-c") != 0 && strcmp(a, "--config") != 0)
		return 0;
	if (*i + 1 >= argc || !argv[*i + 1][0]) {
		cli_usage_error(c, "%s needs a FILE", a);
		return -1;
	}
	c->config = argv[++*i];
	return 1;
}

static void print_diag(void *ctx, enum pp_severity sev, const char *file, int line,
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
	int rc = pp_store_load(st, c->config, print_diag, &quiet_warnings, &err);
	return rc == PP_OK ? EXIT_OK : EXIT_STORE;
}

int main(int argc, char **argv)
{
	cli c = {NULL, "phoneprov"};
	int i = 1;

	for (; i < argc; i++) {
		int r = cli_config_opt(&c, argc, argv, &i);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf(help, c.prog);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			printf("phoneprov %s\n", PP_VERSION_STRING);
			return EXIT_OK;
		}
		break;
	}
	if (i >= argc) {
		cli_usage_error(&c, "no command given");
		return EXIT_USAGE;
	}
	/* "phoneprov check --help" too; for exec, only before the server's own arguments. */
	for (int k = i + 1; k < argc && strcmp(argv[k], "--") != 0; k++)
		if (!strcmp(argv[k], "-h") || !strcmp(argv[k], "--help")) {
			printf(help, c.prog);
			return EXIT_OK;
		}
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **);
	} cmds[] = {{"check", cmd_check},    {"render", cmd_render}, {"list", cmd_list},
	            {"exec", cmd_exec},      {"status", cmd_status}, {"enable", cmd_enable},
	            {"disable", cmd_disable}, {"notify", cmd_notify}};
	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
		if (!strcmp(argv[i], cmds[k].name))
			return cmds[k].fn(&c, argc - i, argv + i);
	cli_usage_error(&c, "unknown command '%s'", argv[i]);
	return EXIT_USAGE;
}
