/* SPDX-License-Identifier: MIT */
/*
 * phoneprov: Cisco phone provisioning files synthesised from one profile store.
 *
 * This is the only header users include.  The store is opaque; every function
 * returns PP_OK or a negative PP_E* code and, when given one, fills a pp_error
 * with a message a user can act on (and the store file and line when the
 * problem is in the store).
 */
#ifndef PHONEPROV_H
#define PHONEPROV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PP_VERSION_MAJOR  0
#define PP_VERSION_MINOR  1
#define PP_VERSION_PATCH  0
#define PP_VERSION_STRING "0.1.0"

#if defined(__GNUC__)
#define PP_API __attribute__((visibility("default")))
#else
#define PP_API
#endif

/* The store used when neither -c nor PHONEPROV_CONFIG says otherwise. */
#define PP_DEFAULT_CONFIG "/etc/phoneprov.conf"

enum pp_status {
	PP_OK = 0,
	PP_ENOMEM = -1,    /* out of memory */
	PP_EIO = -2,       /* the store (or an @include) could not be read */
	PP_ESYNTAX = -3,   /* the store is not valid libconfig */
	PP_EINVALID = -4,  /* the store parsed but has errors */
	PP_ENOTFOUND = -5, /* the store does not provide this name */
	PP_EDENIED = -6,   /* policy refuses this name to this client */
	PP_EARG = -7       /* a bad argument (a malformed MAC, IP, ...) */
};

typedef struct pp_error {
	int code;          /* one of enum pp_status */
	char file[256];    /* store file the problem is in, or "" */
	int line;          /* line in that file, or 0 */
	char message[512]; /* one line, no trailing newline */
} pp_error;

enum pp_severity { PP_WARNING = 1, PP_ERROR = 2 };

/*
 * Called once for every problem found while loading a store, in file and
 * line order (the main file first, then each @include).
 * file may be "" and line 0 when the problem is not tied to a setting.
 */
typedef void (*pp_diag_fn)(void *ctx, enum pp_severity sev, const char *file, int line,
                           const char *message);

typedef struct pp_store pp_store;

/*
 * Load and validate a store.  path NULL means pp_config_path().  On success
 * *out owns everything it needs (the libconfig tree is not kept).  Warnings
 * never fail a load; any error does, and then *out is left NULL and err holds
 * the first error.  diag may be NULL.
 */
PP_API int pp_store_load(pp_store **out, const char *path, pp_diag_fn diag, void *ctx,
                         pp_error *err);
PP_API void pp_store_free(pp_store *store);

/* PHONEPROV_CONFIG when set and not empty, else PP_DEFAULT_CONFIG. */
PP_API const char *pp_config_path(void);

/* The files the store was read from: the main file first, then each @include. */
PP_API size_t pp_store_source_count(const pp_store *store);
PP_API const char *pp_store_source(const pp_store *store, size_t i);

/* 1 when any phone's files would carry a secret (a line password, phone_password). */
PP_API int pp_store_has_secrets(const pp_store *store);

/* Top-level settings that servers and hooks act on. */
PP_API const char *pp_store_tftp_root(const pp_store *store);
PP_API const char *pp_store_state_dir(const pp_store *store);
PP_API const char *pp_store_mac_binding(const pp_store *store); /* strict|lenient|off */
PP_API const char *pp_store_leases(const pp_store *store);

/* ---- names ----------------------------------------------------------- */

enum pp_kind {
	PP_KIND_NONE = 0,    /* not a name phoneprov provides: serve from disk */
	PP_KIND_SIP_DEFAULT, /* SIPDefault.cnf */
	PP_KIND_SIP_MAC,     /* SIP<MAC>.cnf */
	PP_KIND_SEP_MAC,     /* SEP<MAC>.cnf.xml */
	PP_KIND_XML_DEFAULT, /* XMLDefault.cnf.xml */
	PP_KIND_OS79XX,      /* OS79XX.TXT */
	PP_KIND_RINGLIST,    /* RINGLIST.DAT */
	PP_KIND_DIALPLAN,    /* <dial_template>.xml, dialplan.xml by default */
	PP_KIND_SYNCINFO,    /* syncinfo.xml */
	PP_KIND_RINGLIST_XML /* Ringlist.xml, the XML family's RINGLIST.DAT */
};

#define PP_MAC_LEN 12 /* 12 upper-case hex digits, no separators */

typedef struct pp_name {
	enum pp_kind kind;
	char mac[PP_MAC_LEN + 1]; /* for the per-phone kinds, else "" */
} pp_name;

/*
 * Classify the basename of a requested path, case-insensitively.  store may
 * be NULL; it is used only for the dial plan's name.  Never fails: anything
 * not recognised is PP_KIND_NONE.
 */
PP_API enum pp_kind pp_classify(const pp_store *store, const char *path, pp_name *out);
PP_API const char *pp_kind_name(enum pp_kind kind);

/*
 * Parse a MAC in any common notation (00:1b:d4:12:34:56, 00-1B-D4-12-34-56,
 * 001bd4123456, 001B.D412.3456) into 12 upper-case hex digits.
 */
PP_API int pp_mac_parse(const char *text, char out[PP_MAC_LEN + 1]);

/* ---- rendering --------------------------------------------------------- */

/*
 * Who is asking.  NULL (or both fields NULL) means an administrator's dry run:
 * no client policy applies.  With ip set and mac NULL, the MAC is the one
 * the kernel's neighbour table holds for ip, which mac_binding "strict"
 * makes the kernel resolve (waiting a few milliseconds at most) when it has
 * none; only "lenient" also goes by what DHCP clients claimed (the hook's
 * bindings, the lease file).  ip "" is a client whose address is not known:
 * "strict" refuses it its phone files.
 */
typedef struct pp_client {
	const char *ip;  /* dotted IPv4 or IPv6 text; a link-local IPv6 address with
	                    the interface it came in on as its zone: "fe80::1%3" */
	const char *mac; /* any notation pp_mac_parse accepts */
} pp_client;

/*
 * Render the file a TFTP client asking for path would receive.  On PP_OK,
 * *data (malloc'd, caller frees with pp_free) holds *len bytes.
 * PP_ENOTFOUND: the store does not provide the name (serve from disk).
 * PP_EDENIED: policy refuses it to this client.  With a client, err (when
 * given) also holds the decision in words on PP_OK ("192.0.2.10 is
 * 001BD4123456 (neighbour table), the phone's own MAC").
 */
PP_API int pp_render(const pp_store *store, const char *path, const pp_client *client, char **data,
                     size_t *len, pp_error *err);
PP_API void pp_free(void *p);

/* ---- listing ------------------------------------------------------------ */

typedef struct pp_phone_info {
	const char *mac;      /* 12 upper-case hex digits */
	const char *model;    /* "7940" */
	const char *protocol; /* "sip" | "sccp" */
	const char *profile;  /* "" when none */
	const char *label;    /* "" when none */
	const char *file;     /* where the phone is defined */
	int line;
	size_t line_count; /* provisioned lines */
} pp_phone_info;

PP_API size_t pp_store_phone_count(const pp_store *store);
PP_API int pp_store_phone(const pp_store *store, size_t i, pp_phone_info *out);
/* Look a phone up by MAC (any notation); PP_ENOTFOUND when absent. */
PP_API int pp_store_find(const pp_store *store, const char *mac, pp_phone_info *out);

/*
 * The names a phone gets from the store, written as "SIP001BD4123456.cnf"
 * etc.  Returns how many were written (at most max).
 */
PP_API size_t pp_phone_files(const pp_store *store, const char *mac, char names[][64], size_t max);

PP_API const char *pp_strerror(int code);

#ifdef __cplusplus
}
#endif

#endif /* PHONEPROV_H */
