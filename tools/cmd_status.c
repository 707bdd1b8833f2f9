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
 * JSON stays valid.
 */
#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "journal.h"

#define MAX_SERVERS 32

typedef struct server {
	long pid;
	char comm[32];
	int shim; /* 1 loaded, 0 not, -1 cannot tell (no permission) */
} server;

static size_t find_servers(server *out, size_t max)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t n = 0;
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
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

static void stamp(time_t t, char *buf, size_t len)
{
	struct tm tm;
	if (!t || !gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%SZ", &tm))
		snprintf(buf, len, "-");
}

/* ---- escaping --------------------------------------------------------------- */

/* A valid UTF-8 sequence at s: its length (2 to 4) and code point; 0 when it is not one. */
static int utf8_seq(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0], v;
	int n;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* a NUL stops here too */
			return 0;
		v = v << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/* Not a C1 control, nor a character that reorders or hides text (bidi, zero width). */
static int harmless(unsigned cp)
{
	return cp >= 0xa0 && !(cp >= 0x200b && cp <= 0x200f) && !(cp >= 0x2028 && cp <= 0x202e) &&
	       !(cp >= 0x2060 && cp <= 0x206f) && cp != 0xfeff && !(cp >= 0xfff9 && cp <= 0xfffb);
}

/* s for a terminal: printable ASCII and harmless UTF-8 as they are, \\ and \xHH for the rest. */
static const char *esc(const char *s, char *out, size_t len)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && o + 5 < len;) {
		unsigned cp;
		int n;
		if (*p >= 0x20 && *p < 0x7f && *p != '\\') {
			out[o++] = (char)*p++;
		} else if (*p == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
			p++;
		} else if ((n = utf8_seq(p, &cp)) != 0 && harmless(cp)) {
			if (o + (size_t)n + 1 >= len)
				break;
			memcpy(out + o, p, (size_t)n);
			o += (size_t)n;
			p += n;
		} else {
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", *p++);
		}
	}
	out[o] = '\0';
	return out;
}

/* A journal field is at most a few hundred bytes; escaped, four times that. */
#define E(s) esc((s), (char[2048]){""}, 2048)

/* A JSON string: valid UTF-8 out whatever came in (U+FFFD for a byte that is not UTF-8). */
static void json_str(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		unsigned cp;
		int n;
		if (*p == '"' || *p == '\\') {
			printf("\\%c", *p++);
		} else if (*p >= 0x20 && *p < 0x7f) {
			putchar(*p++);
		} else if (*p < 0x80) {
			printf("\\u%04x", *p++);
		} else if ((n = utf8_seq(p, &cp)) != 0) {
			if (harmless(cp))
				fwrite(p, 1, (size_t)n, stdout);
			else
				printf("\\u%04x",
				       cp); /* every one that is not harmless is below U+10000 */
			p += n;
		} else {
			printf("\\ufffd");
			p++;
		}
	}
	putchar('"');
}

static void json_time(time_t t)
{
	char buf[32];
	if (!t) {
		printf("null");
		return;
	}
	stamp(t, buf, sizeof(buf));
	json_str(buf);
}

/* ---- words ------------------------------------------------------------------- */

/* dnsmasq's lease actions, as a user says them; NULL for anything else. */
static const char *lease_word(const char *action)
{
	if (!strcmp(action, "add"))
		return "granted";
	if (!strcmp(action, "old"))
		return "renewed";
	if (!strcmp(action, "del"))
		return "ended";
	return NULL;
}

static int delivered(const char *d)
{
	return !strcmp(d, "served") || !strcmp(d, "sent") || !strcmp(d, "fell-through");
}

/* What became of a request: "served 632 bytes, completed", "denied", "not found". */
static const char *outcome(const pp_audit_fetch *f, char *out, size_t len)
{
	const char *d = f->decision, *done = f->completed ? ", completed" : "";
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
	if (!strcmp(d, "served") || !strcmp(d, "sent") || !strcmp(d, "denied") ||
	    !strcmp(d, "error"))
		return d;
	return "?";
}

static const char *why(int e)
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

/* ---- JSON ---------------------------------------------------------------------- */

static void json_fetches(const pp_audit_phone *p)
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
		printf(",\"completed\":%s}", f->completed ? "true" : "false");
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

static void json_counts(const pp_audit_phone *p)
{
	printf(",\"requests\":%zu,\"delivered\":%zu,\"denied\":%zu,\"not_found\":%zu", p->requests,
	       p->delivered, p->denied, p->not_found);
	printf(",\"first_seen\":");
	json_time(p->first_seen);
	printf(",\"last_seen\":");
	json_time(p->last_seen);
}

static void json_phone(const pp_store *st, const pp_audit_phone *p)
{
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
		printf("}");
	} else {
		printf("null");
	}
	json_fetches(p);
	printf(",\"config_delivered\":");
	json_time(p->config_t);
	printf(",\"booted\":%s", p->config_t ? "true" : "false");
	json_counts(p);
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

/* The entries of a bounded set (at most a few hundred), oldest first; free() the array. */
static const pp_audit_phone **sorted(const pp_audit_set *s)
{
	const pp_audit_phone **v = malloc((s->n ? s->n : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		v[i] = pp_audit_entry(s, i);
	qsort(v, s->n, sizeof(*v), by_first_seen);
	return v;
}

static void print_json(const pp_store *st, const pp_audit *a, const char *dir, const server *sv,
                       size_t nsv)
{
	printf("{\"state_dir\":");
	json_str(dir);
	printf(",\"readable\":%s", a->dir_error && a->dir_error != ENOENT ? "false" : "true");
	printf(",\"events\":%zu,\"bad_lines\":%zu,\"journals\":[", a->events, a->bad_lines);
	for (size_t j = 0; j < a->njournals; j++) {
		const pp_audit_journal *jn = &a->journal[j];
		printf("%s{\"file\":", j ? "," : "");
		json_str(jn->file);
		printf(",\"events\":%zu,\"bad_lines\":%zu,\"error\":", jn->events, jn->bad_lines);
		if (jn->error)
			json_str(why(jn->error));
		else
			printf("null");
		printf("}");
	}
	printf("],\"journals_not_read\":%zu,\"phones\":[", a->journals_skipped);
	size_t k = 0;
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		const pp_audit_phone *p = pp_audit_find(a, info.mac);
		if (p && p->in_store) {
			printf("%s", k++ ? "," : "");
			json_phone(st, p);
		}
	}
	const pp_audit_phone **v = sorted(&a->strangers);
	for (size_t i = 0; v && i < a->strangers.n; i++) {
		printf("%s", k++ ? "," : "");
		json_phone(st, v[i]);
	}
	printf("],\"never_seen\":[");
	k = 0;
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		if (pp_audit_find(a, info.mac))
			continue;
		printf("%s", k++ ? "," : "");
		json_str(info.mac);
	}
	printf("],\"not_in_store\":[");
	for (size_t i = 0; v && i < a->strangers.n; i++) {
		printf("%s", i ? "," : "");
		json_str(v[i]->mac);
	}
	free(v);
	printf("],\"not_in_store_not_shown\":");
	json_not_shown(&a->strangers);
	printf(",\"unknown_clients\":[");
	v = sorted(&a->unknown);
	for (size_t i = 0; v && i < a->unknown.n; i++) {
		printf("%s{\"ip\":", i ? "," : "");
		json_str(v[i]->key);
		json_counts(v[i]);
		json_fetches(v[i]);
		printf("}");
	}
	free(v);
	printf("],\"unknown_clients_not_shown\":");
	json_not_shown(&a->unknown);
	printf(",\"servers\":[");
	for (size_t i = 0; i < nsv; i++) {
		printf("%s{\"pid\":%ld,\"program\":", i ? "," : "", sv[i].pid);
		json_str(sv[i].comm);
		printf(",\"shim\":%s}", sv[i].shim < 0 ? "null" : sv[i].shim ? "true" : "false");
	}
	printf("]}\n");
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
