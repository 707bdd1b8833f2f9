/* SPDX-License-Identifier: MIT */
/*
 * Just enough SIP (RFC 3261) for phoneprov notify: an out-of-dialog NOTIFY
 * over UDP in the two forms Cisco phones act on (lifecycle.md §2), and the
 * parts of a response that match it to its transaction.
 *
 *  - 79x0 SIP firmware: Event: check-sync, no body.  The phone fetches
 *    syncinfo.xml once idle and reboots when the sync differs.
 *  - XML family on SIP: Event: service-control, text/plain body
 *    action=restart (re-read the files) or action=reset (power-cycle).
 */
#ifndef PP_SIP_H
#define PP_SIP_H

#include <stddef.h>
#include <time.h>

enum pp_sip_event { PP_SIP_CHECK_SYNC, PP_SIP_RESTART, PP_SIP_RESET };

#define PP_SIP_BRANCH_MAGIC "z9hG4bK" /* RFC 3261 §8.1.1.7 */

typedef struct pp_sip_notify {
	enum pp_sip_event event;
	char user[64];  /* request-URI user: line 1's name; "" for none */
	char host[64];  /* the phone's address */
	unsigned port;  /* its SIP port */
	char local[64]; /* our address as the phone reaches it */
	unsigned local_port;
	char call_id[112]; /* fresh per phone (pp_sip_fresh_ids) */
	char branch[48];   /* z9hG4bK + random */
	char tag[24];      /* From tag */
	unsigned cseq;
} pp_sip_notify;

/* "check-sync", "service-control action=restart", "service-control action=reset". */
const char *pp_sip_event_name(enum pp_sip_event e);
/* A new Call-ID, branch and From tag (needs local set first).  0, or -1 without randomness. */
int pp_sip_fresh_ids(pp_sip_notify *n);
/* The request as it goes on the wire.  Its length, or -1 when it does not fit in len. */
int pp_sip_notify_format(const pp_sip_notify *n, time_t now, char *buf, size_t len);

typedef struct pp_sip_response {
	int status;      /* 100..699 */
	char reason[64]; /* printable ASCII only */
	char branch[48]; /* of the top Via */
	char call_id[112];
	unsigned long cseq;
	char method[16]; /* of CSeq */
} pp_sip_response;

/*
 * Parse a datagram as a SIP response.  0, or -1 with why (a short phrase)
 * when it is not one: anything may arrive on our port.
 */
int pp_sip_response_parse(const char *buf, size_t len, pp_sip_response *r, const char **why);

#endif
