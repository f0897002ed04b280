/* What the network subcommands share: options, credentials, requests, errors, tables and output helpers. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPP_CLI_COMMON_H
#define IPP_CLI_COMMON_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ippd/client.h>
#include <ippd/msg.h>

/*
 * Long options every network subcommand accepts, handled by
 * cli_ctx_option(); a subcommand puts CLI_COMMON_OPTIONS at the end of its
 * own table (before the terminating zero entry) and CLI_COMMON_SHORT in its
 * short-option string.  Values above 255 cannot clash with short options.
 */
enum {
	CLI_OPT_JSON = 256,
	CLI_OPT_CA_FILE,
	CLI_OPT_PIN,
	CLI_OPT_INSECURE,
	CLI_OPT_TIMEOUT,
	CLI_OPT_DEBUG,
	CLI_OPT_FIRST_OWN = 300, /* subcommands number their own long-only options from here */
};

#define CLI_COMMON_SHORT "hu:"
/* clang-format off */
#define CLI_COMMON_OPTIONS \
	{"help", no_argument, NULL, 'h'}, \
	{"user", required_argument, NULL, 'u'}, \
	{"json", no_argument, NULL, CLI_OPT_JSON}, \
	{"ca-file", required_argument, NULL, CLI_OPT_CA_FILE}, \
	{"pin", required_argument, NULL, CLI_OPT_PIN}, \
	{"insecure", no_argument, NULL, CLI_OPT_INSECURE}, \
	{"timeout", required_argument, NULL, CLI_OPT_TIMEOUT}, \
	{"debug", no_argument, NULL, CLI_OPT_DEBUG}
/* clang-format on */

/* The lines of --help that describe CLI_COMMON_OPTIONS. */
#define CLI_COMMON_HELP                                                                                      \
	"  -u, --user USER   requesting-user-name and HTTP user (default: $IPP_USER,\n"                      \
	"                    then the login name); the password comes from\n"                                \
	"                    $IPP_PASSWORD or is asked for on the terminal\n"                                \
	"  --ca-file FILE    trust the CAs in FILE for ipps:// instead of the system's\n"                    \
	"  --pin sha256//KEY accept only the server key with this hash (ipps://)\n"                          \
	"  --insecure        accept any certificate (ipps://): for testing only\n"                           \
	"  --timeout S       give up on a request after S seconds (default: none)\n"                         \
	"  --debug           trace the HTTP exchange on standard error\n"                                    \
	"  -h, --help        this text\n"

/* One invocation of a network subcommand: its settings and its connection. */
typedef struct cli_ctx {
	const char *cmd;       /* "print": names the subcommand in every message */
	const char *help_hint; /* "usage: ipp print ...": the line shown on bad usage */
	const char *own_short; /* the subcommand's own short options for getopt ("o:n:t:"), or NULL */
	const char *user;      /* requesting-user-name and HTTP user */
	char *password;        /* from IPP_PASSWORD or the terminal; wiped when done */
	bool user_given;       /* -u or IPP_USER, rather than the login name */
	bool json;
	bool debug;
	bool insecure;
	const char *ca_file;
	const char *pinned_key;
	long timeout_ms;
	char *uri;         /* the target as given (printer or job) */
	char *printer_uri; /* the printer: uri, or uri without its job-id component */
	int32_t job_id;    /* from a job URI (.../NAME/42), else 0 */
	ippd_client_t *client;
	/* Upload progress on a terminal. */
	bool progress_on;
	bool progress_drawn;
	double progress_t0;
	double progress_last;
} cli_ctx_t;

/* Sets defaults: the user from IPP_USER or the login name, the password from IPP_PASSWORD. */
void cli_ctx_init(cli_ctx_t *ctx, const char *cmd, const char *help_hint);

/*
 * Handles one of the common options returned by getopt_long: 1 when it was
 * one, 0 when it is the subcommand's own, -1 when its value is bad (the
 * message is printed; exit with EXIT_USAGE).  'h' is not handled here.
 */
int cli_ctx_option(cli_ctx_t *ctx, int c, const char *arg);

/*
 * Makes the client for `uri`.  With `split_job` a URI whose last path
 * component is all digits (ippd's and ippeveprinter's job URIs,
 * ipp://host/ipp/print/42) is taken as a job: ctx->job_id is set and
 * ctx->printer_uri is the URI without that component; requests go to the
 * printer's URI.  Returns EXIT_OK,
 * or EXIT_USAGE with the reason printed (a malformed URI).
 */
int cli_ctx_connect(cli_ctx_t *ctx, const char *uri, bool split_job);

/* Frees the client and wipes the password. */
void cli_ctx_done(cli_ctx_t *ctx);

/* Prints the subcommand's usage line and the --help hint to stderr; returns EXIT_USAGE. */
int cli_usage(const cli_ctx_t *ctx);

/* What cli_ctx_options() returns when every option was read: go on with the operands. */
enum { CLI_OPTIONS_READ = -1 };

/*
 * Reads a subcommand's options with getopt_long (optind restarted): the
 * common ones (cli_ctx_option), -h/--help (`help` is printed), and the
 * subcommand's own, each passed to `own` with `data` (NULL when it has
 * none), which returns EXIT_OK to go on or the exit status to stop with
 * (having said why; cli_usage() for an option it does not know).  Returns
 * CLI_OPTIONS_READ, with optind at the operands, or the exit status.
 */
int cli_ctx_options(cli_ctx_t *ctx, int argc, char **argv, const struct option *opts, void (*help)(void),
                    int (*own)(cli_ctx_t *ctx, int c, const char *arg, void *data), void *data);

/*
 * A new request for `op` with the operation attributes every request
 * carries: attributes-charset, attributes-natural-language, printer-uri,
 * job-id when `job_id` > 0 (a job is always named by its printer and
 * number, which every printer supports), requesting-user-name.  NULL
 * (message printed) when out of memory.  Free with ippd_msg_free().
 */
ippd_msg_t *cli_request(cli_ctx_t *ctx, uint16_t op, int32_t job_id);

/* Appends requested-attributes with `n` keywords to the operation group. */
void cli_request_attrs(ippd_msg_t *req, const char *const *names, size_t n);

/*
 * Sends `req` (and the document on `doc_fd` when >= 0).  On a 401 it asks
 * for the password on the terminal once and retries, when the document can
 * be read again.  NULL on a transport failure, with one line on stderr
 * ("ipp print: connection refused by 127.0.0.1:631").  An IPP error status
 * is returned as a response; see cli_check().
 */
ippd_msg_t *cli_exchange(cli_ctx_t *ctx, const ippd_msg_t *req, int doc_fd);

/* True when `resp` has a successful status; else prints "ipp CMD: status-name: status-message". */
bool cli_check(const cli_ctx_t *ctx, const ippd_msg_t *resp);

/* cli_exchange() then cli_check(): the response when all went well, else NULL (message printed). */
ippd_msg_t *cli_call(cli_ctx_t *ctx, const ippd_msg_t *req, int doc_fd);

/* The response's status-message, or NULL. */
const char *cli_status_message(const ippd_msg_t *resp);

/* Turns the upload progress bar on (it appears only when stderr is a terminal) and ends it. */
void cli_progress_begin(cli_ctx_t *ctx);
void cli_progress_end(cli_ctx_t *ctx);

/*
 * Parses one "-o name=value" into the request: the value is typed from the
 * registry's syntax for `name` (integer, enum by keyword or number, boolean,
 * keyword, name, text, rangeOfInteger "1-5", resolution "600dpi" or
 * "600x300dpi", collection "{key=value key=value}", a 1setOf as
 * comma-separated values) or guessed for an unknown name.  Operation
 * attributes go to the operation group, others to the job group.  False,
 * with the reason in `why`, when the text does not parse.
 */
bool cli_add_option(ippd_msg_t *req, const char *name_value, char *why, size_t why_cap);

/*
 * Adds attribute `name` with the values in `text` to `g` (replacing one of
 * the same name): typed as cli_add_option() types them when `tag` is -1,
 * else with that value tag (ipp send's explicit syntaxes: an out-of-band
 * tag takes no value, comma-separated values are always allowed).  A
 * value in double quotes is one value, commas and all.  False, with the
 * reason in `why`, when the text does not parse.
 */
bool cli_add_attr(ippd_group_t *g, const char *name, int tag, const char *text, char *why, size_t why_cap);

/*
 * The MIME type of a document from its first bytes: %PDF application/pdf,
 * FF D8 FF image/jpeg, RaS2 image/pwg-raster, UNIRAST image/urf, %!
 * application/postscript, PNG image/png, printable UTF-8 text text/plain,
 * anything else application/octet-stream.
 */
const char *cli_detect_format(const unsigned char *head, size_t n);

/* "512 B", "12.3 KiB", "1.0 GiB" into `buf` (at least 16 bytes); returns buf. */
char *cli_format_size(uint64_t bytes, char *buf, size_t cap);

/*
 * One value of an attribute as text a person reads (enum keyword, ISO
 * date, "600dpi", "1-5", "{key=value ...}"), control characters escaped,
 * into `buf`; returns buf.  Long values are cut with "...".
 */
char *cli_value_text(const ippd_attr_t *attr, size_t i, char *buf, size_t cap);

/* All values of an attribute, comma-separated, as cli_value_text() writes them. */
char *cli_attr_text(const ippd_attr_t *attr, char *buf, size_t cap);

/* A string made safe for a terminal (control characters as '?'), cut to fit `cap`; returns buf. */
char *cli_clean(const char *s, char *buf, size_t cap);

/* Writes `s` as a JSON string literal (NULL as null). */
void cli_json_string(FILE *out, const char *s);

/* Writes the values of `attr` as JSON: a scalar for one value of a 1-value attribute, else an array. */
void cli_json_values(FILE *out, const ippd_attr_t *attr, bool as_array);

/* An aligned text table: add the header, then rows, then print. */
typedef struct cli_table cli_table_t;
cli_table_t *cli_table_new(size_t ncols, const char *const *headers);
/* Marks column `col` right-aligned (numbers, sizes). */
void cli_table_align_right(cli_table_t *t, size_t col);
/* Adds a row of `ncols` strings (copied; NULL shows as "-"). */
bool cli_table_add(cli_table_t *t, const char *const *cells);
/* Prints the table with columns two spaces apart, the last one unpadded. */
void cli_table_print(const cli_table_t *t, FILE *out);
void cli_table_free(cli_table_t *t);

/* A string attribute's first value from a group (NULL when absent or not a string). */
const char *cli_group_string(const ippd_group_t *g, const char *name);
/* An integer attribute's first value, or `dflt` when absent. */
int32_t cli_group_int(const ippd_group_t *g, const char *name, int32_t dflt);

/* Parses a positive job-id; false when `s` is not one. */
bool cli_parse_job_id(const char *s, int32_t *id);

/* Monotonic seconds, for progress and polling. */
double cli_now(void);

#endif
