/* SPDX-License-Identifier: MIT */
/*
 * What reaches phoneprov notify's socket is anyone's choice: pp_sip_response_parse
 * on arbitrary bytes (copied into a buffer of exactly that size, so ASan sees
 * a read past the end).  On success the status is 100..699 and every string
 * kept is NUL-terminated printable ASCII.  The same bytes as a line 1 name go
 * into a NOTIFY: the request keeps its shape (one request line, the same
 * header lines, nothing injected), and phoneprov parses no request of its own
 * as a response.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "sip.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void printable(const char *s, size_t cap, const char *what)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		fz_fail("a string without its NUL", what, s, cap);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			fz_fail("a control or non-ASCII byte kept", what, s, n);
}

static size_t lines(const char *s)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, "\r\n")) != NULL; p += 2)
		n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	pp_sip_response r;
	const char *why;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (pp_sip_response_parse(buf, size, &r, &why) == 0) {
		if (r.status < 100 || r.status > 699)
			fz_fail("a status out of range", "status", buf, size);
		printable(r.reason, sizeof(r.reason), "reason");
		printable(r.branch, sizeof(r.branch), "branch");
		printable(r.call_id, sizeof(r.call_id), "call_id");
		printable(r.method, sizeof(r.method), "method");
	} else if (!why || !*why) {
		fz_fail("a refusal without a reason", "why", buf, size);
	}
	free(buf);

	pp_sip_notify n = {.event = size % 3 == 0   ? PP_SIP_CHECK_SYNC
	                            : size % 3 == 1 ? PP_SIP_RESTART
	                                            : PP_SIP_RESET,
	                   .host = "192.0.2.10",
	                   .port = 5060,
	                   .local = "192.0.2.1",
	                   .local_port = 5060};
	size_t u = size < sizeof(n.user) ? size : sizeof(n.user) - 1;
	memcpy(n.user, data, u);
	n.user[u] = '\0';
	char wire[1400], plain[1400];
	if (pp_sip_fresh_ids(&n) != 0)
		return 0;
	pp_sip_notify p = n;
	p.user[0] = '\0';
	int w = pp_sip_notify_format(&n, 0, wire, sizeof(wire));
	if (w < 0 || pp_sip_notify_format(&p, 0, plain, sizeof(plain)) < 0)
		return 0; /* too long: refused, which is fine */
	if (lines(wire) != lines(plain) || strncmp(wire, "NOTIFY sip:", 11) != 0 ||
	    strlen(wire) != (size_t)w)
		fz_fail("the user changed the request's shape", "notify", wire, (size_t)w);
	if (pp_sip_response_parse(wire, (size_t)w, &r, &why) == 0)
		fz_fail("a request parsed as a response", "notify", wire, (size_t)w);
	return 0;
}
