#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

/*
 * Who besides root and named users may read the file: "everyone", "its
 * group", or NULL.  With a POSIX ACL the group bits of the mode are the ACL
 * mask, so the ACL itself is read (system.posix_acl_access: a 4-byte
 * header, then 8-byte entries of tag, perm, id): a named user entry, such
 * as dnsmasq's, is what we recommend and is not a leak.
 */
static const char *readable_by(const char *path, const struct stat *sb)
{
	unsigned char acl[1024];
	ssize_t n = getxattr(path, "system.posix_acl_access", acl, sizeof(acl));
	if (n < 4) {
		if (sb->st_mode & S_IROTH)
			return "everyone";
		return sb->st_mode & S_IRGRP ? "its group" : NULL;
	}
	const char *who = NULL;
	for (ssize_t i = 4; i + 8 <= n; i += 8) {
		unsigned tag = acl[i] | acl[i + 1] << 8, perm = acl[i + 2] | acl[i + 3] << 8;
		if (!(perm & 4))
			continue;
		if (tag == 0x20)
			return "everyone";
		if (tag == 0x04 || tag == 0x08)
			who = "a group";
	}
	return who;
}

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
		if (stat(f, &sb) != 0 || !(who = readable_by(f, &sb)))
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
	warn_readable(st);
	warn_dirs(st);
	size_t n = pp_store_phone_count(st);
	printf("%s: OK, %zu phone%s\n", pp_store_source(st, 0), n, n == 1 ? "" : "s");
	pp_store_free(st);
	return EXIT_OK;
}
