/* SPDX-License-Identifier: MIT */
/*
 * What import says at the end: the new store loaded as a server would load
 * it, each file imported checked against it, the files of DIR it shadows,
 * those still served from disk, and the commands to check and render it.
 */
#include "import_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void imp_quiet_diag(void *ctx, enum pp_severity sev, const char *file, int line,
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
	char *disk = imp_read_at(sc, name, &dlen);
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
	                                     PP_KIND_RINGLIST, PP_KIND_RINGLIST_XML};
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

/* import_scan.h says what it returns. */
int imp_summary(const scan *sc, const char *store, const char *shown)
{
	pp_store *st;
	pp_error err;

	if (pp_store_load(&st, store, imp_quiet_diag, (void *)shown, &err) != PP_OK) {
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
