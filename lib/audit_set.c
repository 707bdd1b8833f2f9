/* SPDX-License-Identifier: MIT */
/*
 * pp_audit_set, the bounded tables of audit.c: records of s->size bytes,
 * each starting with its key, indexed by SipHash under a key chosen per
 * run, so that MACs and addresses a LAN client chooses cannot pile up in
 * one bucket; over its limit a table gives up a record not used lately.
 */
#include "audit.h"
#include "siphash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static void random_key(uint64_t *k0, uint64_t *k1)
{
	uint64_t k[2] = {0, 0};
	if (getrandom(k, sizeof(k), GRND_NONBLOCK) != (ssize_t)sizeof(k)) {
		/* Early boot without entropy: still not something a client can guess. */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		k[0] = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)(uintptr_t)k;
		k[1] = (uint64_t)getpid() * 0x9e3779b97f4a7c15ULL ^ (uint64_t)time(NULL);
	}
	*k0 = k[0];
	*k1 = k[1];
}

/* ---- a bounded table: records of s->size bytes, each starting with its key ---- */

#define REC(s, i) ((void *)((s)->rec + (i) * (s)->size))
#define KEY(s, i) ((const char *)REC(s, i))

static size_t bucket(const pp_audit_set *s, const char *key)
{
	return (size_t)pp_siphash24(s->k0, s->k1, key, strlen(key)) & (s->nhead - 1);
}

void pp_audit_set_init(pp_audit_set *s, size_t size, size_t limit, int clients)
{
	memset(s, 0, sizeof(*s));
	s->size = size;
	s->limit = limit;
	s->clients = clients;
	random_key(&s->k0, &s->k1);
}

static void set_link(pp_audit_set *s, size_t i)
{
	size_t b = bucket(s, KEY(s, i));
	s->link[i] = s->head[b];
	s->head[b] = (uint32_t)(i + 1);
}

static void set_unlink(pp_audit_set *s, size_t i)
{
	uint32_t *p = &s->head[bucket(s, KEY(s, i))];
	while (*p && *p != i + 1)
		p = &s->link[*p - 1];
	if (*p)
		*p = s->link[i];
}

/* Buckets for n records: a power of two, at least n (chains of one on average). */
static void set_rehash(pp_audit_set *s, size_t want)
{
	size_t nh = s->nhead ? s->nhead : 64;
	while (nh < want)
		nh *= 2;
	if (nh == s->nhead)
		return;
	uint32_t *h = calloc(nh, sizeof(*h));
	if (!h)
		return; /* longer chains, still correct */
	free(s->head);
	s->head = h;
	s->nhead = nh;
	for (size_t i = 0; i < s->n; i++)
		set_link(s, i);
}

/* The key as it is stored: truncated to fit. */
static void set_key(char out[64], const char *key)
{
	snprintf(out, 64, "%s", key);
}

void *pp_audit_set_lookup(const pp_audit_set *s, const char *key)
{
	char k[64];
	if (!s->nhead)
		return NULL;
	set_key(k, key);
	for (uint32_t i = s->head[bucket(s, k)]; i; i = s->link[i - 1])
		if (strcmp(KEY(s, i - 1), k) == 0)
			return REC(s, i - 1);
	return NULL;
}

/* Found: touched for the clock. */
void *pp_audit_set_find(pp_audit_set *s, const char *key)
{
	void *r = pp_audit_set_lookup(s, key);
	if (r)
		s->ref[((unsigned char *)r - s->rec) / s->size] = 1;
	return r;
}

/* A new zeroed record for key; over the limit it takes the place of one not used lately. */
void *pp_audit_set_add(pp_audit_set *s, const char *key)
{
	size_t i;
	if (s->limit && s->n >= s->limit) {
		/* The clock: skip (and clear) records touched since the hand last passed. */
		for (;;) {
			i = s->hand;
			s->hand = (s->hand + 1) % s->n;
			if (!s->ref[i])
				break;
			s->ref[i] = 0;
		}
		set_unlink(s, i);
		s->dropped++;
		if (s->clients) {
			const pp_audit_phone *old = REC(s, i);
			s->dropped_requests += old->requests;
			s->dropped_denied += old->denied;
		}
	} else {
		if (s->n == s->alloc) {
			size_t na = s->alloc ? s->alloc * 2 : 64;
			if (s->limit && na > s->limit)
				na = s->limit;
			unsigned char *rec = realloc(s->rec, na * s->size);
			if (!rec)
				return NULL;
			s->rec = rec;
			uint32_t *link = realloc(s->link, na * sizeof(*link));
			if (!link)
				return NULL;
			s->link = link;
			unsigned char *ref = realloc(s->ref, na);
			if (!ref)
				return NULL;
			s->ref = ref;
			s->alloc = na;
		}
		if (s->n + 1 > s->nhead)
			set_rehash(s, s->n + 1); /* before i counts: it has no key yet */
		if (!s->nhead)
			return NULL;
		i = s->n++;
	}
	memset(REC(s, i), 0, s->size);
	set_key(REC(s, i), key);
	s->ref[i] = 1;
	set_link(s, i);
	return REC(s, i);
}

void pp_audit_set_free(pp_audit_set *s)
{
	free(s->rec);
	free(s->head);
	free(s->link);
	free(s->ref);
	memset(s, 0, sizeof(*s));
}
