/* SPDX-License-Identifier: MIT */
#include "models.h"

#include <strings.h>

static const pp_model models[] = {
    {"7906", PP_FAMILY_XML, 369, 1, "Cisco 7906"},
    {"7911", PP_FAMILY_XML, 307, 1, "Cisco 7911"},
    {"7940", PP_FAMILY_CNF, 8, 2, "IP Phone 7940"},
    {"7941", PP_FAMILY_XML, 115, 2, "Cisco 7941"},
    {"7941G-GE", PP_FAMILY_XML, 309, 2, "Cisco 7941G-GE"},
    {"7942", PP_FAMILY_XML, 434, 2, "Cisco 7942"},
    {"7945", PP_FAMILY_XML, 435, 2, "Cisco 7945"},
    {"7960", PP_FAMILY_CNF, 7, 6, "IP Phone 7960"},
    {"7961", PP_FAMILY_XML, 30018, 6, "Cisco 7961"},
    {"7961G-GE", PP_FAMILY_XML, 308, 6, "Cisco 7961G-GE"},
    {"7962", PP_FAMILY_XML, 404, 6, "Cisco 7962"},
    {"7965", PP_FAMILY_XML, 436, 6, "Cisco 7965"},
    {"7970", PP_FAMILY_XML, 30006, 8, "Cisco 7970"},
    {"7971", PP_FAMILY_XML, 119, 8, "Cisco 7971"},
    {"7975", PP_FAMILY_XML, 437, 8, "Cisco 7975"},
    {"8941", PP_FAMILY_XML, 586, 4, "Cisco 8941"},
    {"8945", PP_FAMILY_XML, 585, 4, "Cisco 8945"},
    {"8961", PP_FAMILY_XML, 540, 5, "Cisco 8961"},
    {"9951", PP_FAMILY_XML, 537, 5, "Cisco 9951"},
    {"9971", PP_FAMILY_XML, 493, 6, "Cisco 9971"},
};

/*
 * Other spellings of a model's name that people write: Cisco's own
 * "7961G-GE" is the canonical one, but "7961GE" and "7961-GE" are as common
 * on labels and in forum posts.  The GE phones have device types of their
 * own, so folding them into 7941/7961 would give them the wrong
 * loadInformation in XMLDefault.cnf.xml.
 */
static const struct {
	const char *alias, *name;
} aliases[] = {
    {"7941GE", "7941G-GE"},
    {"7941-GE", "7941G-GE"},
    {"7961GE", "7961G-GE"},
    {"7961-GE", "7961G-GE"},
};

const pp_model *pp_model_find(const char *name)
{
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (strcasecmp(models[i].name, name) == 0)
			return &models[i];
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(aliases[i].alias, name) == 0)
			return pp_model_find(aliases[i].name);
	return NULL;
}

int pp_model_same(const char *a, const char *b)
{
	const pp_model *ma = pp_model_find(a), *mb = pp_model_find(b);

	/* An unknown name (already an error) still equals itself. */
	return (ma || mb) ? ma == mb : strcasecmp(a, b) == 0;
}

int pp_model_phone_services(const pp_model *m)
{
	/*
	 * The 89xx/99xx firmware lists call history and directories from
	 * <phoneServices> (NamoDev's 9971, provisioner.net's sip99xx); the
	 * 79xx firmware has them built in.
	 */
	return m->family == PP_FAMILY_XML && (m->name[0] == '8' || m->name[0] == '9');
}

const pp_model *pp_model_at(size_t i)
{
	return i < sizeof(models) / sizeof(models[0]) ? &models[i] : NULL;
}

const char *pp_model_list(void)
{
	return "7906, 7911, 7940, 7941, 7941G-GE, 7942, 7945, 7960, 7961, 7961G-GE, 7962, 7965, "
	       "7970, 7971, 7975, 8941, 8945, 8961, 9951, 9971";
}

/*
 * The 79x0 SIP admin guide's abbreviations, with the names the XML family's
 * <timeZone> takes.  Zones without daylight saving keep "Standard Time".
 */
static const struct {
	const char *abbrev, *xml;
} zones[] = {
    {"GMT", "GMT Standard/Daylight Time"},
    {"UTC", "Greenwich Standard Time"},
    {"WET", "GMT Standard/Daylight Time"},
    {"CET", "Central Europe Standard/Daylight Time"},
    {"EET", "E. Europe Standard/Daylight Time"},
    {"MSK", "Russian Standard/Daylight Time"},
    {"IST", "India Standard Time"},
    {"CST", "Central Standard/Daylight Time"},
    {"EST", "Eastern Standard/Daylight Time"},
    {"MST", "Mountain Standard/Daylight Time"},
    {"PST", "Pacific Standard/Daylight Time"},
    {"AKST", "Alaskan Standard/Daylight Time"},
    {"HST", "Hawaiian Standard Time"},
    {"AST", "Atlantic Standard/Daylight Time"},
    {"NST", "Newfoundland Standard/Daylight Time"},
    {"JST", "Tokyo Standard Time"},
    {"KST", "Korea Standard Time"},
    {"AEST", "AUS Eastern Standard/Daylight Time"},
    {"ACST", "Cen. Australia Standard/Daylight Time"},
    {"AWST", "W. Australia Standard Time"},
    {"NZST", "New Zealand Standard/Daylight Time"},
};

const char *pp_tz_xml(const char *abbrev)
{
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcasecmp(zones[i].abbrev, abbrev) == 0)
			return zones[i].xml;
	return NULL;
}

const char *pp_tz_list(void)
{
	return "GMT, UTC, WET, CET, EET, MSK, IST, CST, EST, MST, PST, AKST, HST, AST, NST, JST, "
	       "KST, AEST, ACST, AWST, NZST";
}
