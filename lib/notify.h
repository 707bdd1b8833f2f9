/* SPDX-License-Identifier: MIT */
/*
 * phoneprov notify: tell phones to re-read their files by SIP NOTIFY
 * (sip.h), one out-of-dialog non-INVITE transaction per phone over UDP,
 * as RFC 3261 §17.1.2 has it: the request again after T1 (500 ms), then at
 * doubling intervals up to T2 (4 s), at T2 once a provisional response came;
 * given up at Timer F, 64*T1 = 32 s, unless opts.timeout says less (tests).
 * Phones are started at most opts.rate a second, so a whole store does not
 * storm the LAN; every loop is bounded by the phones given and the clock.
 *
 * The plan (notify_plan.c) says which phones, which NOTIFY, and where:
 * the phone's address comes from what phoneprov already knows, in this order:
 *   1. the dhcp-script hook's bindings (STATE_DIR/bindings),
 *   2. dnsmasq's lease file (security.leases),
 *   3. the kernel's neighbour table (/proc/net/arp),
 *   4. the address of its last fetch in the journal.
 * A binding or a lease is what a DHCP client claimed: good enough to address
 * a NOTIFY, which carries no secret, never a reason to hand out one.
 */
#ifndef PP_NOTIFY_H
#define PP_NOTIFY_H

#include <stddef.h>

#include "phoneprov.h"
#include "sip.h"

enum pp_notify_state {
	PP_NOTIFY_PENDING = 0, /* to be sent */
	PP_NOTIFY_ANSWERED,    /* a 2xx */
	PP_NOTIFY_REFUSED,     /* a final response 300..699 */
	PP_NOTIFY_NO_ANSWER,   /* Timer F fired */
	PP_NOTIFY_FAILED,      /* it could not be sent (sendto said why) */
	PP_NOTIFY_SKIPPED,     /* not sent: why says why */
	PP_NOTIFY_UNCHANGED,   /* --changed: its files are what it last fetched */
	PP_NOTIFY_DRY_RUN      /* --dry-run: would have been sent */
};

typedef struct pp_notify_phone {
	char mac[PP_MAC_LEN + 1];
	char model[16];
	int failure;        /* counts against the exit status when not answered */
	pp_sip_notify req;  /* event, user, host, port (planned); the rest when sent */
	const char *source; /* where the address came from */
	char changed[160];  /* --changed: which files changed, for the report */
	/* the outcome */
	enum pp_notify_state state;
	int status;      /* the final response's code */
	char reason[64]; /* and its reason phrase, or why it was skipped/failed */
	char why[256];
	unsigned sends;
	double seconds;   /* from the first send to the final response or Timer F */
	unsigned garbage; /* datagrams from its address that were no answer to it */
	char garbage_sample[64];
	/* the transaction (notify.c) */
	double start, next, interval, deadline;
	int proceeding;
	size_t wire_len;
	char wire[1400];
} pp_notify_phone;

typedef struct pp_notify_opts {
	double rate;    /* phones started a second; default 10 */
	double timeout; /* Timer F in seconds; default 64*T1 = 32 */
	double t1, t2;  /* RFC 3261: 0.5 and 4 s */
	/* Called once per phone when its outcome is final (in completion order). */
	void (*done)(void *ctx, const pp_notify_phone *p);
	void *ctx;
} pp_notify_opts;

#define PP_NOTIFY_T1   0.5
#define PP_NOTIFY_T2   4.0
#define PP_NOTIFY_RATE 10.0

/*
 * Send every phone still PENDING its NOTIFY and wait for the answers; each
 * phone's outcome is in it (a socket that cannot be opened fails its phones).
 */
void pp_notify_send(pp_notify_phone *p, size_t n, const pp_notify_opts *o);

/* ---- the plan (notify_plan.c) ------------------------------------------------ */

enum pp_notify_which { PP_NOTIFY_MACS, PP_NOTIFY_ALL, PP_NOTIFY_CHANGED };

typedef struct pp_notify_where {
	const char *state_dir; /* NULL: the store's */
	const char *leases;    /* NULL: the store's security.leases */
	const char *arp;       /* NULL: /proc/net/arp */
} pp_notify_where;

/*
 * The phones to notify and how: MACS (macs[0..nmacs), as given; one not in
 * the store is SKIPPED with failure set), ALL, or CHANGED (those whose
 * rendering now differs from what the journal says they were served; the
 * rest UNCHANGED or SKIPPED).  reboot: service-control reset instead of
 * restart.  *out (malloc'd, free with free()) has *n entries, PENDING where
 * a NOTIFY is to go.  PP_EIO with err when --changed cannot read the journal.
 */
int pp_notify_plan(const pp_store *st, enum pp_notify_which which, const char *const *macs,
                   size_t nmacs, int reboot, const pp_notify_where *where, pp_notify_phone **out,
                   size_t *n, pp_error *err);

#endif
