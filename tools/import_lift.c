/* SPDX-License-Identifier: MIT */
/*
 * Settings said once instead of once per phone.  A phone's key that
 * SIPDefault.cnf already gives alike is left to defaults.  A key every
 * phone of a model gives alike is lifted into a profile for that model,
 * not into defaults: defaults are also SIPDefault.cnf, which the phones
 * and any client read, so a key lifted there would change that file; a
 * profile reaches only the phones that name it.  Lines stay with each
 * phone: a line is the phone's own account.
 */
#include "import_level.h"

#include <stdlib.h>
#include <string.h>

static int liftable(enum where w)
{
	return w == W_SETTING || w == W_FIRMWARE || w == W_RAW;
}

/* The entry of l for key that lands as w with value v, or NULL. */
static mapped *alike(const level *l, const mapped *m)
{
	for (size_t i = 0; i < l->n; i++) {
		mapped *o = &l->m[i];
		if (o->w == m->w && strcmp(o->e->key, m->e->key) == 0 &&
		    strcmp(o->e->value, m->e->value) == 0)
			return o;
	}
	return NULL;
}

void imp_lift_defaults(level *phone, const level *def)
{
	for (size_t i = 0; def && i < phone->n; i++)
		if (liftable(phone->m[i].w) && alike(def, &phone->m[i]))
			phone->m[i].w = W_SAME;
}

int imp_lift_models(level *pl, size_t nphones, level *prof, size_t *nprof)
{
	*nprof = 0;
	for (size_t first = 0; first < nphones; first++) {
		size_t same_model = 0;
		int seen = 0;
		for (size_t j = 0; j < nphones; j++) {
			if (strcmp(pl[j].model, pl[first].model) != 0)
				continue;
			seen |= j < first;
			same_model++;
		}
		if (seen || same_model < 2)
			continue; /* a model already done, or one phone: nothing shared */
		level *p = &prof[(*nprof)++];
		*p = (level){.file = pl[first].file, .model = pl[first].model};
		p->m = calloc(pl[first].n ? pl[first].n : 1, sizeof(*p->m));
		if (!p->m)
			return -1;
		for (size_t i = 0; i < pl[first].n; i++) {
			mapped *m = &pl[first].m[i];
			int everyone = liftable(m->w);
			for (size_t j = first + 1; everyone && j < nphones; j++)
				if (strcmp(pl[j].model, pl[first].model) == 0 && !alike(&pl[j], m))
					everyone = 0;
			if (!everyone)
				continue;
			p->m[p->n++] = *m;
			for (size_t j = first + 1; j < nphones; j++) {
				mapped *o = strcmp(pl[j].model, pl[first].model) == 0
				                ? alike(&pl[j], m)
				                : NULL;
				if (o)
					o->w = W_LIFTED;
			}
			m->w = W_LIFTED;
		}
	}
	return 0;
}
