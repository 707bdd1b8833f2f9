/* SPDX-License-Identifier: MIT */
/* Networks in security.allow: "192.0.2.0/24", "2001:db8::/32", or one address. */
#ifndef PP_CIDR_H
#define PP_CIDR_H

typedef struct pp_cidr {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned bits;
} pp_cidr;

int pp_cidr_parse(const char *text, pp_cidr *out); /* 0, or -1 when malformed */
/* 1 when ip (text; IPv4-mapped IPv6 counts as IPv4) is inside c. */
int pp_cidr_match(const pp_cidr *c, const char *ip);

#endif
