/* SPDX-License-Identifier: MIT */
/*
 * phoneprov firmware [--json] [MAC...]: per phone its model, the load it
 * runs and how that is known (from its requests in the journals, replayed
 * through the same learner the status uses), its target, the steps left and
 * any file those steps need that the TFTP root lacks.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_files.h"
#include "journal.h"
#include "status.h"

static const char *known_word(enum pp_fw_known k)
{
	return k == PP_FW_EXACT        ? "exact"
	       : k == PP_FW_PRELOADER  ? "pre-loader"
	       : k == PP_FW_LOADER_ERA ? "loader-era"
	                               : "unknown";
}

static const char *state_word(enum pp_fw_state s)
{
	return s == PP_FWS_ON_TARGET  ? "on-target"
	       : s == PP_FWS_STEPPING ? "stepping"
	       : s == PP_FWS_HELD     ? "held"
	                              : "no-target";
}

typedef struct view {
	const pp_phone *ph;
	const pp_fw_seen *seen; /* NULL: never seen */
	pp_fw_plan plan;
	char missing[PP_FW_MAX_VIA + 1][4][PP_FW_PART_MAX + 1];
	size_t nmissing[PP_FW_MAX_VIA + 1];
} view;

static void fill(view *v, const pp_phone *ph, const pp_audit *a, const pp_fw_root *root)
{
	const pp_audit_phone *ap = a ? pp_audit_find(a, ph->mac) : NULL;
	int own;

	memset(v, 0, sizeof(*v));
	v->ph = ph;
	v->seen = ap ? &ap->fw : NULL;
	pp_fw_phone_plan(ph, v->seen, &v->plan);
	for (size_t i = 0; root && i < v->plan.n; i++)
		v->nmissing[i] =
		    pp_fw_step_missing(root, &v->plan.steps[i], v->missing[i], 4, &own);
}

static void print_text(const view *v)
{
	const pp_fw_seen *s = v->seen;
	char d[64];
	const pp_fw_plan *p = &v->plan;

	printf("%s  %s\n", v->ph->mac, v->ph->model->name);
	if (s && s->known == PP_FW_EXACT) {
		pp_fw_describe(s->load, d, sizeof(d));
		printf("  runs     %s%s%s%s: %s\n", E(s->load), d[0] ? " (" : "", d,
		       d[0] ? ")" : "", s->how ? s->how : "");
	} else if (s && s->known != PP_FW_UNKNOWN) {
		printf("  runs     not known exactly: %s\n",
		       s->how ? s->how : known_word(s->known));
	} else {
		printf("  runs     not known: no request of it in the journals yet\n");
	}
	if (p->state == PP_FWS_NONE) {
		printf("  target   none: the store gives the %s no firmware load\n",
		       v->ph->model->name);
		return;
	}
	pp_fw_describe(p->target, d, sizeof(d));
	printf("  target   %s%s%s%s%s\n", p->target, d[0] ? " (" : "", d, d[0] ? ")" : "",
	       p->state == PP_FWS_ON_TARGET ? ", reached"
	       : p->state == PP_FWS_HELD    ? "; it runs a newer load and is left on it (pin the "
	                                      "load in the phone's own entry to move it back)"
	                                    : "");
	if (p->n) {
		printf("  steps    ");
		for (size_t i = 0; i < p->n; i++)
			printf("%s%s%s", i ? " -> " : "", p->steps[i].load,
			       p->steps[i].bin ? " (.bin, by OS79XX.TXT)" : "");
		printf("  (%zu left%s)\n", p->n,
		       p->from_via ? ", from via" : ", from phoneprov's table");
		printf("  next     %s\n", p->next);
	}
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = 0; j < v->nmissing[i]; j++)
			printf("  missing  %s, for %s\n", v->missing[i][j], p->steps[i].load);
	if (s && s->problem[0])
		printf("  problem  %s\n", E(s->problem));
}

static void print_json_one(const view *v, int first)
{
	const pp_fw_seen *s = v->seen;
	const pp_fw_plan *p = &v->plan;

	printf("%s{\"mac\":", first ? "" : ",");
	json_str(v->ph->mac);
	printf(",\"model\":");
	json_str(v->ph->model->name);
	printf(",\"current\":{\"known\":");
	json_str(known_word(s ? s->known : PP_FW_UNKNOWN));
	printf(",\"load\":");
	if (s && s->known == PP_FW_EXACT)
		json_str(s->load);
	else
		printf("null");
	printf(",\"how\":");
	if (s && s->how)
		json_str(s->how);
	else
		printf("null");
	printf(",\"learned\":");
	json_time(s ? s->t : 0);
	printf("},\"state\":");
	json_str(state_word(p->state));
	printf(",\"target\":");
	if (p->target)
		json_str(p->target);
	else
		printf("null");
	printf(",\"from_via\":%s,\"next\":", p->from_via ? "true" : "false");
	if (p->next[0])
		json_str(p->next);
	else
		printf("null");
	printf(",\"steps\":[");
	for (size_t i = 0; i < p->n; i++) {
		printf("%s{\"load\":", i ? "," : "");
		json_str(p->steps[i].load);
		printf(",\"by\":\"%s\",\"table\":%s}", p->steps[i].bin ? "bin" : "loads",
		       p->steps[i].rule ? "true" : "false");
	}
	printf("],\"missing\":[");
	int any = 0;
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = 0; j < v->nmissing[i]; j++) {
			printf("%s{\"file\":", any++ ? "," : "");
			json_str(v->missing[i][j]);
			printf(",\"step\":");
			json_str(p->steps[i].load);
			printf("}");
		}
	printf("],\"problem\":");
	if (s && s->problem[0])
		json_str(s->problem);
	else
		printf("null");
	printf("}");
}

int cmd_firmware(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"json", no_argument, NULL, 'j'},
	                                         {NULL, 0, NULL, 0}};
	pp_store *st;
	int opt, rc, json = 0;

	while ((opt = cli_getopt(c, argc, argv, "", longopts, &rc)) != CLI_END) {
		if (opt == CLI_EXIT)
			return rc;
		json = 1;
	}
	for (int i = optind; i < argc; i++) {
		char m[PP_MAC_LEN + 1];
		if (pp_mac_parse(argv[i], m) != PP_OK) {
			cli_usage_error(c, "firmware: '%s' is not a MAC address", argv[i]);
			return EXIT_USAGE;
		}
	}
	rc = cli_load(c, &st, 1);
	if (rc != EXIT_OK)
		return rc;
	for (int i = optind; i < argc; i++) {
		char m[PP_MAC_LEN + 1];
		pp_mac_parse(argv[i], m);
		if (!pp_store_lookup(st, m)) {
			fprintf(stderr, "%s: firmware: no phone with MAC %s in the store\n",
			        c->prog, m);
			pp_store_free(st);
			return EXIT_NOTFOUND;
		}
	}

	pp_audit a;
	int have_audit = pp_audit_build(&a, st, pp_store_state_dir(st)) == 0;
	if (!have_audit && a.dir_error != ENOENT)
		fprintf(stderr,
		        "%s: firmware: cannot read the journals in %s: %s; loads not known\n",
		        c->prog, E(pp_store_state_dir(st)), strerror(a.dir_error));
	pp_fw_root root;
	int have_root = pp_fw_root_open(&root, pp_store_tftp_root(st)) == 0;
	if (!have_root)
		fprintf(stderr,
		        "%s: firmware: cannot read tftp.root %s: %s; files not looked for\n",
		        c->prog, E(pp_store_tftp_root(st)), strerror(errno));

	view *v = malloc(sizeof(*v));
	if (!v) {
		fprintf(stderr, "%s: firmware: out of memory\n", c->prog);
		rc = EXIT_STORE;
		goto out;
	}
	if (json)
		printf("{\"phones\":[");
	int first = 1;
	for (size_t i = 0; i < st->nphones; i++) {
		const pp_phone *ph = &st->phones[i];
		int wanted = optind >= argc;
		for (int k = optind; k < argc && !wanted; k++) {
			char m[PP_MAC_LEN + 1];
			pp_mac_parse(argv[k], m);
			wanted = strcmp(m, ph->mac) == 0;
		}
		if (!wanted)
			continue;
		fill(v, ph, have_audit ? &a : NULL, have_root ? &root : NULL);
		if (json)
			print_json_one(v, first);
		else
			print_text(v);
		first = 0;
	}
	if (json)
		printf("]}\n");
	free(v);
out:
	if (have_root)
		pp_fw_root_close(&root);
	pp_audit_free(&a);
	pp_store_free(st);
	return rc;
}
