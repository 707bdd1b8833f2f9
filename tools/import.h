/* SPDX-License-Identifier: MIT */
/*
 * phoneprov import: static files of a TFTP root read back into a store.
 * import_text.c: the text rules every reader shares; import_cnf.c: a 79x0
 * .cnf into key/value entries; import_xml.c: a small bounded XML reader;
 * import_sep.c, import_xmldefault.c, import_shared.c, import_ringxml.c: the
 * XML family's files and the shared ones; import_store*.c, import_lift.c: onto the
 * schema, and the store's text; import_verify*.c, import_sep_left.c: the
 * new store rendered back and compared; cmd_import.c finds the files and
 * says what the new store shadows.
 */
#ifndef PP_IMPORT_H
#define PP_IMPORT_H

#include <stddef.h>

#include "phoneprov.h"
#include "sbuf.h"

/* One `key: value` line of a .cnf file, as the phone would read it. */
typedef struct imp_entry {
	char *key;   /* folded to lower case, [a-z0-9_]+ */
	char *value; /* the text between the quotes, or the bare word(s); ASCII quotes only */
	int line;
	int dropped;      /* set by imp_store_write: the store could not hold it */
	const char *raw;  /* set by imp_sep_unreach: why it must stay a raw key, or NULL */
	const char *from; /* NULL, or the shared file this key was made from (see imp_shared) */
} imp_entry;

struct imp_xdoc;
struct imp_leaf;

typedef struct imp_file {
	const char *name; /* the base name in DIR, for messages and the summary */
	const char *path; /* DIR/name, for FILE:LINE messages */
	enum pp_kind kind;
	char mac[PP_MAC_LEN + 1];
	/*
	 * Its settings.  A .cnf's: its keys, as the phone read them.  A
	 * SEP<MAC>.cnf.xml's (import_sep.c): the store's own keys ("proxy.address",
	 * "line2.auth", "vendor_config.x", "firmware"), values as the store writes
	 * them ("1"/"0" for a boolean).
	 */
	imp_entry *e;
	size_t n, cap;
	/* SEP<MAC>.cnf.xml only */
	struct imp_xdoc *xml; /* the file as read */
	const char *model;    /* the guess at its model, and why */
	const char *model_why;
	struct imp_leaf *left; /* its elements the store does not make the same (imp_sep_left) */
	size_t nleft;
	char **added; /* elements the store's render has that the file had not (their paths) */
	size_t nadded;
} imp_file;

/* Files larger than this are not .cnf files a phone would read (its own limit is far lower). */
#define IMP_MAX_FILE (1024 * 1024)
/* Longer lines are not .cnf lines: a value is at most 255 bytes. */
#define IMP_MAX_LINE 4096

/*
 * Read data[0..len) into f's entries.  Warnings and errors go to stderr as
 * PATH:LINE: ...; never a value, which may be a password.  0 on success; -1
 * when the file cannot be read as a .cnf (said as an error): import nothing
 * of it, so the store does not shadow a file it only half understood.
 */
int imp_cnf_parse(imp_file *f, const char *data, size_t len);
void imp_file_free(imp_file *f);
/* Append key: value to f as if it were on line of file from (a key the store will derive). */
int imp_add(imp_file *f, const char *key, const char *value, int line, const char *from);

/* ---- import_text.c: every reader's text rules ---- */
/* Typographic quotes to '"' and '\'', U+00A0 to ' ', in place; how many. */
size_t imp_asciify(char *s, size_t *len);
int imp_utf8_valid(const unsigned char *s, size_t len);
/*
 * data[0..*len) (data[*len] writable) made ASCII where pasted from the web,
 * said once as a warning; -1 (said as PATH:LINE: error) when it is not
 * UTF-8 text without control characters.
 */
int imp_text_check(const imp_file *f, char *data, size_t *len);

/* ---- import_xml.c: a small, bounded XML reader ---- */
typedef struct imp_xattr {
	char *name, *value;
} imp_xattr;

typedef struct imp_xnode {
	char *name;
	char *text; /* its own text, entities decoded, without the whitespace around it */
	imp_xattr *attr;
	size_t nattr;
	int parent; /* index in imp_xdoc.n; -1 for the top element */
	int line;
} imp_xnode;

/* Elements in document order: n[0] is the top element, a parent before its children. */
typedef struct imp_xdoc {
	imp_xnode *n;
	size_t nn, cap;
	int has_decl; /* it starts with <?xml ...?> */
} imp_xdoc;

/* data[0..len) (data[len] writable) into d; -1 said as PATH:LINE: error, d empty. */
int imp_xml_parse(const imp_file *f, char *data, size_t len, imp_xdoc *d);
void imp_xdoc_free(imp_xdoc *d);
/* An attribute's value by name, case-insensitively (TIMEOUT is Timeout); NULL when absent. */
const char *imp_xattr_get(const imp_xnode *n, const char *name);

/* An element without children: its path below the top element ("a/b[2]/c"), its text. */
typedef struct imp_leaf {
	char *path;
	const char *text; /* the document's */
	int line;
	size_t node; /* its index in imp_xdoc.n */
	/* imp_sep_left's: an attribute ("name=value" in text) the store writes otherwise */
	int attr;
	int kept; /* the store has it as passthrough, so a render must give it back */
	int said; /* said, and kept in a comment, already (imp_xmldefault_drop_said) */
} imp_leaf;

/* d's leaves (all: every element) in document order; -1 when out of memory. */
int imp_xml_leaves(const imp_xdoc *d, int all, imp_leaf **out, size_t *n);
void imp_leaves_free(imp_leaf *l, size_t n);

/* ---- import_sep.c: SEP<MAC>.cnf.xml ---- */
/* data[0..len) into f (kind PP_KIND_SEP_MAC, name, path, mac set); -1 said as PATH:LINE: error. */
int imp_sep_parse(imp_file *f, char *data, size_t len);
/*
 * The elements of f->xml that st does not render the same, into f->left
 * (an element's attributes that differ are said as warnings: the store
 * keeps none of its own); -1 when f's file cannot be rendered.
 */
int imp_sep_left(const pp_store *st, imp_file *f);
/* Which of f->left the passthrough takes (leaf.kept); each other one said as a warning. */
void imp_sep_settle_left(imp_file *f, int passthrough);
/* 1 when st renders f's file with every element it had but those said left out. */
int imp_sep_verify(const pp_store *st, const imp_file *f);
/*
 * A SIPDefault.cnf key (def) whose setting would reach a SEP file that does
 * not have its element (f->added) stays a raw key, which reaches the 79x0s
 * only, as SIPDefault.cnf did: its raw set to why.  How many.
 */
size_t imp_sep_unreach(const imp_file *f, imp_file *def);
/* 1 when the store has raw XML passthrough (`xml = ( { path; value; } )`). */
int imp_has_xml_passthrough(void);

/* ---- import_shared.c: the files every 79x0 shares besides SIPDefault.cnf ---- */
typedef struct imp_ring {
	char *label, *file;
	int line;
} imp_ring;

/* A dial plan's TEMPLATE: each attribute as written, NULL when absent. */
typedef struct imp_rule {
	char *match, *timeout, *user, *rewrite;
	int line;
} imp_rule;

typedef struct imp_shared {
	/* .path NULL: not imported (not in DIR, or it could not be read) */
	imp_file os79xx, ringlist, dialplan, syncinfo;
	imp_file ringxml; /* Ringlist.xml, the XML family's RINGLIST.DAT */
	char *os_name;    /* OS79XX.TXT as written (the loader's name), and the load it means */
	char *os_load;
	int os_line;
	int os_kept; /* the store makes the same OS79XX.TXT */
	imp_ring *
	    ring; /* the store's ring list: RINGLIST.DAT's, else Ringlist.xml's (imp_ring_settle) */
	size_t nring;
	imp_ring *xring; /* Ringlist.xml's, while RINGLIST.DAT's is in ring */
	size_t nxring;
	int xring_line; /* its top element's */
	int ring_both;  /* both files were imported and list the same rings */
	imp_rule *rule;
	size_t nrule;
	char *sync; /* syncinfo.xml's SYNC */
	int sync_line;
	int sync_kept;
	pp_sbuf notes; /* "# NOT IMPORTED ..." lines for the store's defaults */
	/* XMLDefault.cnf.xml: .xml the file, .left what the store makes otherwise */
	imp_file xmldef;
	char *xd_proxy, *xd_port, *xd_load; /* processNodeName, sipPort, the 79x0 load */
	int xd_proxy_line, xd_port_line, xd_load_line;
	int xd_kept[3];
	int xd_said[3];   /* lines whose element settle said is not kept */
	unsigned xd_79x0; /* which 79x0 it lists a load for: 1 the 7940, 2 the 7960 */
	size_t nxd_said;
	struct imp_xload {
		const char *model; /* lib/models.c's name */
		char *load;
		int line;
	} * xload; /* the XML family's loads, for defaults' firmware */
	size_t nxload;
} imp_shared;

/* "FILE:LINE: warning: not imported (why)", and what in a comment for the store. */
void imp_not_kept(imp_shared *sh, const imp_file *f, int line, const char *why, const char *what,
                  size_t n);
/* Each reads data[0..len) (data[len] writable) into sh; -1 said as PATH:LINE: error. */
int imp_os79xx_parse(imp_shared *sh, char *data, size_t len);
int imp_ringlist_parse(imp_shared *sh, char *data, size_t len);
/*
 * label and file (malloc'd, NULL when out of memory; both taken) as one
 * more of v[0..*n), unless the store cannot hold them: then said as f's
 * line, what (wn bytes) kept in a comment.  -1 only when out of memory.
 */
int imp_ring_keep(imp_shared *sh, const imp_file *f, imp_ring **v, size_t *n, char *label,
                  char *file, int line, const char *what, size_t wn);
/* import_ringxml.c: Ringlist.xml, <CiscoIPPhoneRingList><Ring><DisplayName/><FileName/> */
int imp_ringxml_parse(imp_shared *sh, char *data, size_t len);
/*
 * The store makes RINGLIST.DAT and Ringlist.xml from one ringlist: without
 * RINGLIST.DAT, Ringlist.xml's rings become it; with both, RINGLIST.DAT's
 * are kept and each of Ringlist.xml's that differs is said and kept in a
 * comment.  -1 when out of memory.
 */
int imp_ring_settle(imp_shared *sh);
int imp_dialplan_parse(imp_shared *sh, char *data, size_t len);
int imp_syncinfo_parse(imp_shared *sh, char *data, size_t len);
/* import_xmldefault.c */
int imp_xmldefault_parse(imp_shared *sh, char *data, size_t len);
typedef int imp_settle_fn(imp_shared *sh, imp_file *def, const imp_file *f, int line,
                          const char *key, const char *value, const char *absent, int *kept);
/* XMLDefault's call manager and 79x0 load against SIPDefault.cnf, as imp_shared_settle says. */
int imp_xmldefault_settle(imp_shared *sh, imp_file *def, imp_settle_fn *settle);
/* Mark in sh->xmldef.left the elements imp_xmldefault_settle has said already. */
void imp_xmldefault_drop_said(imp_shared *sh);
/*
 * OS79XX.TXT and syncinfo.xml against SIPDefault.cnf (def, which may have no
 * entries): the store makes image_version and OS79XX.TXT from one firmware
 * setting, and sync and syncinfo.xml's SYNC from one sync setting.  Where
 * SIPDefault.cnf has no value, the shared file's becomes one of def's (the
 * .cnf files then say it too: warned); where both have one and they differ,
 * SIPDefault.cnf's is kept and the shared file's is left in a comment.
 */
int imp_shared_settle(imp_shared *sh, imp_file *def);
void imp_shared_free(imp_shared *sh);

/*
 * The store's text for root (the TFTP root, absolute), SIPDefault.cnf's
 * entries (NULL when there is none) and each SIP<MAC>.cnf's.  Warnings for
 * keys that cannot be kept go to stderr, and their entries are marked
 * dropped.  0, or -1 when out of memory.
 */
int imp_store_write(pp_sbuf *b, const char *root, imp_file *def, imp_file *phones, size_t nphones,
                    const imp_shared *sh);
/* Why schema row f cannot hold v as `phoneprov check` judges it, or NULL. */
struct pp_field;
const char *imp_unfit(const struct pp_field *f, const char *v);
/* s[0..n) (up to its NUL) for a comment: nothing in it may end the line. */
void imp_put_comment(pp_sbuf *b, const char *s, size_t n);
/* v as a libconfig string, in double quotes. */
void imp_put_string(pp_sbuf *b, const char *v);
/* import_store_shared.c: ringlist and dialplan into defaults, what was not kept as comments. */
void imp_store_shared(pp_sbuf *b, const imp_shared *sh, const char *ind);

/*
 * import_verify.c: 1 when st renders every file imported with the keys and
 * values the phone read from the root (SIPDefault.cnf, then its own file),
 * each difference said on stderr by key, never by value; 0 otherwise.
 */
int imp_verify(const pp_store *st, const imp_file *def, const imp_file *phones, size_t nphones);
/* The same for the shared files imported: rendered, read back and compared. */
int imp_verify_shared(const pp_store *st, const imp_shared *sh);

#endif
