/* SPDX-License-Identifier: MIT */
/*
 * The files a firmware step needs, looked for in the TFTP root the way the
 * servers find them: by name, in any case (dnsmasq --tftp-lowercase, a 7911
 * asking for Jar11sip... where the disk has jar11sip...).
 *
 * A .loads is a small signed manifest whose readable part names the files
 * of its load (P003-8-12-00.sbn, P0S3-8-12-00.sb2; jar41sip..., cnu41...),
 * whose versions differ from the .loads' own, so the list is read from the
 * file: every word of it ending .sbn, .sb2 or .bin.  The file is the TFTP
 * root's, so hostile: read as bytes, at most PP_FW_LOADS_MAX of them, from a
 * regular file only (a FIFO would block check), each name bounded.
 */
#include "fw_files.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render_format.h"

#define PP_FW_ROOT_MAX  65536 /* names read from one TFTP root */
#define PP_FW_LOADS_MAX 65536 /* bytes read from one .loads (real ones: under 1 KiB) */

static int by_name(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

int pp_fw_root_open(pp_fw_root *r, const char *root)
{
	DIR *d;
	struct dirent *e;
	size_t cap = 0;

	memset(r, 0, sizeof(*r));
	r->root = root;
	if (!root || !(d = opendir(root)))
		return -1;
	while ((e = readdir(d)) && r->n < PP_FW_ROOT_MAX) {
		if (e->d_name[0] == '.')
			continue;
		if (r->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char **nn = realloc(r->names, nc * sizeof(*nn));
			if (!nn)
				break;
			r->names = nn;
			cap = nc;
		}
		if (!(r->names[r->n] = strdup(e->d_name)))
			break;
		r->n++;
	}
	closedir(d);
	if (r->n)
		qsort(r->names, r->n, sizeof(*r->names), by_name);
	return 0;
}

void pp_fw_root_close(pp_fw_root *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->names[i]);
	free(r->names);
	memset(r, 0, sizeof(*r));
}

const char *pp_fw_root_find(const pp_fw_root *r, const char *name)
{
	char *const *hit;

	if (!r->n)
		return NULL;
	hit = bsearch(&name, r->names, r->n, sizeof(*r->names), by_name);
	return hit ? *hit : NULL;
}

static int part_ext(const char *w, size_t n)
{
	static const char *const ext[] = {".sbn", ".sb2", ".bin", NULL};
	for (const char *const *e = ext; *e; e++)
		if (n > 4 && strncasecmp(w + n - 4, *e, 4) == 0)
			return 1;
	return 0;
}

static int name_char(int c)
{
	return isalnum(c) || c == '.' || c == '-' || c == '_';
}

int pp_fw_loads_parts(const char *path, char parts[][PP_FW_PART_MAX + 1], size_t max, size_t *n)
{
	char *buf;
	ssize_t got;
	size_t len = 0;
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	*n = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || !(buf = malloc(PP_FW_LOADS_MAX))) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	while (len < PP_FW_LOADS_MAX && (got = read(fd, buf + len, PP_FW_LOADS_MAX - len)) > 0)
		len += (size_t)got;
	close(fd);
	for (size_t i = 0; i < len && *n < max;) {
		size_t w = i;
		while (w < len && name_char((unsigned char)buf[w]))
			w++;
		size_t wl = w - i;
		if (wl && wl <= PP_FW_PART_MAX && part_ext(buf + i, wl)) {
			size_t j = 0;
			while (j < *n && strncasecmp(parts[j], buf + i, wl) != 0)
				j++;
			if (j == *n) {
				memcpy(parts[*n], buf + i, wl);
				parts[(*n)++][wl] = '\0';
			}
		}
		i = w + 1;
	}
	free(buf);
	return 0;
}

size_t pp_fw_step_missing(const pp_fw_root *r, const pp_fw_step *s, char out[][PP_FW_PART_MAX + 1],
                          size_t max, int *own)
{
	char name[PP_FW_PART_MAX + 1], base[PP_FW_NAME_MAX + 1];
	char parts[PP_FW_MAX_PARTS][PP_FW_PART_MAX + 1];
	size_t n = 0, np = 0;
	const char *found;

	if (s->bin) {
		/* OS79XX.TXT names it, turned into its loader for 7.x and later. */
		pp_os79xx_name(s->load, base, sizeof(base));
		snprintf(name, sizeof(name), "%s.bin", base);
	} else {
		snprintf(name, sizeof(name), "%s.loads", s->load);
	}
	*own = 0;
	if (!(found = pp_fw_root_find(r, name))) {
		*own = 1;
		if (n < max)
			snprintf(out[n++], PP_FW_PART_MAX + 1, "%s", name);
		return n;
	}
	if (s->bin)
		return n;
	char path[4096];
	if (snprintf(path, sizeof(path), "%s/%s", r->root, found) >= (int)sizeof(path) ||
	    pp_fw_loads_parts(path, parts, PP_FW_MAX_PARTS, &np) != 0)
		return n;
	for (size_t i = 0; i < np && n < max; i++)
		if (!pp_fw_root_find(r, parts[i]))
			memcpy(out[n++], parts[i], sizeof(parts[i]));
	return n;
}
