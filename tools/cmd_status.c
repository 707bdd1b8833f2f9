/* SPDX-License-Identifier: MIT */
/*
 * phoneprov status [--json] [--journals PATH]... [MAC...]: what each phone
 * did, merged from the journals of every writer (in.tftpd, dnsmasq, the
 * dhcp-script hook), of one server or of several; who else asked for
 * what, above all what they were refused; and whether the shim is loaded in
 * the running servers.  A broken store still shows the journal: its errors
 * go to stderr and the phones it lists are left out.
 *
 * Everything from a journal is a client's choosing (a request name, a DHCP
 * host name), so every string is printed escaped: no control character, no
 * invalid UTF-8 and no bidirectional override reaches the terminal, and the
 * JSON stays valid (escape.c).  --json is status_json.c's.
 */
#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "model.h"
#include "status.h"

static size_t find_servers(server *out, size_t max)
{
	DIR *d = opendir("/proc");
	struct dirent64 *de;
	size_t n = 0;
	if (!d)
		return 0;
	while ((de = readdir64(d)) && n < max) {
		char path[300], comm[32] = "", line[4096];
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		if (!fgets(comm, sizeof(comm), f))
			comm[0] = '\0';
		fclose(f);
		comm[strcspn(comm, "\n")] = '\0';
		if (strcmp(comm, "in.tftpd") != 0 && strcmp(comm, "dnsmasq") != 0)
			continue;
		server *s = &out[n++];
		s->pid = strtol(de->d_name, NULL, 10);
		snprintf(s->comm, sizeof(s->comm), "%s", comm);
		snprintf(path, sizeof(path), "/proc/%s/maps", de->d_name);
		s->shim = -1;
		if (!(f = fopen(path, "re")))
			continue;
		s->shim = 0;
		while (fgets(line, sizeof(line), f))
			if (strstr(line, "libphoneprov-preload")) {
				s->shim = 1;
				break;
			}
		fclose(f);
	}
	closedir(d);
	return n;
}

/* ---- words ------------------------------------------------------------------- */

const char *lease_word(const char *action)
{
	if (!strcmp(action, "add"))
		return "granted";
	if (!strcmp(action, "old"))
		return "renewed";
	if (!strcmp(action, "del"))
		return "ended";
	return NULL;
}

int delivered(const char *d)
{
	return !strcmp(d, "served") || !strcmp(d, "sent") || !strcmp(d, "fell-through");
}

/* What became of a request: "served 632 bytes, completed", "denied", "not found". */
static const char *outcome(const pp_audit_fetch *f, char *out, size_t len)
{
	/* paired and not completed: in.tftpd's child said the phone did not ACK all of it. */
	const char *d = f->decision, *done = f->completed ? ", completed"
	                                     : f->paired  ? ", cut short"
	                                                  : "";
	char bytes[32] = "";
	if (f->bytes >= 0)
		snprintf(bytes, sizeof(bytes), " %lld bytes", f->bytes);
	if (!strcmp(d, "served"))
		snprintf(out, len, "served%s%s", bytes, done);
	else if (!strcmp(d, "sent"))
		snprintf(out, len, "sent%s, completed", bytes);
	else if (!strcmp(d, "fell-through"))
		snprintf(out, len, "from disk%s%s", bytes, done);
	else if (!strcmp(d, "not-found"))
		snprintf(out, len, "not found");
	else if (!strcmp(d, "denied"))
		snprintf(out, len, "denied");
	else if (!strcmp(d, "error"))
		snprintf(out, len, "error");
	else
		snprintf(out, len, "%s%s", E(d), bytes);
	return out;
}

static const char *firmware_word(const char *d)
{
	if (!strcmp(d, "not-found"))
		return "not found: no such file in the TFTP root";
	if (!strcmp(d, "fell-through"))
		return "from disk";
	if (!strcmp(d, "cut"))
		return "from disk, cut short: the phone did not acknowledge all of it";
	if (!strcmp(d, "served") || !strcmp(d, "sent") || !strcmp(d, "denied") ||
	    !strcmp(d, "error"))
		return d;
	return "?";
}

const char *why(int e)
{
	if (e == ELOOP)
		return "a symbolic link, not read";
	if (e == EINVAL)
		return "not a regular file, not read";
	return strerror(e);
}

/* ---- who may read it ------------------------------------------------------------ */

static void access_hint(const char *prog, const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		fprintf(stderr, "%s: status: run it as root, or as a user who may read %s\n", prog,
		        path);
		return;
	}
	mode_t need = S_ISDIR(st.st_mode) ? (S_IRGRP | S_IXGRP) : S_IRGRP;
	const struct group *g = getgrgid(st.st_gid);
	if ((st.st_mode & need) == need && g)
		fprintf(stderr,
		        "%s: status: %s is readable by the group '%s': run it as root (sudo), or "
		        "as a member of that group (usermod -aG %s USER, then log in again)\n",
		        prog, path, g->gr_name, g->gr_name);
	else
		fprintf(stderr, "%s: status: only its owner may read %s: run it as root (sudo)\n",
		        prog, path);
}

/* ---- text ---------------------------------------------------------------------- */

static void print_rows(const pp_audit *a, const pp_audit_phone *p)
{
	char t[32], o[128];
	printf("  requests  %zu: %zu delivered, %zu denied, %zu not found\n", p->requests,
	       p->delivered, p->denied, p->not_found);
	for (size_t k = 0; k < p->nfetch; k++) {
		const pp_audit_fetch *f = &p->fetch[k];
		stamp(f->t, t, sizeof(t));
		printf("  %s  %-24s %-28s (%s, %s)\n", t, E(f->name), outcome(f, o, sizeof(o)),
		       E(status_label(a, f->src)), f->ip[0] ? E(f->ip) : "-");
	}
}

/* Where its firmware journey stands (fw_track.h), and any trouble on it, in words. */
static void print_stage(const pp_store *st, const pp_audit_phone *p)
{
	char w[512];
	const pp_phone *ph = st && p->in_store ? pp_store_lookup(st, p->mac) : NULL;

	pp_fw_stage_words(ph, &p->fw, w, sizeof(w));
	if (w[0])
		printf("  stage     %s\n", E(w));
	if (ph && p->fw.problem[0])
		printf("  problem   %s\n", E(p->fw.problem));
}

static void print_phone(const status_view *v, const pp_audit_phone *p)
{
	const pp_store *st = v->st;
	char t[32];
	pp_phone_info info = {0};
	int known = st && pp_store_find(st, p->mac, &info) == PP_OK;
	printf("%s  %s%s%s\n", p->mac, known ? E(info.model) : "not in the store",
	       known && info.label[0] ? "  " : "", known ? E(info.label) : "");
	if (p->lease_t) {
		const char *w = lease_word(p->lease_action);
		stamp(p->lease_t, t, sizeof(t));
		printf("  lease     %s at %s (%s)%s%s%s%s\n", E(p->lease_ip), t,
		       w ? w : E(p->lease_action), p->host[0] ? ", host " : "", E(p->host),
		       v->npaths ? ", by " : "",
		       v->npaths ? E(status_label(v->a, p->lease_src)) : "");
	}
	if (p->firmware[0]) {
		stamp(p->firmware_t, t, sizeof(t));
		printf("  firmware  %s at %s, %s\n", E(p->firmware), t,
		       firmware_word(p->firmware_decision));
	}
	print_stage(st, p);
	stamp(p->config_t, t, sizeof(t));
	printf("  booted    %s\n",
	       p->config_t ? t : "no: its own configuration file never reached it");
	status_seen_by(v, p);
	print_rows(v->a, p);
}

static void print_not_shown(const pp_audit_set *s, const char *what)
{
	if (s->dropped)
		printf("  ... and %zu more %s not shown (the least recently seen): %zu requests, "
		       "%zu of them denied\n",
		       s->dropped, what, s->dropped_requests, s->dropped_denied);
}

static void print_header(const status_view *v)
{
	const pp_audit *a = v->a;
	if (v->npaths) {
		status_header(v);
	} else {
		char *d = malloc(4 * strlen(v->dir) + 8);
		if (d)
			esc(v->dir, d, 4 * strlen(v->dir) + 8);
		if (a->dir_error == ENOENT)
			printf("journal %s: none yet\n", d ? d : "");
		else if (a->dir_error)
			printf("journal %s: cannot read it (%s)\n", d ? d : "",
			       strerror(a->dir_error));
		else
			printf("journal %s: %zu events\n", d ? d : "", a->events);
		free(d);
		for (size_t j = 0; j < a->njournals; j++)
			if (a->journal[j].error)
				printf("  %s: %s\n", E(a->journal[j].file),
				       why(a->journal[j].error));
	}
	if (a->journals_skipped)
		printf("  %zu more *.journal files not read\n", a->journals_skipped);
	if (a->bad_lines)
		printf("  %zu lines not understood\n", a->bad_lines);
}

/* A MAC asked for that neither the store nor any journal knows. */
static int nowhere(const status_view *v, const char *mac)
{
	return !pp_audit_find(v->a, mac) && !(v->st && pp_store_find(v->st, mac, NULL) == PP_OK);
}

static void print_others(const status_view *v)
{
	const pp_audit *a = v->a;
	const pp_audit_phone **p = sorted(&a->strangers);
	int header = 0;
	for (size_t i = 0; p && i < a->strangers.n; i++)
		if (status_wanted(v, p[i]->mac)) {
			if (!header++)
				printf("\nseen, not in the store:\n");
			print_phone(v, p[i]);
		}
	free(p);
	if (v->nmacs)
		return; /* what is not shown, and who has no MAC, are not the phones asked for */
	if (!header && a->strangers.dropped)
		printf("\nseen, not in the store:\n");
	print_not_shown(&a->strangers, "MACs");
	p = sorted(&a->unknown);
	if (a->unknown.n || a->unknown.dropped)
		printf("\nunknown clients (no lease seen, MAC unknown):\n");
	for (size_t i = 0; p && i < a->unknown.n; i++) {
		char t0[32], t1[32];
		stamp(p[i]->first_seen, t0, sizeof(t0));
		stamp(p[i]->last_seen, t1, sizeof(t1));
		printf("%s  seen %s to %s\n", E(p[i]->key), t0, t1);
		print_rows(a, p[i]);
	}
	free(p);
	print_not_shown(&a->unknown, "addresses");
}

static void print_text(const status_view *v)
{
	const pp_store *st = v->st;
	const pp_audit *a = v->a;
	print_header(v);
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		const pp_audit_phone *p = pp_audit_find(a, info.mac);
		if (p && p->in_store && status_wanted(v, info.mac)) {
			printf("\n");
			print_phone(v, p);
		}
	}
	int header = 0;
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		if (pp_audit_find(a, info.mac) || !status_wanted(v, info.mac))
			continue;
		if (!header++)
			printf("\nnever seen:\n");
		printf("  %s  %s  %s\n", info.mac, E(info.model), E(info.label));
	}
	for (size_t i = 0; i < v->nmacs; i++)
		if (nowhere(v, v->macs[i])) {
			if (!header++)
				printf("\nnever seen:\n");
			printf("  %s  not in the store\n", v->macs[i]);
		}
	print_others(v);

	printf("\nservers:\n");
	if (!v->nsv)
		printf("  no in.tftpd or dnsmasq running\n");
	for (size_t i = 0; i < v->nsv; i++)
		printf("  %-8s pid %-7ld %s\n", v->sv[i].comm, v->sv[i].pid,
		       v->sv[i].shim < 0 ? "shim: cannot tell (run as root)"
		       : v->sv[i].shim   ? "shim loaded"
		                         : "shim NOT loaded");
}

/* The command line: --json, --journals PATH (again and again), then MACs.  -1: exit with *rc. */
static int parse(cli *c, int argc, char **argv, int *json, const char ***paths, size_t *npaths,
                 char (**macs)[PP_MAC_LEN + 1], size_t *nmacs, int *rc)
{
	static const struct option longopts[] = {{"json", no_argument, NULL, 'j'},
	                                         {"journals", required_argument, NULL, 'J'},
	                                         {NULL, 0, NULL, 0}};
	int opt;
	*paths = calloc((size_t)argc + 1, sizeof(**paths));
	*macs = calloc((size_t)argc + 1, sizeof(**macs));
	if (!*paths || !*macs) {
		fprintf(stderr, "%s: status: out of memory\n", c->prog);
		*rc = EXIT_STORE;
		return -1;
	}
	while ((opt = cli_getopt(c, argc, argv, "", longopts, rc)) != CLI_END) {
		if (opt == CLI_EXIT)
			return -1;
		if (opt == 'j') {
			*json = 1;
		} else if (!*optarg) {
			cli_usage_error(c, "status: --journals needs a PATH");
			*rc = EXIT_USAGE;
			return -1;
		} else {
			(*paths)[(*npaths)++] = optarg;
		}
	}
	for (int i = optind; i < argc; i++)
		if (pp_mac_parse(argv[i], (*macs)[(*nmacs)++]) != PP_OK) {
			cli_usage_error(c, "status: '%s' is not a MAC address", argv[i]);
			*rc = EXIT_USAGE;
			return -1;
		}
	return 0;
}

int cmd_status(cli *c, int argc, char **argv)
{
	int json = 0, rc = EXIT_OK;
	const char **paths = NULL;
	char(*macs)[PP_MAC_LEN + 1] = NULL;
	size_t npaths = 0, nmacs = 0;
	if (parse(c, argc, argv, &json, &paths, &npaths, &macs, &nmacs, &rc) < 0) {
		free(paths);
		free(macs);
		return rc;
	}
	pp_store *st = NULL;
	char dir[4096];
	const char *path = c->config ? c->config : pp_config_path();
	if (cli_load(c, &st, 1) != EXIT_OK) {
		st = NULL;
		rc = EXIT_STORE;
		if (access(path, R_OK) != 0 && (errno == EACCES || errno == EPERM)) {
			access_hint(c->prog, path);
			if (!npaths)
				fprintf(stderr,
				        "%s: status: without the store its state_dir is unknown\n",
				        c->prog);
		}
	}
	if (st)
		snprintf(dir, sizeof(dir), "%s", pp_store_state_dir(st));
	else
		pp_state_dir_of(path, dir, sizeof(dir));

	pp_audit a;
	if (npaths) {
		if (pp_audit_build_paths(&a, st, paths, npaths) < 0) {
			fprintf(stderr, "%s: status: %s\n", c->prog, strerror(a.dir_error));
			rc = EXIT_STORE;
		}
		if (status_notes(c->prog, &a))
			rc = EXIT_STORE;
	} else if (pp_audit_build(&a, st, dir) < 0) {
		if (a.dir_error == ENOENT) {
			fprintf(stderr, "%s: status: no journal in %s yet\n", c->prog, E(dir));
		} else {
			fprintf(stderr, "%s: status: cannot read %s: %s\n", c->prog, E(dir),
			        strerror(a.dir_error));
			if (a.dir_error == EACCES || a.dir_error == EPERM)
				access_hint(c->prog, dir);
			rc = EXIT_STORE;
		}
	} else {
		status_notes(c->prog, &a);
	}
	int hinted = 0;
	for (size_t j = 0; j < a.njournals; j++) {
		int e = a.journal[j].error;
		if (!e)
			continue;
		char path2[4096 + 256];
		snprintf(path2, sizeof(path2), "%s/%s", a.group[a.journal[j].group].dir,
		         a.journal[j].file);
		fprintf(stderr, "%s: status: %s: %s\n", c->prog, E(path2), why(e));
		if ((e == EACCES || e == EPERM) && !hinted++)
			access_hint(c->prog, path2);
		rc = EXIT_STORE;
	}
	server sv[MAX_SERVERS];
	status_view v = {st,    &a,     npaths ? NULL : dir,
	                 paths, npaths, (const char(*)[PP_MAC_LEN + 1]) macs,
	                 nmacs, sv,     find_servers(sv, MAX_SERVERS)};
	if (json)
		print_json(&v);
	else
		print_text(&v);
	pp_audit_free(&a);
	pp_store_free(st);
	free(paths);
	free(macs);
	return rc;
}
