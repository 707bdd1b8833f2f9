/* SPDX-License-Identifier: MIT */
/*
 * Which files a parse of the store reads, found the way libconfig finds
 * them, and checked before libconfig may open one.
 *
 * libconfig 1.5 (Debian 12) joins every @include to the include folder, an
 * absolute one too ("/x" opens "<dir>//x"), and names an included file as
 * written.  1.7 (Debian 13) joins only a relative one, and names the file by
 * the path it opened.  1.7 also lets the caller resolve includes
 * (config_set_include_func): where it can, phoneprov does, so the file that
 * is checked, watched and named in messages is by construction the file
 * libconfig opens, whatever its own default does.  Without that hook (1.5,
 * 1.6), the only resolution there is, the joined one, is what is mirrored.
 *
 * The check: libconfig exit()s the process on an @include of a folder (flex:
 * "input in flex scanner failed") and blocks forever on a FIFO, and its
 * scanner is quadratic in the length of one token, so an overlong line or
 * string would stall a server's reload for minutes.  None of that may reach
 * libconfig, on any path that parses a store: the load and the hook's peek.
 */
#include "load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SOURCES PP_MAX_SOURCES
#define MAX_DEPTH   16    /* libconfig itself stops at 10 */
#define PP_MAX_LINE 65536 /* bytes in one line of a store, newline included */
#define PP_MAX_STR  65536 /* bytes in one string, which may span lines */

#if LIBCONFIG_VER_MAJOR > 1 || (LIBCONFIG_VER_MAJOR == 1 && LIBCONFIG_VER_MINOR >= 7)
#define PP_INCLUDE_HOOK 1 /* config_set_include_func, new in 1.7 */
#else
#define PP_INCLUDE_HOOK 0
#endif

int pp_include_path(const char *dir, const char *name, char *out, size_t len)
{
	int w;
	/* With our hook, an absolute name is read as it is, as 1.7 itself does. */
	if (!dir || (PP_INCLUDE_HOOK && name[0] == '/'))
		w = snprintf(out, len, "%s", name);
	else
		w = snprintf(out, len, "%s/%s", dir, name);
	return w >= 0 && (size_t)w < len ? 0 : -1;
}

/* An fd of path opened read-only, if it is a regular file (never blocks); else -1, errno. */
static int open_regular(const char *path)
{
	struct stat sb;
	/* stat first: even a non-blocking open of a device can act on it */
	if (stat(path, &sb) != 0)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	/* swapped for something else since the stat */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int pp_regular_file(const char *path)
{
	int fd = open_regular(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

#if PP_INCLUDE_HOOK
static const char **include_fn(config_t *cfg, const char *dir, const char *path, const char **error)
{
	static const char not_regular[] = "@include of something that is not a regular file";
	static const char no_memory[] = "out of memory reading an @include";
	static const char too_long[] = "@include path is too long";
	char full[4096];
	struct stat sb;
	const char **files;

	(void)cfg;
	if (pp_include_path(dir, path, full, sizeof(full)) < 0) {
		*error = too_long;
		return NULL;
	}
	/*
	 * The prescan refused these already; this is for a file swapped since,
	 * so checked again right before libconfig opens it.  A missing file is
	 * libconfig's to report ("cannot open include file").
	 */
	if (stat(full, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		*error = not_regular;
		return NULL;
	}
	/* libconfig frees both with free() */
	files = malloc(2 * sizeof(*files));
	if (!files || !(files[0] = strdup(full))) {
		free(files);
		*error = no_memory;
		return NULL;
	}
	files[1] = NULL;
	return files;
}
#endif

void pp_include_setup(config_t *cfg, const char *dir)
{
	if (dir)
		config_set_include_dir(cfg, dir);
#if PP_INCLUDE_HOOK
	config_set_include_func(cfg, include_fn);
#endif
}

const char *pp_include_reported(const pp_load *ld, const char *name, char *full, size_t len)
{
	if (strcmp(name, ld->path) == 0 || PP_INCLUDE_HOOK)
		return name; /* the main file, or a path our hook resolved */
	if (pp_include_path(ld->dir, name, full, len) < 0)
		return name;
	return full;
}

/* ---- the prescan --------------------------------------------------------- */

/* libconfig's scanner states that matter here: INITIAL, STRING, a comment */
enum lex { LEX_CODE, LEX_STRING, LEX_COMMENT };
#define AFTER_UNREAD 0xfe /* sources[i] not read yet */
#define AFTER_BUSY   0xff /* being read: an include loop, which libconfig refuses */

struct scan {
	pp_load *ld;
	enum lex state;
	size_t strlen;        /* bytes of the string being read */
	const char *str_file; /* and where it began */
	int str_line;
	/*
	 * Per source, the state its end leaves the scanner in: libconfig reads
	 * an @include from INITIAL, but carries on in the including file in
	 * whatever state the included one ended (a string or comment it left
	 * open goes on there), so a file read twice is followed the same way.
	 */
	unsigned char *after;
	size_t after_cap;
};

static long add_source(struct scan *sc, const char *file)
{
	pp_store *st = sc->ld->st;
	size_t i = 0;
	while (i < st->nsources && strcmp(st->sources[i], file) != 0)
		i++;
	if (i == st->nsources) {
		if (st->nsources >= MAX_SOURCES)
			return -2;
		const char **n = pp_arena_alloc(&st->arena, (st->nsources + 1) * sizeof(*n));
		char *copy = pp_arena_strdup(&st->arena, file);
		if (!n || !copy)
			return -1;
		if (st->nsources) /* a peek starts with none: memcpy's NULL is UB */
			memcpy(n, st->sources, st->nsources * sizeof(*n));
		n[st->nsources++] = copy;
		st->sources = n;
	}
	if (i >= sc->after_cap) {
		size_t cap = sc->after_cap ? sc->after_cap * 2 : 16;
		unsigned char *a = realloc(sc->after, cap);
		if (!a)
			return -1;
		memset(a + sc->after_cap, AFTER_UNREAD, cap - sc->after_cap);
		sc->after = a;
		sc->after_cap = cap;
	}
	return (long)i;
}

static void scan_file(struct scan *sc, size_t idx, int depth);

/*
 * An @include line, as libconfig's scanner reads it: ^[ \t]*@include[ \t]+"
 * then the name, where \\ is \ and \" is ".  Returns where the rest of the
 * line starts, or 0 when the line is not an @include.
 */
static size_t include_line(struct scan *sc, const char *file, int lineno, const char *line,
                           size_t len, int depth)
{
	pp_load *ld = sc->ld;
	size_t i = strspn(line, " \t"), j;
	char name[4096], full[4096];
	size_t n = 0;

	if (strncmp(line + i, "@include", 8) != 0)
		return 0;
	j = i + 8 + strspn(line + i + 8, " \t");
	if (j == i + 8 || line[j] != '"')
		return 0;
	for (j++; j < len && line[j] != '"'; j++) {
		char c = line[j];
		if (c == '\\') {
			if (j + 1 >= len || (line[j + 1] != '\\' && line[j + 1] != '"')) {
				/* libconfig drops it and prints it on standard output */
				pp_report(ld, PP_ERROR, file, lineno,
				          "@include name has a \\ that is not \\\\ or \\\"");
				return len;
			}
			c = line[++j];
		} else if (c == '\n' || c == '\0') {
			break;
		}
		if (n + 1 >= sizeof(name)) {
			pp_report(ld, PP_ERROR, file, lineno, "@include name is too long");
			return len;
		}
		name[n++] = c;
	}
	if (j >= len || line[j] != '"') {
		/* libconfig would go on reading the name on the next line */
		pp_report(ld, PP_ERROR, file, lineno, "@include name does not end on its line");
		return len;
	}
	name[n] = '\0';
	if (pp_include_path(ld->dir, name, full, sizeof(full)) < 0) {
		pp_report(ld, PP_ERROR, file, lineno, "@include path is too long");
		return len;
	}
	if (!PP_INCLUDE_HOOK && name[0] == '/' && ld->dir)
		pp_report(ld, PP_WARNING, file, lineno,
		          "@include \"%s\" reads \"%s\": this libconfig joins every @include to "
		          "the store's folder",
		          name, full);
	struct stat sb;
	if (stat(full, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		pp_report(ld, PP_ERROR, file, lineno, "@include \"%s\" is not a regular file",
		          name);
		return len;
	}
	long k = add_source(sc, full);
	if (k == -2) {
		pp_report(ld, PP_ERROR, file, lineno, "a store may have at most %d files",
		          MAX_SOURCES);
		return len;
	}
	if (k < 0) {
		ld->oom = 1;
		return len;
	}
	/* libconfig reads the file here, from INITIAL; the parent goes on from where it ends */
	if (sc->after[k] == AFTER_UNREAD && depth < MAX_DEPTH) {
		sc->after[k] = AFTER_BUSY;
		sc->state = LEX_CODE;
		scan_file(sc, (size_t)k, depth + 1);
		sc->after[k] = (unsigned char)sc->state;
	} else if (sc->after[k] < AFTER_UNREAD) {
		sc->state = (enum lex)sc->after[k];
	} else {
		sc->state = LEX_CODE; /* a loop, or too deep: libconfig stops at depth 10 */
	}
	return j + 1;
}

static void scan_file(struct scan *sc, size_t idx, int depth)
{
	pp_load *ld = sc->ld;
	const char *file = ld->st->sources[idx];
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;
	int fd = open_regular(file);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;

	if (!f) {
		if (fd >= 0) {
			close(fd);
			ld->oom = 1;
		} else if (errno == EISDIR || errno == EINVAL) {
			/* the stat of the @include said otherwise: it has just changed */
			pp_report(ld, PP_ERROR, file, 0, "not a regular file");
		}
		return; /* missing: libconfig reports it, with the line of the @include */
	}
	while ((len = getline(&line, &cap, f)) >= 0 && !ld->oom) {
		size_t i = 0, n = (size_t)len;
		lineno++;
		if (n > PP_MAX_LINE)
			pp_report(ld, PP_ERROR, file, lineno,
			          "line is %zu bytes long; a store line may be at most %d", n,
			          PP_MAX_LINE);
		if (sc->state == LEX_CODE)
			i = include_line(sc, file, lineno, line, n, depth);
		for (; i < n; i++) {
			char c = line[i];
			switch (sc->state) {
			case LEX_CODE:
				if (c == '"') {
					sc->state = LEX_STRING;
					sc->strlen = 0;
					sc->str_file = file;
					sc->str_line = lineno;
				} else if (c == '#' || (c == '/' && line[i + 1] == '/')) {
					i = n; /* a comment to the end of the line */
				} else if (c == '/' && line[i + 1] == '*') {
					sc->state = LEX_COMMENT;
					i++;
				}
				break;
			case LEX_STRING:
				if (c == '"') {
					sc->state = LEX_CODE;
					break;
				}
				if (c == '\\' && i + 1 < n)
					i++;
				/* counted once, where it crosses the limit */
				if (++sc->strlen == PP_MAX_STR + 1)
					pp_report(ld, PP_ERROR, sc->str_file, sc->str_line,
					          "a string may be at most %d bytes long",
					          PP_MAX_STR);
				break;
			case LEX_COMMENT:
				if (c == '*' && line[i + 1] == '/') {
					sc->state = LEX_CODE;
					i++;
				}
				break;
			}
		}
	}
	free(line);
	fclose(f);
}

void pp_prescan(pp_load *ld)
{
	struct scan sc = {.ld = ld, .state = LEX_CODE};
	long k = add_source(&sc, ld->path);
	if (k < 0) {
		ld->oom = 1;
		return;
	}
	sc.after[k] = AFTER_BUSY;
	scan_file(&sc, (size_t)k, 0);
	free(sc.after);
}
