/* SPDX-License-Identifier: MIT */
/*
 * SEP<MAC>.cnf.xml, the XML family's own file, read into the store's
 * settings: each element whose path is a settings row's .xml (or a line
 * row's, under sipProfile/sipLines/line) becomes that setting, in the form
 * lib/render_sep.c writes it back (true/false, 1/0, Unicast, "2" for UDP).
 * Nothing here decides what is lost: imp_sep_left renders the phone's file
 * from the store made and takes every element that does not come back the
 * same, for the raw XML passthrough.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "models.h"
#include "schema.h"

/* A phone's file has a few hundred elements; the leaves' walk is quadratic in siblings. */
#define MAX_SEP_NODES 4000

static int fail(const imp_file *f, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: error: %s; %s not imported\n", f->path, line, msg, f->name);
	return -1;
}

/* The element's path with every "[k]" left out: the row's form. */
static void strip_index(const char *path, char *out, size_t len)
{
	size_t w = 0;
	for (const char *p = path; *p && w + 1 < len; p++) {
		if (*p == '[') {
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
			continue;
		}
		out[w++] = *p;
	}
	out[w] = '\0';
}

/* The store's word for an element's text, or NULL when the store writes no such text. */
static const char *as_store(const pp_field *f, const char *text, char *buf, size_t len)
{
	static const char *const ntp[] = {"Unicast", "Multicast", "Anycast", "DirectedBroadcast"};

	if (strcmp(f->key, "protocol") == 0)
		return strcmp(text, "SIP") == 0 ? "sip" : strcmp(text, "SCCP") == 0 ? "sccp" : NULL;
	if (strcmp(f->key, "proxy.transport") == 0)
		return strcmp(text, "2") == 0 ? "udp" : strcmp(text, "1") == 0 ? "tcp" : NULL;
	if (strcmp(f->key, "ntp.mode") == 0) {
		for (size_t i = 0; i < sizeof(ntp) / sizeof(ntp[0]); i++)
			if (strcmp(text, ntp[i]) == 0) {
				snprintf(buf, len, "%s", ntp[i]);
				for (char *p = buf; *p; p++)
					*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
				return buf;
			}
		return NULL;
	}
	if (strcmp(f->key, "dial_template") == 0) {
		size_t n = strlen(text);
		if (n <= 4 || strcmp(text + n - 4, ".xml") != 0 || n - 4 >= len)
			return NULL;
		memcpy(buf, text, n - 4);
		buf[n - 4] = '\0';
		return buf;
	}
	if (f->type == PP_V_BOOL) {
		/* the line options are written 1/0, the rest true/false (render_sep.c) */
		int ones = f->flags & (PP_F_CNF_MASK | PP_F_CNF_FIRST);
		if (strcmp(text, ones ? "1" : "true") == 0)
			return "1";
		if (strcmp(text, ones ? "0" : "false") == 0)
			return "0";
		return NULL;
	}
	return text;
}

/* The settings row whose element path is xml, or NULL. */
static const pp_field *setting_for(const char *xml)
{
	for (const pp_field *f = pp_settings_schema; f->key; f++) {
		/* time_zone's element is the mapped name: xml_time_zone holds it as written */
		if (f->kind != PP_K_SCALAR || !f->xml || strcmp(f->key, "time_zone") == 0 ||
		    strcmp(f->key, "messages_uri") == 0)
			continue;
		if (strcmp(f->xml, xml) == 0)
			return f;
	}
	return NULL;
}

static const pp_field *line_field(const char *xml)
{
	for (const pp_field *f = pp_line_schema; f->key; f++)
		if (f->xml && strcmp(f->xml, xml) == 0)
			return f;
	return NULL;
}

/* The line number of path "sipProfile/sipLines/line[k]/...", and the rest after it. */
static unsigned line_of(const char *path, const char **rest)
{
	static const char pre[] = "sipProfile/sipLines/line";
	const char *p = path + sizeof(pre) - 1;
	unsigned k = 1;

	if (strncmp(path, pre, sizeof(pre) - 1) != 0)
		return 0;
	if (*p == '[') {
		k = (unsigned)strtoul(p + 1, (char **)&p, 10);
		if (*p++ != ']')
			return 0;
	}
	if (*p != '/')
		return 0;
	*rest = p + 1;
	return k;
}

static int entry(imp_file *f, const char *key, const char *value, int line)
{
	return imp_add(f, key, value, line, NULL);
}

/* One leaf to the setting it is, if any (else imp_sep_left finds it left over). */
static int map_leaf(imp_file *f, const imp_leaf *l)
{
	char bare[512], buf[80], key[96];
	const char *rest, *v;
	const pp_field *row;
	unsigned n;

	strip_index(l->path, bare, sizeof(bare));
	if ((n = line_of(l->path, &rest)) != 0) {
		strip_index(rest, bare, sizeof(bare));
		if (strcmp(bare, "messagesNumber") == 0)
			return n == 1 ? entry(f, "messages_uri", l->text, l->line) : 0;
		if (strcmp(bare, "proxy") == 0 && strcmp(l->text, "USECALLMANAGER") == 0)
			return 0; /* what the store writes for a line without its own proxy */
		if (!(row = line_field(bare)) || !(v = as_store(row, l->text, buf, sizeof(buf))))
			return 0;
		snprintf(key, sizeof(key), "line%u.%s", n, row->key);
		return entry(f, key, v, l->line);
	}
	if (strcmp(l->path, "loadInformation") == 0)
		return entry(f, "firmware", l->text, l->line);
	if (strncmp(l->path, "vendorConfig/", 13) == 0 && !strchr(l->path + 13, '/') &&
	    !strchr(l->path + 13, '[')) {
		snprintf(key, sizeof(key), "vendor_config.%s", l->path + 13);
		return strlen(l->path + 13) < 64 ? entry(f, key, l->text, l->line) : 0;
	}
	if (strcmp(bare, l->path) != 0)
		return 0; /* a second one of an element: the store writes one */
	if (!(row = setting_for(l->path)) || !(v = as_store(row, l->text, buf, sizeof(buf))))
		return 0;
	return entry(f, row->key, v, l->line);
}

/*
 * A SEP file does not name its model.  Its load does, nearly: SIP41 runs
 * on the 7941 and the 7961, told apart here by the lines the file has.
 */
static void guess_model(imp_file *f, const char *load, unsigned lines)
{
	static const struct {
		const char *prefix, *few, *many;
	} loads[] = {
	    {"SIP41", "7941", "7961"},   {"SIP42", "7942", "7962"},   {"SIP45", "7945", "7965"},
	    {"SIP70", "7970", "7970"},   {"SIP75", "7975", "7975"},   {"SIP11", "7911", "7911"},
	    {"SIP06", "7906", "7906"},   {"sip8941", "8941", "8941"}, {"sip8945", "8945", "8945"},
	    {"sip8961", "8961", "8961"}, {"sip9951", "9951", "9951"}, {"sip9971", "9971", "9971"},
	};
	for (size_t i = 0; load && i < sizeof(loads) / sizeof(loads[0]); i++)
		if (strncasecmp(load, loads[i].prefix, strlen(loads[i].prefix)) == 0) {
			f->model = lines > 2 ? loads[i].many : loads[i].few;
			f->model_why = "from its loadInformation; the six-line one of the pair "
			               "when it has a line 3 or above";
			return;
		}
	f->model = lines > 2 ? "7961" : "7941";
	f->model_why = "its loadInformation does not say: 7961 when it has a line 3 or above";
}

int imp_sep_parse(imp_file *f, char *data, size_t len)
{
	imp_leaf *l;
	size_t n;
	unsigned lines = 0;

	if (!(f->xml = calloc(1, sizeof(*f->xml))))
		return fail(f, 1, "out of memory");
	if (imp_xml_parse(f, data, len, f->xml) < 0)
		return -1;
	if (strcmp(f->xml->n[0].name, "device") != 0)
		return fail(f, f->xml->n[0].line, "not a <device>: not a SEP<MAC>.cnf.xml");
	if (f->xml->nn > MAX_SEP_NODES)
		return fail(f, 1, "over 4000 elements: not a phone's file");
	if (imp_xml_leaves(f->xml, 0, &l, &n) < 0)
		return fail(f, 1, "out of memory");
	int rc = 0;
	const char *load = NULL;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const char *rest;
		unsigned k = line_of(l[i].path, &rest);
		lines = k > lines ? k : lines;
		if (strcmp(l[i].path, "loadInformation") == 0)
			load = l[i].text;
		rc = map_leaf(f, &l[i]);
	}
	guess_model(f, load, lines);
	imp_leaves_free(l, n);
	return rc < 0 ? fail(f, 1, "out of memory") : 0;
}

int imp_has_xml_passthrough(void)
{
	for (const pp_field *f = pp_settings_schema; f->key; f++)
		if (strcmp(f->key, "xml") == 0)
			return 1;
	return 0;
}

size_t imp_sep_unreach(const imp_file *f, imp_file *def)
{
	size_t n = 0;
	for (size_t a = 0; def && a < f->nadded; a++) {
		char bare[512];
		strip_index(f->added[a], bare, sizeof(bare));
		for (const pp_field *row = pp_settings_schema; row->key; row++) {
			if (!row->xml || !row->cnf || strcmp(row->xml, bare) != 0 ||
			    strstr(row->cnf, "%u"))
				continue;
			for (size_t i = 0; i < def->n; i++)
				if (!def->e[i].raw && strcmp(def->e[i].key, row->cnf) == 0) {
					def->e[i].raw =
					    "a raw key: as a setting it would also reach the XML "
					    "phones' SEP files, which do not say it";
					n++;
				}
		}
	}
	return n;
}
