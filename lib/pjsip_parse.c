/* SPDX-License-Identifier: MIT */
/*
 * pjsip.conf into sections, following Asterisk's main/config.c: a
 * "[name](options)" line opens a section (options: ! a template, + more of
 * an earlier section of that name, any other word a section to inherit
 * from, which must come earlier: Asterisk copies its settings there and
 * then, so a loop of templates cannot exist and is reported as a section
 * not defined above); "key = value", "key => value", "key += value"; ";" to
 * the end of a line, ";-- ... --;" around a block (nested), "\;" for a ";";
 * "#include" and "#tryinclude" relative to the including file's folder.
 * "#exec" is never run.  Messages name the file and line and never quote a
 * value: a value may be a password.
 */
#include "pjsip.h"
#include "safeopen.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	pp_pjsip *db;
	const char *top; /* the file asterisk.pjsip names that is being read */
	char root[4096]; /* its folder: no #include leaves it */
	const char *stack[PP_PJSIP_MAX_DEPTH + 1];
	int depth;
	int reads;                         /* files read, the same one twice counted twice */
	long cur;                          /* the section settings go to, -1 before the first */
	int comment;                       /* open ;-- blocks, per file as in Asterisk */
	int too_many_vars, too_many_sects; /* a bound reached, reported once */
	size_t *slots;                     /* first_named's hash */
	size_t cap;
};

static void say(struct parser *p, enum pp_severity sev, const char *file, int line, const char *fmt,
                ...) __attribute__((format(printf, 5, 6)));

static void say(struct parser *p, enum pp_severity sev, const char *file, int line, const char *fmt,
                ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* a name quoted from the file may hold an escape sequence for a terminal */
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	if (sev == PP_ERROR)
		p->db->errors++;
	if (p->db->report)
		p->db->report(p->db->ctx, sev, file, line, msg);
}

/*
 * Strings live in malloc'd chunks freed together: not the store's arena,
 * whose memfd and seal are for what outlives the load; this does not.
 */
struct pp_pjsip_chunk {
	struct pp_pjsip_chunk *next;
	size_t used, cap;
	char data[];
};

static char *grab(struct parser *p, size_t n)
{
	struct pp_pjsip_chunk *c = p->db->chunks;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = p->db->chunks;
		p->db->chunks = c;
	}
	char *r = c->data + c->used;
	c->used += n;
	return r;
}

static const char *keep(struct parser *p, const char *s)
{
	size_t n = strlen(s) + 1;
	char *r = grab(p, n);
	return r ? memcpy(r, s, n) : NULL;
}

/* The lasting copy of file in db->files, added when new; NULL when out of room. */
static const char *file_name(struct parser *p, const char *file)
{
	pp_pjsip *db = p->db;
	for (size_t i = 0; i < db->nfiles; i++)
		if (strcmp(db->files[i], file) == 0)
			return db->files[i];
	if (db->nfiles >= PP_PJSIP_MAX_FILES)
		return NULL;
	if (!db->files) {
		db->files = calloc(PP_PJSIP_MAX_FILES, sizeof(*db->files));
		if (!db->files)
			return NULL;
	}
	const char *copy = keep(p, file);
	if (copy)
		db->files[db->nfiles++] = copy;
	return copy;
}

static int add_var(struct parser *p, pp_pjsip_sect *s, const pp_pjsip_var *v)
{
	if (p->db->nvars >= PP_PJSIP_MAX_VARS) {
		if (!p->too_many_vars++)
			say(p, PP_ERROR, v->file, v->line,
			    "more than %d settings (inherited copies included); phoneprov reads no "
			    "further",
			    PP_PJSIP_MAX_VARS);
		return -1;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		pp_pjsip_var *n = realloc(s->vars, cap * sizeof(*n));
		if (!n) {
			say(p, PP_ERROR, v->file, v->line, "out of memory");
			return -1;
		}
		s->vars = n;
		s->cap = cap;
	}
	s->vars[s->n++] = *v;
	p->db->nvars++;
	return 0;
}

static size_t name_hash(const char *s)
{
	size_t h = 14695981039346656037u & (size_t)-1;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211u;
	return h;
}

/*
 * The first section named name, as Asterisk's ast_category_get finds it; -1
 * if none.  A hash of first sections by name (index + 1, open addressing):
 * every (+) and every parent is looked up, and a scan of all sections for
 * each would be quadratic in a file that inherits on every section.
 */
static long first_named(const struct parser *p, const char *name)
{
	if (!p->cap)
		return -1;
	for (size_t h = name_hash(name) & (p->cap - 1);; h = (h + 1) & (p->cap - 1)) {
		size_t slot = p->slots[h];
		if (!slot)
			return -1;
		if (strcmp(p->db->sects[slot - 1].name, name) == 0)
			return (long)slot - 1;
	}
}

/* Remember section i by its name, unless an earlier one has it; -1 when out of memory. */
static int name_add(struct parser *p, size_t i)
{
	if (2 * (p->db->nsects + 1) > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		size_t *slots = calloc(cap, sizeof(*slots));
		if (!slots)
			return -1;
		for (size_t j = 0; j < p->cap; j++) {
			size_t slot = p->slots[j];
			if (!slot)
				continue;
			size_t h = name_hash(p->db->sects[slot - 1].name) & (cap - 1);
			while (slots[h])
				h = (h + 1) & (cap - 1);
			slots[h] = slot;
		}
		free(p->slots);
		p->slots = slots;
		p->cap = cap;
	}
	const char *name = p->db->sects[i].name;
	for (size_t h = name_hash(name) & (p->cap - 1);; h = (h + 1) & (p->cap - 1)) {
		if (!p->slots[h]) {
			p->slots[h] = i + 1;
			return 0;
		}
		if (strcmp(p->db->sects[p->slots[h] - 1].name, name) == 0)
			return 0;
	}
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void section_line(struct parser *p, const char *file, int line, char *text)
{
	pp_pjsip *db = p->db;
	char *end = strchr(text, ']');
	if (!end) {
		say(p, PP_ERROR, file, line, "a section header without its closing ']'");
		return;
	}
	*end = '\0';
	char *name = text + 1;
	if (!*name) {
		say(p, PP_ERROR, file, line, "a section with no name ('[]')");
		return;
	}
	char *opts = NULL;
	if (end[1] == '(') {
		opts = end + 2;
		char *close = strchr(opts, ')');
		if (!close) {
			say(p, PP_ERROR, file, line, "section [%s]: '(' without its closing ')'",
			    name);
			return;
		}
		*close = '\0';
	}
	/* (+): the settings that follow go to the earlier section of this name */
	int append = 0, tmpl = 0;
	char words[PP_PJSIP_MAX_LINE + 1];
	snprintf(words, sizeof(words), "%s", opts ? opts : "");
	for (char *o = opts ? words : NULL, *w; o && (w = strsep(&o, ","));) {
		w = trim(w);
		append |= strcmp(w, "+") == 0;
		tmpl |= strcmp(w, "!") == 0;
	}
	if (append) {
		p->cur = first_named(p, name);
		if (p->cur < 0)
			say(p, PP_ERROR, file, line,
			    "[%s](+) adds to a section [%s], but none is defined above it", name,
			    name);
		return;
	}
	if (db->nsects >= PP_PJSIP_MAX_SECTS) {
		if (!p->too_many_sects++)
			say(p, PP_ERROR, file, line,
			    "more than %d sections; phoneprov reads no further",
			    PP_PJSIP_MAX_SECTS);
		return;
	}
	if (db->nsects == db->capsects) {
		size_t cap = db->capsects ? db->capsects * 2 : 64;
		pp_pjsip_sect *n = realloc(db->sects, cap * sizeof(*n));
		if (!n) {
			say(p, PP_ERROR, file, line, "out of memory");
			return;
		}
		db->sects = n;
		db->capsects = cap;
	}
	pp_pjsip_sect *s = &db->sects[db->nsects];
	memset(s, 0, sizeof(*s));
	s->name = keep(p, name);
	s->file = file;
	s->line = line;
	s->tmpl = tmpl;
	if (!s->name || name_add(p, db->nsects) < 0) {
		say(p, PP_ERROR, file, line, "out of memory");
		return;
	}
	p->cur = (long)db->nsects++;
	/* Asterisk copies each parent's settings now, in the order named */
	for (char *o = opts, *w; o && (w = strsep(&o, ","));) {
		w = trim(w);
		if (!*w || strcmp(w, "!") == 0)
			continue;
		long parent = first_named(p, w);
		if (parent < 0 || parent == p->cur) {
			say(p, PP_ERROR, file, line,
			    "section [%s] inherits from [%s], which is not defined above it (a "
			    "template must come before the sections that use it)",
			    name, w);
			continue;
		}
		/* sects may not move now: no section is added while copying */
		const pp_pjsip_sect *from = &db->sects[parent];
		for (size_t i = 0; i < from->n; i++)
			if (add_var(p, &db->sects[p->cur], &from->vars[i]) < 0)
				return;
	}
}

static void setting_line(struct parser *p, const char *file, int line, char *text)
{
	char *eq = strchr(text, '=');
	if (!eq) {
		say(p, PP_ERROR, file, line,
		    "neither a [section], a #directive nor a 'key = value' setting");
		return;
	}
	int append = eq > text && eq[-1] == '+';
	if (append)
		eq[-1] = '\0';
	*eq = '\0';
	char *val = eq + 1;
	if (*val == '>') /* key => value */
		val++;
	char *key = trim(text);
	val = trim(val);
	if (!*key) {
		say(p, PP_ERROR, file, line, "a setting without a name before its '='");
		return;
	}
	if (p->cur < 0) {
		say(p, PP_ERROR, file, line, "setting '%s' comes before any [section]", key);
		return;
	}
	pp_pjsip_sect *s = &p->db->sects[p->cur];
	pp_pjsip_var v = {.key = keep(p, key), .file = file, .line = line};
	if (append) {
		for (size_t i = s->n; i-- > 0;)
			if (strcmp(s->vars[i].key, key) == 0) {
				size_t a = strlen(s->vars[i].val), b = strlen(val);
				char *j = grab(p, a + b + 1);
				if (!j)
					return;
				memcpy(j, s->vars[i].val, a);
				memcpy(j + a, val, b + 1);
				s->vars[i].val = j;
				return;
			}
	}
	v.val = keep(p, val);
	if (!v.key || !v.val) {
		say(p, PP_ERROR, file, line, "out of memory");
		return;
	}
	add_var(p, s, &v);
}

static void read_file(struct parser *p, const char *path, const char *from, int from_line,
                      int optional);

/*
 * The file an #include names, from the including file's folder; -1 (reported)
 * when it would leave the main file's folder or goes through "." or "..".
 */
static int include_path(struct parser *p, const char *file, int line, const char *name, char *out,
                        size_t len)
{
	const char *slash = strrchr(file, '/'); /* there is one: every path is absolute */
	int w = name[0] == '/' ? snprintf(out, len, "%s", name)
	                       : snprintf(out, len, "%.*s/%s", (int)(slash - file), file, name);
	if (w < 0 || (size_t)w >= len) {
		say(p, PP_ERROR, file, line, "#include: the path is too long");
		return -1;
	}
	for (const char *c = out; *c;) {
		size_t n = strcspn(c, "/");
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) {
			say(p, PP_ERROR, file, line,
			    "#include %s: a path through '.' or '..' is not followed", name);
			return -1;
		}
		c += n;
		while (*c == '/')
			c++;
	}
	size_t rl = strlen(p->root);
	if (strncmp(out, p->root, rl) != 0 || out[rl] != '/') {
		say(p, PP_ERROR, file, line,
		    "#include %s is outside %s, the folder of %s; phoneprov reads no file "
		    "outside it",
		    name, p->root, p->top);
		return -1;
	}
	return 0;
}

static void directive_line(struct parser *p, const char *file, int line, char *text)
{
	char *arg = text + 1;
	size_t n = strcspn(arg, " \t\"<");
	char word[16];
	snprintf(word, sizeof(word), "%.*s", (int)(n < 15 ? n : 15), arg);
	arg = trim(arg + n);
	size_t al = strlen(arg);
	if (al >= 2 &&
	    ((arg[0] == '"' && arg[al - 1] == '"') || (arg[0] == '<' && arg[al - 1] == '>'))) {
		arg[al - 1] = '\0';
		arg++;
	}
	if (strcmp(word, "exec") == 0 || strcmp(word, "tryexec") == 0) {
		say(p, PP_WARNING, file, line,
		    "#%s is never run by phoneprov: what it would add is not read", word);
		return;
	}
	int optional = strcmp(word, "tryinclude") == 0;
	if (!optional && strcmp(word, "include") != 0) {
		say(p, PP_ERROR, file, line, "unknown directive '#%s'", word);
		return;
	}
	if (!*arg) {
		say(p, PP_ERROR, file, line, "#%s names no file", word);
		return;
	}
	char path[4096];
	if (include_path(p, file, line, arg, path, sizeof(path)) < 0)
		return;
	int keep_comment = p->comment;
	p->comment = 0;
	/* settings after it go on in the section the included file ended in */
	read_file(p, path, file, line, optional);
	p->comment = keep_comment;
}

static void text_line(struct parser *p, const char *file, int line, char *raw, size_t n)
{
	char out[PP_PJSIP_MAX_LINE + 1];
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = raw[i];
		int opens = c == ';' && raw[i + 1] == '-' && raw[i + 2] == '-' && raw[i + 3] != '-';
		if (p->comment) {
			if (c == ';' && i >= 2 && raw[i - 1] == '-' && raw[i - 2] == '-')
				p->comment--;
			else if (opens) {
				p->comment++;
				i += 2;
			}
			continue;
		}
		if (c == ';') {
			if (o && out[o - 1] == '\\') {
				out[o - 1] = ';';
				continue;
			}
			if (opens) {
				p->comment++;
				i += 2;
				continue;
			}
			break;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	char *t = trim(out);
	if (!*t)
		return;
	if (*t == '[')
		section_line(p, file, line, t);
	else if (*t == '#')
		directive_line(p, file, line, t);
	else
		setting_line(p, file, line, t);
}

static void read_file(struct parser *p, const char *path, const char *from, int from_line,
                      int optional)
{
	const char *file = file_name(p, path);
	if (!file || ++p->reads > PP_PJSIP_MAX_FILES) {
		say(p, PP_ERROR, from ? from : path, from_line,
		    "more than %d Asterisk files to read; phoneprov reads no further",
		    PP_PJSIP_MAX_FILES);
		return;
	}
	for (int i = 0; i < p->depth; i++)
		if (strcmp(p->stack[i], file) == 0) {
			char chain[2048];
			size_t c = 0;
			for (int j = i; j < p->depth && c < sizeof(chain); j++)
				c += (size_t)snprintf(chain + c, sizeof(chain) - c, "%s includes ",
				                      p->stack[j]);
			if (c < sizeof(chain))
				snprintf(chain + c, sizeof(chain) - c, "%s", file);
			say(p, PP_ERROR, from, from_line, "an #include loop: %s", chain);
			return;
		}
	if (p->depth >= PP_PJSIP_MAX_DEPTH) {
		say(p, PP_ERROR, from, from_line,
		    "#include nested more than %d deep; phoneprov reads no deeper",
		    PP_PJSIP_MAX_DEPTH);
		return;
	}
	FILE *f = pp_fopen_regular(file, PP_PJSIP_MAX_SIZE);
	if (!f) {
		int e = errno;
		if (optional && e == ENOENT)
			return; /* kept in files: its creation is an edit to watch for */
		const char *why = e == ELOOP    ? "it is a symlink, which phoneprov does not follow"
		                  : e == EINVAL ? "it is not a regular file"
		                  : e == EFBIG  ? "it is larger than 8 MiB"
		                                : strerror(e);
		if (from)
			say(p, optional ? PP_WARNING : PP_ERROR, from, from_line,
			    "cannot read %s, which this line includes: %s", file, why);
		else
			say(p, PP_ERROR, file, 0, "cannot read Asterisk's pjsip configuration: %s",
			    why);
		return;
	}
	p->stack[p->depth++] = file;
	char buf[PP_PJSIP_MAX_LINE + 4];
	size_t n = 0;
	int line = 1, c, toolong = 0, comment_line = 0;
	for (;;) {
		c = getc(f);
		if (c == EOF || c == '\n') {
			if (toolong)
				say(p, PP_ERROR, file, line, "a line longer than %d bytes",
				    PP_PJSIP_MAX_LINE);
			else if (n || c == '\n') {
				buf[n] = '\0';
				int was = p->comment;
				text_line(p, file, line, buf, n);
				if (!was && p->comment)
					comment_line = line;
			}
			if (c == EOF)
				break;
			n = 0;
			toolong = 0;
			line++;
			continue;
		}
		if (c == '\0') {
			say(p, PP_ERROR, file, line,
			    "a NUL byte: this is not a text file; phoneprov reads no further in "
			    "it");
			break;
		}
		if (n < PP_PJSIP_MAX_LINE)
			buf[n++] = (char)c;
		else
			toolong = 1;
	}
	if (ferror(f))
		say(p, PP_ERROR, file, line, "read error: %s", strerror(errno));
	fclose(f);
	if (p->comment)
		say(p, PP_WARNING, file, comment_line,
		    "a ';--' block comment opened here is not closed with '--;' in this file");
	p->depth--;
}

static int by_name(const void *a, const void *b, void *ctx)
{
	const pp_pjsip *db = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(db->sects[i].name, db->sects[j].name);
	return c ? c : (i > j) - (i < j);
}

/*
 * One file asterisk.pjsip names, and what it includes.  Each is a config
 * file of its own to Asterisk (pjsip.conf for res_pjsip, pjsip_wizard.conf
 * for the wizard): a section inherits from, or adds to, only a section of
 * the same file, so each starts with no current section and no names.
 */
static void parse_top(pp_pjsip *db, const char *path, int *reads)
{
	struct parser p = {.db = db, .top = path, .cur = -1, .reads = *reads};
	if (path[0] != '/') {
		say(&p, PP_ERROR, path, 0,
		    "Asterisk's pjsip configuration must be named by an "
		    "absolute path");
		return;
	}
	snprintf(p.root, sizeof(p.root), "%.*s", (int)(strrchr(path, '/') - path), path);
	read_file(&p, path, NULL, 0, 0);
	free(p.slots);
	*reads = p.reads;
}

int pp_pjsip_parse(pp_pjsip *db, const char *path)
{
	return pp_pjsip_parse_files(db, &path, 1);
}

int pp_pjsip_parse_files(pp_pjsip *db, const char *const *paths, size_t n)
{
	struct parser p = {.db = db, .cur = -1};
	int reads = 0; /* the bound on files read is for all of them together */
	for (size_t i = 0; i < n; i++)
		parse_top(db, paths[i], &reads);
	if (db->nsects) {
		db->byname = malloc(db->nsects * sizeof(*db->byname));
		if (!db->byname) {
			say(&p, PP_ERROR, paths[0], 0, "out of memory");
			return -1;
		}
		for (size_t i = 0; i < db->nsects; i++)
			db->byname[i] = i;
		qsort_r(db->byname, db->nsects, sizeof(*db->byname), by_name, db);
	}
	return db->errors ? -1 : 0;
}

void pp_pjsip_free(pp_pjsip *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->nsects; i++)
		free(db->sects[i].vars);
	free(db->sects);
	free(db->byname);
	free(db->files);
	for (struct pp_pjsip_chunk *c = db->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	memset(db, 0, sizeof(*db));
}
