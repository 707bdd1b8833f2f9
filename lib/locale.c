/* SPDX-License-Identifier: MIT */
/*
 * The Cisco locale names `check` knows, for locale.user (<userLocale><name>)
 * and locale.network (<networkLocale>).  Only names seen in working files:
 * wazo-provd's cisco-sip plugin (common.py, its locale table), provisioner.net
 * (sip79x1G SEP$mac.cnf.xml: New_Zealand), cisco-formats.md section 4
 * (English_United_States, United_States), and the United Kingdom pair this
 * project's README already names.  A name missing here may still be valid,
 * hence a warning, never an error.
 */
#include "load.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const user_locales[] = {"English_United_States", "English_United_Kingdom",
                                           "French_France",         "German_Germany",
                                           "Spanish_Spain",         NULL};

static const char *const network_locales[] = {
    "United_States", "United_Kingdom", "Canada", "France", "Germany", "Spain", "New_Zealand", NULL};

int pp_locale_known(const char *name, int network)
{
	/* wazo-provd writes "i18n/german_germany": a folder, then the name, any case. */
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	for (const char *const *l = network ? network_locales : user_locales; *l; l++)
		if (strcasecmp(*l, base) == 0)
			return 1;
	return 0;
}

const char *pp_locale_list(int network, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const char *const *l = network ? network_locales : user_locales; *l && n < len; l++) {
		int w = snprintf(buf + n, len - n, "%s%s", n ? ", " : "", *l);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return buf;
}
