#!/bin/sh
# SPDX-License-Identifier: MIT
# report.sh DATA MACHINE RUNTIME: the markdown tables of make bench, from
# the key=value lines tests/bench/run.sh recorded.  Every ratio is the
# median over rounds of (test / baseline) within the same round.
data=$1
machine=$2
runtime=$3

echo "## make bench: results"
echo
cat "$machine"
echo "- make bench run time: ${runtime} s"
echo

awk '
function med(list,    n, a, i, j, t) {
	n = split(list, a, " ")
	if (n == 0) return -1
	for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# median over rounds of metric m for group g (a string "fig|server|phones|variant")
function mv(g, m,    r, l) {
	l = ""
	for (r = 1; r <= R; r++) if ((g SUBSEP r SUBSEP m) in v) l = l " " v[g, r, m]
	return med(l)
}
# median over rounds of test/base
function rat(gt, gb, m,    r, l) {
	l = ""
	for (r = 1; r <= R; r++)
		if ((gt SUBSEP r SUBSEP m) in v && (gb SUBSEP r SUBSEP m) in v && v[gb, r, m] > 0)
			l = l " " v[gt, r, m] / v[gb, r, m]
	return med(l)
}
# the same for a sum of two metrics in the baseline
function rat2(gt, mt, gb, m1, m2,    r, l) {
	l = ""
	for (r = 1; r <= R; r++)
		if ((gt SUBSEP r SUBSEP mt) in v && (gb SUBSEP r SUBSEP m1) in v)
			l = l " " v[gt, r, mt] / (v[gb, r, m1] + v[gb, r, m2])
	return med(l)
}
function ok(x, lim) { return x <= lim ? "met" : "**missed**" }
$1 == "fig=9" { f9[++n9] = substr($0, 7); next }
{
	delete kv
	for (i = 1; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
	if (kv["fig"] == 12) {
		for (k in kv) w12[kv["server"], kv["variant"], k] = kv[k]
		next
	}
	if (kv["fig"] == 8 || kv["fig"] == 10 || kv["fig"] == 11) {
		for (k in kv) w[kv["fig"], kv["phones"], kv["variant"], k] = kv[k]
		next
	}
	g = kv["fig"] "|" kv["server"] "|" (kv["fig"] == 1 ? kv["phones"] : "") "|" kv["variant"]
	if ("round" in kv) {
		r = kv["round"] + 0
		if (r > R) R = r
		if (kv["fig"] == 5 && r > R5) R5 = r
		for (k in kv) v[g, r, k] = kv[k]
	} else if (kv["fig"] == 2) {
		kinds[++nk] = kv["kind"]; k2[nk] = $0
		for (k in kv) f2[nk, k] = kv[k]
	} else if (kv["fig"] == "6a") {
		reloads = kv["reloads"]; procs = kv["processes"]; nreq = kv["requests"]
	} else if ($2 == "refused-other-phone") {
		refused = kv["notfound"] == 1 && kv["wrong"] == 0
	}
}
END {
	printf "Rounds per figure: %d (figures 3 and 6a: %d), interleaved (baseline, test, baseline, test, ...); every figure is the median over rounds.\n\n", (R5 ? R5 : R), R

	print "### Figure 1: store load vs libconfig'"'"'s own parse of the same file"
	print ""
	print "| phones | libconfig parse ms | parse + config_destroy ms | pp_store_load ms | load / (parse + destroy) | load / parse | peak RSS parse MiB | peak RSS load MiB | RSS load / parse | load us per phone |"
	print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	split("1000 10000 100000", sizes, " ")
	for (i = 1; i <= 3; i++) {
		n = sizes[i]; gp = "1||" n "|parse"; gl = "1||" n "|load"
		pm = mv(gp, "ms"); dm = mv(gp, "destroy_ms"); lm = mv(gl, "ms")
		pk = mv(gp, "peak_kib") / 1024; lk = mv(gl, "peak_kib") / 1024
		r1[n] = rat2(gl, "ms", gp, "ms", "destroy_ms"); r0[n] = rat(gl, gp, "ms"); rr[n] = rat(gl, gp, "peak_kib")
		per[n] = lm * 1000 / n; LM[n] = lm; LK[n] = lk
		printf "| %d | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f | %.2f | %.1f |\n", n, pm, pm + dm, lm, r1[n], r0[n], pk, lk, rr[n], per[n]
	}
	print ""
	print "| target | figure | verdict |"
	print "|---|---|---|"
	printf "| load <= 1.5x libconfig (parse + destroy), 10k | %.2fx | %s |\n", r1[10000], ok(r1[10000], 1.5)
	printf "| load <= 1.5x libconfig (parse alone), 10k | %.2fx | %s |\n", r0[10000], ok(r0[10000], 1.5)
	printf "| peak RSS <= 1.5x libconfig, 10k | %.2fx | %s |\n", rr[10000], ok(rr[10000], 1.5)
	printf "| growth linear: us/phone at 100k over us/phone at 10k | %.2f | %s |\n", per[100000] / per[10000], ok(per[100000] / per[10000], 1.5)
	printf "| 10k <= 100 ms | %.1f ms | %s |\n", LM[10000], ok(LM[10000], 100)
	printf "| 10k <= 32 MiB | %.1f MiB | %s |\n", LK[10000], ok(LK[10000], 32)
	printf "| 100k <= 1 s | %.0f ms | %s |\n", LM[100000], ok(LM[100000], 1000)
	print ""

	print "### Figure 2: render time per file kind (10k-phone store), and classify + lookup"
	print ""
	print "Baseline: reading the same bytes from a static file (open, read, close), or for classify + lookup a stat() of it. ns per operation."
	print ""
	print "| kind | bytes | static ns | phoneprov ns | ratio |"
	print "|---|---:|---:|---:|---:|"
	for (i = 1; i <= nk; i++)
		printf "| %s | %d | %d | %d | %.2f |\n", f2[i, "kind"], f2[i, "bytes"], f2[i, "static_read_ns"], f2[i, "render_ns"], f2[i, "ratio"]
	print ""

	print "### Figure 3: the shim on open() calls it must not touch"
	print ""
	a = mv("3|||noshim", "ns_per_op"); b = mv("3|||shim", "ns_per_op"); x = rat("3|||shim", "3|||noshim", "ns_per_op")
	print "| open()+close() of a file on disk | ns | "
	print "|---|---:|"
	printf "| without the shim | %.0f |\n| with the shim active (PHONEPROV_FORCE=1, 10k store, a live request for another name) | %.0f |\n", a, b
	printf "| ratio (target <= 1.05) | %.3f, %s |\n\n", x, ok(x, 1.05)

	print "### Figure 4: a synthesised SEP<MAC>.cnf.xml vs the same bytes static"
	print ""
	print "RRQ to first DATA (p50 of each round'"'"'s fetches; one client, one fetch at a time, the variants taking turns fetch by fetch), whole transfer p50, and fetches/s with 8 clients at once (the variants taking turns round by round). *static*: the server without the shim; *fall*: the same bytes as a static file from the server with the shim and the 10k store (a name the store does not have); *synth*: the file synthesised by that same server (the same file each time, so after the first fetch from the rendered-file cache); *cold*: 100-200 different phones'"'"' files, each fetched once (rendered each time), against the same files static."
	print ""
	print "| server | static first-DATA us | fall | synth | **synth / fall** (same server) | synth / static | fall / static | transfer synth / fall | cold: static us | cold: synth us | cold synth / static | fetches/s static | fall | synth | fetches/s synth / fall |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	split("dnsmasq tftpd", srvs, " ")
	for (i = 1; i <= 2; i++) {
		s = srvs[i]; G = "4|" s "||"; P = "4p|" s "||"
		x = rat(G "synth", G "fall", "first_us_p50"); X4[s] = x
		printf "| %s | %.0f | %.0f | %.0f | %.3f %s | %.3f | %.3f | %.3f | %.0f | %.0f | %.3f | %.0f | %.0f | %.0f | %.3f |\n", s,
			mv(G "static", "first_us_p50"), mv(G "fall", "first_us_p50"), mv(G "synth", "first_us_p50"),
			x, ok(x, 1.05), rat(G "synth", G "static", "first_us_p50"), rat(G "fall", G "static", "first_us_p50"),
			rat(G "synth", G "fall", "total_us_p50"),
			mv(G "static-cold", "first_us_p50"), mv(G "synth-cold", "first_us_p50"), rat(G "synth-cold", G "static-cold", "first_us_p50"),
			mv(P "static", "fetches_per_s"), mv(P "fall", "fetches_per_s"), mv(P "synth", "fetches_per_s"), rat(P "synth", P "fall", "fetches_per_s")
	}
	print ""

	print "### Figure 4b: with the shim against without (issue 15)"
	print ""
	print "The same runs as figure 4, each variant of the server with the shim against the server without it (*static*), in the same rounds. *fall*: a file the store does not have, from disk; *synth*: the synthesised file. Goals: whole fetch <= 1.05x; first DATA and fetches/s within 1.25x."
	print ""
	print "| server | whole fetch fall / static | synth / static | first DATA fall / static | synth / static | fetches/s static / fall | static / synth |"
	print "|---|---:|---:|---:|---:|---:|---:|"
	for (i = 1; i <= 2; i++) {
		s = srvs[i]; G = "4|" s "||"; P = "4p|" s "||"
		a1 = rat(G "fall", G "static", "total_us_p50"); a2 = rat(G "synth", G "static", "total_us_p50")
		b1 = rat(G "fall", G "static", "first_us_p50"); b2 = rat(G "synth", G "static", "first_us_p50")
		c1 = rat(P "static", P "fall", "fetches_per_s"); c2 = rat(P "static", P "synth", "fetches_per_s")
		printf "| %s | %.3f %s | %.3f %s | %.3f %s | %.3f %s | %.3f %s | %.3f %s |\n", s, a1, ok(a1, 1.05), a2, ok(a2, 1.05),
			b1, ok(b1, 1.25), b2, ok(b2, 1.25), c1, ok(c1, 1.25), c2, ok(c2, 1.25)
	}
	print ""

	print "### Figure 5: mass reboot, 500 phones at once"
	print ""
	print "Each simulated phone runs the 7940 boot sequence of the research log (CTLSEP<MAC>.tlv, SEP<MAC>.cnf.xml, SIP<MAC>.cnf, P0S3-08-2-00.loads, SIPDefault.cnf, SIP<MAC>.cnf, RINGLIST.DAT, dialplan.xml: 8 requests, 2 of them file not found), all 500 starting together, resending a packet after 2 s, at most 4 times. *static*: the server without the shim, every file on disk; *synth*: the server with the shim and the 10k store."
	print ""
	print "| server | phones served correctly, static | synth | last phone done, static ms | synth ms | **synth / static** | per-round ratios, min - max | median phone done, synth / static | resent packets static | synth |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for (i = 1; i <= 2; i++) {
		s = srvs[i]; G = "5|" s "||"
		minok_s = 1e9; minok_t = 1e9
		for (r = 1; r <= R; r++) { if ((G "static" SUBSEP r SUBSEP "phones_ok") in v && v[G "static", r, "phones_ok"] < minok_s) minok_s = v[G "static", r, "phones_ok"]; if ((G "synth" SUBSEP r SUBSEP "phones_ok") in v && v[G "synth", r, "phones_ok"] < minok_t) minok_t = v[G "synth", r, "phones_ok"] }
		lo = 1e9; hi = 0
		for (r = 1; r <= R; r++) if ((G "synth" SUBSEP r SUBSEP "last_done_ms") in v && (G "static" SUBSEP r SUBSEP "last_done_ms") in v) {
			x = v[G "synth", r, "last_done_ms"] / v[G "static", r, "last_done_ms"]; if (x < lo) lo = x; if (x > hi) hi = x }
		printf "| %s | %d/500 (worst round) | %d/500 | %.0f | %.0f | %.3f | %.2f - %.2f | %.3f | %.0f | %.0f |\n", s, minok_s, minok_t,
			mv(G "static", "last_done_ms"), mv(G "synth", "last_done_ms"), rat(G "synth", G "static", "last_done_ms"),
			lo, hi, rat(G "synth", G "static", "done_ms_p50"),
			mv(G "static", "retries"), mv(G "synth", "retries")
	}
	print ""

	print "### Figure 6: reload"
	print ""
	a = mv("6a|||static", "ns_per_op"); b = mv("6a|||synth", "ns_per_op"); x = rat("6a|||synth", "6a|||static", "ns_per_op")
	print "In-process (a stand-in server receiving a read request over loopback, then opening and reading the file; 3000 requests a round, after 301 to warm up):"
	print ""
	print "| per request | us |"
	print "|---|---:|"
	printf "| static file, no shim | %.1f |\n| synthesised, store unchanged (10k phones) | %.1f |\n| ratio | %.2f |\n", a / 1000, b / 1000, x
	printf "| store loads in %d processes of %d requests each | %d (one per process: no re-parse) |\n\n", procs, nreq * 1.1 + 1, reloads
	print "Edit to visible, through the servers: the store (10k phones) is replaced by rename with one label changed; the server is fetched from, 50 ms apart, until it serves the edit (the shim loads off the server'"'"'s thread: every fetch before that must be the old file)."
	print ""
	print "| server | fetch, store unchanged: first-DATA us | rename to the edit served, ms | fetches until then |"
	print "|---|---:|---:|---:|"
	for (i = 1; i <= 2; i++) {
		s = srvs[i]; G = "6b|" s "||"
		printf "| %s | %.0f | %.0f | %.0f |\n", s, mv(G "unchanged", "first_us_p50"), mv(G "edited", "visible_ms"), mv(G "edited", "tries")
	}
	print ""

	print "### MAC binding: its cost, where the client has a MAC"
	print ""
	print "The phone in its own namespace, with phone 2'"'"'s MAC on its veth; the server'"'"'s neighbour table also holds 244 other phones of the /24. The same server twice, with mac_binding = \"off\" and \"strict\" (the MAC from the kernel'"'"'s neighbour table); SEP<MAC>.cnf.xml of that phone, RRQ to first DATA, the two taking turns fetch by fetch."
	print ""
	print "| server | off us | strict us | strict / off |"
	print "|---|---:|---:|---:|"
	for (i = 1; i <= 2; i++) {
		s = srvs[i]; G = "7|" s "||"
		printf "| %s | %.0f | %.0f | %.3f |\n", s, mv(G "off", "first_us_p50"), mv(G "strict", "first_us_p50"), rat(G "strict", G "off", "first_us_p50")
	}
	printf "\nAnother phone'"'"'s file from this client under strict: %s.\n\n", refused ? "refused (file not found), as it must be" : "**NOT refused**"

	print "### Figure 8: DNS and DHCP while the store reloads (issue 15)"
	print ""
	print "dnsmasq with the shim answers DNS for a local name, DHCP for a range and TFTP; 6000 DNS queries and, at the same time, 6000 DHCPDISCOVERs (relayed, answered with an offer), each 1 ms apart, once with the 10k-phone store left alone, once while it is renamed over 5 times, each followed by fetches until the new file is served (tests/bench/reload.sh, dhcpbench.c). Goal: the reload stall gone from the worst answer."
	print ""
	print "| run | DNS answered | p50 us | p99 us | worst us | DHCP answered | p50 us | p99 us | worst us | store loads | wrong fetches |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	split("quiet reload", rv, " ")
	for (i = 1; i <= 2; i++) {
		q = rv[i]
		printf "| %s | %s/%s | %s | %s | %s | %s/%s | %s | %s | %s | %s | %s |\n", q, w[8, 10000, q, "answered"], w[8, 10000, q, "queries"], w[8, 10000, q, "p50_us"],
			w[8, 10000, q, "p99_us"], w[8, 10000, q, "max_us"],
			w[8, 10000, q, "dhcp_answered"], w[8, 10000, q, "dhcp_queries"], w[8, 10000, q, "dhcp_p50_us"], w[8, 10000, q, "dhcp_p99_us"], w[8, 10000, q, "dhcp_max_us"],
			q == "reload" ? w[8, 10000, q, "loaded"] : "-", q == "reload" ? w[8, 10000, q, "wrong_fetches"] : "-"
	}
	if (w[8, 10000, "quiet", "max_us"] > 0)
		printf "\nWorst answer, reloading / quiet: DNS %.2f", w[8, 10000, "reload", "max_us"] / w[8, 10000, "quiet", "max_us"]
	if (w[8, 10000, "quiet", "dhcp_max_us"] > 0)
		printf ", DHCP %.2f", w[8, 10000, "reload", "dhcp_max_us"] / w[8, 10000, "quiet", "dhcp_max_us"]
	print "."
	print ""

	print "### Figure 9: system calls per fetch (issue 15)"
	print ""
	print "strace -c -f attached to each server over 200 fetches (tests/bench/syscalls.sh, 10k phones): counts do not depend on the machine'"'"'s load."
	print ""
	print "```"
	for (i = 1; i <= n9; i++) print f9[i]
	print "```"
	print ""

	print "### Figure 10: the dhcp-script hook, time per event (issue 15)"
	print ""
	print "Lease events, one process each as dnsmasq runs them; *parse*: the store parsed every time (PHONEPROV_HOOK_CACHE=off, as before); *cache*: state_dir and leases remembered (tests/bench/hookbench.sh). Goal: the cost does not grow with the store."
	print ""
	print "| phones | parse ms | cache ms |"
	print "|---:|---:|---:|"
	split("1000 10000 100000", hs, " ")
	for (i = 1; i <= 3; i++) if ((10 SUBSEP hs[i] SUBSEP "parse" SUBSEP "ms_per_event") in w)
		printf "| %s | %s | %s |\n", hs[i], w[10, hs[i], "parse", "ms_per_event"], w[10, hs[i], "cache", "ms_per_event"]
	print ""

	print "### Figure 11: memory the shim adds to dnsmasq (issue 15)"
	print ""
	print "dnsmasq with the shim against dnsmasq without, after three fetches, and again after the store was renamed over and reloaded (tests/bench/rss.sh). The store lives in memfd-backed shared mappings (lib/arena.c), which VmRSS counts only where touched; *with the store* adds the memfds'"'"' size. Goals (the issue'"'"'s figures for main, by VmRSS): at most 1.5 MiB at 1k phones, 12.5 MiB at 10k."
	print ""
	print "| phones | VmRSS added MiB | with the store'"'"'s memfds MiB | after a reload MiB |"
	print "|---:|---:|---:|---:|"
	for (i = 1; i <= 3; i++) if ((11 SUBSEP hs[i] SUBSEP "" SUBSEP "plain_kib") in w) {
		pl = w[11, hs[i], "", "plain_kib"]
		printf "| %s | %.1f | %.1f | %.1f |\n", hs[i], (w[11, hs[i], "", "shim_vmrss_kib"] - pl) / 1024, w[11, hs[i], "", "added_kib"] / 1024, w[11, hs[i], "", "added_after_reload_kib"] / 1024
	}
	print ""

	print "### Figure 12: a store replaced by rename while phones fetch (issue 15)"
	print ""
	print "A mass reboot (the 7940 boot sequence of figure 5: 500 phones at once through dnsmasq, 100 through in.tftpd) from each server with the shim and a 10k-phone store, once with the store left alone and once while it is renamed over (cp + mv) 0.2 s into the boot and then every 2 s, between two versions that differ in every phone'"'"'s file. Every fetch must be the whole file of one version (*old*/*new*: how many were which; a file both versions share counts as old). *first visible*: the first rename to a fetch of another phone'"'"'s file showing it; *after*: one more rename after the boot, to the next fetch showing it (tests/bench/rename.sh). Goal: no wrong byte."
	print ""
	print "| server | phones served, quiet | renamed | wrong fetches | renames | old | new | last phone done, quiet ms | renamed ms | first visible ms | after ms |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	split("dnsmasq tftpd", sv, " ")
	for (i = 1; i <= 2; i++) if ((sv[i] SUBSEP "renamed" SUBSEP "phones") in w12) {
		x = sv[i]
		printf "| %s | %s/%s | %s/%s | %d | %s | %s | %s | %s | %s | %s | %s |\n", x, w12[x, "quiet", "phones_ok"], w12[x, "quiet", "phones"],
			w12[x, "renamed", "phones_ok"], w12[x, "renamed", "phones"], w12[x, "quiet", "wrong"] + w12[x, "renamed", "wrong"],
			w12[x, "renamed", "renames"], w12[x, "renamed", "old"], w12[x, "renamed", "new"], w12[x, "quiet", "last_done_ms"],
			w12[x, "renamed", "last_done_ms"], w12[x, "renamed", "first_visible_ms"], w12[x, "renamed", "final_ms"]
	}
}' "$data"
