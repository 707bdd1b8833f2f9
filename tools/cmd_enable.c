/* SPDX-License-Identifier: MIT */
/*
 * phoneprov enable|disable tftpd-hpa|dnsmasq: preload the shim into a
 * server's service in one step, or stop doing so.
 *
 * With systemd (/run/systemd/system exists) enable writes a drop-in,
 * /etc/systemd/system/SERVICE.service.d/phoneprov.conf, that sets
 * LD_PRELOAD and PHONEPROV_CONFIG; without it, it appends a marked block
 * that exports both to /etc/default/SERVICE, which the init script sources.
 * For dnsmasq it also writes /etc/dnsmasq.d/phoneprov.conf (its TFTP
 * server, option 150 for Cisco phones, the hook), creates the TFTP root
 * that names (dnsmasq does not start without it), gives dnsmasq's user (and
 * no one else) read access to the store with a POSIX ACL entry, and write
 * access to the journal's folder, which must be phoneprov's own.  disable
 * undoes all of it, for both kinds of init.  Neither ever restarts a
 * server: both print what they changed and the command that applies it.
 *
 * Both remove exactly what enable added.  A drop-in, snippet or block that
 * is not byte for byte what enable writes (for some shim, store, hook and
 * TFTP root) was edited, or is not ours: enable refuses to replace it and
 * changes nothing; disable leaves it, says so and exits 1.  ACL entries
 * change no one else's effective rights: enable refuses where the mask
 * would have to widen for another entry, and disable narrows the mask only
 * to what the remaining entries hold.
 *
 * The files written are byte for byte those in packaging/systemd/,
 * packaging/default/ and contrib/dnsmasq.d/ (with the paths of this install).
 *
 * Here: the command line, the store and the folders it names, and the
 * order of the steps.  The files are enable_files.c's business, the ACL
 * entries enable_access.c's.
 */
#include "enable.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "journal.h"

#ifndef PP_PRELOAD_PATH
#define PP_PRELOAD_PATH "/usr/local/lib/phoneprov/libphoneprov-preload.so"
#endif

static const server servers[] = {
    {"tftpd-hpa",
     "# Written by `phoneprov enable tftpd-hpa`; `phoneprov disable tftpd-hpa`\n"
     "# removes it.  Preloads the phoneprov shim into in.tftpd, which then serves\n"
     "# the files the store provides.  The init script's shell and\n"
     "# start-stop-daemon carry the variable too; the shim stays inert in them.\n",
     NULL},
    {"dnsmasq",
     "# Written by `phoneprov enable dnsmasq`; `phoneprov disable dnsmasq`\n"
     "# removes it.  Preloads the phoneprov shim into dnsmasq, whose TFTP server\n"
     "# then serves the files the store provides.  The init script's shell\n"
     "# carries the variable too; the shim stays inert in it.\n",
     "dnsmasq"},
};

int enable_fail(const opts *o, const char *what, const char *path)
{
	fprintf(stderr, "%s: %s: %s %s: %s%s\n", o->c->prog, o->enable ? "enable" : "disable", what,
	        path, strerror(errno),
	        errno == EACCES || errno == EPERM ? " (run it as root)" : "");
	return -1;
}

int enable_leave(opts *o, const char *path, const char *why, const char *what_to_do)
{
	if (o->enable) {
		fprintf(stderr, "%s: enable: %s: %s; %s; nothing changed\n", o->c->prog, path, why,
		        what_to_do);
		return -1;
	}
	fprintf(stderr, "%s: disable: left %s alone: %s; %s\n", o->c->prog, path, why, what_to_do);
	printf("  left %s alone (see above)\n", path);
	o->left = 1;
	return 0;
}

/* ---- the store ------------------------------------------------------------ */

static int plain_path(const char *p)
{
	return p[0] == '/' && strpbrk(p, " \t\n\r\"'\\$`%;&|<>(){}*?[]#~=") == NULL;
}

static int store_info_load(opts *o, store_info *si)
{
	const char *want = o->c->config ? o->c->config : pp_config_path();
	si->sources = NULL;
	si->nsources = 0;
	if (!realpath(want, si->path)) {
		if (o->enable) {
			fprintf(stderr, "%s: enable: the store %s: %s\n", o->c->prog, want,
			        strerror(errno));
			return -1;
		}
		snprintf(si->path, sizeof(si->path), "%s", want);
	}
	pp_store *st = NULL;
	if (o->enable) {
		cli sub = *o->c;
		sub.config = si->path;
		if (cli_load(&sub, &st, 1) != EXIT_OK) {
			fprintf(stderr,
			        "%s: enable: fix the store first (phoneprov check -c %s); nothing "
			        "changed\n",
			        o->c->prog, si->path);
			return -1;
		}
	} else {
		pp_error err;
		if (pp_store_load(&st, si->path, NULL, NULL, &err) != PP_OK)
			st = NULL;
	}
	size_t n = st ? pp_store_source_count(st) : 1;
	si->sources = calloc(n, sizeof(*si->sources));
	if (!si->sources) {
		pp_store_free(st);
		errno = ENOMEM;
		return -1;
	}
	if (st) {
		for (size_t i = 0; i < n; i++)
			if (!realpath(pp_store_source(st, i), si->sources[si->nsources]))
				continue;
			else
				si->nsources++;
		snprintf(si->state_dir, sizeof(si->state_dir), "%s", pp_store_state_dir(st));
		snprintf(si->tftp_root, sizeof(si->tftp_root), "%s", pp_store_tftp_root(st));
		pp_store_free(st);
	} else {
		snprintf(si->sources[si->nsources++], PATH_MAX, "%s", si->path);
		pp_state_dir_of(si->path, si->state_dir, sizeof(si->state_dir));
		snprintf(si->tftp_root, sizeof(si->tftp_root), "/srv/tftp");
	}
	return 0;
}

/* ---- folders: the journal's, the TFTP root ----------------------------------- */

static int do_dirs(opts *o, const store_info *si)
{
	if (!o->enable)
		return 0;
	char buf[512];
	const char *why;
	if (o->srv->owner &&
	    (why = cli_state_dir_problem(si->state_dir, si->tftp_root, buf, sizeof(buf))) != NULL) {
		fprintf(stderr,
		        "%s: enable: state_dir %s: %s.  enable dnsmasq lets the dnsmasq user write "
		        "in it, so it must be a folder of phoneprov's own (owned by root, holding "
		        "only phoneprov's journals): set state_dir to one; nothing changed\n",
		        o->c->prog, si->state_dir, why);
		return -1;
	}
	if (!o->apply)
		return 0;
	if (!file_is_dir(si->state_dir)) {
		if (file_make_dirs(si->state_dir) != 0)
			return enable_fail(o, "cannot create", si->state_dir);
		printf("  created %s (the journal)\n", si->state_dir);
		o->changed = 1;
	}
	if (!cli_tftp_root_missing(si->tftp_root))
		return 0;
	if (!o->srv->owner) {
		printf("  note: the store's TFTP root %s does not exist; tftpd-hpa serves from its "
		       "TFTP_DIRECTORY\n",
		       si->tftp_root);
		return 0;
	}
	if (file_make_dirs(si->tftp_root) != 0)
		return enable_fail(o, "cannot create", si->tftp_root);
	printf("  created %s (the TFTP root: dnsmasq does not start without it)\n", si->tftp_root);
	o->changed = 1;
	return 0;
}

/* ---- the command ---------------------------------------------------------- */

static int usage(opts *o, const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof(msg), fmt, arg);
	cli_usage_error(o->c, "%s: %s", o->enable ? "enable" : "disable", msg);
	return EXIT_USAGE;
}

/* Every step, in order; with o->apply 0 each only checks that it may go ahead. */
static int steps(opts *o, const store_info *si, int systemd)
{
	int rc = 0;
	if (o->enable) {
		rc |= systemd ? enable_systemd(o, si) : enable_sysv(o, si);
		if (rc == 0 && o->srv->owner)
			rc |= enable_snippet(o, si);
		if (rc == 0)
			rc |= do_dirs(o, si);
		if (rc == 0)
			rc |= enable_access(o, si);
	} else {
		/* Both kinds, whichever enable wrote. */
		rc |= enable_systemd(o, si);
		rc |= enable_sysv(o, si);
		if (o->srv->owner)
			rc |= enable_snippet(o, si);
		rc |= enable_access(o, si);
	}
	return rc;
}

/* The options and the server: CLI_END to go on, else the exit code (--help, a bad one). */
static int parse(opts *o, int argc, char **argv)
{
	enum { OPT_ROOT = 256, OPT_INIT, OPT_SHIM, OPT_USER };
	static const struct option longopts[] = {{"root", required_argument, NULL, OPT_ROOT},
	                                         {"init", required_argument, NULL, OPT_INIT},
	                                         {"shim", required_argument, NULL, OPT_SHIM},
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         {NULL, 0, NULL, 0}};
	int opt, rc;
	while ((opt = cli_getopt(o->c, argc, argv, "", longopts, &rc)) != CLI_END) {
		if (opt == CLI_EXIT)
			return rc;
		if (!*optarg) {
			char name[16];
			snprintf(name, sizeof(name), "--%s", longopts[opt - OPT_ROOT].name);
			return usage(o, "%s needs a value", name);
		}
		if (opt == OPT_ROOT)
			o->root = strcmp(optarg, "/") == 0 ? "" : optarg;
		else if (opt == OPT_INIT && strcmp(optarg, "systemd") == 0)
			o->init = INIT_SYSTEMD;
		else if (opt == OPT_INIT && strcmp(optarg, "sysv") == 0)
			o->init = INIT_SYSV;
		else if (opt == OPT_INIT)
			return usage(o, "--init is systemd or sysv, not '%s'", optarg);
		else if (opt == OPT_SHIM)
			o->shim = optarg;
		else
			o->user = optarg;
	}
	for (int i = optind; i < argc; i++) {
		if (o->srv)
			return usage(o, "one server at a time ('%s' is one too many)", argv[i]);
		for (size_t k = 0; k < sizeof(servers) / sizeof(servers[0]); k++)
			if (strcmp(argv[i], servers[k].name) == 0)
				o->srv = &servers[k];
		if (!o->srv)
			return usage(o, "unknown server '%s' (tftpd-hpa or dnsmasq)", argv[i]);
	}
	return CLI_END;
}

static int run(cli *c, int argc, char **argv, int enable)
{
	opts o = {c, enable, NULL, "", INIT_AUTO, PP_PRELOAD_PATH, "dnsmasq", "", 0, 0, 0, 0, 0};
	int rc = parse(&o, argc, argv);
	if (rc != CLI_END)
		return rc;
	if (!o.srv)
		return usage(&o, "which server? tftpd-hpa or dnsmasq%s", "");
	if (o.enable && !plain_path(o.shim))
		return usage(&o, "--shim needs an absolute path without spaces or quotes, not '%s'",
		             o.shim);
	if (o.enable && access(o.shim, R_OK) != 0) {
		fprintf(stderr, "%s: enable: the shim %s: %s (pass --shim PATH)\n", c->prog, o.shim,
		        strerror(errno));
		return EXIT_STORE;
	}
	/* The hook lives beside the shim: PKGLIBDIR when installed, build/ in a tree. */
	char shim_dir[PATH_MAX];
	snprintf(shim_dir, sizeof(shim_dir), "%s", o.shim);
	snprintf(o.hook, sizeof(o.hook), "%s/phoneprov-dhcp-script", dirname(shim_dir));
	if (o.enable && o.srv->owner && access(o.hook, X_OK) != 0) {
		fprintf(stderr,
		        "%s: enable: the hook %s: %s (it is looked for beside the shim; pass "
		        "--shim PATH)\n",
		        c->prog, o.hook, strerror(errno));
		return EXIT_STORE;
	}

	store_info si;
	if (store_info_load(&o, &si) != 0)
		return EXIT_STORE;
	if (o.enable && !plain_path(si.path)) {
		fprintf(stderr, "%s: enable: the store's path %s has spaces or quotes: move it\n",
		        c->prog, si.path);
		free(si.sources);
		return EXIT_STORE;
	}
	if (o.enable && o.srv->owner && !plain_path(si.tftp_root)) {
		fprintf(stderr, "%s: enable: tftp.root %s has spaces or quotes: move it\n", c->prog,
		        si.tftp_root);
		free(si.sources);
		return EXIT_STORE;
	}
	int systemd =
	    o.init == INIT_SYSTEMD || (o.init == INIT_AUTO && file_is_dir("/run/systemd/system"));
	/* enable: every step may go ahead, or nothing changes. */
	if (o.enable && steps(&o, &si, systemd) != 0) {
		free(si.sources);
		return EXIT_STORE;
	}
	o.apply = 1;
	printf("phoneprov: %s %s:\n", enable ? "enable" : "disable", o.srv->name);
	rc = steps(&o, &si, systemd);
	free(si.sources);
	if (o.left)
		rc = -1;
	if (rc != 0 && !o.changed)
		return EXIT_STORE;
	if (!o.changed) {
		printf("  nothing changed: %s was %s\n", o.srv->name,
		       enable ? "already enabled" : "not enabled");
		return rc ? EXIT_STORE : EXIT_OK;
	}
	const char *verb = enable ? "load" : "unload";
	if (o.systemd_changed || (systemd && !o.sysv_changed))
		printf("Restart %s to %s the shim:\n  systemctl daemon-reload && systemctl restart "
		       "%s\n",
		       o.srv->name, verb, o.srv->name);
	else
		printf("Restart %s to %s the shim:\n  service %s restart\n", o.srv->name, verb,
		       o.srv->name);
	return rc ? EXIT_STORE : EXIT_OK;
}

int cmd_enable(cli *c, int argc, char **argv)
{
	return run(c, argc, argv, 1);
}

int cmd_disable(cli *c, int argc, char **argv)
{
	return run(c, argc, argv, 0);
}
