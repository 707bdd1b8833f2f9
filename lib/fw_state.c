/* SPDX-License-Identifier: MIT */
/* The shim's durable record of what each phone runs; the format is in fw_track.h. */
#include "fw_track.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const words[] = {"unknown", "pre-loader", "loader-era", "exact"};

int pp_fw_state_format(const char *mac, const pp_fw_seen *s, char *out, size_t len)
{
	if (s->known == PP_FW_UNKNOWN || (unsigned)s->known > PP_FW_EXACT)
		return -1;
	int n = snprintf(out, len, "%s %s %s %lld\n", mac, words[s->known],
	                 s->known == PP_FW_EXACT ? s->load : "-", (long long)s->t);
	return n > 0 && (size_t)n < len ? n : -1;
}

static int load_name(const char *p, size_t n)
{
	pp_fw_load l;
	char buf[PP_FW_NAME_MAX + 1];

	if (!n || n > PP_FW_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && !strchr("._-", p[i]))
			return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return pp_fw_parse(buf, &l) == 0;
}

int pp_fw_state_parse(const char *line, char mac[PP_MAC_LEN + 1], pp_fw_seen *s)
{
	const char *f[4];
	size_t fl[4], k = 0;
	const char *p = line;

	while (k < 4) {
		size_t n = strcspn(p, " ");
		if (!n)
			return -1;
		f[k] = p;
		fl[k++] = n;
		p += n;
		if (!*p)
			break;
		p++;
	}
	if (k != 4 || *p || fl[0] != PP_MAC_LEN || fl[3] > 18)
		return -1;
	for (size_t i = 0; i < PP_MAC_LEN; i++)
		if (!isxdigit((unsigned char)f[0][i]) || islower((unsigned char)f[0][i]))
			return -1;
	for (size_t i = 0; i < fl[3]; i++)
		if (!isdigit((unsigned char)f[3][i]))
			return -1;
	int w = -1;
	for (int i = 1; i < 4; i++)
		if (strlen(words[i]) == fl[1] && strncmp(words[i], f[1], fl[1]) == 0)
			w = i;
	if (w < 0)
		return -1;
	if (w == PP_FW_EXACT ? !load_name(f[2], fl[2]) : !(fl[2] == 1 && f[2][0] == '-'))
		return -1;
	memset(s, 0, sizeof(*s));
	memcpy(mac, f[0], PP_MAC_LEN);
	mac[PP_MAC_LEN] = '\0';
	s->known = (enum pp_fw_known)w;
	if (w == PP_FW_EXACT) {
		memcpy(s->load, f[2], fl[2]);
		s->load[fl[2]] = '\0';
	}
	s->how = "kept from an earlier run in state_dir";
	s->t = (time_t)strtoll(f[3], NULL, 10);
	return 0;
}

int pp_fw_state_read(const char *path, void (*fn)(void *ctx, const char *mac, const pp_fw_seen *s),
                     void *ctx)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	char *buf;
	size_t len = 0, taken = 0;
	ssize_t got;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    !(buf = malloc(PP_FW_STATE_MAX_BYTES + 1))) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	while (len < PP_FW_STATE_MAX_BYTES &&
	       (got = read(fd, buf + len, PP_FW_STATE_MAX_BYTES - len)) > 0)
		len += (size_t)got;
	close(fd);
	buf[len] = '\0';
	for (char *line = buf, *nl;
	     taken < PP_FW_STATE_MAX && (nl = memchr(line, '\n', (size_t)(buf + len - line)));
	     line = nl + 1) {
		char mac[PP_MAC_LEN + 1];
		pp_fw_seen s;
		*nl = '\0';
		if (memchr(line, '\0', (size_t)(nl - line)) == NULL &&
		    pp_fw_state_parse(line, mac, &s) == 0) {
			fn(ctx, mac, &s);
			taken++;
		}
	}
	free(buf);
	return 0;
}
