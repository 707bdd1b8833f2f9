/* SPDX-License-Identifier: MIT */
/* phoneprov status --json: the same story as the text, for scripts. */
#include "model.h"
#include "status.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_fetches(const pp_audit *a, const pp_audit_phone *p)
{
	printf(",\"fetches\":[");
	for (size_t k = 0; k < p->nfetch; k++) {
		const pp_audit_fetch *f = &p->fetch[k];
		printf("%s{\"time\":", k ? "," : "");
		json_time(f->t);
		printf(",\"name\":");
		json_str(f->name);
		printf(",\"bytes\":%lld,\"decision\":", f->bytes);
		json_str(f->decision);
		printf(",\"by\":");
		json_str(f->writer);
		printf(",\"ip\":");
		json_str(f->ip);
		printf(",\"completed\":%s,\"server\":", f->completed ? "true" : "false");
		json_str(status_label(a, f->src));
		printf("}");
	}
	printf("],\"firmware\":");
	if (p->firmware[0]) {
		printf("{\"name\":");
		json_str(p->firmware);
		printf(",\"time\":");
		json_time(p->firmware_t);
		printf(",\"decision\":");
		json_str(p->firmware_decision);
		printf(",\"found\":%s}", delivered(p->firmware_decision) ? "true" : "false");
	} else {
		printf("null");
	}
}

/* The journey's stage and trouble in words, as the text has them (null: none). */
static void json_stage(const pp_store *st, const pp_audit_phone *p)
{
	char w[512];
	const pp_phone *ph = st && p->in_store ? pp_store_lookup(st, p->mac) : NULL;

	pp_fw_stage_words(ph, &p->fw, w, sizeof(w));
	printf(",\"firmware_stage\":");
	if (w[0])
		json_str(w);
	else
		printf("null");
	printf(",\"firmware_problem\":");
	if (ph && p->fw.problem[0])
		json_str(p->fw.problem);
	else
		printf("null");
}

static void json_counts(const pp_audit_phone *p)
{
	printf(",\"requests\":%zu,\"delivered\":%zu,\"denied\":%zu,\"not_found\":%zu", p->requests,
	       p->delivered, p->denied, p->not_found);
	printf(",\"first_seen\":");
	json_time(p->first_seen);
	printf(",\"last_seen\":");
	json_time(p->last_seen);
}

static void json_phone(const status_view *v, const pp_audit_phone *p)
{
	const pp_store *st = v->st;
	pp_phone_info info = {0};
	int known = st && pp_store_find(st, p->mac, &info) == PP_OK;
	printf("{\"mac\":");
	json_str(p->mac);
	printf(",\"in_store\":%s,\"model\":", known ? "true" : "false");
	if (known)
		json_str(info.model);
	else
		printf("null");
	printf(",\"lease\":");
	if (p->lease_t) {
		const char *w = lease_word(p->lease_action);
		printf("{\"ip\":");
		json_str(p->lease_ip);
		printf(",\"time\":");
		json_time(p->lease_t);
		printf(",\"action\":");
		json_str(p->lease_action);
		printf(",\"hostname\":");
		json_str(p->host);
		printf(",\"vendor_class\":");
		json_str(p->vendor);
		printf(",\"meaning\":");
		json_str(w ? w : p->lease_action);
		printf(",\"server\":");
		json_str(status_label(v->a, p->lease_src));
		printf("}");
	} else {
		printf("null");
	}
	json_fetches(v->a, p);
	printf(",\"config_delivered\":");
	json_time(p->config_t);
	printf(",\"booted\":%s", p->config_t ? "true" : "false");
	json_stage(st, p);
	json_counts(p);
	json_seen_by(v->a, p);
	printf("}");
}

static void json_not_shown(const pp_audit_set *s)
{
	printf("{\"clients\":%zu,\"requests\":%zu,\"denied\":%zu}", s->dropped, s->dropped_requests,
	       s->dropped_denied);
}

static int by_first_seen(const void *x, const void *y)
{
	const pp_audit_phone *a = *(const pp_audit_phone *const *)x;
	const pp_audit_phone *b = *(const pp_audit_phone *const *)y;
	if (a->first_seen != b->first_seen)
		return a->first_seen < b->first_seen ? -1 : 1;
	return strcmp(a->key, b->key);
}

const pp_audit_phone **sorted(const pp_audit_set *s)
{
	const pp_audit_phone **v = malloc((s->n ? s->n : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		v[i] = pp_audit_entry(s, i);
	qsort(v, s->n, sizeof(*v), by_first_seen);
	return v;
}

static void json_journals(const pp_audit *a)
{
	printf(",\"events\":%zu,\"bad_lines\":%zu,\"journals\":[", a->events, a->bad_lines);
	for (size_t j = 0; j < a->njournals; j++) {
		const pp_audit_journal *jn = &a->journal[j];
		char path[4096 + 256];
		snprintf(path, sizeof(path), "%s/%s", a->group[jn->group].dir, jn->file);
		printf("%s{\"file\":", j ? "," : "");
		json_str(jn->file);
		printf(",\"server\":");
		json_str(jn->label);
		printf(",\"path\":");
		json_str(path);
		printf(",\"events\":%zu,\"bad_lines\":%zu,\"bytes_not_read\":%lld,\"error\":",
		       jn->events, jn->bad_lines, jn->cut);
		if (jn->error)
			json_str(why(jn->error));
		else
			printf("null");
		printf("}");
	}
	printf("],\"journals_not_read\":%zu", a->journals_skipped);
}

void print_json(const status_view *v)
{
	const pp_store *st = v->st;
	const pp_audit *a = v->a;
	printf("{\"state_dir\":");
	if (v->dir)
		json_str(v->dir);
	else
		printf("null");
	json_paths(v);
	printf(",\"readable\":%s", a->dir_error && a->dir_error != ENOENT ? "false" : "true");
	json_journals(a);
	printf(",\"phones\":[");
	size_t k = 0;
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		const pp_audit_phone *p = pp_audit_find(a, info.mac);
		if (p && p->in_store && status_wanted(v, info.mac)) {
			printf("%s", k++ ? "," : "");
			json_phone(v, p);
		}
	}
	const pp_audit_phone **s = sorted(&a->strangers);
	for (size_t i = 0; s && i < a->strangers.n; i++)
		if (status_wanted(v, s[i]->mac)) {
			printf("%s", k++ ? "," : "");
			json_phone(v, s[i]);
		}
	printf("],\"never_seen\":[");
	k = 0;
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		if (pp_audit_find(a, info.mac) || !status_wanted(v, info.mac))
			continue;
		printf("%s", k++ ? "," : "");
		json_str(info.mac);
	}
	for (size_t i = 0; i < v->nmacs; i++)
		if (!pp_audit_find(a, v->macs[i]) &&
		    !(st && pp_store_find(st, v->macs[i], NULL) == PP_OK)) {
			printf("%s", k++ ? "," : "");
			json_str(v->macs[i]);
		}
	printf("],\"not_in_store\":[");
	k = 0;
	for (size_t i = 0; s && i < a->strangers.n; i++)
		if (status_wanted(v, s[i]->mac)) {
			printf("%s", k++ ? "," : "");
			json_str(s[i]->mac);
		}
	free(s);
	printf("],\"not_in_store_not_shown\":");
	json_not_shown(&a->strangers);
	printf(",\"unknown_clients\":[");
	s = sorted(&a->unknown);
	for (size_t i = 0; s && !v->nmacs && i < a->unknown.n; i++) {
		printf("%s{\"ip\":", i ? "," : "");
		json_str(s[i]->key);
		json_counts(s[i]);
		json_fetches(a, s[i]);
		printf("}");
	}
	free(s);
	printf("],\"unknown_clients_not_shown\":");
	json_not_shown(&a->unknown);
	printf(",\"servers\":[");
	for (size_t i = 0; i < v->nsv; i++) {
		printf("%s{\"pid\":%ld,\"program\":", i ? "," : "", v->sv[i].pid);
		json_str(v->sv[i].comm);
		printf(",\"shim\":%s}", v->sv[i].shim < 0 ? "null"
		                        : v->sv[i].shim   ? "true"
		                                          : "false");
	}
	printf("]}\n");
}
