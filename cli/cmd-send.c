/* ipp send: a request written by hand in a small text form, sent as it is, and the response shown. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ippd/registry.h>
#include <ippd/render.h>

#include "cli.h"
#include "common.h"

#define SEND_USAGE "usage: ipp send FILE.ipp|- URI [--json] [--dry-run]"

void cmd_send_help(void)
{
	fputs(SEND_USAGE "\n"
	                 "\n"
	                 "Builds one IPP request from the text in FILE.ipp (or standard input), sends it\n"
	                 "to URI exactly as written, and prints the response as 'ipp decode' does.\n"
	                 "For testing printers: the request may be wrong on purpose.\n"
	                 "\n"
	                 "The text, one directive a line ('#' starts a comment):\n"
	                 "  operation Get-Printer-Attributes   the operation, by name or 0xNNNN (required)\n"
	                 "  version 1.1                        the IPP version (default 2.0)\n"
	                 "  request-id 7                       (default: 1)\n"
	                 "  group job                          starts a group: operation, job, printer,\n"
	                 "                                     document, subscription, ... or a tag name\n"
	                 "  attr NAME VALUE                    an attribute typed from the IPP registry,\n"
	                 "                                     VALUE as for 'ipp print -o'\n"
	                 "  attr SYNTAX NAME VALUE             with this syntax (integer, enum, keyword,\n"
	                 "                                     name, text, uri, mimeMediaType, collection,\n"
	                 "                                     no-value, unknown, ...); commas separate\n"
	                 "                                     values, \"quotes\" keep one together\n"
	                 "  document FILE                      document data after the attributes (FILE\n"
	                 "                                     relative to FILE.ipp; streamed)\n"
	                 "$uri and $user in a value become URI and the requesting user.  Unless the\n"
	                 "text sets attributes-charset, the request starts with attributes-charset\n"
	                 "utf-8 and attributes-natural-language en; an attr before any group is in the\n"
	                 "operation group.\n"
	                 "\n"
	                 "  --json            the response as one JSON object (as 'ipp decode --json')\n"
	                 "  --dry-run         print the request instead of sending it\n" CLI_COMMON_HELP "\n"
	                 "Exit status: 0 a successful response, 1 an error status (the response is\n"
	                 "still printed) or no response, 2 bad usage or a malformed FILE.ipp.\n",
	      stdout);
}

/* What building the request needs: where we are in the text, and what it said so far. */
typedef struct sendtext {
	cli_ctx_t *ctx;
	const char *label; /* the file name, for messages */
	unsigned line;
	ippd_msg_t *msg;
	ippd_group_t *cur;
	ippd_group_t *auto_op; /* the operation group made up front, reused by the first "group operation" */
	bool have_op;
	char document[4096];
} sendtext_t;

__attribute__((format(printf, 2, 3))) static bool text_fail(const sendtext_t *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_error(t->ctx->cmd, "%s:%u: %s", t->label, t->line, msg);
	return false;
}

/* Replaces $uri and $user; false when the result does not fit. */
static bool expand(const sendtext_t *t, const char *in, char *out, size_t cap)
{
	size_t len = 0;
	while (*in) {
		const char *rep = NULL;
		size_t skip = 1;
		if (strncmp(in, "$uri", 4) == 0) {
			rep = t->ctx->uri;
			skip = 4;
		} else if (strncmp(in, "$user", 5) == 0) {
			rep = t->ctx->user;
			skip = 5;
		}
		size_t n = rep ? strlen(rep) : 1;
		if (len + n + 1 > cap)
			return false;
		memcpy(out + len, rep ? rep : in, n);
		len += n;
		in += skip;
	}
	out[len] = '\0';
	return true;
}

/* "operation" -> 0x01, "job" -> 0x02, ..., or a full tag name such as "job-attributes-tag". */
static int group_tag(const char *word)
{
	static const struct {
		const char *name;
		ippd_tag_t tag;
	} short_names[] = {
	    {"operation", IPPD_TAG_OPERATION},
	    {"job", IPPD_TAG_JOB},
	    {"printer", IPPD_TAG_PRINTER},
	    {"unsupported", IPPD_TAG_UNSUPPORTED_GROUP},
	    {"subscription", IPPD_TAG_SUBSCRIPTION},
	    {"event-notification", IPPD_TAG_EVENT_NOTIFICATION},
	    {"resource", IPPD_TAG_RESOURCE},
	    {"document", IPPD_TAG_DOCUMENT},
	    {"system", IPPD_TAG_SYSTEM},
	};
	for (size_t i = 0; i < sizeof(short_names) / sizeof(short_names[0]); i++)
		if (strcmp(word, short_names[i].name) == 0)
			return short_names[i].tag;
	int tag = ippd_tag_value(word);
	return IPPD_TAG_IS_DELIMITER(tag) && tag != IPPD_TAG_END ? tag : -1;
}

/* A value tag by its syntax name ("keyword", "collection", "no-value"); -1 when it is none. */
static int value_tag(const char *word)
{
	if (strcmp(word, "collection") == 0)
		return IPPD_TAG_BEGIN_COLLECTION;
	int tag = ippd_tag_value(word);
	if (tag < 0x10 || tag == IPPD_TAG_END_COLLECTION || tag == IPPD_TAG_EXTENSION)
		return -1;
	return tag;
}

/* Splits off the first word of `*p` (NUL-terminating it) and skips the blanks after it. */
static char *next_word(char **p)
{
	char *w = *p;
	while (*w == ' ' || *w == '\t')
		w++;
	if (!*w)
		return NULL;
	char *e = w;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	if (*e)
		*e++ = '\0';
	while (*e == ' ' || *e == '\t')
		e++;
	*p = e;
	return w;
}

static bool directive(sendtext_t *t, char *line)
{
	char *rest = line;
	char *word = next_word(&rest);
	if (!word || word[0] == '#')
		return true;
	if (strcmp(word, "operation") == 0) {
		char *name = next_word(&rest);
		char *end = NULL;
		long code = name ? ippd_op_value(name) : -1;
		if (name && code < 0)
			code = strtol(name, &end, 0);
		if (!name || (end && (*end || end == name)) || code < 0 || code > 0xffff)
			return text_fail(
			    t, "operation wants a name such as Print-Job or a number such as 0x0002");
		ippd_msg_set_code(t->msg, (uint16_t)code);
		t->have_op = true;
		return true;
	}
	if (strcmp(word, "version") == 0) {
		char *v = next_word(&rest);
		unsigned major, minor;
		char extra;
		if (!v || sscanf(v, "%u.%u%c", &major, &minor, &extra) != 2 || major > 255 || minor > 255)
			return text_fail(t, "version wants MAJOR.MINOR such as 2.0");
		ippd_msg_set_version(t->msg, (uint8_t)major, (uint8_t)minor);
		return true;
	}
	if (strcmp(word, "request-id") == 0) {
		char *v = next_word(&rest), *end;
		long id = v ? strtol(v, &end, 10) : -1;
		if (!v || *end || id < 0 || id > INT32_MAX)
			return text_fail(t, "request-id wants a number");
		ippd_msg_set_request_id(t->msg, (int32_t)id);
		return true;
	}
	if (strcmp(word, "group") == 0) {
		char *name = next_word(&rest);
		int tag = name ? group_tag(name) : -1;
		if (tag < 0)
			return text_fail(t,
			                 "group wants operation, job, printer, document, ... or a tag name");
		if (tag == IPPD_TAG_OPERATION && t->auto_op)
			t->cur = t->auto_op;
		else
			t->cur = ippd_msg_add_group(t->msg, (ippd_tag_t)tag);
		t->auto_op = NULL;
		return t->cur ? true : text_fail(t, "out of memory");
	}
	if (strcmp(word, "attr") == 0) {
		char *first = next_word(&rest);
		int tag = first ? value_tag(first) : -1;
		char *name = tag >= 0 ? next_word(&rest) : first;
		if (!name)
			return text_fail(t, "attr wants [SYNTAX] NAME VALUE");
		char value[16384], why[256];
		if (!expand(t, rest, value, sizeof(value)))
			return text_fail(t, "%s: the value is too long", name);
		value[strcspn(value, "\r\n")] = '\0';
		if (!t->cur)
			t->cur = t->auto_op ? t->auto_op : ippd_msg_add_group(t->msg, IPPD_TAG_OPERATION);
		t->auto_op = NULL;
		if (!t->cur)
			return text_fail(t, "out of memory");
		if (!cli_add_attr(t->cur, name, tag, value, why, sizeof(why)))
			return text_fail(t, "%s", why);
		return true;
	}
	if (strcmp(word, "document") == 0) {
		char *path = next_word(&rest);
		if (!path)
			return text_fail(t, "document wants a FILE");
		snprintf(t->document, sizeof(t->document), "%s", path);
		return true;
	}
	return text_fail(t, "unknown directive '%s' (operation, version, request-id, group, attr, document)",
	                 word);
}

/* Reads the whole text (at most 1 MiB: it is written by hand). */
static char *read_text(const cli_ctx_t *ctx, FILE *in, const char *label)
{
	enum { MAX_TEXT = 1 << 20 };
	char *buf = malloc(MAX_TEXT + 1);
	if (!buf) {
		cli_error(ctx->cmd, "out of memory");
		return NULL;
	}
	size_t n = fread(buf, 1, MAX_TEXT + 1, in);
	if (ferror(in) || n > MAX_TEXT) {
		cli_error(ctx->cmd, "%s: %s", label, ferror(in) ? strerror(errno) : "longer than 1 MiB");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* Builds the request from the text; EXIT_OK, or EXIT_USAGE with the line at fault named. */
static int build(sendtext_t *t, char *text)
{
	ippd_msg_set_version(t->msg, 2, 0);
	ippd_msg_set_request_id(t->msg, 1);
	/* RFC 8011 §4.1.4 wants these two first; a text that sets them itself gets no help. */
	if (!strstr(text, "attributes-charset")) {
		t->auto_op = ippd_msg_add_group(t->msg, IPPD_TAG_OPERATION);
		if (!t->auto_op ||
		    !ippd_group_add_string(t->auto_op, IPPD_TAG_CHARSET, "attributes-charset", "utf-8") ||
		    !ippd_group_add_string(t->auto_op, IPPD_TAG_LANGUAGE, "attributes-natural-language",
		                           "en")) {
			cli_error(t->ctx->cmd, "out of memory");
			return EXIT_FAIL;
		}
	}
	/* Line by line, counting every line so that a message names the right one. */
	t->line = 0;
	char *p = text;
	while (p && *p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		t->line++;
		if (!directive(t, p))
			return EXIT_USAGE;
		p = nl ? nl + 1 : NULL;
	}
	if (!t->have_op) {
		cli_error(t->ctx->cmd, "%s: no 'operation' line", t->label);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

enum { OPT_DRY_RUN = CLI_OPT_FIRST_OWN };

/* send's own option: --dry-run. */
static int send_option(cli_ctx_t *ctx, int c, const char *arg, void *data)
{
	(void)arg;
	if (c != OPT_DRY_RUN)
		return cli_usage(ctx);
	*(bool *)data = true;
	return EXIT_OK;
}

int cmd_send(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	    CLI_COMMON_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	cli_ctx_t ctx;
	cli_ctx_init(&ctx, "send", SEND_USAGE);
	bool dry_run = false;
	int rc = EXIT_USAGE, doc_fd = -1;
	char *text = NULL;
	ippd_msg_t *resp = NULL;
	sendtext_t t = {0};
	if ((rc = cli_ctx_options(&ctx, argc, argv, opts, cmd_send_help, send_option, &dry_run)) != CLI_OPTIONS_READ)
		goto out;
	rc = EXIT_USAGE;
	if (argc - optind != 2) {
		cli_error(ctx.cmd, "expected FILE.ipp (or -) and a URI");
		rc = cli_usage(&ctx);
		goto out;
	}
	const char *path = argv[optind];
	rc = cli_ctx_connect(&ctx, argv[optind + 1], false);
	if (rc != EXIT_OK)
		goto out;
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *in = is_stdin ? stdin : fopen(path, "r");
	if (!in) {
		cli_error(ctx.cmd, "%s: %s", path, strerror(errno));
		rc = EXIT_FAIL;
		goto out;
	}
	text = read_text(&ctx, in, path);
	if (!is_stdin)
		fclose(in);
	rc = EXIT_FAIL;
	t.ctx = &ctx;
	t.label = is_stdin ? "(stdin)" : path;
	t.msg = ippd_msg_new();
	if (!text || !t.msg)
		goto out;
	rc = build(&t, text);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_FAIL;
	if (dry_run) {
		if (ippd_msg_render_text(t.msg, IPPD_KIND_REQUEST, stdout) == IPPD_OK)
			rc = EXIT_OK;
		if (t.document[0])
			printf("(document data from %s follows the attributes)\n", t.document);
		goto out;
	}
	/* A document path is relative to the text file, as test files are moved about with their documents.
	 */
	if (t.document[0]) {
		char full[8192];
		const char *slash = strrchr(path, '/');
		if (strcmp(t.document, "-") == 0 && is_stdin) {
			cli_error(ctx.cmd,
			          "standard input cannot hold both the request text and the document");
			rc = EXIT_USAGE;
			goto out;
		}
		if (t.document[0] == '/' || strcmp(t.document, "-") == 0 || !slash || is_stdin)
			snprintf(full, sizeof(full), "%s", t.document);
		else
			snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - path), path, t.document);
		doc_fd = strcmp(full, "-") == 0 ? STDIN_FILENO : open(full, O_RDONLY | O_CLOEXEC);
		if (doc_fd < 0) {
			cli_error(ctx.cmd, "%s: %s", full, strerror(errno));
			goto out;
		}
	}
	cli_progress_begin(&ctx);
	resp = cli_exchange(&ctx, t.msg, doc_fd);
	if (!resp)
		goto out;
	ippd_err_t err = ctx.json ? ippd_msg_render_json(resp, IPPD_KIND_RESPONSE, stdout)
	                          : ippd_msg_render_text(resp, IPPD_KIND_RESPONSE, stdout);
	if (err != IPPD_OK || fflush(stdout) != 0) {
		cli_error(ctx.cmd, "writing the output failed: %s", strerror(errno));
		goto out;
	}
	rc = cli_check(&ctx, resp) ? EXIT_OK : EXIT_FAIL;
out:
	if (doc_fd > STDIN_FILENO)
		close(doc_fd);
	ippd_msg_free(resp);
	ippd_msg_free(t.msg);
	free(text);
	cli_ctx_done(&ctx);
	return rc;
}
