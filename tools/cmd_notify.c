/* SPDX-License-Identifier: MIT */
/*
 * phoneprov notify [--reboot] [--dry-run] [--rate N] [--timeout S] MAC... | --changed | --all
 *
 * Tells phones by SIP NOTIFY to fetch their files again (lib/notify.h): a
 * 79x0 check-sync, an XML-family phone service-control restart (reset with
 * --reboot).  One line per phone on stdout, as each outcome is known, then
 * a summary.  Exit 0 when every phone named (or changed, or in the store)
 * answered 2xx; EXIT_NOT_ANSWERED when one did not, could not be reached,
 * or is not in the store.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"

typedef struct report {
	size_t answered, refused, silent, failed, skipped, unchanged, dry;
} report;

static void print_phone(void *ctx, const pp_notify_phone *p)
{
	report *r = ctx;
	const char *what = pp_sip_event_name(p->req.event);
	char to[160] = "";

	if (p->req.host[0])
		snprintf(to, sizeof(to), "%s to %s%s%s:%u (%s)", what,
		         strchr(p->req.host, ':') ? "[" : "", p->req.host,
		         strchr(p->req.host, ':') ? "]" : "", p->req.port, p->source);
	printf("%-12s  %-5s  ", p->mac, p->model[0] ? p->model : "-");
	switch (p->state) {
	case PP_NOTIFY_ANSWERED:
	case PP_NOTIFY_REFUSED:
		if (p->state == PP_NOTIFY_ANSWERED)
			r->answered++;
		else
			r->refused++;
		printf("answered %d%s%s: %s, %u send%s, %.2f s", p->status, p->reason[0] ? " " : "",
		       p->reason, to, p->sends, p->sends == 1 ? "" : "s", p->seconds);
		if (p->state == PP_NOTIFY_REFUSED && p->status == 400 &&
		    p->req.event != PP_SIP_CHECK_SYNC)
			printf(" (a phone that checks RegisterCallId wants its PBX's restart; see "
			       "README, Asterisk)");
		break;
	case PP_NOTIFY_NO_ANSWER:
		r->silent++;
		printf("no answer: %s, %u send%s over %.1f s", to, p->sends,
		       p->sends == 1 ? "" : "s", p->seconds);
		break;
	case PP_NOTIFY_FAILED:
		r->failed++;
		printf("not sent: %s%s%s", to, to[0] ? ": " : "", p->why);
		break;
	case PP_NOTIFY_SKIPPED:
		r->skipped++;
		printf("skipped: %s", p->why);
		break;
	case PP_NOTIFY_UNCHANGED:
		r->unchanged++;
		printf("%s", p->why);
		break;
	case PP_NOTIFY_DRY_RUN:
		r->dry++;
		printf("would send %s", to);
		break;
	case PP_NOTIFY_PENDING:
		break;
	}
	if (p->changed[0])
		printf("; changed: %s", p->changed);
	if (p->garbage)
		printf("; %u datagram%s from it answered nothing (%s)", p->garbage,
		       p->garbage == 1 ? "" : "s", p->garbage_sample);
	printf("\n");
	fflush(stdout);
}

/* A number in [lo, hi] from text, or -1. */
static double number(const char *text, double lo, double hi)
{
	char *end;
	double v = strtod(text, &end);
	return end != text && !*end && v >= lo && v <= hi ? v : -1;
}

int cmd_notify(cli *c, int argc, char **argv)
{
	enum pp_notify_which which = PP_NOTIFY_MACS;
	int reboot = 0, dry = 0, all = 0, changed = 0;
	pp_notify_opts o = {
	    PP_NOTIFY_RATE, 64 * PP_NOTIFY_T1, PP_NOTIFY_T1, PP_NOTIFY_T2, NULL, NULL};
	const char **macs = calloc((size_t)argc + 1, sizeof(*macs));
	size_t nmacs = 0;

	if (!macs) {
		perror("phoneprov");
		return EXIT_STORE;
	}
	static const struct option longopts[] = {{"reboot", no_argument, NULL, 'R'},
	                                         {"dry-run", no_argument, NULL, 'n'},
	                                         {"all", no_argument, NULL, 'A'},
	                                         {"changed", no_argument, NULL, 'G'},
	                                         {"rate", required_argument, NULL, 'r'},
	                                         {"timeout", required_argument, NULL, 't'},
	                                         {NULL, 0, NULL, 0}};
	int opt, orc;
	while ((opt = cli_getopt(c, argc, argv, "n", longopts, &orc)) != CLI_END) {
		if (opt == CLI_EXIT) {
			free(macs);
			return orc;
		}
		if (opt == 'R') {
			reboot = 1;
		} else if (opt == 'n') {
			dry = 1;
		} else if (opt == 'A') {
			all = 1;
		} else if (opt == 'G') {
			changed = 1;
		} else {
			int rate = opt == 'r';
			double v = number(optarg, 0.1, rate ? 100 : 64 * PP_NOTIFY_T1);
			if (v < 0) {
				cli_usage_error(
				    c, rate ? "notify: --rate needs phones a second, 0.1 "
				              "to 100"
				            : "notify: --timeout needs seconds, 0.1 to 32");
				goto usage;
			}
			*(rate ? &o.rate : &o.timeout) = v;
		}
	}
	for (int i = optind; i < argc; i++) {
		char mac[PP_MAC_LEN + 1];
		if (pp_mac_parse(argv[i], mac) != PP_OK) {
			cli_usage_error(c, "notify: '%s' is not a MAC address", argv[i]);
			goto usage;
		}
		macs[nmacs++] = argv[i];
	}
	if ((all || changed) + (nmacs > 0) != 1 || (all && changed)) {
		cli_usage_error(
		    c, "notify: name the phones: MAC..., --changed or --all (one of them)");
		goto usage;
	}
	which = all ? PP_NOTIFY_ALL : changed ? PP_NOTIFY_CHANGED : PP_NOTIFY_MACS;

	pp_store *st;
	int rc = cli_load(c, &st, 1);
	if (rc != EXIT_OK) {
		free(macs);
		return rc;
	}
	pp_notify_phone *p;
	size_t n;
	pp_error err;
	if (pp_notify_plan(st, which, macs, nmacs, reboot, NULL, &p, &n, &err) != PP_OK) {
		fprintf(stderr, "%s: notify: %s\n", c->prog, err.message);
		pp_store_free(st);
		free(macs);
		return EXIT_STORE;
	}
	free(macs);
	report r = {0};
	o.done = print_phone;
	o.ctx = &r;
	for (size_t i = 0; i < n; i++) {
		if (dry && p[i].state == PP_NOTIFY_PENDING)
			p[i].state = PP_NOTIFY_DRY_RUN;
		if (p[i].state != PP_NOTIFY_PENDING)
			print_phone(&r, &p[i]);
	}
	if (!dry)
		pp_notify_send(p, n, &o);
	int bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += p[i].failure && p[i].state != PP_NOTIFY_ANSWERED &&
		       p[i].state != PP_NOTIFY_DRY_RUN;
	printf("notify: %zu phone%s: ", n, n == 1 ? "" : "s");
	if (dry)
		printf("%zu would be sent, ", r.dry);
	else
		printf("%zu answered, %zu refused, %zu no answer, %zu not sent, ", r.answered,
		       r.refused, r.silent, r.failed);
	printf("%zu skipped", r.skipped);
	if (which == PP_NOTIFY_CHANGED)
		printf(", %zu unchanged", r.unchanged);
	printf("\n");
	free(p);
	pp_store_free(st);
	return bad ? EXIT_NOT_ANSWERED : EXIT_OK;
usage:
	free(macs);
	return EXIT_USAGE;
}
