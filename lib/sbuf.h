/* SPDX-License-Identifier: MIT */
/*
 * A growable byte buffer for renderers.  Appends never fail visibly: the first
 * allocation failure sets oom and later appends do nothing, so a renderer
 * checks once at the end instead of after every line.
 */
#ifndef PP_SBUF_H
#define PP_SBUF_H

#include <stddef.h>

typedef struct pp_sbuf {
	char *data;
	size_t len, cap;
	int oom;
} pp_sbuf;

void pp_sbuf_add(pp_sbuf *b, const char *s, size_t n);
void pp_sbuf_puts(pp_sbuf *b, const char *s);
void pp_sbuf_printf(pp_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text with &, <, >, " and ' escaped for XML element content and attributes. */
void pp_sbuf_xml(pp_sbuf *b, const char *s);
void pp_sbuf_release(pp_sbuf *b);

#endif
