/* SPDX-License-Identifier: MIT */
/*
 * The store: merge order (defaults -> profile -> phone), @include relative to
 * the store's folder from any working directory, the list of source files,
 * lookup by MAC in every notation through the hash index, the top-level
 * settings the servers act on, and two stores loaded at once by two threads.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "model.h"
#include "phoneprov.h"

/* ---- merge order ------------------------------------------------------------ */

static th_result merged;

static int load_merged(void **state)
{
	char *path = th_data("store-merge.conf");

	(void)state;
	th_load_file(&merged, path);
	free(path);
	if (merged.rc != PP_OK) {
		th_print(&merged.diags);
		return -1;
	}
	return 0;
}

static int free_merged(void **state)
{
	(void)state;
	th_result_free(&merged);
	return 0;
}

static const pp_phone *phone(const char *mac12)
{
	const pp_phone *ph = pp_store_lookup(merged.st, mac12);
	if (!ph)
		fail_msg("no phone %s", mac12);
	return ph;
}

static void expect_str(const pp_val *v, const char *want)
{
	assert_int_equal(v->type, PP_V_STR);
	assert_string_equal(v->s, want);
}

static void expect_int(const pp_val *v, enum pp_vtype type, long long want)
{
	assert_int_equal(v->type, type);
	assert_int_equal(v->i, want);
}

static void expect_kv_str(const pp_kvs *kvs, size_t i, const char *key, const char *val)
{
	assert_true(i < kvs->n);
	assert_string_equal(kvs->items[i].key, key);
	expect_str(&kvs->items[i].val, val);
}

static void expect_kv_int(const pp_kvs *kvs, size_t i, const char *key, long long val)
{
	assert_true(i < kvs->n);
	assert_string_equal(kvs->items[i].key, key);
	expect_int(&kvs->items[i].val, PP_V_INT, val);
}

static void expect_firmware(const pp_settings *s, size_t i, const char *model, const char *load)
{
	assert_true(i < s->firmware.n);
	expect_str(&s->firmware.items[i].model, model);
	expect_str(&s->firmware.items[i].load, load);
	assert_string_equal(pp_settings_load(s, model), load);
}

static void test_merge_no_warnings(void **state)
{
	(void)state;
	if (merged.diags.n) {
		th_print(&merged.diags);
		fail_msg("the merge fixture should load without a word");
	}
	assert_int_equal(pp_store_phone_count(merged.st), 4);
}

static void test_merge_defaults_only(void **state)
{
	const pp_settings *s = &phone("001BD4000001")->s;

	(void)state;
	assert_null(phone("001BD4000001")->profile);
	expect_str(&s->proxy_address, "defaults.example");
	expect_int(&s->proxy_port, PP_V_INT, 5060);
	expect_int(&s->proxy_register, PP_V_BOOL, 1);
	expect_str(&s->ntp_server, "ntp.defaults.example");
	expect_str(&s->time_zone, "GMT");
	expect_str(&s->label, "fromdefaults");
	assert_false(PP_SET(s->messages_uri));
	assert_int_equal(s->firmware.n, 3);
	expect_firmware(s, 0, "7940", "D-7940");
	expect_firmware(s, 1, "7960", "D-7960");
	expect_firmware(s, 2, "7961", "D-7961");
	assert_int_equal(s->dialplan.n, 3);
	assert_int_equal(s->ringlist.n, 2);
	assert_int_equal(s->lines.n, 2);
	expect_str(&s->lines.items[0].name, "d1");
	expect_str(&s->lines.items[1].password, "dp2");
	assert_int_equal(s->cnf.n, 3);
	expect_kv_str(&s->cnf, 0, "a", "defaults-a");
	expect_kv_str(&s->cnf, 1, "b", "defaults-b");
	expect_kv_int(&s->cnf, 2, "telnet_level", 2);
	assert_int_equal(s->vendor_config.n, 2);
	expect_kv_int(&s->vendor_config, 0, "webAccess", 1);
	expect_kv_int(&s->vendor_config, 1, "sshAccess", 1);
}

static void test_merge_profile(void **state)
{
	const pp_phone *ph = phone("001BD4000002");
	const pp_settings *s = &ph->s;

	(void)state;
	assert_string_equal(ph->profile, "office");
	/* the profile wins over defaults, key by key */
	expect_str(&s->proxy_address, "profile.example");
	expect_int(&s->proxy_port, PP_V_INT, 5060);
	/* false is a value: it wins over the defaults' true */
	expect_int(&s->proxy_register, PP_V_BOOL, 0);
	expect_str(&s->time_zone, "CET");
	expect_str(&s->label, "fromdefaults");
	/* firmware: merged per model, new models appended */
	assert_int_equal(s->firmware.n, 4);
	expect_firmware(s, 0, "7940", "D-7940");
	expect_firmware(s, 1, "7960", "P-7960");
	expect_firmware(s, 2, "7961", "D-7961");
	expect_firmware(s, 3, "7941", "P-7941");
	/* lists replaced whole */
	assert_int_equal(s->dialplan.n, 1);
	expect_str(&s->dialplan.items[0].match, "9");
	assert_int_equal(s->ringlist.n, 2);
	assert_int_equal(s->lines.n, 2);
	/* cnf key by key, each key keeping its first position */
	assert_int_equal(s->cnf.n, 4);
	expect_kv_str(&s->cnf, 0, "a", "defaults-a");
	expect_kv_str(&s->cnf, 1, "b", "profile-b");
	expect_kv_int(&s->cnf, 2, "telnet_level", 2);
	expect_kv_str(&s->cnf, 3, "c", "profile-c");
	assert_int_equal(s->vendor_config.n, 2);
	expect_kv_int(&s->vendor_config, 0, "webAccess", 1);
	expect_kv_int(&s->vendor_config, 1, "sshAccess", 0);
}

static void test_merge_phone(void **state)
{
	const pp_phone *ph = phone("001BD4000003");
	const pp_settings *s = &ph->s;

	(void)state;
	assert_string_equal(ph->profile, "office");
	expect_str(&s->proxy_address, "profile.example");
	expect_int(&s->proxy_port, PP_V_INT, 5062);
	expect_int(&s->proxy_register, PP_V_BOOL, 0);
	expect_str(&s->time_zone, "CET");
	expect_str(&s->label, "ownlabel");
	assert_int_equal(s->firmware.n, 4);
	expect_firmware(s, 0, "7940", "X-7940");
	expect_firmware(s, 1, "7960", "P-7960");
	expect_firmware(s, 2, "7961", "D-7961");
	expect_firmware(s, 3, "7941", "P-7941");
	assert_int_equal(s->dialplan.n, 1);
	/* an empty list replaces too */
	assert_true(s->ringlist.set);
	assert_int_equal(s->ringlist.n, 0);
	assert_int_equal(s->lines.n, 1);
	expect_str(&s->lines.items[0].name, "own1");
	expect_str(&s->lines.items[0].password, "op1");
	assert_int_equal(s->cnf.n, 5);
	expect_kv_str(&s->cnf, 0, "a", "defaults-a");
	expect_kv_str(&s->cnf, 1, "b", "profile-b");
	expect_kv_int(&s->cnf, 2, "telnet_level", 0);
	expect_kv_str(&s->cnf, 3, "c", "phone-c");
	expect_kv_str(&s->cnf, 4, "d", "phone-d");
	assert_non_null(pp_kvs_get(&s->cnf, "d"));
	assert_null(pp_kvs_get(&s->cnf, "e"));
	expect_kv_int(&s->vendor_config, 0, "webAccess", 0);
	expect_kv_int(&s->vendor_config, 1, "sshAccess", 0);
}

static void test_merge_empty_profile(void **state)
{
	const pp_phone *a = phone("001BD4000001"), *b = phone("001BD4000004");

	(void)state;
	assert_string_equal(b->profile, "empty");
	assert_string_equal(b->model->name, "7961");
	expect_str(&b->s.proxy_address, "defaults.example");
	assert_int_equal(b->s.firmware.n, a->s.firmware.n);
	assert_int_equal(b->s.cnf.n, a->s.cnf.n);
	assert_int_equal(b->s.lines.n, 2);
}

static void test_merge_leaves_levels_alone(void **state)
{
	const pp_store *st = merged.st;

	(void)state;
	/* merging into phones must not write into the defaults or a profile */
	assert_int_equal(st->defaults.cnf.n, 3);
	expect_kv_str(&st->defaults.cnf, 1, "b", "defaults-b");
	expect_kv_int(&st->defaults.cnf, 2, "telnet_level", 2);
	assert_int_equal(st->defaults.firmware.n, 3);
	expect_firmware(&st->defaults, 0, "7940", "D-7940");
	expect_firmware(&st->defaults, 1, "7960", "D-7960");
	expect_str(&st->defaults.proxy_address, "defaults.example");
	assert_int_equal(st->nprofiles, 2);
	const pp_profile *office = &st->profiles[0];
	assert_string_equal(office->name, "office");
	assert_int_equal(office->s.cnf.n, 2);
	assert_int_equal(office->s.firmware.n, 2);
	assert_int_equal(office->s.vendor_config.n, 1);
	assert_false(PP_SET(office->s.proxy_port));
}

static void test_merge_values_remember_their_line(void **state)
{
	const pp_settings *s = &phone("001BD4000003")->s;
	char *path = th_data("store-merge.conf");
	char *text;
	FILE *f = fopen(path, "r");
	long n;

	(void)state;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	/* each value points at the level it came from */
	assert_string_equal(s->proxy_address.file, merged.path);
	assert_int_equal(s->proxy_address.line, th_line_of(text, "profile.example"));
	assert_int_equal(s->proxy_port.line, th_line_of(text, "port = 5062"));
	assert_int_equal(s->ntp_server.line, th_line_of(text, "ntp.defaults"));
	assert_int_equal(pp_kvs_get(&s->cnf, "b")->line, th_line_of(text, "profile-b"));
	assert_int_equal(pp_kvs_get(&s->cnf, "a")->line, th_line_of(text, "defaults-a"));
	free(text);
	free(path);
}

static void test_merge_through_render(void **state)
{
	char *data;
	size_t len;
	pp_error err;

	(void)state;
	/* the same merge, as the phone sees it */
	assert_int_equal(pp_render(merged.st, "SIP001BD4000003.cnf", NULL, &data, &len, &err),
	                 PP_OK);
	assert_non_null(strstr(data, "image_version: \"X-7940\"\n"));
	assert_non_null(strstr(data, "proxy1_address: \"profile.example\"\n"));
	assert_non_null(strstr(data, "proxy1_port: 5062\n"));
	assert_non_null(strstr(data, "proxy_register: 0\n"));
	assert_non_null(strstr(data, "time_zone: \"CET\"\n"));
	assert_non_null(strstr(data, "line1_name: \"own1\"\n"));
	assert_null(strstr(data, "line2_"));
	assert_non_null(strstr(data, "b: \"profile-b\"\n"));
	assert_non_null(strstr(data, "telnet_level: 0\n"));
	assert_non_null(strstr(data, "d: \"phone-d\"\n"));
	pp_free(data);
}

/* ---- listing ------------------------------------------------------------------ */

static void test_phone_info(void **state)
{
	pp_phone_info info;

	(void)state;
	assert_int_equal(pp_store_phone(merged.st, 0, &info), PP_OK);
	assert_string_equal(info.mac, "001BD4000001");
	assert_string_equal(info.model, "7940");
	assert_string_equal(info.protocol, "sip");
	assert_string_equal(info.profile, "");
	assert_string_equal(info.label, "fromdefaults");
	assert_string_equal(info.file, merged.path);
	assert_int_equal(info.line, 37);
	assert_int_equal(info.line_count, 2);
	assert_int_equal(pp_store_phone(merged.st, 2, &info), PP_OK);
	assert_string_equal(info.mac, "001BD4000003");
	assert_string_equal(info.profile, "office");
	assert_string_equal(info.label, "ownlabel");
	assert_int_equal(info.line, 41);
	assert_int_equal(info.line_count, 1);
	/* store order */
	assert_int_equal(pp_store_phone(merged.st, 1, &info), PP_OK);
	assert_string_equal(info.mac, "001BD4000002");
	assert_int_equal(pp_store_phone(merged.st, 3, &info), PP_OK);
	assert_string_equal(info.mac, "001BD4000004");
	assert_int_equal(pp_store_phone(merged.st, 4, &info), PP_EARG);
	assert_int_equal(pp_store_phone(merged.st, 0, NULL), PP_EARG);
	assert_int_equal(pp_store_phone(NULL, 0, &info), PP_EARG);
	assert_int_equal(pp_store_phone_count(NULL), 0);
}

static void test_phone_files(void **state)
{
	char names[8][64];
	size_t n;

	(void)state;
	n = pp_phone_files(merged.st, "00:1b:d4:00:00:01", names, 8);
	assert_true(n >= 2);
	assert_string_equal(names[0], "SIP001BD4000001.cnf");
	assert_string_equal(names[1], "SIPDefault.cnf");
	n = pp_phone_files(merged.st, "001bd4000004", names, 8);
	assert_true(n >= 2);
	assert_string_equal(names[0], "SEP001BD4000004.cnf.xml");
	assert_string_equal(names[1], "XMLDefault.cnf.xml");
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(names[i], "SIP"));
	/* at most max */
	assert_int_equal(pp_phone_files(merged.st, "001bd4000001", names, 1), 1);
	assert_int_equal(pp_phone_files(merged.st, "001bd4000001", names, 0), 0);
	/* unknown or malformed MAC */
	assert_int_equal(pp_phone_files(merged.st, "001bd4999999", names, 8), 0);
	assert_int_equal(pp_phone_files(merged.st, "001bd49999", names, 8), 0);
	assert_int_equal(pp_phone_files(NULL, "001bd4000001", names, 8), 0);
}

/* ---- @include -------------------------------------------------------------- */

static void expect_include_store(const th_result *r, const char *dir)
{
	static const char *const incs[] = {"profiles.conf", "site/phones.conf",
	                                   "site/more-phones.conf"};
	pp_phone_info info;
	char want[4096];

	th_expect_rc_(r, PP_OK, __FILE__, __LINE__);
	if (r->diags.n) {
		th_print(&r->diags);
		fail_msg("the include fixture should load without a word");
	}
	assert_int_equal(pp_store_phone_count(r->st), 2);
	assert_int_equal(pp_store_find(r->st, "001bd4123456", &info), PP_OK);
	assert_string_equal(info.profile, "office");
	snprintf(want, sizeof(want), "%s/site/phones.conf", dir);
	assert_string_equal(info.file, want);
	assert_int_equal(info.line, 2);
	assert_int_equal(pp_store_find(r->st, "001bd4abcdef", &info), PP_OK);
	snprintf(want, sizeof(want), "%s/site/more-phones.conf", dir);
	assert_string_equal(info.file, want);
	assert_int_equal(info.line, 1);
	expect_str(&pp_store_lookup(r->st, "001BD4ABCDEF")->s.proxy_address, "pbx.example.net");

	/* every file once: the store first, then each @include, by the path it was read from */
	assert_int_equal(pp_store_source_count(r->st), 4);
	assert_string_equal(pp_store_source(r->st, 0), r->path);
	for (size_t i = 0; i < 3; i++) {
		size_t k = 1;
		snprintf(want, sizeof(want), "%s/%s", dir, incs[i]);
		while (k < 4 && strcmp(pp_store_source(r->st, k), want) != 0)
			k++;
		if (k == 4) {
			for (size_t j = 0; j < 4; j++)
				print_message("  source %zu: %s\n", j, pp_store_source(r->st, j));
			fail_msg("%s is not among the sources", want);
		}
		/* readable from where the store was loaded */
		assert_int_equal(access(pp_store_source(r->st, k), R_OK), 0);
	}
	assert_null(pp_store_source(r->st, 4));
	assert_null(pp_store_source(NULL, 0));
	assert_int_equal(pp_store_source_count(NULL), 0);
}

static void test_include_absolute_path(void **state)
{
	char *path = th_data("include/store.conf");
	char *dir = th_data("include");
	th_result r;

	(void)state;
	th_load_file(&r, path);
	expect_include_store(&r, dir);
	th_result_free(&r);
	free(dir);
	free(path);
}

static void test_include_from_another_cwd(void **state)
{
	char *path = th_data("include/store.conf");
	char *dir = th_data("include");
	char *elsewhere = th_tmpdir();
	char cwd[4096];
	th_result r;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	/* an empty folder as the working directory */
	assert_int_equal(chdir(elsewhere), 0);
	th_load_file(&r, path);
	assert_int_equal(chdir(cwd), 0);
	expect_include_store(&r, dir);
	th_result_free(&r);
	/* the root folder */
	assert_int_equal(chdir("/"), 0);
	th_load_file(&r, path);
	assert_int_equal(chdir(cwd), 0);
	expect_include_store(&r, dir);
	th_result_free(&r);
	free(elsewhere);
	free(dir);
	free(path);
}

static void test_include_relative_path(void **state)
{
	char *data = th_data("");
	char *inc = th_data("include");
	char cwd[4096];
	th_result r;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	/* named relative to the working directory: the store's folder is "include" */
	assert_int_equal(chdir(data), 0);
	th_load_file(&r, "include/store.conf");
	expect_include_store(&r, "include");
	th_result_free(&r);
	/* from inside the store's folder */
	assert_int_equal(chdir(inc), 0);
	th_load_file(&r, "store.conf");
	expect_include_store(&r, ".");
	th_result_free(&r);
	assert_int_equal(chdir(cwd), 0);
	free(inc);
	free(data);
}

static void test_include_without_settings(void **state)
{
	/* a file holding only comments is still one the store depends on */
	char *dir = th_tmpdir();
	char *path =
	    th_write(dir, "store.conf",
	             "version = 1;\n@include \"notes.conf\"\n@include \"sub/empty.conf\"\n");
	char *notes = th_write(dir, "notes.conf", "# nothing here yet\n");
	char *empty = th_write(dir, "sub/empty.conf", "");
	th_result r;

	(void)state;
	th_load_file(&r, path);
	th_expect_rc(&r, PP_OK);
	assert_int_equal(pp_store_source_count(r.st), 3);
	assert_string_equal(pp_store_source(r.st, 0), path);
	assert_string_equal(pp_store_source(r.st, 1), notes);
	assert_string_equal(pp_store_source(r.st, 2), empty);
	th_result_free(&r);
	free(empty);
	free(notes);
	free(path);
	free(dir);
}

static void test_include_nested_is_relative_to_store(void **state)
{
	/* libconfig resolves every @include against the store's folder, not the
	   including file's: a/b.conf including "c.conf" reads <store>/c.conf */
	char *dir = th_tmpdir();
	char *path = th_write(dir, "store.conf", "version = 1;\n@include \"a/b.conf\"\n");
	char *b = th_write(dir, "a/b.conf", "@include \"c.conf\"\n");
	char *c = th_write(dir, "c.conf", "state_dir = \"/srv/state\";\n");
	char *decoy = th_write(dir, "a/c.conf", "state_dir = \"/wrong\";\n");
	th_result r;

	(void)state;
	th_load_file(&r, path);
	th_expect_rc(&r, PP_OK);
	assert_string_equal(pp_store_state_dir(r.st), "/srv/state");
	assert_int_equal(pp_store_source_count(r.st), 3);
	th_result_free(&r);
	free(decoy);
	free(c);
	free(b);
	free(path);
	free(dir);
}

/* ---- lookup --------------------------------------------------------------------- */

static void test_find_every_notation(void **state)
{
	static const char *const forms[] = {"00:1b:d4:00:00:03", "00-1B-D4-00-00-03",
	                                    "001bd4000003",      "001BD4000003",
	                                    "001B.D400.0003",    "001b.d400.0003"};
	pp_phone_info info;

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		memset(&info, 0, sizeof(info));
		assert_int_equal(pp_store_find(merged.st, forms[i], &info), PP_OK);
		assert_string_equal(info.mac, "001BD4000003");
		assert_int_equal(pp_store_find(merged.st, forms[i], NULL), PP_OK);
	}
	assert_int_equal(pp_store_find(merged.st, "00:1b:d4:00:00:05", &info), PP_ENOTFOUND);
	assert_int_equal(pp_store_find(merged.st, "001bd400000", &info), PP_EARG);
	assert_int_equal(pp_store_find(merged.st, "", &info), PP_EARG);
	assert_int_equal(pp_store_find(merged.st, NULL, &info), PP_EARG);
	assert_int_equal(pp_store_find(NULL, "001bd4000003", &info), PP_EARG);
	assert_null(pp_store_lookup(merged.st, "001BD4000005"));
	assert_null(pp_store_lookup(NULL, "001BD4000003"));
}

static void test_find_in_empty_stores(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "version = 1;\n");
	th_expect_rc(&r, PP_OK);
	assert_int_equal(pp_store_phone_count(r.st), 0);
	assert_int_equal(pp_store_find(r.st, "001bd4123456", NULL), PP_ENOTFOUND);
	th_result_free(&r);
	th_load_text(&r, "version = 1;\nphones = ( );\n");
	th_expect_rc(&r, PP_OK);
	assert_int_equal(pp_store_find(r.st, "001bd4123456", NULL), PP_ENOTFOUND);
	th_result_free(&r);
	th_load_text(&r, "version = 1;\nphones = [ ];\n");
	th_expect_rc(&r, PP_OK);
	assert_int_equal(pp_store_find(r.st, "001bd4123456", NULL), PP_ENOTFOUND);
	th_result_free(&r);
}

enum { MANY = 5000 };

static void many_mac(size_t i, int form, char *out, size_t len)
{
	/* (c, d, e) spell i; f varies the last octet too */
	unsigned a = 0x00, b = 0x1b, c = (unsigned)(i >> 12) & 0xff;
	unsigned d = (unsigned)(i >> 8) & 0x0f, e = (unsigned)(i & 0xff),
	         f = (unsigned)(i * 7 & 0xff);
	switch (form % 4) {
	case 0:
		snprintf(out, len, "%02x:%02x:%02x:%02x:%02x:%02x", a, b, c, d, e, f);
		break;
	case 1:
		snprintf(out, len, "%02X-%02X-%02X-%02X-%02X-%02X", a, b, c, d, e, f);
		break;
	case 2:
		snprintf(out, len, "%02x%02x%02x%02x%02x%02x", a, b, c, d, e, f);
		break;
	default:
		snprintf(out, len, "%02X%02X.%02X%02X.%02X%02X", a, b, c, d, e, f);
		break;
	}
}

static void test_many_phones(void **state)
{
	static const char *const models[] = {"7940", "7960", "7961", "7941", "9971"};
	size_t cap = 200 * MANY + 256, used = 0;
	char *text = malloc(cap);
	char mac[32], mac12[32], name[64];
	th_result r;

	(void)state;
	assert_non_null(text);
	used += (size_t)snprintf(text + used, cap - used,
	                         "version = 1;\nsecurity = { mac_binding = \"off\"; };\n"
	                         "defaults = { proxy = { address = \"192.0.2.10\"; }; };\n"
	                         "phones = (\n");
	for (size_t i = 0; i < MANY; i++) {
		many_mac(i, (int)i, mac, sizeof(mac));
		used += (size_t)snprintf(
		    text + used, cap - used,
		    "  { mac = \"%s\"; model = \"%s\";\n"
		    "    lines = ( { name = \"%zu\"; password = \"p%zu\"; } ); }%s\n",
		    mac, models[i % 5], 1000 + i, i, i + 1 < MANY ? "," : "");
		assert_true(used < cap);
	}
	snprintf(text + used, cap - used, ");\n");
	th_load_text(&r, text);
	free(text);
	th_expect_rc(&r, PP_OK);
	assert_int_equal(r.diags.n, 0);
	assert_int_equal(pp_store_phone_count(r.st), MANY);
	/* the index: open addressing, at most half full, a power of two */
	assert_true(r.st->index_cap >= 2 * MANY);
	assert_int_equal(r.st->index_cap & (r.st->index_cap - 1), 0);

	for (size_t i = 0; i < MANY; i++) {
		pp_phone_info info;
		/* looked up in another notation than the store's */
		many_mac(i, (int)i + 1, mac, sizeof(mac));
		many_mac(i, 2, mac12, sizeof(mac12));
		for (char *p = mac12; *p; p++)
			*p = (char)(*p >= 'a' ? *p - 32 : *p);
		if (pp_store_find(r.st, mac, &info) != PP_OK)
			fail_msg("phone %zu (%s) not found", i, mac);
		assert_string_equal(info.mac, mac12);
		assert_string_equal(info.model, models[i % 5]);
		assert_ptr_equal(pp_store_lookup(r.st, mac12), &r.st->phones[i]);
	}
	/* absent MACs: near misses of present ones, and far away */
	assert_int_equal(pp_store_find(r.st, "00:1b:14:00:00:00", NULL), PP_ENOTFOUND);
	assert_int_equal(pp_store_find(r.st, "00:1b:00:00:00:01", NULL), PP_ENOTFOUND);
	assert_int_equal(pp_store_find(r.st, "aa:bb:cc:dd:ee:ff", NULL), PP_ENOTFOUND);
	assert_int_equal(pp_store_find(r.st, "00:1c:00:00:00:00", NULL), PP_ENOTFOUND);
	assert_null(pp_store_lookup(r.st, "001B13FFFFFF"));
	assert_null(pp_store_lookup(r.st, "000000000000"));
	/* and rendering finds them through the same index */
	char *data;
	size_t len;
	many_mac(MANY - 1, 2, mac, sizeof(mac));
	snprintf(name, sizeof(name), "SEP%s.cnf.xml", mac);
	assert_int_equal(pp_render(r.st, name, NULL, &data, &len, NULL), PP_OK);
	pp_free(data);
	th_result_free(&r);
}

/* ---- top-level settings and the store path ------------------------------------ */

static void test_top_level_defaults(void **state)
{
	th_result r;

	(void)state;
	th_load_text(&r, "");
	th_expect_rc(&r, PP_OK);
	assert_string_equal(pp_store_tftp_root(r.st), "/srv/tftp");
	assert_string_equal(pp_store_state_dir(r.st), "/var/lib/phoneprov");
	assert_string_equal(pp_store_mac_binding(r.st), "strict");
	assert_string_equal(pp_store_leases(r.st), "/var/lib/misc/dnsmasq.leases");
	th_result_free(&r);

	th_load_text(&r, "version = 1;\ntftp = { root = \"/tftpboot\"; };\n"
	                 "security = { mac_binding = \"lenient\"; leases = \"/run/leases\"; };\n"
	                 "state_dir = \"/srv/state\";\n");
	th_expect_rc(&r, PP_OK);
	assert_string_equal(pp_store_tftp_root(r.st), "/tftpboot");
	assert_string_equal(pp_store_state_dir(r.st), "/srv/state");
	assert_string_equal(pp_store_mac_binding(r.st), "lenient");
	assert_string_equal(pp_store_leases(r.st), "/run/leases");
	th_result_free(&r);

	assert_null(pp_store_tftp_root(NULL));
	assert_null(pp_store_state_dir(NULL));
	assert_null(pp_store_mac_binding(NULL));
	assert_null(pp_store_leases(NULL));
	pp_store_free(NULL);
}

static void test_config_path(void **state)
{
	char *path = th_data("store-merge.conf");
	pp_store *st = NULL;
	char *old = getenv("PHONEPROV_CONFIG") ? strdup(getenv("PHONEPROV_CONFIG")) : NULL;

	(void)state;
	unsetenv("PHONEPROV_CONFIG");
	assert_string_equal(pp_config_path(), "/etc/phoneprov.conf");
	assert_string_equal(pp_config_path(), PP_DEFAULT_CONFIG);
	setenv("PHONEPROV_CONFIG", "", 1);
	assert_string_equal(pp_config_path(), PP_DEFAULT_CONFIG);
	setenv("PHONEPROV_CONFIG", path, 1);
	assert_string_equal(pp_config_path(), path);
	/* a NULL path means PHONEPROV_CONFIG */
	assert_int_equal(pp_store_load(&st, NULL, NULL, NULL, NULL), PP_OK);
	assert_int_equal(pp_store_phone_count(st), 4);
	assert_string_equal(pp_store_source(st, 0), path);
	pp_store_free(st);
	if (old)
		setenv("PHONEPROV_CONFIG", old, 1);
	else
		unsetenv("PHONEPROV_CONFIG");
	free(old);
	free(path);
}

static void test_strerror(void **state)
{
	static const int codes[] = {PP_OK,       PP_ENOMEM,    PP_EIO,     PP_ESYNTAX,
	                            PP_EINVALID, PP_ENOTFOUND, PP_EDENIED, PP_EARG};
	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_non_null(pp_strerror(codes[i]));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(pp_strerror(codes[i]), pp_strerror(codes[j]));
	}
	assert_string_equal(pp_strerror(12345), "unknown error");
}

static void test_version_macros(void **state)
{
	char v[32];

	(void)state;
	snprintf(v, sizeof(v), "%d.%d.%d", PP_VERSION_MAJOR, PP_VERSION_MINOR, PP_VERSION_PATCH);
	assert_string_equal(v, PP_VERSION_STRING);
}

static void test_reload_is_independent(void **state)
{
	/* two loads of one store share nothing: freeing one leaves the other whole */
	char *path = th_data("store-merge.conf");
	th_result a, b;

	(void)state;
	th_load_file(&a, path);
	th_load_file(&b, path);
	th_expect_rc(&a, PP_OK);
	th_expect_rc(&b, PP_OK);
	th_result_free(&a);
	assert_int_equal(pp_store_find(b.st, "001bd4000003", NULL), PP_OK);
	expect_str(&pp_store_lookup(b.st, "001BD4000003")->s.label, "ownlabel");
	th_result_free(&b);
	free(path);
}

/* ---- two threads, two stores ------------------------------------------------- */

/* The diagnostics of one load as text, "file:line: message" a line; no cmocka here. */
typedef struct said {
	char *text;
	size_t len, cap;
} said;

static void say(void *ctx, enum pp_severity sev, const char *file, int line, const char *msg)
{
	said *d = ctx;
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "%s:%d: %d %s\n", file, line, (int)sev, msg);

	if (n < 0 || d->len + (size_t)n + 1 > d->cap) {
		d->cap = (d->cap + (size_t)(n < 0 ? 0 : n) + 1) * 2;
		d->text = realloc(d->text, d->cap);
		if (!d->text)
			abort();
	}
	memcpy(d->text + d->len, buf, (size_t)n + 1);
	d->len += (size_t)n;
}

/*
 * A store whose warnings (phones without lines or a proxy) are in the main
 * file and in an @include, with line numbers that interleave: only the
 * order by file, then line, puts them right.
 */
static char *busy_store(const char *dir, unsigned id)
{
	enum { PHONES = 400 };
	size_t cap = PHONES * 64 + 256, n = 0, k = 0;
	char *main_text = malloc(cap), *inc = malloc(cap);

	assert_non_null(main_text);
	assert_non_null(inc);
	n += (size_t)snprintf(main_text, cap, "version = 1;\nphones = (\n");
	for (unsigned i = 0; i < PHONES; i++) {
		char *t = i % 2 ? inc : main_text;
		size_t *len = i % 2 ? &k : &n;
		*len += (size_t)snprintf(t + *len, cap - *len,
		                         "  { mac = \"001bd%01x%06x\"; model = \"7940\"; },\n", id,
		                         i + 1);
	}
	snprintf(main_text + n, cap - n,
	         "  @include \"phones.inc\"\n"
	         "  { mac = \"001bd%01xffffff\"; model = \"7940\"; }\n);\n",
	         id);
	free(th_write(dir, "phones.inc", inc));
	char *path = th_write(dir, "store.conf", main_text);
	free(main_text);
	free(inc);
	return path;
}

typedef struct loader {
	const char *path;
	const char *want; /* what a load alone says */
	int rounds, wrong;
} loader;

static void *load_rounds(void *arg)
{
	loader *l = arg;

	for (int i = 0; i < l->rounds; i++) {
		said d = {0};
		pp_store *st = NULL;
		if (pp_store_load(&st, l->path, say, &d, NULL) != PP_OK ||
		    strcmp(d.text ? d.text : "", l->want) != 0)
			l->wrong++;
		pp_store_free(st);
		free(d.text);
	}
	return NULL;
}

/* pp_store_load is public and may run in two threads at once: each load's
   diagnostics keep their own order (diag.c once sorted through a global). */
static void test_two_threads_two_stores(void **state)
{
	loader l[2];
	said alone[2] = {{0}, {0}};
	pthread_t t[2];

	(void)state;
	/*
	 * Under qemu-aarch64 7.2 (make cross) this test spins in user code
	 * once the first store is freed, before any thread starts; natively,
	 * under ASan and on Debian 13 it passes.  Not yet understood.
	 */
	if (getenv("PP_UNDER_QEMU")) {
		print_message("under qemu-user: skipped (it spins there; see the comment)\n");
		skip();
	}
	for (unsigned i = 0; i < 2; i++) {
		pp_store *st = NULL;
		char *dir = th_tmpdir();
		l[i].path = busy_store(dir, i);
		free(dir);
		assert_int_equal(pp_store_load(&st, l[i].path, say, &alone[i], NULL), PP_OK);
		pp_store_free(st);
		/* both files, the main one first: 2 warnings a phone */
		assert_non_null(alone[i].text);
		assert_non_null(strstr(alone[i].text, "phones.inc:1: "));
		assert_true(strstr(alone[i].text, "store.conf:202: ") <
		            strstr(alone[i].text, "phones.inc:1: "));
		l[i].want = alone[i].text;
		l[i].rounds = 300;
		l[i].wrong = 0;
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, load_rounds, &l[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(l[0].wrong, 0);
	assert_int_equal(l[1].wrong, 0);
	for (int i = 0; i < 2; i++) {
		free((char *)l[i].path);
		free(alone[i].text);
	}
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_no_warnings),
	    cmocka_unit_test(test_merge_defaults_only),
	    cmocka_unit_test(test_merge_profile),
	    cmocka_unit_test(test_merge_phone),
	    cmocka_unit_test(test_merge_empty_profile),
	    cmocka_unit_test(test_merge_leaves_levels_alone),
	    cmocka_unit_test(test_merge_values_remember_their_line),
	    cmocka_unit_test(test_merge_through_render),
	    cmocka_unit_test(test_phone_info),
	    cmocka_unit_test(test_phone_files),
	    cmocka_unit_test(test_find_every_notation),
	    cmocka_unit_test(test_include_absolute_path),
	    cmocka_unit_test(test_include_from_another_cwd),
	    cmocka_unit_test(test_include_relative_path),
	    cmocka_unit_test(test_include_without_settings),
	    cmocka_unit_test(test_include_nested_is_relative_to_store),
	    cmocka_unit_test(test_find_in_empty_stores),
	    cmocka_unit_test(test_many_phones),
	    cmocka_unit_test(test_top_level_defaults),
	    cmocka_unit_test(test_config_path),
	    cmocka_unit_test(test_strerror),
	    cmocka_unit_test(test_version_macros),
	    cmocka_unit_test(test_reload_is_independent),
	    cmocka_unit_test(test_two_threads_two_stores),
	};

	(void)argc;
	th_init(argv[0]);
	/* one group: tests/run.sh reads one summary per binary */
	return cmocka_run_group_tests_name("store", tests, load_merged, free_merged);
}
