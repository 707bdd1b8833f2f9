/* SPDX-License-Identifier: MIT */
/*
 * schema-doc [README.md]: the README's settings table, made from the schema
 * (lib/schema_rows.h), on stdout; given the README, the whole README with its
 * table replaced.  `make readme` runs it; it is not installed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "schema.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			char *t = realloc(text, cap = (cap ? cap * 2 : 65536));
			if (!t) {
				free(text);
				fclose(f);
				return NULL;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	text[len] = '\0';
	return text;
}

int main(int argc, char **argv)
{
	pp_sbuf b = {0};
	char *readme = NULL;

	if (argc > 2) {
		fprintf(stderr, "usage: schema-doc [README.md]\n");
		return 2;
	}
	if (argc == 1) {
		pp_schema_markdown(&b);
	} else if (!(readme = slurp(argv[1]))) {
		perror(argv[1]);
		return 1;
	} else if (pp_schema_readme(readme, &b) < 0) {
		fprintf(stderr, "schema-doc: %s has no settings table markers\n", argv[1]);
		return 1;
	}
	if (b.oom || fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
		fprintf(stderr, "schema-doc: cannot write the table\n");
		return 1;
	}
	free(readme);
	pp_sbuf_release(&b);
	return 0;
}
