/* SPDX-License-Identifier: MIT */
/*
 * Looking things up in a parsed pjsip.conf (pjsip_parse.c): sections by name
 * and type, a setting's value, the name in a callerid.
 */
#include "pjsip.h"

#include <string.h>

const pp_pjsip_var *pp_pjsip_get(const pp_pjsip_sect *s, const char *key)
{
	for (size_t i = s->n; i-- > 0;)
		if (strcmp(s->vars[i].key, key) == 0)
			return &s->vars[i];
	return NULL;
}

size_t pp_pjsip_find(const pp_pjsip *db, const char *name, const char *type,
                     const pp_pjsip_sect **out, size_t max)
{
	size_t lo = 0, hi = db->nsects, n = 0;
	/* the first of name in byname */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(db->sects[db->byname[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < db->nsects; i++) {
		const pp_pjsip_sect *s = &db->sects[db->byname[i]];
		if (strcmp(s->name, name) != 0)
			break;
		const pp_pjsip_var *t = pp_pjsip_get(s, "type");
		if (s->tmpl || !t || strcmp(t->val, type) != 0)
			continue;
		if (n < max)
			out[n] = s;
		n++;
	}
	return n;
}

/*
 * As Asterisk's ast_callerid_parse: "Name" <number>, Name <number>, <number>,
 * or a bare word, which is a name unless it looks like a number.
 */
int pp_pjsip_callerid_name(const char *cid, char *buf, size_t len)
{
	const char *lt = strchr(cid, '<');
	const char *end = lt ? lt : cid + strlen(cid);
	while (*cid == ' ' || *cid == '\t')
		cid++;
	while (end > cid && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end - cid >= 2 && *cid == '"' && end[-1] == '"') {
		cid++;
		end--;
	}
	if (!lt && cid + strspn(cid, "0123456789+*#-() ") >= end)
		return 0; /* a number only */
	if (end <= cid || len == 0)
		return 0;
	size_t n = (size_t)(end - cid);
	if (n >= len)
		n = len - 1;
	memcpy(buf, cid, n);
	buf[n] = '\0';
	return 1;
}
