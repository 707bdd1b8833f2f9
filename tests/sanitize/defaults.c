/* SPDX-License-Identifier: MIT */
/*
 * Built into every sanitizer binary (the fuzzers, mk/fuzz.mk; the unit tests
 * under ASan and UBSan, mk/sanitize.mk) so that running one by hand behaves
 * as under make: the runtimes ask for these defaults before main.
 * ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS still add to or override them.
 */

const char *__ubsan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}

/*
 * LeakSanitizer suppressions.  Each is a bug in a library we link, not in
 * phoneprov: keep the list short and say why.
 *
 * libconfig 1.5 (Debian 12): on a syntax error after a string literal,
 * bison's error recovery discards the TOK_STRING the scanner allocated
 * without freeing it: hyperrealm/libconfig#142, fixed in 1.7 by #155 (a
 * %destructor for TOK_STRING).  A standalone config_read_file() +
 * config_destroy() leaks the same way: `a = 1 "x";` 64 bytes from
 * strbuf_append, `a = 1 "";` 1 byte calloc'd in libconfig_yylex.  One string
 * per broken store.  LSan's fast unwinder stops inside libconfig (built
 * without frame pointers), so these stacks hold only libconfig frames; the
 * parse tree, which a missing config_destroy() of ours would leak, is
 * allocated by other functions and stays reported.
 */
const char *__lsan_default_suppressions(void)
{
	return "leak:strbuf_append\n"
	       "leak:libconfig_yylex\n";
}
