/* SPDX-License-Identifier: MIT */
/*
 * check's firmware part.  Warnings, not errors: the store is valid and is
 * served; a missing file only means a phone that needs that step asks for a
 * file the server does not have, and stays on its load.
 *
 * Every entry is checked where it is written (defaults, a profile, a phone),
 * once, whether or not a phone of its model is in the store yet: the files
 * are wanted before the phone boots.  check knows nothing of the loads the
 * phones run (that is `phoneprov firmware`), so a via is held to the table
 * from the oldest load each row covers: SCCP 3.x for a 7940, 8.0 for a 7961.
 */
#include "fw_files.h"
#include "load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct checker {
	const pp_fw_root *root;
	pp_diag_fn diag;
	void *ctx;
	size_t warnings;
	const pp_val **seen; /* the entries done, by their load's pp_val */
	size_t nseen, capseen;
} checker;

static void warn(checker *c, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(checker *c, const char *file, int line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->warnings++;
	if (c->diag)
		c->diag(c->ctx, PP_WARNING, file, line, msg);
}

/* Each entry once: a phone's merged list holds the defaults' entries too. */
static int first_time(checker *c, const pp_firmware *fw)
{
	for (size_t i = 0; i < c->nseen; i++)
		if (c->seen[i]->file == fw->load.file && c->seen[i]->line == fw->load.line &&
		    strcmp(c->seen[i]->s, fw->load.s) == 0)
			return 0;
	if (c->nseen == c->capseen) {
		size_t nc = c->capseen ? c->capseen * 2 : 16;
		const pp_val **ns = realloc(c->seen, nc * sizeof(*ns));
		if (!ns)
			return 1; /* checked twice, said twice: better than not at all */
		c->seen = ns;
		c->capseen = nc;
	}
	c->seen[c->nseen++] = &fw->load;
	return 1;
}

static void check_entry(checker *c, const pp_firmware *fw)
{
	pp_fw_step all[PP_FW_MAX_VIA + 1], gaps[PP_FW_MAX_VIA + 1];
	char missing[PP_FW_MAX_PARTS + 1][PP_FW_PART_MAX + 1];
	const pp_model *m;

	if (!PP_SET(fw->model) || !PP_SET(fw->load) || !(m = pp_model_find(fw->model.s)) ||
	    !first_time(c, fw))
		return;
	size_t n = pp_fw_all_steps(m, fw, all);
	for (size_t i = 0; c->root && i < n; i++) {
		int own, target = i + 1 == n;
		size_t nm =
		    pp_fw_step_missing(c->root, &all[i], missing, PP_FW_MAX_PARTS + 1, &own);
		const pp_val *at = target || !PP_SET(fw->via) ? &fw->load : &fw->via;
		char what[PP_FW_NAME_MAX + 96];
		if (target)
			snprintf(what, sizeof(what), "the target %.64s", all[i].load);
		else
			snprintf(what, sizeof(what), "the step %.64s%s", all[i].load,
			         all[i].rule ? " (from phoneprov's table of paths)" : " of via");
		for (size_t j = 0; j < nm; j++)
			warn(c, at->file, at->line,
			     "firmware for %s: %s is not in the TFTP root %s; %s%s%s%s",
			     fw->model.s, missing[j], c->root->root, own ? "" : all[i].load,
			     own ? "" : ".loads lists it, for ", what, own ? " needs it" : "");
		if (nm && all[i].rule)
			warn(c, at->file, at->line, "firmware for %s: why the step %s: %s",
			     fw->model.s, all[i].load, all[i].rule->why);
	}
	size_t ng = pp_fw_via_gaps(m, fw, gaps);
	for (size_t i = 0; i < ng; i++)
		warn(c, fw->via.file, fw->via.line,
		     "firmware for %s: via jumps too far: %s; add \"%s\" to via", fw->model.s,
		     gaps[i].rule->why, gaps[i].load);
}

static void check_level(checker *c, const pp_settings *s)
{
	for (size_t i = 0; i < s->firmware.n; i++)
		check_entry(c, &s->firmware.items[i]);
}

size_t pp_fw_check(const pp_store *st, const pp_fw_root *r, pp_diag_fn diag, void *ctx)
{
	checker c = {.root = r, .diag = diag, .ctx = ctx};

	if (!st)
		return 0;
	check_level(&c, &st->defaults);
	for (size_t i = 0; i < st->nprofiles; i++)
		check_level(&c, &st->profiles[i].s);
	for (size_t i = 0; i < st->nphones; i++)
		check_level(&c, &st->phones[i].s);
	free(c.seen);
	return c.warnings;
}
