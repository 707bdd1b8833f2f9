/*
 * The settings schema (lib/schema_rows.h): the README's table is the one it
 * makes, the man page names every setting, and the table is well formed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "schema.h"

/* README.md, two folders above tests/data. */
static char *read_top(const char *name)
{
	char path[256];
	char *text;

	snprintf(path, sizeof(path), "../../%s", name);
	text = fx_read(path, NULL);
	if (!text)
		fail_msg("cannot read %s", fx_path(path));
	return text;
}

static void test_readme_table_is_generated(void **state)
{
	char *readme = read_top("README.md");
	pp_sbuf want = {0};

	(void)state;
	assert_int_equal(pp_schema_readme(readme, &want), 0);
	if (strcmp(want.data, readme) != 0) {
		/* Name the first line that differs; `make readme` writes the right one. */
		size_t i = 0, bol = 0;
		int line = 1;
		while (readme[i] && readme[i] == want.data[i]) {
			if (readme[i++] == '\n')
				line++, bol = i;
		}
		fail_msg("README.md's settings table, line %d, is not the one lib/schema_rows.h "
		         "makes: run `make readme`\n  README: %.*s\n  schema: %.*s",
		         line, (int)strcspn(readme + bol, "\n"), readme + bol,
		         (int)strcspn(want.data + bol, "\n"), want.data + bol);
	}
	pp_sbuf_release(&want);
	free(readme);
}

/* Every setting has its own tag line in phoneprov.conf(5)'s SETTINGS. */
static void test_man_page_names_every_setting(void **state)
{
	char *man = read_top("packaging/man/phoneprov.conf.5.in");
	char *settings = strstr(man, "\n.SH SETTINGS\n");
	char *end;

	(void)state;
	assert_non_null(settings);
	end = strstr(settings + 1, "\n.SH ");
	if (end)
		*end = '\0';
	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		char tag[64];
		const char *p = settings;
		size_t n = (size_t)snprintf(tag, sizeof(tag), "\n.BR %s", f->key);
		while ((p = strstr(p, tag)) && p[n] != ' ' && p[n] != '\n')
			p += n;
		if (!p)
			fail_msg("phoneprov.conf.5.in has no .BR %s in SETTINGS", f->key);
	}
	free(man);
}

static void check_table(const pp_field *table, int elem)
{
	for (const pp_field *f = table; f->key; f++) {
		const char *dot = strchr(f->key, '.');
		/* One level of groups: proxy = { port; }, not deeper. */
		assert_true(!dot || (!elem && !strchr(dot + 1, '.') && dot > f->key && dot[1]));
		for (const pp_field *g = table; g < f; g++) {
			size_t n = strlen(g->key);
			if (strcmp(g->key, f->key) == 0)
				fail_msg("%s is in the schema twice", f->key);
			/* A key cannot be a setting and a group: "proxy" and "proxy.port". */
			if ((strncmp(g->key, f->key, n) == 0 && f->key[n] == '.') ||
			    (dot && strlen(g->key) == (size_t)(dot - f->key) &&
			     strncmp(g->key, f->key, (size_t)(dot - f->key)) == 0))
				fail_msg("%s is a setting and a group", g->key);
			if (f->cnf && g->cnf && strcmp(f->cnf, g->cnf) == 0)
				fail_msg("%s and %s derive the same .cnf key %s", g->key, f->key, f->cnf);
		}
		if (f->kind == PP_K_SCALAR)
			assert_true(f->type == PP_V_STR || f->type == PP_V_INT || f->type == PP_V_BOOL);
		if (f->type == PP_V_INT)
			assert_true(f->min <= f->max);
		if (f->kind == PP_K_LIST) {
			assert_non_null(f->elem);
			check_table(f->elem, 1);
		}
	}
}

static void test_table_is_well_formed(void **state)
{
	(void)state;
	check_table(pp_settings_schema, 0);
}

/* A "lands in" written by hand still names every key the row derives. */
static void test_lands_names_each_key(void **state)
{
	(void)state;
	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		char want[64];
		if (!f->lands)
			continue;
		if (f->cnf) {
			snprintf(want, sizeof(want), "`%s`", f->cnf);
			if (!strstr(f->lands, want))
				fail_msg("%s: its README text does not name %s", f->key, want);
		}
		for (const pp_field *e = f->elem; e && e->key; e++) {
			if (!e->cnf)
				continue;
			want[0] = '`';
			pp_field_cnf_key(e, 0, want + 1, sizeof(want) - 2);
			strcat(want, "`");
			if (!strstr(f->lands, want))
				fail_msg("%s: its README text does not name %s", f->key, want);
		}
	}
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_readme_table_is_generated),
	    cmocka_unit_test(test_man_page_names_every_setting),
	    cmocka_unit_test(test_table_is_well_formed),
	    cmocka_unit_test(test_lands_names_each_key),
	};

	(void)argc;
	fx_init(argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
