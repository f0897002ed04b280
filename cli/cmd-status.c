/* ipp status: a printer's state, reasons, queue, acceptance and supplies at a glance. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/registry.h>

#include "cli.h"
#include "common.h"

#define STATUS_USAGE "usage: ipp status URI [--json]"

void cmd_status_help(void)
{
	fputs(STATUS_USAGE "\n"
	                   "\n"
	                   "Shows the printer's name, model, state and state reasons, whether it accepts\n"
	                   "jobs, its state message, the number of queued jobs and the level of each\n"
	                   "supply it reports (printer-supply, or CUPS's marker-* attributes).\n"
	                   "\n"
	                   "  --json            one JSON object (see ipp(1))\n" CLI_COMMON_HELP "\n"
	                   "Exit status: 0 shown, 1 the printer could not be asked, 2 bad usage.\n",
	      stdout);
}

/* One supply as shown: its description, its kind and colour, and a level in percent (-1 unknown). */
typedef struct supply {
	char name[128];
	char type[64];
	char color[64];
	int level;
} supply_t;

enum { MAX_SUPPLIES = 64 };

/* The value of `key` in a PWG 5100.13 printer-supply string "type=toner;level=87;...". */
static bool supply_field(const char *s, size_t n, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key);
	for (size_t i = 0; i < n;) {
		size_t end = i;
		while (end < n && s[end] != ';')
			end++;
		if (end - i > klen && memcmp(s + i, key, klen) == 0 && s[i + klen] == '=') {
			size_t vlen = end - i - klen - 1;
			if (vlen >= cap)
				vlen = cap - 1;
			memcpy(out, s + i + klen + 1, vlen);
			out[vlen] = '\0';
			return true;
		}
		i = end + 1;
	}
	return false;
}

/* Reads supplies from printer-supply (+ -description), or else from marker-names/levels/colors/types. */
static size_t collect_supplies(const ippd_group_t *g, supply_t *out)
{
	size_t n = 0;
	const ippd_attr_t *sup = ippd_group_find(g, "printer-supply");
	const ippd_attr_t *desc = ippd_group_find(g, "printer-supply-description");
	for (size_t i = 0; sup && i < ippd_attr_count(sup) && n < MAX_SUPPLIES; i++) {
		size_t len;
		const char *s = ippd_attr_get_string(sup, i, &len);
		if (!s)
			continue;
		supply_t *x = &out[n++];
		char tmp[32];
		memset(x, 0, sizeof(*x));
		supply_field(s, len, "type", x->type, sizeof(x->type));
		supply_field(s, len, "colorantname", x->color, sizeof(x->color));
		int level = supply_field(s, len, "level", tmp, sizeof(tmp)) ? atoi(tmp) : -1;
		int max = supply_field(s, len, "maxcapacity", tmp, sizeof(tmp)) ? atoi(tmp) : 100;
		/* Negative levels are "unknown" or "some remains" (PWG 5100.13): not a percentage. */
		x->level = level >= 0 && max > 0 ? (int)((long)level * 100 / max) : -1;
		const char *d = desc ? ippd_attr_get_string(desc, i, NULL) : NULL;
		snprintf(x->name, sizeof(x->name), "%s", d ? d : x->type);
	}
	if (n)
		return n;
	const ippd_attr_t *names = ippd_group_find(g, "marker-names");
	const ippd_attr_t *levels = ippd_group_find(g, "marker-levels");
	const ippd_attr_t *colors = ippd_group_find(g, "marker-colors");
	const ippd_attr_t *types = ippd_group_find(g, "marker-types");
	for (size_t i = 0; names && i < ippd_attr_count(names) && n < MAX_SUPPLIES; i++) {
		supply_t *x = &out[n++];
		memset(x, 0, sizeof(*x));
		const char *s = ippd_attr_get_string(names, i, NULL);
		snprintf(x->name, sizeof(x->name), "%s", s ? s : "");
		s = types ? ippd_attr_get_string(types, i, NULL) : NULL;
		snprintf(x->type, sizeof(x->type), "%s", s ? s : "");
		s = colors ? ippd_attr_get_string(colors, i, NULL) : NULL;
		snprintf(x->color, sizeof(x->color), "%s", s ? s : "");
		x->level = levels && i < ippd_attr_count(levels) ? ippd_attr_get_integer(levels, i) : -1;
		if (x->level > 100)
			x->level = -1;
	}
	return n;
}

static void status_json(const cli_ctx_t *ctx, const ippd_group_t *g, const supply_t *sup, size_t nsup)
{
	static const char *const plain[] = {"printer-name", "printer-info", "printer-location",
	                                    "printer-make-and-model", "printer-state-message"};
	printf("{\"printer-uri\":");
	cli_json_string(stdout, ctx->printer_uri);
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		printf(",\"%s\":", plain[i]);
		cli_json_string(stdout, cli_group_string(g, plain[i]));
	}
	const ippd_attr_t *a = ippd_group_find(g, "printer-state");
	printf(",\"printer-state\":");
	cli_json_values(stdout, a, false);
	printf(",\"printer-state-reasons\":");
	cli_json_values(stdout, ippd_group_find(g, "printer-state-reasons"), true);
	a = ippd_group_find(g, "printer-is-accepting-jobs");
	printf(",\"printer-is-accepting-jobs\":");
	cli_json_values(stdout, a, false);
	printf(",\"queued-job-count\":");
	int32_t queued = cli_group_int(g, "queued-job-count", -1);
	if (queued >= 0)
		printf("%d", (int)queued);
	else
		fputs("null", stdout);
	printf(",\"supplies\":[");
	for (size_t i = 0; i < nsup; i++) {
		printf("%s{\"name\":", i ? "," : "");
		cli_json_string(stdout, sup[i].name);
		printf(",\"type\":");
		cli_json_string(stdout, sup[i].type[0] ? sup[i].type : NULL);
		printf(",\"color\":");
		cli_json_string(stdout, sup[i].color[0] ? sup[i].color : NULL);
		if (sup[i].level >= 0)
			printf(",\"level\":%d}", sup[i].level);
		else
			printf(",\"level\":null}");
	}
	printf("]}\n");
}

/* Two aligned columns, the way `ip`/`systemctl status` lay out a summary. */
static void line(const char *label, const char *value)
{
	char clean[1024];
	printf("%-10s %s\n", label, cli_clean(value && *value ? value : "-", clean, sizeof(clean)));
}

static void status_text(const cli_ctx_t *ctx, const ippd_group_t *g, const supply_t *sup, size_t nsup)
{
	char buf[1024], tmp[64];
	const char *name = cli_group_string(g, "printer-name");
	line("printer", name ? name : ctx->printer_uri);
	line("uri", ctx->printer_uri);
	const char *model = cli_group_string(g, "printer-make-and-model");
	if (model)
		line("model", model);
	const char *location = cli_group_string(g, "printer-location");
	if (location && *location)
		line("location", location);
	const ippd_attr_t *a = ippd_group_find(g, "printer-state");
	line("state", a ? cli_attr_text(a, buf, sizeof(buf)) : NULL);
	a = ippd_group_find(g, "printer-state-reasons");
	line("reasons", a ? cli_attr_text(a, buf, sizeof(buf)) : NULL);
	a = ippd_group_find(g, "printer-is-accepting-jobs");
	line("accepting", a ? (ippd_attr_get_boolean(a, 0) ? "yes" : "no") : NULL);
	const char *msg = cli_group_string(g, "printer-state-message");
	if (msg && *msg)
		line("message", msg);
	int32_t queued = cli_group_int(g, "queued-job-count", -1);
	if (queued >= 0)
		snprintf(tmp, sizeof(tmp), "%d job%s", (int)queued, queued == 1 ? "" : "s");
	line("queued", queued >= 0 ? tmp : NULL);
	for (size_t i = 0; i < nsup; i++) {
		char level[16], what[256];
		if (sup[i].level >= 0)
			snprintf(level, sizeof(level), "%3d%%", sup[i].level);
		else
			snprintf(level, sizeof(level), "   ?");
		snprintf(what, sizeof(what), "%s %s", level, sup[i].name);
		line(i == 0 ? "supplies" : "", what);
	}
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	static const char *const want[] = {
	    "printer-name",
	    "printer-info",
	    "printer-location",
	    "printer-make-and-model",
	    "printer-state",
	    "printer-state-reasons",
	    "printer-state-message",
	    "printer-is-accepting-jobs",
	    "queued-job-count",
	    "printer-supply",
	    "printer-supply-description",
	    "marker-names",
	    "marker-levels",
	    "marker-colors",
	    "marker-types",
	};
	cli_ctx_t ctx;
	cli_ctx_init(&ctx, "status", STATUS_USAGE);
	int rc = EXIT_USAGE;
	if ((rc = cli_ctx_options(&ctx, argc, argv, opts, cmd_status_help, NULL, NULL)) != CLI_OPTIONS_READ)
		goto out;
	rc = EXIT_USAGE;
	if (argc - optind != 1) {
		cli_error(ctx.cmd, "expected one printer URI");
		rc = cli_usage(&ctx);
		goto out;
	}
	rc = cli_ctx_connect(&ctx, argv[optind], false);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_FAIL;
	ippd_msg_t *req = cli_request(&ctx, IPPD_OP_GET_PRINTER_ATTRIBUTES, 0);
	if (!req)
		goto out;
	cli_request_attrs(req, want, sizeof(want) / sizeof(want[0]));
	ippd_msg_t *resp = cli_call(&ctx, req, -1);
	ippd_msg_free(req);
	if (!resp)
		goto out;
	const ippd_group_t *g = ippd_msg_find_group(resp, IPPD_TAG_PRINTER);
	supply_t *sup = calloc(MAX_SUPPLIES, sizeof(*sup));
	size_t nsup = sup && g ? collect_supplies(g, sup) : 0;
	if (ctx.json)
		status_json(&ctx, g, sup, nsup);
	else
		status_text(&ctx, g, sup, nsup);
	free(sup);
	ippd_msg_free(resp);
	rc = EXIT_OK;
	if (fflush(stdout) != 0) {
		cli_error(ctx.cmd, "writing the output failed: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
out:
	cli_ctx_done(&ctx);
	return rc;
}
