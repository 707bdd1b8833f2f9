/* SPDX-License-Identifier: MIT */
/*
 * phoneprov status [--json]: what each phone did, merged from the journals of
 * every writer (in.tftpd, dnsmasq, the dhcp-script hook); who else asked for
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

static void print_rows(const pp_audit_phone *p)
{
	char t[32], o[128];
	printf("  requests  %zu: %zu delivered, %zu denied, %zu not found\n", p->requests,
	       p->delivered, p->denied, p->not_found);
	for (size_t k = 0; k < p->nfetch; k++) {
		const pp_audit_fetch *f = &p->fetch[k];
		stamp(f->t, t, sizeof(t));
		printf("  %s  %-24s %-28s (%s, %s)\n", t, E(f->name), outcome(f, o, sizeof(o)),
		       E(f->writer), f->ip[0] ? E(f->ip) : "-");
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

static void print_phone(const pp_store *st, const pp_audit_phone *p)
{
	char t[32];
	pp_phone_info info = {0};
	int known = st && pp_store_find(st, p->mac, &info) == PP_OK;
	printf("%s  %s%s%s\n", p->mac, known ? E(info.model) : "not in the store",
	       known && info.label[0] ? "  " : "", known ? E(info.label) : "");
	if (p->lease_t) {
		const char *w = lease_word(p->lease_action);
		stamp(p->lease_t, t, sizeof(t));
		printf("  lease     %s at %s (%s)%s%s\n", E(p->lease_ip), t,
		       w ? w : E(p->lease_action), p->host[0] ? ", host " : "", E(p->host));
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
	print_rows(p);
}

static void print_not_shown(const pp_audit_set *s, const char *what)
{
	if (s->dropped)
		printf("  ... and %zu more %s not shown (the least recently seen): %zu requests, "
		       "%zu of them denied\n",
		       s->dropped, what, s->dropped_requests, s->dropped_denied);
}

static void print_text(const pp_store *st, const pp_audit *a, const char *dir, const server *sv,
                       size_t nsv)
{
	char *d = malloc(4 * strlen(dir) + 8);
	if (d)
		esc(dir, d, 4 * strlen(dir) + 8);
	if (a->dir_error == ENOENT)
		printf("journal %s: none yet\n", d ? d : "");
	else if (a->dir_error)
		printf("journal %s: cannot read it (%s)\n", d ? d : "", strerror(a->dir_error));
	else
		printf("journal %s: %zu events\n", d ? d : "", a->events);
	for (size_t j = 0; j < a->njournals; j++)
		if (a->journal[j].error)
			printf("  %s: %s\n", E(a->journal[j].file), why(a->journal[j].error));
	if (a->journals_skipped)
		printf("  %zu more *.journal files not read\n", a->journals_skipped);
	if (a->bad_lines)
		printf("  %zu lines not understood\n", a->bad_lines);
	free(d);

	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		const pp_audit_phone *p = pp_audit_find(a, info.mac);
		if (p && p->in_store) {
			printf("\n");
			print_phone(st, p);
		}
	}
	int header = 0;
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		if (pp_audit_find(a, info.mac))
			continue;
		if (!header++)
			printf("\nnever seen:\n");
		printf("  %s  %s  %s\n", info.mac, E(info.model), E(info.label));
	}
	const pp_audit_phone **v = sorted(&a->strangers);
	if (a->strangers.n || a->strangers.dropped)
		printf("\nseen, not in the store:\n");
	for (size_t i = 0; v && i < a->strangers.n; i++)
		print_phone(st, v[i]);
	free(v);
	print_not_shown(&a->strangers, "MACs");
	v = sorted(&a->unknown);
	if (a->unknown.n || a->unknown.dropped)
		printf("\nunknown clients (no lease seen, MAC unknown):\n");
	for (size_t i = 0; v && i < a->unknown.n; i++) {
		char t0[32], t1[32];
		stamp(v[i]->first_seen, t0, sizeof(t0));
		stamp(v[i]->last_seen, t1, sizeof(t1));
		printf("%s  seen %s to %s\n", E(v[i]->key), t0, t1);
		print_rows(v[i]);
	}
	free(v);
	print_not_shown(&a->unknown, "addresses");

	printf("\nservers:\n");
	if (!nsv)
		printf("  no in.tftpd or dnsmasq running\n");
	for (size_t i = 0; i < nsv; i++)
		printf("  %-8s pid %-7ld %s\n", sv[i].comm, sv[i].pid,
		       sv[i].shim < 0 ? "shim: cannot tell (run as root)"
		       : sv[i].shim   ? "shim loaded"
		                      : "shim NOT loaded");
}

int cmd_status(cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"json", no_argument, NULL, 'j'},
	                                         {NULL, 0, NULL, 0}};
	int json = 0, opt, rc;
	while ((opt = cli_getopt(c, argc, argv, "", longopts, &rc)) != CLI_END) {
		if (opt == CLI_EXIT)
			return rc;
		json = 1; /* --json */
	}
	if (optind < argc) {
		cli_usage_error(c, "status: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	pp_store *st = NULL;
	char dir[4096];
	const char *path = c->config ? c->config : pp_config_path();
	rc = EXIT_OK;
	if (cli_load(c, &st, 1) != EXIT_OK) {
		st = NULL;
		rc = EXIT_STORE;
		if (access(path, R_OK) != 0 && (errno == EACCES || errno == EPERM)) {
			access_hint(c->prog, path);
			fprintf(stderr, "%s: status: without the store its state_dir is unknown\n",
			        c->prog);
		}
	}
	if (st)
		snprintf(dir, sizeof(dir), "%s", pp_store_state_dir(st));
	else
		pp_state_dir_of(path, dir, sizeof(dir));

	pp_audit a;
	if (pp_audit_build(&a, st, dir) < 0) {
		if (a.dir_error == ENOENT) {
			fprintf(stderr, "%s: status: no journal in %s yet\n", c->prog, E(dir));
		} else {
			fprintf(stderr, "%s: status: cannot read %s: %s\n", c->prog, E(dir),
			        strerror(a.dir_error));
			if (a.dir_error == EACCES || a.dir_error == EPERM)
				access_hint(c->prog, dir);
			rc = EXIT_STORE;
		}
	}
	int hinted = 0;
	for (size_t j = 0; j < a.njournals; j++) {
		int e = a.journal[j].error;
		if (!e)
			continue;
		char path2[4096 + 256];
		snprintf(path2, sizeof(path2), "%s/%s", dir, a.journal[j].file);
		fprintf(stderr, "%s: status: %s: %s\n", c->prog, E(path2), why(e));
		if ((e == EACCES || e == EPERM) && !hinted++)
			access_hint(c->prog, path2);
		rc = EXIT_STORE;
	}
	server sv[MAX_SERVERS];
	size_t nsv = find_servers(sv, MAX_SERVERS);
	if (json)
		print_json(st, &a, dir, sv, nsv);
	else
		print_text(st, &a, dir, sv, nsv);
	pp_audit_free(&a);
	pp_store_free(st);
	return rc;
}
