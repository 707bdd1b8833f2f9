/*
 * phoneprov status [--json]: what each phone did, merged from the journals of
 * every writer (in.tftpd, dnsmasq, the dhcp-script hook), and whether the
 * shim is loaded in the running servers.  A broken store still shows the
 * journal: its errors go to stderr and the phones it lists are left out.
 */
#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
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

static void print_json(const pp_store *st, const pp_audit *a, const char *dir, const server *sv,
                       size_t nsv)
{
	printf("{\"state_dir\":");
	json_str(dir);
	printf(",\"events\":%zu,\"phones\":[", a->events);
	for (size_t i = 0; i < a->nphones; i++) {
		const pp_audit_phone *p = &a->phones[i];
		pp_phone_info info = {0};
		int known = st && pp_store_find(st, p->mac, &info) == PP_OK;
		printf("%s{\"mac\":", i ? "," : "");
		json_str(p->mac);
		printf(",\"in_store\":%s,\"model\":", known ? "true" : "false");
		if (known)
			json_str(info.model);
		else
			printf("null");
		printf(",\"lease\":");
		if (p->lease_t) {
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
			printf("}");
		} else {
			printf("null");
		}
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
			printf("}");
		}
		printf("],\"firmware\":");
		if (p->firmware[0]) {
			printf("{\"name\":");
			json_str(p->firmware);
			printf(",\"time\":");
			json_time(p->firmware_t);
			printf("}");
		} else {
			printf("null");
		}
		printf(",\"config_delivered\":");
		json_time(p->config_t);
		printf(",\"booted\":%s}", p->config_t ? "true" : "false");
	}
	printf("],\"never_seen\":[");
	size_t k = 0;
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		if (pp_audit_find(a, info.mac))
			continue;
		printf("%s", k++ ? "," : "");
		json_str(info.mac);
	}
	printf("],\"not_in_store\":[");
	k = 0;
	for (size_t i = 0; i < a->nphones; i++) {
		if (st && pp_store_find(st, a->phones[i].mac, NULL) == PP_OK)
			continue;
		printf("%s", k++ ? "," : "");
		json_str(a->phones[i].mac);
	}
	printf("],\"servers\":[");
	for (size_t i = 0; i < nsv; i++) {
		printf("%s{\"pid\":%ld,\"program\":", i ? "," : "", sv[i].pid);
		json_str(sv[i].comm);
		printf(",\"shim\":%s}", sv[i].shim < 0 ? "null" : sv[i].shim ? "true" : "false");
	}
	printf("]}\n");
}

static void print_phone(const pp_store *st, const pp_audit_phone *p)
{
	char t[32];
	pp_phone_info info = {0};
	int known = st && pp_store_find(st, p->mac, &info) == PP_OK;
	printf("%s  %s%s%s\n", p->mac, known ? info.model : "not in the store",
	       known && info.label[0] ? "  " : "", known ? info.label : "");
	if (p->lease_t) {
		stamp(p->lease_t, t, sizeof(t));
		printf("  lease     %s at %s (%s)%s%s\n", p->lease_ip, t, p->lease_action,
		       p->host[0] ? ", host " : "", p->host);
	}
	if (p->firmware[0]) {
		stamp(p->firmware_t, t, sizeof(t));
		printf("  firmware  %s at %s\n", p->firmware, t);
	}
	stamp(p->config_t, t, sizeof(t));
	printf("  booted    %s\n",
	       p->config_t ? t : "no: its own configuration file never reached it");
	for (size_t k = 0; k < p->nfetch; k++) {
		const pp_audit_fetch *f = &p->fetch[k];
		stamp(f->t, t, sizeof(t));
		printf("  %s  %-24s %6lld bytes  %-12s (%s, %s)\n", t, f->name, f->bytes,
		       f->decision, f->writer, f->ip);
	}
}

static void print_text(const pp_store *st, const pp_audit *a, const char *dir, const server *sv,
                       size_t nsv)
{
	printf("journal %s: %zu events\n", dir, a->events);
	for (size_t i = 0; i < a->nphones; i++)
		if (st && pp_store_find(st, a->phones[i].mac, NULL) == PP_OK) {
			printf("\n");
			print_phone(st, &a->phones[i]);
		}
	int header = 0;
	for (size_t i = 0; i < pp_store_phone_count(st); i++) {
		pp_phone_info info;
		pp_store_phone(st, i, &info);
		if (pp_audit_find(a, info.mac))
			continue;
		if (!header++)
			printf("\nnever seen:\n");
		printf("  %s  %s  %s\n", info.mac, info.model, info.label);
	}
	header = 0;
	for (size_t i = 0; i < a->nphones; i++) {
		if (st && pp_store_find(st, a->phones[i].mac, NULL) == PP_OK)
			continue;
		if (!header++)
			printf("\nseen, not in the store:\n");
		print_phone(st, &a->phones[i]);
	}
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
	int json = 0;
	for (int i = 1; i < argc; i++) {
		int r = cli_config_opt(c, argc, argv, &i);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			continue;
		}
		cli_usage_error(c, "status: unexpected argument '%s'", argv[i]);
		return EXIT_USAGE;
	}
	pp_store *st = NULL;
	char dir[4096];
	if (cli_load(c, &st, 1) != EXIT_OK)
		st = NULL;
	if (st)
		snprintf(dir, sizeof(dir), "%s", pp_store_state_dir(st));
	else
		pp_state_dir_of(c->config ? c->config : pp_config_path(), dir, sizeof(dir));

	pp_audit a;
	if (pp_audit_build(&a, st, dir) < 0)
		fprintf(stderr, "%s: status: no journal in %s yet\n", c->prog, dir);
	server sv[MAX_SERVERS];
	size_t nsv = find_servers(sv, MAX_SERVERS);
	if (json)
		print_json(st, &a, dir, sv, nsv);
	else
		print_text(st, &a, dir, sv, nsv);
	int rc = st ? EXIT_OK : EXIT_STORE;
	pp_audit_free(&a);
	pp_store_free(st);
	return rc;
}
