/* SPDX-License-Identifier: MIT */
/*
 * import_verify.c's promise for the shared files: each one imported is
 * rendered from the new store, read back with the reader that read the
 * root's, and compared entry by entry (what was left out in a comment was
 * said then and is not compared).
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void differs(const char *name, const char *how)
{
	fprintf(stderr,
	        "phoneprov import: warning: %s: %s (a bug in phoneprov import; please report "
	        "it)\n",
	        name, how);
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* name rendered and read back into got with parse; 0 (said) when it cannot be. */
static int render_back(const pp_store *st, const char *name, imp_file *slot, imp_shared *got,
                       int (*parse)(imp_shared *, char *, size_t))
{
	char *data = NULL, label[300];
	size_t len = 0;
	pp_error err;

	snprintf(label, sizeof(label), "phoneprov render %s", name);
	slot->name = name;
	slot->path = label;
	int ok = pp_render(st, name, NULL, &data, &len, &err) == PP_OK;
	/* the readers write in place and may need data[len] */
	char *copy = ok ? malloc(len + 1) : NULL;
	if (copy) {
		memcpy(copy, data, len);
		copy[len] = '\0';
	}
	ok = copy && parse(got, copy, len) == 0;
	pp_free(data);
	free(copy);
	slot->path = NULL;
	slot->name = NULL;
	if (!ok)
		differs(name, "cannot be rendered and read back");
	return ok;
}

static int rings_same(const imp_ring *want, size_t nwant, const imp_ring *got, size_t ngot)
{
	if (nwant != ngot)
		return 0;
	for (size_t i = 0; i < nwant; i++)
		if (strcmp(want[i].label, got[i].label) || strcmp(want[i].file, got[i].file))
			return 0;
	return 1;
}

static int rules_same(const imp_shared *want, const imp_shared *got)
{
	if (want->nrule != got->nrule)
		return 0;
	for (size_t i = 0; i < want->nrule; i++) {
		const imp_rule *a = &want->rule[i], *b = &got->rule[i];
		if (!same_str(a->match, b->match) || !same_str(a->timeout, b->timeout) ||
		    !same_str(a->user, b->user) || !same_str(a->rewrite, b->rewrite))
			return 0;
	}
	return 1;
}

int imp_verify_shared(const pp_store *st, const imp_shared *sh)
{
	int same = 1;
	imp_shared got = {0};

	if (sh->os79xx.path && sh->os_kept) {
		if (!render_back(st, "OS79XX.TXT", &got.os79xx, &got, imp_os79xx_parse))
			same = 0;
		else if (!same_str(got.os_name, sh->os_name)) {
			differs("OS79XX.TXT", "names another image in the new store's file");
			same = 0;
		}
	}
	if (sh->ringlist.path) {
		if (!render_back(st, sh->ringlist.name, &got.ringlist, &got, imp_ringlist_parse))
			same = 0;
		else if (!rings_same(sh->ring, sh->nring, got.ring, got.nring)) {
			differs(sh->ringlist.name, "the new store's ring list differs");
			same = 0;
		}
	}
	/* against the store's list, which is RINGLIST.DAT's where the two differed (said then) */
	if (sh->ringxml.path) {
		if (!render_back(st, sh->ringxml.name, &got.ringxml, &got, imp_ringxml_parse))
			same = 0;
		else if (!rings_same(sh->ring, sh->nring, got.xring, got.nxring)) {
			differs(sh->ringxml.name, "the new store's ring list differs");
			same = 0;
		}
	}
	if (sh->dialplan.path) {
		if (!render_back(st, sh->dialplan.name, &got.dialplan, &got, imp_dialplan_parse))
			same = 0;
		else if (!rules_same(sh, &got)) {
			differs(sh->dialplan.name, "the new store's dial plan differs");
			same = 0;
		}
	}
	if (sh->syncinfo.path && sh->sync_kept) {
		if (!render_back(st, sh->syncinfo.name, &got.syncinfo, &got, imp_syncinfo_parse))
			same = 0;
		else if (!same_str(got.sync, sh->sync)) {
			differs(sh->syncinfo.name, "has another SYNC in the new store's file");
			same = 0;
		}
	}
	if (sh->xmldef.path && !imp_sep_verify(st, &sh->xmldef))
		same = 0;
	imp_shared_free(&got);
	return same;
}
