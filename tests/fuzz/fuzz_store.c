/* SPDX-License-Identifier: MIT */
/*
 * The store loader fed config text: libconfig parsing, validation, merging.
 * The text is loaded from a memfd (/proc/self/fd/N); any input holding
 * "@include" is skipped before libconfig sees it (fz_load), so the fuzzer
 * never reads another file.  Besides the sanitizers, checked:
 *   - each diagnostic has a severity, a file and a line >= 0, and a message
 *     that is one line (no control character: a store value must not be able
 *     to forge another line of `phoneprov check` output or of a server log);
 *   - diagnostics arrive in line order within a file (the documented order);
 *   - PP_OK exactly when no error was reported, *out set exactly then, and on
 *     failure err holds that code and a one-line message;
 *   - a loaded store answers every accessor, and each phone is found again
 *     by its MAC in all four notations.
 */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

typedef struct diags {
	size_t n, errors;
	const char *last_file;
	char last_file_buf[256];
	int last_line;
} diags;

static int one_line(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	if (n == max)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static void collect(void *ctx, enum pp_severity sev, const char *file, int line,
                    const char *message)
{
	diags *d = ctx;

	if (sev != PP_WARNING && sev != PP_ERROR)
		fz_fail("diag: a severity that is neither warning nor error", NULL, NULL, 0);
	if (!file || !message || line < 0)
		fz_fail("diag: no file, no message or a negative line", NULL, NULL, 0);
	if (!one_line(message, 4096))
		fz_fail("diag: a message that is not one line of text", file, message,
		        strlen(message));
	if (d->last_file && strcmp(d->last_file, file) == 0 && line < d->last_line)
		fz_fail("diag: not in line order", file, message, strlen(message));
	snprintf(d->last_file_buf, sizeof(d->last_file_buf), "%s", file);
	d->last_file = d->last_file_buf;
	d->last_line = line;
	d->n++;
	if (sev == PP_ERROR)
		d->errors++;
}

static void check_store(const pp_store *st)
{
	static const char *const shapes[] = {"%.2s%.2s%.2s%.2s%.2s%.2s",
	                                     "%.2s:%.2s:%.2s:%.2s:%.2s:%.2s",
	                                     "%.2s-%.2s-%.2s-%.2s-%.2s-%.2s"};
	size_t n = pp_store_source_count(st);

	if (n < 1 || strcmp(pp_store_source(st, 0), fz_store_path()) != 0 || pp_store_source(st, n))
		fz_fail("store: the sources are not the main file first", NULL, NULL, 0);
	if (!pp_store_tftp_root(st) || !pp_store_state_dir(st) || !pp_store_leases(st))
		fz_fail("store: a top-level setting is NULL", NULL, NULL, 0);
	const char *mb = pp_store_mac_binding(st);
	if (!mb || (strcmp(mb, "strict") && strcmp(mb, "lenient") && strcmp(mb, "off")))
		fz_fail("store: mac_binding is not strict, lenient or off", NULL, mb,
		        mb ? strlen(mb) : 0);

	size_t phones = pp_store_phone_count(st);
	pp_phone_info info, again;
	if (pp_store_phone(st, phones, &info) != PP_EARG)
		fz_fail("store: pp_store_phone past the end is not PP_EARG", NULL, NULL, 0);
	for (size_t i = 0; i < phones; i++) {
		char m[32], names[16][64];
		if (pp_store_phone(st, i, &info) != PP_OK)
			fz_fail("store: pp_store_phone failed", NULL, NULL, 0);
		if (!info.mac || !info.model || !info.protocol || !info.profile || !info.label ||
		    !info.file || strlen(info.mac) != PP_MAC_LEN)
			fz_fail("store: a phone with a NULL field or a bad MAC", NULL, NULL, 0);
		const char *x = info.mac;
		for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
			snprintf(m, sizeof(m), shapes[s], x, x + 2, x + 4, x + 6, x + 8, x + 10);
			if (pp_store_find(st, m, &again) != PP_OK || strcmp(again.mac, x) != 0)
				fz_fail("store: a phone not found by its MAC", m, NULL, 0);
		}
		snprintf(m, sizeof(m), "%.4s.%.4s.%.4s", x, x + 4, x + 8);
		if (pp_store_find(st, m, NULL) != PP_OK)
			fz_fail("store: a phone not found by its dotted MAC", m, NULL, 0);
		size_t nf = pp_phone_files(st, info.mac, names, 16);
		for (size_t f = 0; f < nf; f++)
			if (!memchr(names[f], '\0', 64) ||
			    pp_classify(st, names[f], NULL) == PP_KIND_NONE)
				fz_fail("store: pp_phone_files names a file that is not ours",
				        names[f], NULL, 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diags d = {0};
	pp_store *st;
	pp_error err;
	int rc;

	memset(&err, 0x5a, sizeof(err));
	if (fz_load(data, size, &st, &rc, collect, &d, &err))
		return 0; /* holds @include: not fed to libconfig */
	if (rc == PP_OK) {
		if (!st)
			fz_fail("load: PP_OK without a store", NULL, NULL, 0);
		if (d.errors)
			fz_fail("load: PP_OK after an error was reported", NULL, NULL, 0);
		check_store(st);
		pp_store_free(st);
		return 0;
	}
	if (st)
		fz_fail("load: failed but left a store", NULL, NULL, 0);
	if (rc != PP_EIO && rc != PP_ESYNTAX && rc != PP_EINVALID && rc != PP_ENOMEM)
		fz_fail("load: an unexpected status", pp_strerror(rc), NULL, 0);
	if (err.code != rc)
		fz_fail("load: err.code is not the status returned", NULL, NULL, 0);
	if (!memchr(err.file, '\0', sizeof(err.file)) ||
	    !memchr(err.message, '\0', sizeof(err.message)))
		fz_fail("load: err not terminated", NULL, NULL, 0);
	if (!one_line(err.message, sizeof(err.message)) || !err.message[0])
		fz_fail("load: err.message is not one line of text", NULL, err.message,
		        strlen(err.message));
	if (!d.errors)
		fz_fail("load: failed without reporting an error", NULL, err.message,
		        strlen(err.message));
	return 0;
}
