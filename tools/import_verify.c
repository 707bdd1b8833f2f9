/* SPDX-License-Identifier: MIT */
/*
 * The promise of phoneprov import, checked on the user's own files rather
 * than only on the test's: the new store, loaded as a server would load it,
 * renders each imported file with the keys and values the phone read from
 * the root.  The rendered text is read back with the same .cnf reader, so
 * quoting, spacing and order do not count.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

static const imp_entry *last(const imp_file *f, const char *key)
{
	const imp_entry *e = NULL;
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->e[i].key, key) == 0)
			e = &f->e[i];
	return e;
}

/*
 * What the phone read for key: its own file's value, else SIPDefault.cnf's
 * (own NULL: SIPDefault.cnf itself, where the store never puts a secret).
 * A key the store could not hold was said when it was left out.
 */
static const char *want(const imp_file *def, const imp_file *own, const char *key)
{
	const imp_entry *e = own ? last(own, key) : NULL;
	if (e && !e->dropped)
		return e->value;
	if (!own && pp_cnf_key_is_secret(key))
		return NULL;
	e = last(def, key);
	return e && !e->dropped ? e->value : NULL;
}

static void differs(const char *name, const char *key, const char *how)
{
	fprintf(stderr,
	        "phoneprov import: warning: %s: %s %s (a bug in phoneprov import; please "
	        "report it)\n",
	        name, key, how);
}

/* Every key of f the phone read must be in got with its value. */
static int all_there(const imp_file *got, const char *name, const imp_file *f, const imp_file *def,
                     const imp_file *own)
{
	int same = 1;
	for (size_t i = 0; f && i < f->n; i++) {
		const char *v = want(def, own, f->e[i].key);
		if (v && !last(got, f->e[i].key)) {
			differs(name, f->e[i].key, "is missing from the new store's file");
			same = 0;
		}
	}
	return same;
}

static int verify_one(const pp_store *st, const char *name, const imp_file *def,
                      const imp_file *own)
{
	char *data = NULL, path[300];
	size_t len = 0;
	pp_error err;
	imp_file got = {.name = name, .path = path};
	int same = 1;

	snprintf(path, sizeof(path), "phoneprov render %s", name);
	if (pp_render(st, name, NULL, &data, &len, &err) != PP_OK ||
	    imp_cnf_parse(&got, data, len) < 0) {
		differs(name, "the file", "cannot be rendered and read back");
		pp_free(data);
		imp_file_free(&got);
		return 0;
	}
	pp_free(data);
	for (size_t i = 0; i < got.n; i++) {
		const char *k = got.e[i].key, *v = want(def, own, k);
		/* the store's own sync, a digest of the phone's files, when neither file set one */
		if (!v && own && strcmp(k, "sync") == 0)
			continue;
		if (!v) {
			differs(name, k, "is in the new store's file, not in the root's");
			same = 0;
		} else if (strcmp(v, got.e[i].value) != 0) {
			differs(name, k, "has another value in the new store's file");
			same = 0;
		}
	}
	same &= all_there(&got, name, def, def, own);
	same &= all_there(&got, name, own, def, own);
	imp_file_free(&got);
	return same;
}

int imp_verify(const pp_store *st, const imp_file *def, const imp_file *phones, size_t nphones)
{
	int same = 1;
	if (def)
		same &= verify_one(st, def->name, def, NULL);
	for (size_t i = 0; i < nphones; i++)
		same &= phones[i].kind == PP_KIND_SEP_MAC
		            ? imp_sep_verify(st, &phones[i])
		            : verify_one(st, phones[i].name, def, &phones[i]);
	return same;
}
