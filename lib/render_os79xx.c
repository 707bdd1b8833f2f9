/* SPDX-License-Identifier: MIT */
/*
 * OS79XX.TXT: the one image name a 79x0 on the original boot mechanism
 * loads.  A trailing space or newline makes the phone ask for a file that
 * does not exist (bug CSCdv19260), so the name is written bare.
 */
#include "render_format.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/*
 * SIP 7.x and later ship the Universal Application Loader as P003-xx-y-zz
 * beside the P0S3-xx-y-zz application, and old loaders must be pointed at
 * the loader; earlier SIP releases are booted by their own P0S3 name.
 */
void pp_os79xx_name(const char *load, char *out, size_t outlen)
{
	static const char sip[] = "P0S3-";
	const char *p;
	unsigned major = 0;
	int digits = 0;

	if (!outlen)
		return;
	snprintf(out, outlen, "%s", load);
	if (strncmp(load, sip, sizeof(sip) - 1) != 0)
		return;
	for (p = load + sizeof(sip) - 1; isdigit((unsigned char)*p) && digits < 4; p++, digits++)
		major = major * 10 + (unsigned)(*p - '0');
	if (!digits || (*p != '-' && *p != '\0') || major < 7)
		return;
	if (outlen > 2)
		out[2] = '0';
}

int pp_render_os79xx(const pp_store *st, pp_sbuf *b)
{
	const char *load;
	char name[256];

	if (!st->has_defaults)
		return PP_ENOTFOUND;
	load = pp_settings_load(&st->defaults, pp_default_79x0_model(&st->defaults));
	if (!load)
		return PP_ENOTFOUND;
	pp_os79xx_name(load, name, sizeof(name));
	pp_sbuf_puts(b, name);
	return b->oom ? PP_ENOMEM : PP_OK;
}
