/* SPDX-License-Identifier: MIT */
/*
 * What phoneprov knows about each Cisco model and about time zone names.
 * Facts from the research brief: device-type ids (XMLDefault element suffix),
 * line keys per model, and which file family a model reads.
 */
#ifndef PP_MODELS_H
#define PP_MODELS_H

#include <stddef.h>

enum pp_family {
	PP_FAMILY_CNF, /* 7940/7960: SIPDefault.cnf + SIP<MAC>.cnf */
	PP_FAMILY_XML  /* 79x1/79x2/79x5/797x/89xx/99xx: SEP<MAC>.cnf.xml */
};

typedef struct pp_model {
	const char *name; /* "7940" */
	enum pp_family family;
	unsigned type_id;      /* loadInformation<ID> in XMLDefault.cnf.xml */
	unsigned max_lines;    /* line keys the model has */
	const char *long_name; /* model="..." attribute */
} pp_model;

/* By name or a common other spelling ("7961GE"), case-insensitive; NULL when unknown. */
const pp_model *pp_model_find(const char *name);
/* 1 when a and b name the same model ("7961g-ge", "7961GE"). */
int pp_model_same(const char *a, const char *b);
/* "7906, 7911, ..." for error messages. */
const char *pp_model_list(void);
const pp_model *pp_model_at(size_t i); /* NULL past the end */
/* 1 for the models whose call history and directories come from <phoneServices> (89xx/99xx). */
int pp_model_phone_services(const pp_model *m);

/*
 * The XML family's Windows-style zone name for a 79x0 abbreviation
 * ("CET" -> "Central Europe Standard/Daylight Time"), case-insensitive;
 * NULL when unknown.
 */
const char *pp_tz_xml(const char *abbrev);
const char *pp_tz_list(void);

#endif
