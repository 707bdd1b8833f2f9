#include "client.h"

#include <stdio.h>
#include <string.h>

/* dnsmasq.leases: "EXPIRY MAC IP HOSTNAME CLIENT-ID" per line. */
int pp_client_mac_from_leases(const char *leases, const char *ip, char mac[PP_MAC_LEN + 1])
{
	FILE *f = leases ? fopen(leases, "re") : NULL;
	char line[512], m[64], a[64];
	int found = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %63s %63s", m, a) == 2 && strcmp(a, ip) == 0 &&
		    pp_mac_parse(m, mac) == PP_OK)
			found = 0; /* keep reading: the last lease for an IP is the live one */
	}
	fclose(f);
	return found;
}

/* /proc/net/arp: "IP HW-type FLAGS HW-address MASK DEVICE"; flag 0x2 = complete. */
int pp_client_mac_from_arp(const char *arp, const char *ip, char mac[PP_MAC_LEN + 1])
{
	FILE *f = fopen(arp, "re");
	char line[512], a[64], m[64];
	unsigned type, flags;
	int found = -1;
	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s 0x%x 0x%x %63s", a, &type, &flags, m) == 4 &&
		    strcmp(a, ip) == 0 && (flags & 0x2) && pp_mac_parse(m, mac) == PP_OK)
			found = 0;
	}
	fclose(f);
	return found;
}

int pp_client_mac(const pp_store *st, const char *ip, char mac[PP_MAC_LEN + 1])
{
	const char *v4 = strncmp(ip, "::ffff:", 7) == 0 ? ip + 7 : ip;
	if (pp_client_mac_from_leases(st->leases, v4, mac) == 0)
		return 0;
	return pp_client_mac_from_arp("/proc/net/arp", v4, mac);
}
