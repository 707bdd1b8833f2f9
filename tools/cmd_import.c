/* SPDX-License-Identifier: MIT */
/*
 * phoneprov import [-o FILE] [DIR]: a TFTP root's static files read into a
 * new store (import_scan.c finds and reads them), written 0600, and what
 * that store would then serve in their place (import_summary.c).
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defaults.h"
#include "import_scan.h"

/*
 * Write data to path, mode 0600 whatever was there: a new file beside it,
 * renamed over it, so a symlink planted at path is replaced, never followed,
 * and no reader sees half a store.
 */
static int write_private(const char *path, const char *store, const char *data, size_t len)
{
	struct stat sb, in_use;
	/* An import replacing the store the servers read would throw its phones away unseen. */
	if (lstat(path, &sb) == 0 && stat(store, &in_use) == 0 && sb.st_dev == in_use.st_dev &&
	    sb.st_ino == in_use.st_ino) {
		fprintf(stderr,
		        "phoneprov import: %s is the store in use; not written: write the import "
		        "to another file, check it, then move it in place\n",
		        path);
		return -1;
	}
	if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "phoneprov import: %s: %s; not written\n", path,
		        S_ISLNK(sb.st_mode)
		            ? "a symlink, not followed: remove it or choose another -o"
		            : "not a regular file");
		return -1;
	}
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s.XXXXXX", path);
	int fd = mkstemp(tmp); /* O_EXCL, 0600 */
	if (fd < 0) {
		fprintf(stderr, "phoneprov import: %s: %s\n", path, strerror(errno));
		free(tmp);
		return -1;
	}
	size_t off = 0;
	int ok = fchmod(fd, 0600) == 0;
	while (ok && off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += w > 0 ? (size_t)w : 0;
	}
	ok = ok && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		fprintf(stderr, "phoneprov import: %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ok ? 0 : -1;
}

/* b in a private file of its own (mkstemp: 0600), for pp_store_load; -1 said. */
static int temp_store(const pp_sbuf *b, char *path, size_t len)
{
	const char *tmpdir = getenv("TMPDIR");
	snprintf(path, len, "%s/phoneprov-import-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "phoneprov import: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int ok = write(fd, b->data, b->len) == (ssize_t)b->len;
	close(fd);
	if (!ok) {
		fprintf(stderr, "phoneprov import: %s: %s\n", path, strerror(errno));
		unlink(path);
	}
	return ok ? 0 : -1;
}

/* The store for the summary to load when it went to stdout: a private file, removed after. */
static int summary_of_stdout(const scan *sc, const pp_sbuf *b)
{
	char path[PATH_MAX];
	if (temp_store(b, path, sizeof(path)) < 0)
		return -1;
	int rc = imp_summary(sc, path, "STORE");
	unlink(path);
	return rc;
}

static int write_store(scan *sc, pp_sbuf *b)
{
	b->len = 0;
	return imp_store_write(b, sc->root, sc->has_def ? &sc->def : NULL, sc->phones, sc->nphones,
	                       &sc->sh);
}

/*
 * What the SEP<MAC>.cnf.xml files had that the store does not make the
 * same: found by loading the store made from their settings and rendering
 * each one (imp_sep_left), then passed through or said.  The first store is
 * made with stderr quiet: its warnings are the final store's, said once.
 */
static int sep_leftovers(scan *sc, pp_sbuf *b)
{
	size_t nsep = 0;
	for (size_t i = 0; i < sc->nphones; i++)
		nsep += sc->phones[i].kind == PP_KIND_SEP_MAC;
	if (!nsep && !sc->sh.xmldef.path)
		return write_store(sc, b);

	int saved = dup(2), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	fflush(stderr);
	if (saved >= 0 && null >= 0)
		dup2(null, 2);
	int rc = write_store(sc, b);
	fflush(stderr);
	if (saved >= 0)
		dup2(saved, 2);
	if (saved >= 0)
		close(saved);
	if (null >= 0)
		close(null);
	if (rc < 0)
		return -1;

	char path[PATH_MAX];
	pp_store *st;
	pp_error err;
	if (temp_store(b, path, sizeof(path)) < 0)
		return -1;
	rc = pp_store_load(&st, path, imp_quiet_diag, (void *)"the store made", &err);
	unlink(path);
	if (rc != PP_OK) {
		fprintf(stderr, "phoneprov import: the store made from the SEP files does not load "
		                "(a bug; please report it with the files above)\n");
		return -1;
	}
	int passthrough = imp_has_xml_passthrough();
	for (size_t i = 0; i < sc->nphones; i++) {
		imp_file *f = &sc->phones[i];
		if (f->kind != PP_KIND_SEP_MAC)
			continue;
		if (imp_sep_left(st, f) < 0) {
			pp_store_free(st);
			return -1;
		}
		imp_sep_settle_left(f, passthrough);
		imp_sep_unreach(f, sc->has_def ? &sc->def : NULL);
	}
	if (sc->sh.xmldef.path) {
		if (imp_sep_left(st, &sc->sh.xmldef) < 0) {
			pp_store_free(st);
			return -1;
		}
		imp_xmldefault_drop_said(&sc->sh);
		imp_sep_settle_left(&sc->sh.xmldef, -1); /* the passthrough is for SEP files only */
	}
	pp_store_free(st);
	return write_store(sc, b);
}

static const char *default_root(cli *c)
{
	static char root[PATH_MAX];
	const char *path = c->config ? c->config : pp_config_path();
	pp_store *st;

	if (access(path, F_OK) != 0 && errno == ENOENT) {
		fprintf(stderr,
		        "phoneprov import: no store at %s: importing %s, its default TFTP "
		        "root (give DIR for another)\n",
		        path, PP_TFTP_ROOT);
		return PP_TFTP_ROOT;
	}
	if (cli_load(c, &st, 1) != EXIT_OK) {
		fprintf(stderr,
		        "phoneprov import: %s has errors, so its tftp.root is not known: "
		        "fix them, or give DIR\n",
		        path);
		return NULL;
	}
	snprintf(root, sizeof(root), "%s", pp_store_tftp_root(st));
	pp_store_free(st);
	return root;
}

int cmd_import(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
	                                         {NULL, 0, NULL, 0}};
	const char *out = NULL, *dir;
	int opt, rc;

	while ((opt = cli_getopt(c, argc, argv, "o:", longopts, &rc)) != CLI_END) {
		if (opt == CLI_EXIT)
			return rc;
		out = optarg;
	}
	if (argc - optind > 1) {
		cli_usage_error(c, "import: one DIR only");
		return EXIT_USAGE;
	}
	dir = optind < argc ? argv[optind] : default_root(c);
	if (!dir)
		return EXIT_STORE;

	char root[PATH_MAX];
	scan sc = {.root = root, .dirfd = -1};
	if (!realpath(dir, root) ||
	    (sc.dirfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "phoneprov import: %s: %s\n", dir, strerror(errno));
		return EXIT_STORE;
	}
	rc = EXIT_STORE;
	int lost = 0;
	pp_sbuf b = {0};
	if (imp_scan_dir(&sc) < 0) {
		fprintf(stderr, "phoneprov import: %s: %s\n", root, strerror(errno));
		goto out;
	}
	int shared = sc.sh.os79xx.path || sc.sh.ringlist.path || sc.sh.ringxml.path ||
	             sc.sh.dialplan.path || sc.sh.syncinfo.path || sc.sh.xmldef.path;
	if (!sc.has_def && !sc.nphones && !shared) {
		fprintf(stderr,
		        "phoneprov import: nothing to import in %s: no file of ours that could "
		        "be read\n",
		        root);
		goto out;
	}
	if (shared && !sc.has_def) {
		/* the store serves shared files from defaults: one with only what they make */
		sc.def = (imp_file){.name = "SIPDefault.cnf", .kind = PP_KIND_SIP_DEFAULT};
		sc.def.path = imp_join(root, "SIPDefault.cnf");
		sc.has_def = 2;
		fprintf(stderr,
		        "phoneprov import: %s has no SIPDefault.cnf; the store's defaults hold "
		        "what the shared files say, so it serves one\n",
		        root);
	}
	if (sc.has_def && imp_shared_settle(&sc.sh, &sc.def) < 0) {
		fprintf(stderr, "phoneprov import: out of memory\n");
		goto out;
	}
	if (sep_leftovers(&sc, &b) < 0)
		goto out;
	if (out) {
		const char *store = c->config ? c->config : pp_config_path();
		if (write_private(out, store, b.data, b.len) < 0 ||
		    (lost = imp_summary(&sc, out, out)) < 0)
			goto out;
	} else {
		if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
			perror("phoneprov import: writing the store");
			goto out;
		}
		if ((lost = summary_of_stdout(&sc, &b)) < 0)
			goto out;
	}
	rc = sc.errors || lost ? EXIT_STORE : EXIT_OK;
out:
	pp_sbuf_release(&b);
	for (size_t i = 0; i < sc.nnames; i++)
		free(sc.names[i].name);
	free(sc.names);
	if (sc.has_def) {
		free((char *)sc.def.path);
		imp_file_free(&sc.def);
	}
	for (size_t i = 0; i < sc.nphones; i++) {
		free((char *)sc.phones[i].path);
		imp_file_free(&sc.phones[i]);
	}
	free(sc.phones);
	imp_shared_free(&sc.sh);
	close(sc.dirfd);
	return rc;
}
