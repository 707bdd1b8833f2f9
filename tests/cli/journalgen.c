/* SPDX-License-Identifier: MIT */
/*
 * Hostile journals for tests/cli/status.t.sh, on stdout:
 *
 *   journalgen collide N   N lease lines whose MACs all collide under djb2
 *                          (h = h * 33 + c) in their low 20 bits: what a DHCP
 *                          client choosing chaddr can put into hook.journal
 *   journalgen unique N    N lease lines, N different MACs
 *   journalgen flood BYTES fetch lines from strangers, names of 500 spaces
 *                          (escaped, 1,500 bytes), until BYTES are written
 *
 * Addresses are from 2001:db8::/32 and 192.0.2.0/24 (documentation); this
 * is text only, nothing is sent anywhere.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define T0   1764165600L /* 2025-11-26T14:00:00Z */
#define BITS 20
#define MASK ((1u << BITS) - 1)

static const char hexd[] = "0123456789ABCDEF";

static void stamp(long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "-");
}

static uint32_t djb2_tail(const char *s, size_t n, uint32_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h * 33 + (unsigned char)s[i]) & MASK;
	return h;
}

static void hex_of(unsigned long v, char *out, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 4)
		out[i] = hexd[v & 15];
}

static int collide(long n)
{
	/* Meet in the middle: a 7-digit head, then a 5-digit tail that brings djb2 to 0. */
	int32_t *tail = malloc(sizeof(*tail) << BITS);
	uint32_t pow5 = 1;
	char mac[13] = "", t[32];
	if (!tail)
		return 1;
	for (int i = 0; i < 5; i++)
		pow5 = (pow5 * 33) & MASK;
	memset(tail, 0xff, sizeof(*tail) << BITS);
	for (long v = 0; v < 1L << 20; v++) {
		hex_of((unsigned long)v, mac, 5);
		uint32_t r = djb2_tail(mac, 5, 0);
		if (tail[r] < 0)
			tail[r] = (int32_t)v;
	}
	long made = 0;
	for (unsigned long head = 0x0200000; made < n && head < 0x10000000; head++) {
		hex_of(head, mac, 7);
		uint32_t h = djb2_tail(mac, 7, 5381);
		uint32_t want = (uint32_t)(-(int64_t)((h * (uint64_t)pow5) & MASK)) & MASK;
		if (tail[want] < 0)
			continue;
		hex_of((unsigned long)tail[want], mac + 7, 5);
		mac[12] = '\0';
		stamp(T0 + made / 100, t, sizeof(t));
		printf("%s event=lease action=add ip=2001:db8::%lx:%lx mac=%s\n", t, made >> 16,
		       made & 0xffff, mac);
		made++;
	}
	free(tail);
	return made == n ? 0 : 1;
}

static int unique(long n)
{
	char t[32];
	for (long i = 0; i < n; i++) {
		stamp(T0 + i / 100, t, sizeof(t));
		printf("%s event=lease action=add ip=2001:db8::%lx:%lx mac=0200%08lX\n", t, i >> 16,
		       i & 0xffff, (unsigned long)i);
	}
	return 0;
}

static int flood(long long bytes)
{
	char name[1600] = "", t[32];
	for (int i = 0; i < 500; i++)
		memcpy(name + 3 * i, "%20", 3);
	for (long long done = 0, i = 0; done < bytes; i++) {
		stamp(T0 + (long)(i / 1000), t, sizeof(t));
		int w = printf("%s event=fetch ip=192.0.2.%lld name=%s%lld decision=not-found\n", t,
		               100 + i % 100, name, i);
		if (w < 0)
			return 1;
		done += w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: journalgen collide|unique N | flood BYTES\n");
		return 2;
	}
	long long n = strtoll(argv[2], NULL, 10);
	if (!strcmp(argv[1], "collide"))
		return collide((long)n);
	if (!strcmp(argv[1], "unique"))
		return unique((long)n);
	if (!strcmp(argv[1], "flood"))
		return flood(n);
	return 2;
}
