/* SPDX-License-Identifier: MIT */
#include "sip.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "phoneprov.h"

const char *pp_sip_event_name(enum pp_sip_event e)
{
	switch (e) {
	case PP_SIP_CHECK_SYNC:
		return "check-sync";
	case PP_SIP_RESTART:
		return "service-control action=restart";
	case PP_SIP_RESET:
		return "service-control action=reset";
	}
	return "?";
}

static int random_hex(char *out, size_t digits)
{
	unsigned char r[32];
	size_t n = (digits + 1) / 2;
	if (n > sizeof(r) || getrandom(r, n, 0) != (ssize_t)n)
		return -1;
	for (size_t i = 0; i < digits; i++)
		out[i] = "0123456789abcdef"[(r[i / 2] >> (i % 2 ? 0 : 4)) & 15];
	out[digits] = '\0';
	return 0;
}

int pp_sip_fresh_ids(pp_sip_notify *n)
{
	char id[33], br[25], tag[17];
	if (random_hex(id, 32) < 0 || random_hex(br, 24) < 0 || random_hex(tag, 16) < 0)
		return -1;
	snprintf(n->call_id, sizeof(n->call_id), "%s@%s", id, n->local);
	snprintf(n->branch, sizeof(n->branch), PP_SIP_BRANCH_MAGIC "%s", br);
	snprintf(n->tag, sizeof(n->tag), "%s", tag);
	n->cseq = 1;
	return 0;
}

/* An address as a URI host: IPv6 in brackets. */
static void uri_host(const char *ip, char *out, size_t len)
{
	snprintf(out, len, strchr(ip, ':') ? "[%s]" : "%s", ip);
}

/* The user part of a SIP URI (RFC 3261 §25.1): unreserved and user-unreserved as they are. */
static void uri_user(const char *u, char *out, size_t len)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)u; *p && o + 4 < len; p++) {
		if (isalnum(*p) || strchr("-_.!~*'()&=+$,;?/", *p))
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, len - o, "%%%02X", *p);
	}
	out[o] = '\0';
}

int pp_sip_notify_format(const pp_sip_notify *n, time_t now, char *buf, size_t len)
{
	/* As CUCM, FreeSWITCH and wazo send it: all-zero stamps, no REGISTER Call-ID known. */
	static const char stamps[] = "RegisterCallId={}\r\n"
	                             "ConfigVersionStamp={0000000000000000}\r\n"
	                             "DialplanVersionStamp={0000000000000000}\r\n"
	                             "SoftkeyVersionStamp={0000000000000000}\r\n";
	char host[72], local[72], user[200], at[204], date[64], body[256] = "";
	struct tm tm;

	uri_host(n->host, host, sizeof(host));
	uri_host(n->local, local, sizeof(local));
	uri_user(n->user, user, sizeof(user));
	snprintf(at, sizeof(at), "%s%s", user, user[0] ? "@" : "");
	if (!gmtime_r(&now, &tm) || !strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm))
		return -1;
	int sc = n->event != PP_SIP_CHECK_SYNC;
	if (sc)
		snprintf(body, sizeof(body), "action=%s\r\n%s",
		         n->event == PP_SIP_RESET ? "reset" : "restart", stamps);
	int w = snprintf(buf, len,
	                 "NOTIFY sip:%s%s:%u SIP/2.0\r\n"
	                 "Via: SIP/2.0/UDP %s:%u;branch=%s;rport\r\n"
	                 "Max-Forwards: 70\r\n"
	                 "From: <sip:phoneprov@%s>;tag=%s\r\n"
	                 "To: <sip:%s%s>\r\n"
	                 "Call-ID: %s\r\n"
	                 "CSeq: %u NOTIFY\r\n"
	                 "Date: %s\r\n"
	                 "Contact: <sip:phoneprov@%s:%u>\r\n"
	                 "Event: %s\r\n"
	                 "%s"
	                 "User-Agent: phoneprov/" PP_VERSION_STRING "\r\n"
	                 "Content-Length: %zu\r\n"
	                 "\r\n"
	                 "%s",
	                 at, host, n->port, local, n->local_port, n->branch, local, n->tag, at,
	                 host, n->call_id, n->cseq, date, local, n->local_port,
	                 sc ? "service-control" : "check-sync",
	                 sc ? "Subscription-State: active\r\nContent-Type: text/plain\r\n" : "",
	                 strlen(body), body);
	return w < 0 || (size_t)w >= len ? -1 : w;
}

/* ---- responses --------------------------------------------------------------- */

/* The next line of [*p, end) without its CR LF; NULL at the end of the headers or the data. */
static const char *next_line(const char **p, const char *end, size_t *n)
{
	const char *s = *p;
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	if (!nl)
		return NULL;
	*n = (size_t)(nl - s);
	if (*n && s[*n - 1] == '\r')
		(*n)--;
	*p = nl + 1;
	return s;
}

static void copy_token(char *out, size_t len, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < len; i++)
		out[o++] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	out[o] = '\0';
}

/* Header name (case-insensitive, with its compact form) at line, value in *v. */
static int header_is(const char *line, size_t n, const char *name, char compact, const char **v,
                     size_t *vn)
{
	const char *colon = memchr(line, ':', n);
	if (!colon)
		return 0;
	size_t k = (size_t)(colon - line);
	while (k && (line[k - 1] == ' ' || line[k - 1] == '\t'))
		k--;
	int hit = (k == strlen(name) && strncasecmp(line, name, k) == 0) ||
	          (k == 1 && compact && tolower((unsigned char)line[0]) == compact);
	if (!hit)
		return 0;
	const char *s = colon + 1, *e = line + n;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*v = s;
	*vn = (size_t)(e - s);
	return 1;
}

/* branch= of the first Via value. */
static void via_branch(const char *v, size_t n, char *out, size_t len)
{
	const char *comma = memchr(v, ',', n);
	if (comma)
		n = (size_t)(comma - v);
	out[0] = '\0';
	for (size_t i = 0; i + 8 <= n; i++) {
		if (v[i] != ';')
			continue;
		size_t j = i + 1;
		while (j < n && (v[j] == ' ' || v[j] == '\t'))
			j++;
		if (n - j < 7 || strncasecmp(v + j, "branch=", 7) != 0)
			continue;
		j += 7;
		size_t k = j;
		while (k < n && v[k] != ';' && v[k] != ' ' && v[k] != '\t')
			k++;
		copy_token(out, len, v + j, k - j);
		return;
	}
}

int pp_sip_response_parse(const char *buf, size_t len, pp_sip_response *r, const char **why)
{
	const char *p = buf, *end = buf + len, *line, *v;
	size_t n, vn;
	int via = 0, cid = 0, cseq = 0;

	memset(r, 0, sizeof(*r));
	*why = "not a SIP response";
	line = next_line(&p, end, &n);
	if (!line || n < 12 || strncmp(line, "SIP/2.0 ", 8) != 0 ||
	    !isdigit((unsigned char)line[8]) || !isdigit((unsigned char)line[9]) ||
	    !isdigit((unsigned char)line[10]) || (n > 11 && line[11] != ' '))
		return -1;
	r->status = (line[8] - '0') * 100 + (line[9] - '0') * 10 + (line[10] - '0');
	if (r->status < 100 || r->status > 699)
		return -1;
	if (n > 12)
		copy_token(r->reason, sizeof(r->reason), line + 12, n - 12);
	while ((line = next_line(&p, end, &n)) != NULL && n > 0) {
		if (!via && header_is(line, n, "Via", 'v', &v, &vn)) {
			via = 1;
			via_branch(v, vn, r->branch, sizeof(r->branch));
		} else if (!cid && header_is(line, n, "Call-ID", 'i', &v, &vn)) {
			cid = 1;
			copy_token(r->call_id, sizeof(r->call_id), v, vn);
		} else if (!cseq && header_is(line, n, "CSeq", 0, &v, &vn)) {
			char num[24];
			size_t d = strspn(v, "0123456789");
			if (d == 0 || d > 10 || d >= vn)
				continue;
			copy_token(num, sizeof(num), v, d);
			r->cseq = strtoul(num, NULL, 10);
			size_t s = d;
			while (s < vn && (v[s] == ' ' || v[s] == '\t'))
				s++;
			copy_token(r->method, sizeof(r->method), v + s, vn - s);
			cseq = 1;
		}
	}
	if (!line) {
		*why = "a SIP response cut short (no end of headers)";
		return -1;
	}
	if (!via || !r->branch[0] || !cid || !cseq) {
		*why = "a SIP response without Via branch, Call-ID or CSeq";
		return -1;
	}
	return 0;
}
