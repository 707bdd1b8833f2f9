/* SPDX-License-Identifier: MIT */
/*
 * The files of DIR that import reads: found (every name of ours that is a
 * regular file, never through a symlink), read whole and bounded, and each
 * handed to its reader.
 */
#include "import_scan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(((const seen *)a)->name, ((const seen *)b)->name);
}

/* The whole of a regular file in DIR, never through a symlink and never a FIFO that blocks. */
char *imp_read_at(const scan *sc, const char *name, size_t *len)
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

char *imp_join(const char *dir, const char *name)
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

	f.path = imp_join(sc->root, s->name);
	if (!f.path)
		return;
	memcpy(f.mac, pn->mac, sizeof(f.mac));
	for (size_t i = 0; i < sc->nphones; i++)
		if (strcmp(sc->phones[i].mac, f.mac) == 0) {
			fprintf(stderr, "%s: warning: the same phone as %s (%s); not imported\n",
			        f.path, sc->phones[i].name,
			        sc->phones[i].kind == pn->kind
			            ? "names differ only in case"
			            : "a MAC is one phone, of one family: it reads a .cnf or a SEP "
			              "file");
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
	if (!(data = imp_read_at(sc, s->name, &len))) {
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
	case PP_KIND_RINGLIST_XML:
		*parse = imp_ringxml_parse;
		return &sc->sh.ringxml;
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

/*
 * One shared file of ours into sc->sh: OS79XX.TXT, RINGLIST.DAT, Ringlist.xml, the dial plan,
 * syncinfo.xml, XMLDefault.cnf.xml.
 */
static void import_shared(scan *sc, seen *s)
{
	int (*parse)(imp_shared *, char *, size_t) = NULL;
	imp_file *f = shared_slot(sc, s->kind, &parse);
	size_t len = 0;
	char *data, *path = imp_join(sc->root, s->name), *name = strdup(s->name);

	if (!f || !parse || !path || !name) {
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
	if (!(data = imp_read_at(sc, s->name, &len))) {
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

int imp_scan_dir(scan *sc)
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
