/* SPDX-License-Identifier: MIT */
#include "cidr.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* 0, or 1 when text is an IPv4-mapped IPv6 address (returned as IPv4); -1 if malformed. */
static int parse_ip(const char *text, int *family, unsigned char addr[16])
{
	if (inet_pton(AF_INET, text, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, addr) == 1) {
		static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if (memcmp(addr, mapped, 12) == 0) {
			memmove(addr, addr + 12, 4);
			*family = AF_INET;
			return 1;
		}
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

int pp_cidr_parse(const char *text, pp_cidr *out)
{
	char buf[64];
	size_t len = strlen(text);
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, text, len + 1);
	char *slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	int mapped = parse_ip(buf, &out->family, out->addr);
	if (mapped < 0)
		return -1;
	unsigned max = out->family == AF_INET ? 32 : 128;
	out->bits = max;
	if (slash) {
		char *end;
		const char *b = slash + 1;
		if (*b < '0' || *b > '9' || strlen(b) > 3)
			return -1;
		unsigned long v = strtoul(b, &end, 10);
		/* ::ffff:192.0.2.0/120 is 192.0.2.0/24 */
		if (mapped && (v < 96 || v > 128))
			return -1;
		if (mapped)
			v -= 96;
		if (*end || v > max)
			return -1;
		out->bits = (unsigned)v;
	}
	return 0;
}

int pp_cidr_match(const pp_cidr *c, const char *ip)
{
	int family;
	unsigned char a[16];
	if (parse_ip(ip, &family, a) < 0 || family != c->family)
		return 0;
	unsigned full = c->bits / 8, rest = c->bits % 8;
	if (memcmp(a, c->addr, full) != 0)
		return 0;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));
		if ((a[full] & mask) != (c->addr[full] & mask))
			return 0;
	}
	return 1;
}
