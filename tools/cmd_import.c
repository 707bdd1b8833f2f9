/* SPDX-License-Identifier: MIT */
/*
 * phoneprov import [-o FILE] [DIR]: a TFTP root's static SIPDefault.cnf and
 * SIP<MAC>.cnf files read into a new store, and what that store would then
 * serve in their place.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defaults.h"
#include "import.h"
#include "schema.h"

typedef struct seen {
	char *name;
	enum pp_kind kind;
	int imported;
} seen;

typedef struct scan {
	const char *root;
	int dirfd;
	seen *names; /* every name of ours in DIR that is a regular file, sorted */
	size_t nnames;
	imp_file def;
	int has_def;
	imp_file *phones;
	size_t nphones;
	imp_shared sh;
	int errors;
} scan;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const seen *)a)->name, ((const seen *)b)->name);
}

/* The whole of a regular file in DIR, never through a symlink and never a FIFO that blocks. */
static char *read_at(const scan *sc, const char *name, size_t *len)
{
	int fd = openat(sc->dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat sb;
	char *buf = NULL;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		errno = EINVAL;
		goto out;
	}
	if (sb.st_size > IMP_MAX_FILE) {
		errno = EFBIG;
		goto out;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf)
		goto out;
	*len = 0;
	for (;;) {
		ssize_t n = read(fd, buf + *len, (size_t)sb.st_size + 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (size_t)n + *len > (size_t)sb.st_size) {
			/* an error, or it grew while read: not a file to trust */
			if (n >= 0)
				errno = EFBIG;
			free(buf);
			buf = NULL;
			break;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
out:
	close(fd);
	return buf;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", name);
	return p;
}

/* One .cnf of ours into sc: SIPDefault.cnf, or a phone's (the first of a MAC's names). */
static void import_one(scan *sc, seen *s, const pp_name *pn)
{
	imp_file f = {.name = s->name, .kind = pn->kind};
	size_t len = 0;
	char *data;

	f.path = join(sc->root, s->name);
	if (!f.path)
		return;
	memcpy(f.mac, pn->mac, sizeof(f.mac));
	for (size_t i = 0; i < sc->nphones; i++)
		if (strcmp(sc->phones[i].mac, f.mac) == 0) {
			fprintf(stderr,
			        "%s: warning: the same phone as %s (%s); not imported\n", f.path,
			        sc->phones[i].name,
			        sc->phones[i].kind == pn->kind
			            ? "names differ only in case"
			            : "a MAC is one phone, of one family: it reads a .cnf or a SEP file");
			free((char *)f.path);
			return;
		}
	if (pn->kind == PP_KIND_SIP_DEFAULT && sc->has_def) {
		fprintf(stderr,
		        "%s: warning: a second SIPDefault.cnf (%s is imported); not imported\n",
		        f.path, sc->def.name);
		free((char *)f.path);
		return;
	}
	if (!(data = read_at(sc, s->name, &len))) {
		fprintf(stderr, "%s: error: %s; not imported\n", f.path,
		        errno == EFBIG ? "over 1 MiB: not a .cnf file" : strerror(errno));
		sc->errors++;
		free((char *)f.path);
		return;
	}
	int rc = pn->kind == PP_KIND_SEP_MAC ? imp_sep_parse(&f, data, len)
	                                     : imp_cnf_parse(&f, data, len);
	free(data);
	if (rc < 0) {
		sc->errors++;
		imp_file_free(&f);
		free((char *)f.path);
		return;
	}
	if (pn->kind == PP_KIND_SIP_DEFAULT) {
		sc->def = f;
		sc->has_def = 1;
	} else {
		imp_file *p = realloc(sc->phones, (sc->nphones + 1) * sizeof(*p));
		if (!p) {
			imp_file_free(&f);
			free((char *)f.path);
			return;
		}
		sc->phones = p;
		sc->phones[sc->nphones++] = f;
	}
	s->imported = 1;
}

/* The imp_file of sh that kind is read into, and its reader. */
static imp_file *shared_slot(scan *sc, enum pp_kind kind,
                             int (**parse)(imp_shared *, char *, size_t))
{
	switch (kind) {
	case PP_KIND_OS79XX:
		*parse = imp_os79xx_parse;
		return &sc->sh.os79xx;
	case PP_KIND_RINGLIST:
		*parse = imp_ringlist_parse;
		return &sc->sh.ringlist;
	case PP_KIND_DIALPLAN:
		*parse = imp_dialplan_parse;
		return &sc->sh.dialplan;
	case PP_KIND_SYNCINFO:
		*parse = imp_syncinfo_parse;
		return &sc->sh.syncinfo;
	case PP_KIND_XML_DEFAULT:
		*parse = imp_xmldefault_parse;
		return &sc->sh.xmldef;
	default:
		return NULL;
	}
}

/* One shared file of ours into sc->sh: OS79XX.TXT, RINGLIST.DAT, the dial plan, syncinfo.xml. */
static void import_shared(scan *sc, seen *s)
{
	int (*parse)(imp_shared *, char *, size_t);
	imp_file *f = shared_slot(sc, s->kind, &parse);
	size_t len = 0;
	char *data, *path = join(sc->root, s->name), *name = strdup(s->name);

	if (!f || !path || !name) {
		free(path);
		free(name);
		return;
	}
	if (f->path) {
		fprintf(stderr, "%s: warning: a second %s (%s is imported); not imported\n", path,
		        pp_kind_name(s->kind), f->name);
		free(path);
		free(name);
		return;
	}
	f->path = path;
	f->name = name;
	if (!(data = read_at(sc, s->name, &len))) {
		fprintf(stderr, "%s: error: %s; not imported\n", path,
		        errno == EFBIG ? "over 1 MiB: not a file a phone reads" : strerror(errno));
	} else if (parse(&sc->sh, data, len) == 0) {
		free(data);
		s->imported = 1;
		return;
	}
	free(data);
	sc->errors++;
	imp_file_free(f);
	f->path = NULL;
	f->name = NULL;
	free(path);
	free(name);
}

/* The value SIPDefault.cnf gives key, or NULL. */
static const char *def_value(const scan *sc, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; sc->has_def && i < sc->def.n; i++)
		if (strcmp(sc->def.e[i].key, key) == 0)
			v = sc->def.e[i].value;
	return v;
}

static int add_seen(scan *sc, size_t *cap, const char *name, enum pp_kind kind)
{
	if (sc->nnames == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		seen *n = realloc(sc->names, *cap * sizeof(*n));
		if (!n)
			return -1;
		sc->names = n;
	}
	sc->names[sc->nnames] = (seen){strdup(name), kind, 0};
	if (!sc->names[sc->nnames].name)
		return -1;
	sc->nnames++;
	return 0;
}

/*
 * The dial plan SIPDefault.cnf names (dial_template, "dialplan" without
 * one), found in DIR whatever its case, as a TFTP server lowering names
 * would; dialplan.xml is already among sc->names.
 */
static void find_dialplan(scan *sc, size_t *cap)
{
	const char *t = def_value(sc, "dial_template");
	char want[80];

	if (!t || !*t || strcasecmp(t, "dialplan") == 0 || pp_not_base_name(t) || strlen(t) > 64)
		return;
	snprintf(want, sizeof(want), "%s.xml", t);
	DIR *d = fdopendir(dup(sc->dirfd));
	struct dirent *de;
	if (!d)
		return;
	rewinddir(d); /* the dup shares scan_dir's offset, at the end */
	while ((de = readdir(d))) {
		struct stat sb;
		if (strcasecmp(de->d_name, want) != 0 ||
		    fstatat(sc->dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (!S_ISREG(sb.st_mode)) {
			fprintf(stderr, "%s/%s: warning: %s; not imported\n", sc->root, de->d_name,
			        S_ISLNK(sb.st_mode) ? "a symlink, not followed"
			                            : "not a regular file");
			continue;
		}
		if (add_seen(sc, cap, de->d_name, PP_KIND_DIALPLAN) == 0)
			break;
	}
	closedir(d);
	/* dialplan.xml is not the plan this root's phones ask for */
	for (size_t i = 0; i < sc->nnames; i++)
		if (sc->names[i].kind == PP_KIND_DIALPLAN && strcasecmp(sc->names[i].name, want))
			sc->names[i].kind = PP_KIND_NONE;
}

/* SIP*.cnf or SEP*.cnf.xml that pp_classify did not take: a MAC mistyped. */
static int bad_mac_name(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && (strncasecmp(name, "SIP", 3) == 0 || strncasecmp(name, "SEP", 3) == 0) &&
	       ((strncasecmp(name, "SIP", 3) == 0 && n > 7 &&
	         strcasecmp(name + n - 4, ".cnf") == 0) ||
	        (strncasecmp(name, "SEP", 3) == 0 && n > 11 &&
	         strcasecmp(name + n - 8, ".cnf.xml") == 0));
}

static int scan_dir(scan *sc)
{
	DIR *d = fdopendir(dup(sc->dirfd));
	struct dirent *de;
	size_t cap = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		pp_name pn;
		struct stat sb;
		if (pp_classify(NULL, de->d_name, &pn) == PP_KIND_NONE) {
			/* not a name of ours (firmware, ring tones), unless it was meant to be */
			if (bad_mac_name(de->d_name))
				fprintf(
				    stderr,
				    "%s/%s: warning: named like a phone's file, but without a MAC "
				    "of 12 hex digits, so no phone asks for it; not imported\n",
				    sc->root, de->d_name);
			continue;
		}
		if (fstatat(sc->dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (!S_ISREG(sb.st_mode)) {
			fprintf(
			    stderr, "%s/%s: warning: %s; not imported\n", sc->root, de->d_name,
			    S_ISLNK(sb.st_mode)
			        ? "a symlink, not followed (import reads only files in DIR itself)"
			        : "not a regular file");
			continue;
		}
		if (add_seen(sc, &cap, de->d_name, pn.kind) < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	if (sc->nnames)
		qsort(sc->names, sc->nnames, sizeof(*sc->names), by_name);
	for (size_t i = 0; i < sc->nnames; i++) {
		pp_name pn;
		pp_classify(NULL, sc->names[i].name, &pn);
		if (pn.kind == PP_KIND_SIP_DEFAULT || pn.kind == PP_KIND_SIP_MAC ||
		    pn.kind == PP_KIND_SEP_MAC)
			import_one(sc, &sc->names[i], &pn);
	}
	find_dialplan(sc, &cap);
	if (sc->nnames)
		qsort(sc->names, sc->nnames, sizeof(*sc->names), by_name);
	for (size_t i = 0; i < sc->nnames; i++)
		import_shared(sc, &sc->names[i]);
	return 0;
}

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

static void quiet_diag(void *ctx, enum pp_severity sev, const char *file, int line,
                       const char *message)
{
	(void)file;
	if (sev == PP_ERROR)
		fprintf(stderr, "phoneprov import: %s:%d: error: %s\n", (const char *)ctx, line,
		        message);
}

/* 1 when the file name in DIR holds exactly data[0..len). */
static int same_as_disk(const scan *sc, const char *name, const char *data, size_t len)
{
	size_t dlen = 0;
	char *disk = read_at(sc, name, &dlen);
	int same = disk && dlen == len && memcmp(disk, data, len) == 0;
	free(disk);
	return same;
}

static int any_dropped(const scan *sc)
{
	for (size_t i = 0; sc->has_def && i < sc->def.n; i++)
		if (sc->def.e[i].dropped)
			return 1;
	for (size_t p = 0; p < sc->nphones; p++)
		for (size_t i = 0; i < sc->phones[p].n; i++)
			if (sc->phones[p].e[i].dropped)
				return 1;
	return 0;
}

/*
 * Shared files the store makes from defaults that DIR does not have: a
 * phone that got "file not found" for them gets them once the store serves.
 */
static void serves_new(const scan *sc, const pp_store *st)
{
	static const enum pp_kind kinds[] = {PP_KIND_OS79XX, PP_KIND_XML_DEFAULT, PP_KIND_SYNCINFO,
	                                     PP_KIND_RINGLIST};
	int any = 0;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		int in_dir = 0;
		for (size_t i = 0; i < sc->nnames; i++)
			in_dir |= sc->names[i].kind == kinds[k];
		char *data = NULL;
		size_t len;
		pp_error err;
		if (!in_dir &&
		    pp_render(st, pp_kind_name(kinds[k]), NULL, &data, &len, &err) == PP_OK) {
			fprintf(stderr, "%s %s",
			        any ? ""
			            : "phoneprov import: the new store also serves, where the "
			              "root has none:",
			        pp_kind_name(kinds[k]));
			any = 1;
		}
		pp_free(data);
	}
	if (any)
		fprintf(stderr, "\n");
}

/*
 * What the new store would serve in place of the files in DIR: those to
 * remove once it serves, those it replaces without having imported them,
 * and those still served from disk.  -1 when the store does not load; 1
 * when it loses a key the phone read (a bug, but a script must not go on
 * to serve it).
 */
static int summary(const scan *sc, const char *store, const char *shown)
{
	pp_store *st;
	pp_error err;

	if (pp_store_load(&st, store, quiet_diag, (void *)shown, &err) != PP_OK) {
		fprintf(stderr,
		        "phoneprov import: the store made is not one phoneprov accepts (a bug; "
		        "please report it with the files above)\n");
		return -1;
	}
	int same = imp_verify(st, sc->has_def ? &sc->def : NULL, sc->phones, sc->nphones);
	same &= imp_verify_shared(st, &sc->sh);
	size_t nsep = 0;
	for (size_t i = 0; i < sc->nphones; i++)
		nsep += sc->phones[i].kind == PP_KIND_SEP_MAC;
	/* "SIPDefault.cnf, 2 SIP<MAC>.cnf, 1 SEP<MAC>.cnf.xml, RINGLIST.DAT imported" */
	fprintf(stderr, "phoneprov import: %s", sc->has_def == 1 ? "SIPDefault.cnf" : "");
	const char *sep = sc->has_def == 1 ? ", " : "";
	if (sc->nphones - nsep || !nsep) {
		fprintf(stderr, "%s%zu SIP<MAC>.cnf", sep, sc->nphones - nsep);
		sep = ", ";
	}
	if (nsep) {
		fprintf(stderr, "%s%zu SEP<MAC>.cnf.xml", sep, nsep);
		sep = ", ";
	}
	for (size_t i = 0; i < sc->nnames; i++)
		if (sc->names[i].imported && sc->names[i].kind != PP_KIND_SIP_DEFAULT &&
		    sc->names[i].kind != PP_KIND_SIP_MAC && sc->names[i].kind != PP_KIND_SEP_MAC) {
			fprintf(stderr, "%s%s", sep, sc->names[i].name);
			sep = ", ";
		}
	fprintf(stderr, " imported from %s", sc->root);
	fprintf(stderr, sc->errors ? ", %d file%s not (said above)\n" : "\n", sc->errors,
	        sc->errors == 1 ? "" : "s");
	if (same)
		fprintf(stderr,
		        "phoneprov import: checked: the new store gives each file imported the "
		        "same keys and values%s\n",
		        any_dropped(sc) ? ", but for the keys said above" : "");
	fprintf(stderr,
	        "phoneprov import: once the new store serves, these files in %s are "
	        "shadowed; remove them:\n",
	        sc->root);
	int left = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < sc->nnames; i++) {
			const seen *s = &sc->names[i];
			char *data = NULL;
			size_t len = 0;
			int rc = pp_render(st, s->name, NULL, &data, &len, &err);
			if (pass == 0 && rc == PP_OK && s->imported)
				fprintf(stderr, "  %s\n", s->name);
			else if (pass == 0 && rc == PP_OK && same_as_disk(sc, s->name, data, len))
				fprintf(stderr, "  %s (not imported; the store makes the same)\n",
				        s->name);
			else if (pass == 1 && rc == PP_OK && !s->imported &&
			         !same_as_disk(sc, s->name, data, len))
				fprintf(stderr,
				        "phoneprov import: warning: %s is not imported yet, but "
				        "the new "
				        "store serves its own, which differs: compare it with "
				        "`phoneprov render -c %s %s` before the store serves\n",
				        s->name, shown, s->name);
			else if (pass == 1 && rc != PP_OK && !s->imported)
				left++;
			pp_free(data);
		}
	if (left) {
		fprintf(stderr,
		        "phoneprov import: not imported yet, still served from %s:", sc->root);
		for (size_t i = 0; i < sc->nnames; i++) {
			char *data = NULL;
			size_t len;
			if (!sc->names[i].imported &&
			    pp_render(st, sc->names[i].name, NULL, &data, &len, &err) != PP_OK)
				fprintf(stderr, " %s", sc->names[i].name);
			pp_free(data);
		}
		fprintf(stderr, "\n");
	}
	serves_new(sc, st);
	fprintf(stderr, "phoneprov import: check it: phoneprov check -c %s\n", shown);
	for (size_t i = 0; i < sc->nphones; i++)
		fprintf(stderr, "phoneprov import: see a phone's file: phoneprov render -c %s %s\n",
		        shown, sc->phones[i].name);
	if (!sc->nphones && sc->has_def)
		fprintf(stderr, "phoneprov import: see its file: phoneprov render -c %s %s\n",
		        shown, sc->def.name);
	pp_store_free(st);
	return same ? 0 : 1;
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
	int rc = summary(sc, path, "STORE");
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
	rc = pp_store_load(&st, path, quiet_diag, (void *)"the store made", &err);
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
	if (scan_dir(&sc) < 0) {
		fprintf(stderr, "phoneprov import: %s: %s\n", root, strerror(errno));
		goto out;
	}
	int shared = sc.sh.os79xx.path || sc.sh.ringlist.path || sc.sh.dialplan.path ||
	             sc.sh.syncinfo.path || sc.sh.xmldef.path;
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
		sc.def.path = join(root, "SIPDefault.cnf");
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
		    (lost = summary(&sc, out, out)) < 0)
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
