/* SPDX-License-Identifier: MIT */
#include "ratelimit.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

void pp_rate_init(pp_rate *r, double burst, double per_second, double all_burst,
                  double all_per_second)
{
	memset(r, 0, sizeof(*r));
	if (getrandom(&r->seed, sizeof(r->seed), GRND_NONBLOCK) != (ssize_t)sizeof(r->seed))
		r->seed = (unsigned long)(size_t)r ^ 0x9e3779b97f4a7c15UL;
	r->burst = burst;
	r->per_second = per_second;
	r->all_burst = all_burst;
	r->all_per_second = all_per_second;
	r->all_tokens = all_burst;
}

static size_t slot_of(const pp_rate *r, const char *key)
{
	/* FNV-1a from a secret start: collisions cannot be chosen from outside. */
	unsigned long h = 14695981039346656037UL ^ r->seed;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211UL;
	return (size_t)(h % PP_RATE_SLOTS);
}

static double refill(double tokens, double burst, double rate, double elapsed)
{
	tokens += elapsed > 0 ? elapsed * rate : 0;
	return tokens > burst ? burst : tokens;
}

int pp_rate_take(pp_rate *r, const char *key, double now, unsigned long *missed)
{
	pp_rate_slot *s = &r->slot[slot_of(r, key)];
	*missed = 0;
	if (strcmp(s->key, key) != 0) {
		/* A new client, or one that shares the slot: it starts afresh, and
		 * what the old one missed is forgotten with it. */
		snprintf(s->key, sizeof(s->key), "%s", key);
		s->tokens = r->burst;
		s->last = now;
		s->missed = 0;
	}
	s->tokens = refill(s->tokens, r->burst, r->per_second, now - s->last);
	s->last = now;
	r->all_tokens = refill(r->all_tokens, r->all_burst, r->all_per_second, now - r->all_last);
	r->all_last = now;
	if (s->tokens < 1 || r->all_tokens < 1) {
		s->missed++;
		return 0;
	}
	s->tokens -= 1;
	r->all_tokens -= 1;
	*missed = s->missed;
	s->missed = 0;
	return 1;
}
