/* What the network subcommands share: options, credentials, requests, errors, tables and output helpers. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <ippd/registry.h>
#include <ippd/url.h>

#include "cli.h"
#include "common.h"

/* ------------------------------------------------------------------ */
/* Settings and the connection                                        */
/* ------------------------------------------------------------------ */

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_ctx_init(cli_ctx_t *ctx, const char *cmd, const char *help_hint)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cmd = cmd;
	ctx->help_hint = help_hint;
	/* The user: IPP_USER names it explicitly, the login name is only a default. */
	const char *env = getenv("IPP_USER");
	if (env && *env) {
		ctx->user = env;
		ctx->user_given = true;
	} else {
		const struct passwd *pw = getpwuid(getuid());
		ctx->user = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : "anonymous";
	}
	/* The password is never a flag: the environment, or the terminal later when a server asks. */
	env = getenv("IPP_PASSWORD");
	if (env && *env)
		ctx->password = strdup(env);
}

int cli_usage(const cli_ctx_t *ctx)
{
	fprintf(stderr, "%s\n'ipp %s --help' explains.\n", ctx->help_hint, ctx->cmd);
	return EXIT_USAGE;
}

int cli_ctx_options(cli_ctx_t *ctx, int argc, char **argv, const struct option *opts, void (*help)(void),
                    int (*own)(cli_ctx_t *ctx, int c, const char *arg, void *data), void *data)
{
	int c;
	char shortopts[64];
	snprintf(shortopts, sizeof(shortopts), "%s" CLI_COMMON_SHORT, ctx->own_short ? ctx->own_short : "");
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		int common = cli_ctx_option(ctx, c, optarg);
		if (common < 0)
			return EXIT_USAGE;
		if (common > 0)
			continue;
		if (c == 'h') {
			help();
			return EXIT_OK;
		}
		int rc = own && c != '?' ? own(ctx, c, optarg, data) : cli_usage(ctx);
		if (rc != EXIT_OK)
			return rc;
	}
	return CLI_OPTIONS_READ;
}

int cli_ctx_option(cli_ctx_t *ctx, int c, const char *arg)
{
	switch (c) {
	case 'u':
		if (!*arg) {
			cli_error(ctx->cmd, "-u needs a user name");
			return -1;
		}
		ctx->user = arg;
		ctx->user_given = true;
		return 1;
	case CLI_OPT_JSON:
		ctx->json = true;
		return 1;
	case CLI_OPT_CA_FILE:
		ctx->ca_file = arg;
		return 1;
	case CLI_OPT_PIN:
		ctx->pinned_key = arg;
		return 1;
	case CLI_OPT_INSECURE:
		ctx->insecure = true;
		return 1;
	case CLI_OPT_DEBUG:
		ctx->debug = true;
		return 1;
	case CLI_OPT_TIMEOUT: {
		char *end;
		errno = 0;
		double s = strtod(arg, &end);
		if (errno || end == arg || *end || !(s > 0) || s > 86400) {
			cli_error(ctx->cmd, "--timeout wants seconds between 0 and 86400, not '%s'", arg);
			return -1;
		}
		ctx->timeout_ms = (long)(s * 1000);
		if (ctx->timeout_ms == 0)
			ctx->timeout_ms = 1;
		return 1;
	}
	default:
		return 0;
	}
}

static void progress_cb(void *arg, uint64_t sent, uint64_t total);

/* (Re)creates the transport with the current credentials. */
static bool make_client(cli_ctx_t *ctx)
{
	ippd_client_free(ctx->client);
	ctx->client = NULL;
	ippd_client_opts_t opts = {
	    .timeout_ms = ctx->timeout_ms,
	    .ca_file = ctx->ca_file,
	    .pinned_key = ctx->pinned_key,
	    .insecure = ctx->insecure,
	    .verbose = ctx->debug,
	    .progress = progress_cb,
	    .progress_ctx = ctx,
	};
	/* Credentials only once there is a password: a user alone would send an empty one. */
	if (ctx->password) {
		opts.user = ctx->user;
		opts.password = ctx->password;
	}
	ippd_error_t err = {0};
	ctx->client = ippd_client_new(ctx->printer_uri, &opts, &err);
	if (!ctx->client) {
		cli_error(ctx->cmd, "%s: %s", ctx->printer_uri,
		          err.text[0] ? err.text : ippd_err_string(err.code));
		return false;
	}
	return true;
}

/* True when the URL's path ends in a component of digits after at least one other component. */
static bool split_job_path(const char *path, int32_t *id)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path || !slash[1])
		return false;
	return cli_parse_job_id(slash + 1, id);
}

int cli_ctx_connect(cli_ctx_t *ctx, const char *uri, bool split_job)
{
	ippd_url_t url;
	ippd_error_t err = {0};
	if (ippd_url_parse(uri, &url, &err) < 0) {
		cli_error(ctx->cmd, "%s: %s", uri, err.text[0] ? err.text : "not an ipp:// or ipps:// URI");
		return EXIT_USAGE;
	}
	ctx->uri = strdup(uri);
	ctx->printer_uri = strdup(uri);
	if (!ctx->uri || !ctx->printer_uri) {
		cli_error(ctx->cmd, "out of memory");
		return EXIT_FAIL;
	}
	/* A job URI: the printer's is the same text without its last path component (and query). */
	int32_t id;
	if (split_job && !url.has_query && split_job_path(url.path, &id)) {
		char *slash = strrchr(ctx->printer_uri, '/');
		*slash = '\0';
		ctx->job_id = id;
	}
	return make_client(ctx) ? EXIT_OK : EXIT_FAIL;
}

void cli_ctx_done(cli_ctx_t *ctx)
{
	ippd_client_free(ctx->client);
	ctx->client = NULL;
	if (ctx->password) {
		/* volatile so that the wipe is not optimised away before free. */
		volatile char *p = ctx->password;
		while (*p)
			*p++ = 0;
		free(ctx->password);
		ctx->password = NULL;
	}
	free(ctx->uri);
	free(ctx->printer_uri);
	ctx->uri = ctx->printer_uri = NULL;
}

/* ------------------------------------------------------------------ */
/* Requests and responses                                             */
/* ------------------------------------------------------------------ */

ippd_msg_t *cli_request(cli_ctx_t *ctx, uint16_t op, int32_t job_id)
{
	ippd_msg_t *req = ippd_msg_new_request(op, ippd_client_next_id(ctx->client));
	ippd_group_t *g = req ? ippd_msg_get_group(req, IPPD_TAG_OPERATION) : NULL;
	/* RFC 8011 §4.1.5: the target right after the natural language, then the user. */
	bool ok = g && ippd_group_add_string(g, IPPD_TAG_URI, "printer-uri", ctx->printer_uri);
	if (ok && job_id > 0)
		ok = ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-id", job_id) != NULL;
	if (ok)
		ok = ippd_group_add_string(g, IPPD_TAG_NAME, "requesting-user-name", ctx->user) != NULL;
	if (!ok) {
		cli_error(ctx->cmd, "out of memory");
		ippd_msg_free(req);
		return NULL;
	}
	return req;
}

void cli_request_attrs(ippd_msg_t *req, const char *const *names, size_t n)
{
	ippd_group_t *g = ippd_msg_get_group(req, IPPD_TAG_OPERATION);
	if (g && n)
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "requested-attributes", n, names);
}

/* Reads a password from the controlling terminal without echo; NULL when there is none. */
static char *prompt_password(const cli_ctx_t *ctx)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	FILE *tty = fdopen(fd, "r+");
	if (!tty) {
		close(fd);
		return NULL;
	}
	struct termios saved, quiet;
	bool restore = tcgetattr(fd, &saved) == 0;
	if (restore) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	fprintf(tty, "Password for %s on %s: ", ctx->user, ctx->printer_uri);
	fflush(tty);
	char line[512];
	char *got = fgets(line, sizeof(line), tty);
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &saved);
	fputc('\n', tty);
	fclose(tty);
	if (!got)
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	char *pw = strdup(line);
	memset(line, 0, sizeof(line));
	return pw;
}

ippd_msg_t *cli_exchange(cli_ctx_t *ctx, const ippd_msg_t *req, int doc_fd)
{
	/* Where the document starts, to send it again after a password prompt (-1: it cannot be). */
	off_t doc_start = doc_fd >= 0 ? lseek(doc_fd, 0, SEEK_CUR) : 0;
	ippd_error_t err = {0};
	ippd_msg_t *resp = ippd_client_send(ctx->client, req, doc_fd, &err);
	cli_progress_end(ctx);
	if (!resp && ippd_client_http_status(ctx->client) == 401 && !ctx->password) {
		if (doc_start < 0) {
			cli_error(ctx->cmd, "%s (set IPP_PASSWORD to print from a pipe)", err.text);
			return NULL;
		}
		ctx->password = prompt_password(ctx);
		if (!ctx->password) {
			cli_error(ctx->cmd, "%s (set IPP_PASSWORD: there is no terminal to ask on)",
			          err.text);
			return NULL;
		}
		if (!make_client(ctx))
			return NULL;
		if (doc_fd >= 0 && lseek(doc_fd, doc_start, SEEK_SET) < 0) {
			cli_error(ctx->cmd, "cannot read the document again: %s", strerror(errno));
			return NULL;
		}
		memset(&err, 0, sizeof(err));
		resp = ippd_client_send(ctx->client, req, doc_fd, &err);
		cli_progress_end(ctx);
	}
	/* An HTTP status names no place: say which URI answered it. */
	if (!resp && ippd_client_http_status(ctx->client) != 0)
		cli_error(ctx->cmd, "%s: %s", ctx->printer_uri,
		          err.text[0] ? err.text : ippd_err_string(err.code));
	else if (!resp)
		cli_error(ctx->cmd, "%s", err.text[0] ? err.text : ippd_err_string(err.code));
	return resp;
}

const char *cli_status_message(const ippd_msg_t *resp)
{
	const ippd_attr_t *a = ippd_msg_find(resp, IPPD_TAG_OPERATION, "status-message");
	return a ? ippd_attr_get_string(a, 0, NULL) : NULL;
}

/* The names (and values) in the unsupported-attributes group that `msg` does not already name. */
static void unsupported_list(const ippd_msg_t *resp, const char *msg, char *buf, size_t cap)
{
	buf[0] = '\0';
	const ippd_group_t *g = ippd_msg_find_group(resp, IPPD_TAG_UNSUPPORTED_GROUP);
	size_t len = 0;
	for (const ippd_attr_t *a = g ? ippd_group_first(g) : NULL; a && len + 1 < cap;
	     a = ippd_attr_next(a)) {
		char name[128], value[128];
		cli_clean(ippd_attr_get_name(a), name, sizeof(name));
		if (strstr(msg, name))
			continue;
		cli_attr_text(a, value, sizeof(value));
		int n = snprintf(buf + len, cap - len, "%s%s=%s", len ? ", " : "", name, value);
		if (n < 0)
			break;
		len += (size_t)n < cap - len ? (size_t)n : cap - len - 1;
	}
}

bool cli_check(const cli_ctx_t *ctx, const ippd_msg_t *resp)
{
	uint16_t code = ippd_msg_get_code(resp);
	const char *name = ippd_status_name(code);
	char sbuf[24], msg[512], unsup[512];
	if (!name) {
		snprintf(sbuf, sizeof(sbuf), "status 0x%04x", code);
		name = sbuf;
	}
	const char *m = cli_status_message(resp);
	cli_clean(m ? m : "", msg, sizeof(msg));
	unsupported_list(resp, msg, unsup, sizeof(unsup));
	/* A success may still have ignored or changed what was asked: then say so, as a warning. */
	bool ok = code < 0x0100;
	if (ok && !unsup[0] && !(code != IPPD_STATUS_SUCCESSFUL_OK && msg[0]))
		return true;
	cli_error(ctx->cmd, "%s%s%s%s%s%s%s", ok ? "warning: " : "", name, msg[0] ? ": " : "", msg,
	          unsup[0] ? " (unsupported: " : "", unsup, unsup[0] ? ")" : "");
	return ok;
}

ippd_msg_t *cli_call(cli_ctx_t *ctx, const ippd_msg_t *req, int doc_fd)
{
	ippd_msg_t *resp = cli_exchange(ctx, req, doc_fd);
	if (resp && !cli_check(ctx, resp)) {
		ippd_msg_free(resp);
		return NULL;
	}
	return resp;
}

/* ------------------------------------------------------------------ */
/* Upload progress                                                    */
/* ------------------------------------------------------------------ */

void cli_progress_begin(cli_ctx_t *ctx)
{
	ctx->progress_on = isatty(STDERR_FILENO) == 1;
	ctx->progress_drawn = false;
	ctx->progress_t0 = cli_now();
	ctx->progress_last = 0;
}

void cli_progress_end(cli_ctx_t *ctx)
{
	/* Erase the bar so that the next line of output starts clean. */
	if (ctx->progress_drawn)
		fputs("\r\033[K", stderr);
	ctx->progress_on = false;
	ctx->progress_drawn = false;
}

/* Draws the bar: only after half a second, so quick uploads stay silent, and at most ten times a second. */
static void progress_cb(void *arg, uint64_t sent, uint64_t total)
{
	cli_ctx_t *ctx = arg;
	if (!ctx->progress_on)
		return;
	double now = cli_now(), elapsed = now - ctx->progress_t0;
	if (elapsed < 0.5 || now - ctx->progress_last < 0.1)
		return;
	ctx->progress_last = now;
	char done[16], all[16], rate[16];
	cli_format_size(sent, done, sizeof(done));
	cli_format_size((uint64_t)((double)sent / elapsed), rate, sizeof(rate));
	if (total > 0) {
		enum { WIDTH = 30 };
		unsigned pct = sent >= total ? 100 : (unsigned)(sent * 100 / total);
		char bar[WIDTH + 1];
		size_t fill = (size_t)pct * WIDTH / 100;
		for (size_t i = 0; i < WIDTH; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[WIDTH] = '\0';
		fprintf(stderr, "\r[%s] %3u%%  %s of %s  %s/s\033[K", bar, pct, done,
		        cli_format_size(total, all, sizeof(all)), rate);
	} else {
		fprintf(stderr, "\r%s sent  %s/s\033[K", done, rate);
	}
	fflush(stderr);
	ctx->progress_drawn = true;
}

/* ------------------------------------------------------------------ */
/* -o name=value                                                      */
/* ------------------------------------------------------------------ */

/* A piece of the option text: not NUL-terminated. */
typedef struct span {
	const char *p;
	size_t n;
} span_t;

static bool span_eq(span_t s, const char *lit)
{
	return strlen(lit) == s.n && strncasecmp(s.p, lit, s.n) == 0;
}

/* A base-10 int32 filling the whole span. */
static bool span_int(span_t s, int32_t *out)
{
	char tmp[16];
	if (s.n == 0 || s.n >= sizeof(tmp))
		return false;
	memcpy(tmp, s.p, s.n);
	tmp[s.n] = '\0';
	char *end;
	errno = 0;
	long v = strtol(tmp, &end, 10);
	if (errno || *end || end == tmp || v < INT32_MIN || v > INT32_MAX)
		return false;
	*out = (int32_t)v;
	return true;
}

/* "5", "1-5" */
static bool span_range(span_t s, int32_t *lo, int32_t *hi)
{
	const char *dash = s.n > 1 ? memchr(s.p + 1, '-', s.n - 1) : NULL;
	if (!dash)
		return span_int(s, lo) && (*hi = *lo, true);
	span_t a = {s.p, (size_t)(dash - s.p)}, b = {dash + 1, s.n - (size_t)(dash - s.p) - 1};
	return span_int(a, lo) && span_int(b, hi) && *lo <= *hi;
}

/* "600dpi", "600x300dpi", "118dpcm" */
static bool span_resolution(span_t s, int32_t *x, int32_t *y, uint8_t *units)
{
	if (s.n > 3 && strncasecmp(s.p + s.n - 3, "dpi", 3) == 0) {
		*units = IPPD_RES_PER_INCH;
		s.n -= 3;
	} else if (s.n > 4 && strncasecmp(s.p + s.n - 4, "dpcm", 4) == 0) {
		*units = IPPD_RES_PER_CM;
		s.n -= 4;
	} else {
		return false;
	}
	const char *xch = memchr(s.p, 'x', s.n);
	if (!xch)
		return span_int(s, x) && *x > 0 && (*y = *x, true);
	span_t a = {s.p, (size_t)(xch - s.p)}, b = {xch + 1, s.n - (size_t)(xch - s.p) - 1};
	return span_int(a, x) && span_int(b, y) && *x > 0 && *y > 0;
}

static bool span_boolean(span_t s, bool *v)
{
	if (span_eq(s, "true") || span_eq(s, "yes") || span_eq(s, "on"))
		return (*v = true);
	if (span_eq(s, "false") || span_eq(s, "no") || span_eq(s, "off"))
		return !(*v = false);
	return false;
}

/* A keyword: printable ASCII without spaces (RFC 8011 §5.1.4 is stricter; the printer judges). */
static bool span_keyword(span_t s)
{
	if (s.n == 0 || s.n > 255)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] <= 0x20 || (unsigned char)s.p[i] >= 0x7f)
			return false;
	return true;
}

/* What the parser of one option needs: where errors go and how deep collections nest. */
typedef struct optparse {
	char *why;
	size_t why_cap;
	int depth;
} optparse_t;

__attribute__((format(printf, 2, 3))) static bool opt_fail(optparse_t *op, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(op->why, op->why_cap, fmt, ap);
	va_end(ap);
	return false;
}

static bool add_values(optparse_t *op, ippd_group_t *g, const char *name, const ippd_attr_def_t *def,
                       span_t text);

/* Splits the text of a collection "{k=v k={...} k="a b"}" into members of `coll`. */
static bool add_collection(optparse_t *op, ippd_group_t *coll, const ippd_attr_def_t *def, span_t s)
{
	if (++op->depth > 8)
		return opt_fail(op, "collections nest too deeply");
	const char *p = s.p + 1, *end = s.p + s.n - 1; /* inside the braces */
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		if (p >= end)
			break;
		const char *key = p;
		while (p < end && *p != '=' && *p != ' ' && *p != '}')
			p++;
		if (p >= end || *p != '=' || p == key)
			return opt_fail(op, "expected key=value inside {...} at '%.*s'", (int)(end - key),
			                key);
		char mname[128];
		size_t klen = (size_t)(p - key);
		if (klen >= sizeof(mname))
			return opt_fail(op, "member name too long");
		memcpy(mname, key, klen);
		mname[klen] = '\0';
		p++;
		/* The value: a nested {...}, a "quoted string", or a word. */
		span_t v = {p, 0};
		if (p < end && *p == '{') {
			int depth = 0;
			bool quoted = false;
			for (; p < end; p++) {
				if (*p == '"')
					quoted = !quoted;
				else if (!quoted && *p == '{')
					depth++;
				else if (!quoted && *p == '}' && --depth == 0)
					break;
			}
			if (p >= end)
				return opt_fail(op, "unbalanced braces in '%s'", mname);
			p++;
		} else if (p < end && *p == '"') {
			v.p = ++p;
			while (p < end && *p != '"')
				p++;
			if (p >= end)
				return opt_fail(op, "unterminated quote in '%s'", mname);
			v.n = (size_t)(p - v.p);
			p++;
		} else {
			while (p < end && *p != ' ' && *p != '\t')
				p++;
		}
		if (!v.n)
			v.n = (size_t)(p - v.p);
		const ippd_attr_def_t *mdef = def ? ippd_registry_find_member(def, mname) : NULL;
		if (!add_values(op, coll, mname, mdef, v))
			return false;
	}
	op->depth--;
	return true;
}

/* Adds one value of `text` to `attr`, trying the syntaxes the registry allows in their order. */
static bool add_value(optparse_t *op, ippd_attr_t *attr, const char *name, const ippd_attr_def_t *def,
                      span_t s)
{
	int32_t a, b;
	uint8_t units;
	bool flag;
	/* "a, b" is one value: the quotes only protect commas and spaces. */
	if (s.n >= 2 && s.p[0] == '"' && s.p[s.n - 1] == '"') {
		s.p++;
		s.n -= 2;
	}
	if (s.n && s.p[0] == '{') {
		if (s.p[s.n - 1] != '}')
			return opt_fail(op, "%s: a collection ends with '}'", name);
		if (def && !ippd_registry_tag_allowed(def, IPPD_TAG_BEGIN_COLLECTION))
			return opt_fail(op, "%s is not a collection", name);
		ippd_group_t *coll = ippd_attr_add_collection(attr);
		return coll ? add_collection(op, coll, def, s) : opt_fail(op, "out of memory");
	}
	if (!def) {
		/* Unknown to the registry: guess from the text's look, most specific first. */
		if (span_int(s, &a))
			return ippd_attr_add_integer(attr, IPPD_TAG_INTEGER, a) == IPPD_OK;
		if (span_boolean(s, &flag))
			return ippd_attr_add_boolean(attr, flag) == IPPD_OK;
		if (span_range(s, &a, &b))
			return ippd_attr_add_range(attr, a, b) == IPPD_OK;
		if (span_resolution(s, &a, &b, &units))
			return ippd_attr_add_resolution(attr, a, b, units) == IPPD_OK;
		ippd_tag_t tag = span_keyword(s) ? IPPD_TAG_KEYWORD : IPPD_TAG_NAME;
		return ippd_attr_add_string(attr, tag, s.p, s.n) == IPPD_OK;
	}
	char expected[160] = "";
	for (size_t i = 0; i < def->n_syntax; i++) {
		ippd_tag_t tag = def->syntax[i].tag;
		switch (tag) {
		case IPPD_TAG_INTEGER:
			if (span_int(s, &a))
				return ippd_attr_add_integer(attr, tag, a) == IPPD_OK;
			break;
		case IPPD_TAG_ENUM: {
			char kw[128];
			if (span_int(s, &a))
				return ippd_attr_add_integer(attr, tag, a) == IPPD_OK;
			if (s.n < sizeof(kw)) {
				memcpy(kw, s.p, s.n);
				kw[s.n] = '\0';
				a = ippd_enum_value(name, kw);
				if (a >= 0)
					return ippd_attr_add_integer(attr, tag, a) == IPPD_OK;
			}
			break;
		}
		case IPPD_TAG_BOOLEAN:
			if (span_boolean(s, &flag))
				return ippd_attr_add_boolean(attr, flag) == IPPD_OK;
			break;
		case IPPD_TAG_RANGE:
			if (span_range(s, &a, &b))
				return ippd_attr_add_range(attr, a, b) == IPPD_OK;
			break;
		case IPPD_TAG_RESOLUTION:
			if (span_resolution(s, &a, &b, &units))
				return ippd_attr_add_resolution(attr, a, b, units) == IPPD_OK;
			break;
		case IPPD_TAG_KEYWORD:
		case IPPD_TAG_URI_SCHEME:
		case IPPD_TAG_CHARSET:
		case IPPD_TAG_LANGUAGE:
		case IPPD_TAG_MIME_TYPE:
		case IPPD_TAG_MEMBER_NAME:
			if (span_keyword(s))
				return ippd_attr_add_string(attr, tag, s.p, s.n) == IPPD_OK;
			break;
		case IPPD_TAG_NAME:
		case IPPD_TAG_TEXT:
		case IPPD_TAG_URI:
		case IPPD_TAG_OCTET_STRING:
			if (s.n > 0 || tag != IPPD_TAG_URI)
				return ippd_attr_add_string(attr, tag, s.p, s.n) == IPPD_OK;
			break;
		case IPPD_TAG_TEXT_LANG:
		case IPPD_TAG_NAME_LANG: {
			/* Only for ipp send's explicit syntaxes: the language is the request's. */
			char text[1024];
			if (s.n < sizeof(text)) {
				memcpy(text, s.p, s.n);
				text[s.n] = '\0';
				return ippd_attr_add_string_lang(attr, tag, text, "en") == IPPD_OK;
			}
			break;
		}
		case IPPD_TAG_DATE_TIME: {
			/* "now", or seconds since 1970: enough to test a printer's dateTime handling. */
			uint8_t date[11];
			if (span_eq(s, "now") || span_int(s, &a)) {
				ippd_date_from_time(span_eq(s, "now") ? time(NULL) : (time_t)a, date);
				return ippd_attr_add_date(attr, date) == IPPD_OK;
			}
			break;
		}
		default:
			break;
		}
		const char *tname =
		    tag == IPPD_TAG_BEGIN_COLLECTION ? "collection {...}" : ippd_tag_name(tag);
		size_t used = strlen(expected);
		snprintf(expected + used, sizeof(expected) - used, "%s%s", used ? " or " : "",
		         tname ? tname : "?");
	}
	return opt_fail(op, "%s: '%.*s' is not a valid %s", name, (int)s.n, s.p, expected);
}

/* Adds attribute `name` with the values in `text` (comma-separated for a 1setOf) to `g`. */
static bool add_values(optparse_t *op, ippd_group_t *g, const char *name, const ippd_attr_def_t *def,
                       span_t text)
{
	/* A later setting of the same name wins over an earlier one (-o copies=2 after -n 3). */
	ippd_attr_t *old = ippd_group_find(g, name);
	if (old)
		ippd_group_remove(g, old);
	ippd_attr_t *attr = ippd_group_add(g, name);
	if (!attr)
		return opt_fail(op, "out of memory");
	bool split = !def || def->set_of;
	const char *p = text.p, *end = text.p + text.n;
	do {
		/* The next value ends at a comma outside braces and quotes (when the syntax is a set). */
		const char *q = p;
		int depth = 0;
		bool quoted = false;
		for (; q < end; q++) {
			if (*q == '"')
				quoted = !quoted;
			else if (!quoted && *q == '{')
				depth++;
			else if (!quoted && *q == '}')
				depth--;
			else if (split && !quoted && depth == 0 && *q == ',')
				break;
		}
		span_t v = {p, (size_t)(q - p)};
		if (!add_value(op, attr, name, def, v))
			return false;
		p = q + 1;
	} while (p <= end && split && p[-1] == ',');
	return true;
}

bool cli_add_option(ippd_msg_t *req, const char *name_value, char *why, size_t why_cap)
{
	optparse_t op = {why, why_cap, 0};
	why[0] = '\0';
	const char *eq = strchr(name_value, '=');
	char name[128];
	size_t nlen = eq ? (size_t)(eq - name_value) : 0;
	if (!eq || nlen == 0)
		return opt_fail(&op, "'%s' is not name=value", name_value);
	if (nlen >= sizeof(name))
		return opt_fail(&op, "attribute name too long");
	memcpy(name, name_value, nlen);
	name[nlen] = '\0';
	const ippd_attr_def_t *def = ippd_registry_find(name);
	/* Operation attributes (job-name, compression ...) go where RFC 8011 puts them, the rest are Job
	 * Template. */
	bool operation = def && (def->groups & IPPD_AG_OPERATION) && !(def->groups & IPPD_AG_JOB_TEMPLATE);
	ippd_group_t *g = ippd_msg_get_group(req, operation ? IPPD_TAG_OPERATION : IPPD_TAG_JOB);
	if (!g)
		return opt_fail(&op, "out of memory");
	span_t text = {eq + 1, strlen(eq + 1)};
	if (text.n == 0)
		return opt_fail(&op, "%s: empty value", name);
	return add_values(&op, g, name, def, text);
}

bool cli_add_attr(ippd_group_t *g, const char *name, int tag, const char *text, char *why, size_t why_cap)
{
	optparse_t op = {why, why_cap, 0};
	why[0] = '\0';
	const ippd_attr_def_t *def = ippd_registry_find(name);
	ippd_attr_t *old = ippd_group_find(g, name);
	if (tag >= 0 && IPPD_TAG_IS_OUT_OF_BAND(tag)) {
		if (old)
			ippd_group_remove(g, old);
		return ippd_group_add_out_of_band(g, (ippd_tag_t)tag, name) ? true
		                                                            : opt_fail(&op, "out of memory");
	}
	/*
	 * An explicit syntax overrides the registry (to test how a printer takes
	 * a wrong one) and always admits several values; a collection keeps the
	 * registry's members so that theirs are typed.
	 */
	ippd_syntax_t syntax = {(uint8_t)(tag >= 0 ? tag : 0), INT32_MIN, INT32_MAX};
	ippd_attr_def_t explicit_def = {name, 0, true, false, 1, &syntax, 0, NULL};
	if (tag >= 0) {
		if (def && tag == IPPD_TAG_BEGIN_COLLECTION) {
			explicit_def.n_members = def->n_members;
			explicit_def.members = def->members;
		}
		def = &explicit_def;
	}
	span_t t = {text, strlen(text)};
	if (t.n == 0)
		return opt_fail(&op, "%s: no value", name);
	return add_values(&op, g, name, def, t);
}

/* ------------------------------------------------------------------ */
/* Documents                                                          */
/* ------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at p (1 for ASCII), 0 when invalid or cut short. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	size_t k = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;
	if (!k || k > n)
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return k;
}

const char *cli_detect_format(const unsigned char *head, size_t n)
{
	if (n >= 5 && memcmp(head, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
		return "image/jpeg";
	if (n >= 4 && memcmp(head, "RaS2", 4) == 0)
		return "image/pwg-raster";
	if (n >= 8 && memcmp(head, "UNIRAST", 8) == 0)
		return "image/urf";
	if (n >= 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 2 && memcmp(head, "%!", 2) == 0)
		return "application/postscript";
	if (n == 0)
		return "application/octet-stream";
	/* Text: UTF-8 with no control characters but white space and form feed (a sequence cut at the end is
	 * fine). */
	for (size_t i = 0; i < n;) {
		unsigned c = head[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			return "application/octet-stream";
		if (c == 0x7f)
			return "application/octet-stream";
		size_t k = utf8_len(head + i, n - i);
		if (!k) {
			if (n - i < 4 && c >= 0xc2)
				break;
			return "application/octet-stream";
		}
		i += k;
	}
	return "text/plain";
}

char *cli_format_size(uint64_t bytes, char *buf, size_t cap)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
	if (bytes < 1024) {
		snprintf(buf, cap, "%" PRIu64 " B", bytes);
		return buf;
	}
	double v = (double)bytes;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	/* One decimal below 100 ("12.3 KiB"), none above ("512 MiB"). */
	if (v < 99.95)
		snprintf(buf, cap, "%.1f %s", v, units[u]);
	else
		snprintf(buf, cap, "%.0f %s", v, units[u]);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Values as text                                                     */
/* ------------------------------------------------------------------ */

/* A bounded writer into a caller's buffer: what does not fit is cut and marked with "...". */
typedef struct out {
	char *p;
	size_t cap, len;
	bool cut;
} out_t;

static void out_bytes(out_t *o, const char *s, size_t n)
{
	if (o->cut)
		return;
	if (o->len + n + 1 > o->cap) {
		o->cut = true;
		size_t keep = o->cap > 4 ? o->cap - 4 : 0;
		if (o->len > keep)
			o->len = keep;
		memcpy(o->p + o->len, "...", o->cap > 4 ? 3 : 0);
		o->len += o->cap > 4 ? 3 : 0;
		o->p[o->len] = '\0';
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

__attribute__((format(printf, 2, 3))) static void out_fmt(out_t *o, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		out_bytes(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* Server text for a terminal: C0 and C1 controls and invalid bytes become '?'. */
static void out_clean(out_t *o, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n && !o->cut;) {
		size_t k = utf8_len(p + i, n - i);
		bool c1 = k == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0;
		if (k == 0 || c1 || p[i] < 0x20 || p[i] == 0x7f) {
			out_bytes(o, "?", 1);
			i += k ? k : 1;
		} else {
			out_bytes(o, s + i, k);
			i += k;
		}
	}
}

char *cli_clean(const char *s, char *buf, size_t cap)
{
	out_t o = {buf, cap, 0, false};
	buf[0] = '\0';
	if (s)
		out_clean(&o, s, strlen(s));
	return buf;
}

static void out_value(out_t *o, const ippd_attr_t *a, size_t i, int depth);

static void out_attr_values(out_t *o, const ippd_attr_t *a, int depth)
{
	for (size_t i = 0; i < ippd_attr_count(a) && !o->cut; i++) {
		if (i)
			out_bytes(o, ", ", 2);
		out_value(o, a, i, depth);
	}
}

static void out_value(out_t *o, const ippd_attr_t *a, size_t i, int depth)
{
	ippd_tag_t tag = ippd_attr_get_tag(a, i);
	int32_t x, y;
	uint8_t units;
	size_t n;
	switch (tag) {
	case IPPD_TAG_INTEGER:
		out_fmt(o, "%" PRId32, ippd_attr_get_integer(a, i));
		return;
	case IPPD_TAG_ENUM: {
		int32_t v = ippd_attr_get_integer(a, i);
		const char *kw = ippd_enum_name(ippd_attr_get_name(a), v);
		if (kw)
			out_bytes(o, kw, strlen(kw));
		else
			out_fmt(o, "%" PRId32, v);
		return;
	}
	case IPPD_TAG_BOOLEAN:
		out_bytes(o, ippd_attr_get_boolean(a, i) ? "true" : "false",
		          ippd_attr_get_boolean(a, i) ? 4 : 5);
		return;
	case IPPD_TAG_RANGE:
		ippd_attr_get_range(a, i, &x, &y);
		out_fmt(o, "%" PRId32 "-%" PRId32, x, y);
		return;
	case IPPD_TAG_RESOLUTION:
		ippd_attr_get_resolution(a, i, &x, &y, &units);
		if (x == y)
			out_fmt(o, "%" PRId32 "%s", x, units == IPPD_RES_PER_CM ? "dpcm" : "dpi");
		else
			out_fmt(o, "%" PRId32 "x%" PRId32 "%s", x, y,
			        units == IPPD_RES_PER_CM ? "dpcm" : "dpi");
		return;
	case IPPD_TAG_DATE_TIME: {
		const uint8_t *d = ippd_attr_get_date(a, i);
		if (d) {
			time_t t = ippd_date_to_time(d);
			struct tm tm;
			char tbuf[32];
			localtime_r(&t, &tm);
			strftime(tbuf, sizeof(tbuf), "%Y-%m-%d %H:%M:%S", &tm);
			out_bytes(o, tbuf, strlen(tbuf));
		}
		return;
	}
	case IPPD_TAG_BEGIN_COLLECTION: {
		const ippd_group_t *c = ippd_attr_get_collection(a, i);
		if (depth > 8) {
			out_bytes(o, "{...}", 5);
			return;
		}
		out_bytes(o, "{", 1);
		for (const ippd_attr_t *m = c ? ippd_group_first(c) : NULL; m && !o->cut;
		     m = ippd_attr_next(m)) {
			if (m != ippd_group_first(c))
				out_bytes(o, " ", 1);
			const char *mn = ippd_attr_get_name(m);
			out_clean(o, mn, strlen(mn));
			out_bytes(o, "=", 1);
			out_attr_values(o, m, depth + 1);
		}
		out_bytes(o, "}", 1);
		return;
	}
	default:
		break;
	}
	if (IPPD_TAG_IS_OUT_OF_BAND(tag)) {
		const char *oob = ippd_tag_name(tag);
		out_bytes(o, oob ? oob : "?", oob ? strlen(oob) : 1);
		return;
	}
	const char *s = ippd_attr_get_string(a, i, &n);
	if (s) {
		out_clean(o, s, n);
		return;
	}
	out_fmt(o, "(tag 0x%02x)", (unsigned)tag);
}

char *cli_value_text(const ippd_attr_t *attr, size_t i, char *buf, size_t cap)
{
	out_t o = {buf, cap, 0, false};
	buf[0] = '\0';
	out_value(&o, attr, i, 0);
	return buf;
}

char *cli_attr_text(const ippd_attr_t *attr, char *buf, size_t cap)
{
	out_t o = {buf, cap, 0, false};
	buf[0] = '\0';
	out_attr_values(&o, attr, 0);
	return buf;
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static void json_bytes(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	fputc('"', out);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len(p + i, n - i);
		if (k > 1) {
			fwrite(p + i, 1, k, out);
			i += k;
			continue;
		}
		unsigned c = p[i++];
		if (k == 0)
			fputs("\\ufffd", out);
		else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc((int)c, out);
	}
	fputc('"', out);
}

void cli_json_string(FILE *out, const char *s)
{
	if (s)
		json_bytes(out, s, strlen(s));
	else
		fputs("null", out);
}

static void json_value(FILE *out, const ippd_attr_t *a, size_t i, int depth);

static void json_collection(FILE *out, const ippd_group_t *c, int depth)
{
	fputc('{', out);
	for (const ippd_attr_t *m = c ? ippd_group_first(c) : NULL; m; m = ippd_attr_next(m)) {
		if (m != ippd_group_first(c))
			fputc(',', out);
		cli_json_string(out, ippd_attr_get_name(m));
		fputc(':', out);
		if (ippd_attr_count(m) == 1) {
			json_value(out, m, 0, depth + 1);
			continue;
		}
		fputc('[', out);
		for (size_t i = 0; i < ippd_attr_count(m); i++) {
			if (i)
				fputc(',', out);
			json_value(out, m, i, depth + 1);
		}
		fputc(']', out);
	}
	fputc('}', out);
}

/* One value, shaped for scripts: enums as keywords, dates ISO 8601 UTC, collections as objects. */
static void json_value(FILE *out, const ippd_attr_t *a, size_t i, int depth)
{
	ippd_tag_t tag = ippd_attr_get_tag(a, i);
	int32_t x, y;
	uint8_t units;
	size_t n;
	switch (tag) {
	case IPPD_TAG_INTEGER:
		fprintf(out, "%" PRId32, ippd_attr_get_integer(a, i));
		return;
	case IPPD_TAG_ENUM: {
		int32_t v = ippd_attr_get_integer(a, i);
		const char *kw = ippd_enum_name(ippd_attr_get_name(a), v);
		if (kw)
			cli_json_string(out, kw);
		else
			fprintf(out, "%" PRId32, v);
		return;
	}
	case IPPD_TAG_BOOLEAN:
		fputs(ippd_attr_get_boolean(a, i) ? "true" : "false", out);
		return;
	case IPPD_TAG_RANGE:
		ippd_attr_get_range(a, i, &x, &y);
		fprintf(out, "{\"lower\":%" PRId32 ",\"upper\":%" PRId32 "}", x, y);
		return;
	case IPPD_TAG_RESOLUTION:
		ippd_attr_get_resolution(a, i, &x, &y, &units);
		fprintf(out, "{\"x\":%" PRId32 ",\"y\":%" PRId32 ",\"units\":\"%s\"}", x, y,
		        units == IPPD_RES_PER_CM ? "dpcm" : "dpi");
		return;
	case IPPD_TAG_DATE_TIME: {
		const uint8_t *d = ippd_attr_get_date(a, i);
		if (!d) {
			fputs("null", out);
			return;
		}
		time_t t = ippd_date_to_time(d);
		struct tm tm;
		char tbuf[32];
		gmtime_r(&t, &tm);
		strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		cli_json_string(out, tbuf);
		return;
	}
	case IPPD_TAG_BEGIN_COLLECTION:
		if (depth > 16)
			fputs("null", out);
		else
			json_collection(out, ippd_attr_get_collection(a, i), depth);
		return;
	default:
		break;
	}
	const char *s = IPPD_TAG_IS_OUT_OF_BAND(tag) ? NULL : ippd_attr_get_string(a, i, &n);
	if (s)
		json_bytes(out, s, n);
	else
		fputs("null", out);
}

void cli_json_values(FILE *out, const ippd_attr_t *attr, bool as_array)
{
	size_t n = ippd_attr_count(attr);
	if (!attr) {
		fputs(as_array ? "[]" : "null", out);
		return;
	}
	if (!as_array && n == 1) {
		json_value(out, attr, 0, 0);
		return;
	}
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		json_value(out, attr, i, 0);
	}
	fputc(']', out);
}

/* ------------------------------------------------------------------ */
/* Tables                                                             */
/* ------------------------------------------------------------------ */

struct cli_table {
	size_t ncols, nrows, cap;
	char **cells; /* nrows * ncols, the header first */
	bool *right;
};

/* Columns a string takes on a terminal: one per code point (no wide-character tables here). */
static size_t display_width(const char *s)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			w++;
	return w;
}

cli_table_t *cli_table_new(size_t ncols, const char *const *headers)
{
	cli_table_t *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ncols = ncols;
	t->right = calloc(ncols, sizeof(bool));
	if (!t->right || !cli_table_add(t, headers)) {
		cli_table_free(t);
		return NULL;
	}
	return t;
}

void cli_table_align_right(cli_table_t *t, size_t col)
{
	if (t && col < t->ncols)
		t->right[col] = true;
}

bool cli_table_add(cli_table_t *t, const char *const *cells)
{
	/* A ceiling: a Get-Jobs answer is bounded by the decoder's limits, but a table must be too. */
	enum { MAX_ROWS = 1000000 };
	if (!t || t->nrows >= MAX_ROWS)
		return false;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **cells2 = realloc(t->cells, cap * t->ncols * sizeof(char *));
		if (!cells2)
			return false;
		t->cells = cells2;
		t->cap = cap;
	}
	char **row = t->cells + t->nrows * t->ncols;
	for (size_t i = 0; i < t->ncols; i++) {
		char clean[256];
		row[i] = strdup(cli_clean(cells[i] ? cells[i] : "-", clean, sizeof(clean)));
		if (!row[i]) {
			while (i-- > 0)
				free(row[i]);
			return false;
		}
	}
	t->nrows++;
	return true;
}

void cli_table_print(const cli_table_t *t, FILE *out)
{
	if (!t)
		return;
	size_t width[32] = {0};
	size_t ncols = t->ncols < 32 ? t->ncols : 32;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < ncols; c++) {
			size_t w = display_width(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			size_t pad = width[c] - display_width(s);
			bool last = c + 1 == ncols;
			if (t->right[c])
				fprintf(out, "%*s%s", (int)pad, "", s);
			else
				fprintf(out, "%s%*s", s, last ? 0 : (int)pad, "");
			fputs(last ? "\n" : "  ", out);
		}
	}
}

void cli_table_free(cli_table_t *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->right);
	free(t);
}

/* ------------------------------------------------------------------ */
/* Small lookups                                                      */
/* ------------------------------------------------------------------ */

const char *cli_group_string(const ippd_group_t *g, const char *name)
{
	const ippd_attr_t *a = g ? ippd_group_find(g, name) : NULL;
	return a ? ippd_attr_get_string(a, 0, NULL) : NULL;
}

int32_t cli_group_int(const ippd_group_t *g, const char *name, int32_t dflt)
{
	const ippd_attr_t *a = g ? ippd_group_find(g, name) : NULL;
	if (!a || ippd_attr_count(a) == 0)
		return dflt;
	ippd_tag_t tag = ippd_attr_tag(a);
	return tag == IPPD_TAG_INTEGER || tag == IPPD_TAG_ENUM ? ippd_attr_get_integer(a, 0) : dflt;
}

bool cli_parse_job_id(const char *s, int32_t *id)
{
	if (!s || !*s || strlen(s) > 10)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	long long v = strtoll(s, NULL, 10);
	if (v < 1 || v > INT32_MAX)
		return false;
	*id = (int32_t)v;
	return true;
}
