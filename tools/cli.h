/* SPDX-License-Identifier: MIT */
/* The phoneprov command: shared option state and one function per subcommand. */
#ifndef PP_CLI_H
#define PP_CLI_H

#include "phoneprov.h"

/* Exit codes, documented in --help and the README. */
enum {
	EXIT_OK = 0,
	EXIT_STORE = 1,       /* the store cannot be read or has errors */
	EXIT_USAGE = 2,       /* bad command line */
	EXIT_NOTFOUND = 3,    /* render: the store does not provide NAME */
	EXIT_DENIED = 4,      /* render: policy refuses NAME to that client */
	EXIT_NOT_ANSWERED = 5 /* notify: not every phone named answered 2xx */
};

typedef struct cli {
	const char *config; /* -c FILE, or NULL for PHONEPROV_CONFIG / the default */
	const char *prog;
	const char *cmd; /* the command being parsed, for messages; NULL before it */
} cli;

int cmd_check(cli *c, int argc, char **argv);
int cmd_render(cli *c, int argc, char **argv);
int cmd_list(cli *c, int argc, char **argv);
int cmd_exec(cli *c, int argc, char **argv);
int cmd_status(cli *c, int argc, char **argv);
int cmd_enable(cli *c, int argc, char **argv);
int cmd_disable(cli *c, int argc, char **argv);
int cmd_notify(cli *c, int argc, char **argv);
int cmd_import(cli *c, int argc, char **argv);
int cmd_firmware(cli *c, int argc, char **argv);

/* A pp_diag_fn: FILE:LINE: error|warning: ... on stderr; ctx an int *, 1 to drop warnings. */
void cli_print_diag(void *ctx, enum pp_severity sev, const char *file, int line,
                    const char *message);
/* Load the store, printing every problem as FILE:LINE: ... on stderr. */
int cli_load(cli *c, pp_store **st, int quiet_warnings);
/*
 * getopt_long for every command line, with the options all of them share
 * handled here: -c FILE, --config FILE, --config=FILE (the last one wins,
 * before the command or after it) and -h, --help.  argv[0] is the command
 * (or the program); shortopts and longopts are the command's own ("" and
 * NULL for none; shortopts starting with '+' stops at the first operand).
 * Returns the next option of the command's own (optarg set), CLI_END after
 * the last option (argv[optind] is the first operand), or CLI_EXIT when
 * the command is over: *rc is EXIT_OK after --help, EXIT_USAGE after a bad
 * option (said on stderr).  Set optind = 0 to parse another argv.
 */
struct option;
enum { CLI_END = -1, CLI_EXIT = -2 };
int cli_getopt(cli *c, int argc, char **argv, const char *shortopts, const struct option *longopts,
               int *rc);
/* A command with only the shared options: CLI_END to go on, else the exit code. */
int cli_no_operands(cli *c, int argc, char **argv);
void cli_usage_error(cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Why dir may not be a state_dir that enable dnsmasq opens to the dnsmasq
 * user (a symlink, not root's, writable by others, the TFTP root, or holding
 * files that are not phoneprov's), or NULL when it may (a missing folder
 * may: enable creates it).  buf holds the reason when one needs it.
 */
const char *cli_state_dir_problem(const char *dir, const char *tftp_root, char *buf, size_t len);
/* 1 when the store's TFTP root is not an existing folder. */
int cli_tftp_root_missing(const char *tftp_root);

#endif
