/* SPDX-License-Identifier: MIT */
/*
 * Cisco load names (cisco-formats.md section 5, lifecycle.md section 1):
 *   P00303020214, P0030801SR02   79x0 SCCP: P003 then two digits per part
 *   P0S3-08-12-00, P0S3-8-12-00  79x0 SIP, dashed; P0M3-... MGCP the same
 *   P003-08-12-00                the Universal Application Loader (dashed P003)
 *   P0S30203                     early SIP: P0S3 then two digits per part
 *   SIP41.9-4-2SR3-1S, SCCP11.8-5-2S, sip8961.9-4-1-9   the XML family
 *   term61.default               a 79x1's factory load
 * The names come from the store and from what phones ask for, so nothing
 * here trusts their length or their characters.
 */
#include "firmware.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* name without a firmware extension, into buf; NULL when too long. */
static const char *strip_ext(const char *name, char *buf, size_t len)
{
	static const char *const ext[] = {".loads", ".bin", ".sbn", ".sb2", NULL};
	size_t n = strlen(name);

	if (n >= len)
		return NULL;
	memcpy(buf, name, n + 1);
	for (const char *const *e = ext; *e; e++) {
		size_t el = strlen(*e);
		if (n > el && strcasecmp(buf + n - el, *e) == 0) {
			buf[n - el] = '\0';
			break;
		}
	}
	return buf;
}

/*
 * What follows the numbers, upper case, bounded: a service release SRn (and
 * its build -n) is read; -1 when it holds more than letters, digits, '-', '_'.
 */
static int take_rest(const char *p, pp_fw_load *out)
{
	size_t i = 0;

	if ((p[0] == 'S' || p[0] == 's') && (p[1] == 'R' || p[1] == 'r') &&
	    isdigit((unsigned char)p[2])) {
		unsigned d = 0;
		for (p += 2; isdigit((unsigned char)*p) && d < 5; p++, d++)
			out->sr = out->sr * 10 + (unsigned)(*p - '0');
		if (*p == '-' && isdigit((unsigned char)p[1]) && !out->v[3])
			for (p++, d = 0; isdigit((unsigned char)*p) && d < 5; p++, d++)
				out->v[3] = out->v[3] * 10 + (unsigned)(*p - '0');
	}
	for (; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return -1;
		if (i + 1 < sizeof(out->rest))
			out->rest[i++] = (char)toupper((unsigned char)*p);
	}
	out->rest[i] = '\0';
	return 0;
}

/* Up to 4 numbers of at most 5 digits, separated by sep (0: two digits each, no separator). */
static const char *numbers(const char *p, char sep, pp_fw_load *out)
{
	unsigned k = 0;

	while (k < 4 && isdigit((unsigned char)*p)) {
		unsigned v = 0, d = 0;
		while (isdigit((unsigned char)*p) && d < (sep ? 5u : 2u)) {
			v = v * 10 + (unsigned)(*p++ - '0');
			d++;
		}
		if (sep && isdigit((unsigned char)*p))
			return NULL; /* a number too long to be a version */
		out->v[k++] = v;
		if (sep && *p == sep && isdigit((unsigned char)p[1]))
			p++;
		else if (sep)
			break;
	}
	return k ? p : NULL;
}

static int parse_79x0(const char *n, pp_fw_load *out)
{
	char c = (char)toupper((unsigned char)n[2]);
	const char *p = n + 4;

	out->kind = PP_FWK_79X0;
	if (*p == '-') {
		out->proto = c == '0' ? PP_FWP_LOADER : c == 'S' ? PP_FWP_SIP : PP_FWP_MGCP;
		p = numbers(p + 1, '-', out);
	} else {
		out->proto = c == '0' ? PP_FWP_SCCP : c == 'S' ? PP_FWP_SIP : PP_FWP_MGCP;
		p = numbers(p, 0, out);
	}
	return p && take_rest(p, out) == 0 ? 0 : -1;
}

static int parse_xml(const char *n, pp_fw_load *out)
{
	size_t plen = strncasecmp(n, "SCCP", 4) == 0 ? 4 : 3;
	const char *dot = strchr(n, '.');
	size_t clen = dot ? (size_t)(dot - n) - plen : 0;

	out->kind = PP_FWK_XML;
	out->proto = plen == 4 ? PP_FWP_SCCP : PP_FWP_SIP;
	if (!dot || !clen || clen >= sizeof(out->code))
		return -1;
	for (size_t i = 0; i < clen; i++) {
		char ch = n[plen + i];
		if (!isalnum((unsigned char)ch) && ch != '_')
			return -1;
		out->code[i] = (char)toupper((unsigned char)ch);
	}
	out->code[clen] = '\0';
	const char *p = numbers(dot + 1, '-', out);
	return p && take_rest(p, out) == 0 ? 0 : -1;
}

int pp_fw_parse(const char *name, pp_fw_load *out)
{
	char buf[PP_FW_NAME_MAX + 8];
	const char *n;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!name || !(n = strip_ext(name, buf, sizeof(buf))))
		return -1;
	if (strncasecmp(n, "P0", 2) == 0 && strchr("0SMsm", n[2]) && n[2] && n[3] == '3')
		rc = parse_79x0(n, out);
	else if (strncasecmp(n, "SCCP", 4) == 0 || strncasecmp(n, "SIP", 3) == 0)
		rc = parse_xml(n, out);
	else if (strncasecmp(n, "term", 4) == 0 && strcasecmp(n + strcspn(n, "."), ".default") == 0)
		rc = (out->kind = PP_FWK_TERM, 0);
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

int pp_fw_cmp(const pp_fw_load *a, const pp_fw_load *b)
{
	unsigned ka[5] = {a->v[0], a->v[1], a->v[2], a->sr, a->v[3]};
	unsigned kb[5] = {b->v[0], b->v[1], b->v[2], b->sr, b->v[3]};

	for (int i = 0; i < 5; i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return strcmp(a->rest, b->rest) < 0 ? -1 : strcmp(a->rest, b->rest) > 0;
}

int pp_fw_same(const char *a, const char *b)
{
	pp_fw_load la, lb;

	if (!a || !b)
		return 0;
	if (strcasecmp(a, b) == 0)
		return 1;
	if (pp_fw_parse(a, &la) < 0 || pp_fw_parse(b, &lb) < 0 || la.kind != lb.kind ||
	    la.proto != lb.proto || strcmp(la.code, lb.code) != 0)
		return 0;
	return pp_fw_cmp(&la, &lb) == 0;
}

int pp_fw_preloader(const pp_fw_load *l)
{
	if (l->kind != PP_FWK_79X0)
		return 0;
	return l->proto == PP_FWP_SIP ? l->v[0] < 7 : l->proto != PP_FWP_LOADER && l->v[0] < 6;
}

void pp_fw_describe(const char *name, char *out, size_t len)
{
	static const char *const proto[] = {"", "SCCP", "SIP", "MGCP", "loader"};
	pp_fw_load l;

	if (!len)
		return;
	out[0] = '\0';
	if (pp_fw_parse(name, &l) < 0)
		return;
	if (l.kind == PP_FWK_TERM)
		snprintf(out, len, "factory load");
	else if (l.kind == PP_FWK_79X0)
		snprintf(out, len, "%s %u.%u", proto[l.proto], l.v[0], l.v[1]);
	else if (l.sr)
		snprintf(out, len, "%s %u.%u(%u)SR%u", proto[l.proto], l.v[0], l.v[1], l.v[2],
		         l.sr);
	else
		snprintf(out, len, "%s %u.%u(%u)", proto[l.proto], l.v[0], l.v[1], l.v[2]);
}
