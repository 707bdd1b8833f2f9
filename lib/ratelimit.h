/* SPDX-License-Identifier: MIT */
/*
 * How much journal a client may cost when it gets nothing from the store:
 * a token bucket per client address, and one for all of them, so that a
 * host asking for names nobody has (or for phones' files it is refused)
 * fills the disk at a bounded rate however many addresses it uses.  A
 * phone's boot (a dozen requests) never comes near the limits.
 */
#ifndef PP_RATELIMIT_H
#define PP_RATELIMIT_H

#include <stddef.h>

#define PP_RATE_SLOTS 1024

typedef struct pp_rate_slot {
	char key[64]; /* the client's address; "" = free */
	double tokens;
	double last;          /* seconds, CLOCK_MONOTONIC */
	unsigned long missed; /* events not journaled since the last one that was */
} pp_rate_slot;

typedef struct pp_rate {
	unsigned long seed;               /* keys the hash: a client cannot aim at one slot */
	double burst, per_second;         /* each client */
	double all_burst, all_per_second; /* all clients together */
	double all_tokens, all_last;
	pp_rate_slot slot[PP_RATE_SLOTS];
} pp_rate;

/* Limits: burst events, then per_second; the same for all clients at once. */
void pp_rate_init(pp_rate *r, double burst, double per_second, double all_burst,
                  double all_per_second);

/*
 * May key's event at time now (seconds) be journaled?  1 yes, 0 no.  On
 * yes, *missed is how many of key's events were not journaled before this
 * one (0 mostly), for a line that says so.
 */
int pp_rate_take(pp_rate *r, const char *key, double now, unsigned long *missed);

#endif
