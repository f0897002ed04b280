/* The codec benchmark: decode and encode throughput of libippd on real messages, beside libcups. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ippd/codec.h>
#include <ippd/msg.h>

#ifdef HAVE_LIBCUPS
#include <cups/cups.h>
#include <cups/ipp.h>
#endif

#ifndef BENCH_DATA_DIR
#define BENCH_DATA_DIR "tests/data"
#endif

enum { REPETITIONS = 5 };
enum { IMPL_IPPD, IMPL_CUPS, N_IMPLS };
enum { DIR_DECODE, DIR_ENCODE, N_DIRS };

static const char *const impl_names[N_IMPLS] = {"ippd", "libcups"};
static const char *const dir_names[N_DIRS] = {"decode", "encode"};

/* One message, its bytes, and everything each codec needs to run on it without allocating setup. */
typedef struct bench_case {
	const char *name;
	char what[512];
	uint8_t *bytes; /* the message, version number to end-of-attributes */
	size_t len;
	ippd_limits_t limits;
	ippd_msg_t *msg; /* decoded from `bytes`, the input of ippd encode */
	size_t top_attrs, all_attrs;
	uint8_t *out; /* preallocated output of both encoders */
	size_t out_cap;
	bool cups_identical; /* libcups re-encodes `bytes` byte for byte */
#ifdef HAVE_LIBCUPS
	ipp_t *cups; /* decoded from `bytes` by libcups, the input of libcups encode */
#endif
	double rate[N_DIRS][N_IMPLS]; /* best messages per second; 0 when not measured */
} bench_case;

typedef bool (*bench_op)(bench_case *c);

typedef struct options {
	double seconds;
	long iterations; /* > 0: run each operation exactly this often, once (for callgrind) */
	bool json;
	const char *only_case;
	const char *data_dir;
	const char *save_dir; /* where to write the measured messages, or NULL */
} options;

static __attribute__((format(printf, 1, 2))) void die(const char *fmt, ...)
{
	va_list ap;
	fputs("bench-codec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	size_t cap = 65536, n = 0;
	uint8_t *buf = malloc(cap);
	if (!buf)
		die("out of memory");
	for (;;) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
		if (!buf)
			die("out of memory");
	}
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	*len = n;
	return buf;
}

static ippd_msg_t *decode_or_die(const uint8_t *bytes, size_t len, const ippd_limits_t *lim, size_t *used,
                                 const char *what)
{
	ippd_error_t err;
	ippd_msg_t *msg = ippd_msg_decode(bytes, len, lim, used, &err);
	if (!msg)
		die("%s: ippd_msg_decode: %s (byte %zu)", what, err.text, err.offset);
	return msg;
}

/* Counts attributes: top-level ones, and all of them with collection members (recursively). */
static void count_ippd(const ippd_group_t *g, bool top, size_t *n_top, size_t *n_all)
{
	for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		*n_top += top;
		(*n_all)++;
		for (size_t i = 0; i < ippd_attr_count(a); i++)
			if (ippd_attr_get_tag(a, i) == IPPD_TAG_BEGIN_COLLECTION)
				count_ippd(ippd_attr_get_collection(a, i), false, n_top, n_all);
	}
}

static void count_ippd_msg(const ippd_msg_t *msg, size_t *n_top, size_t *n_all)
{
	*n_top = *n_all = 0;
	for (const ippd_group_t *g = ippd_msg_first_group(msg); g; g = ippd_group_next(g))
		count_ippd(g, true, n_top, n_all);
}

/*
 * Case 1: a Get-Printer-Attributes response of about 150 attributes.  The
 * ippeveprinter capture with media-col-database is the base; the printer
 * attributes of each cupsd capture that it lacks are appended, so the
 * message holds what both real printers said.
 */
static void build_gpa(bench_case *c, const char *dir)
{
	char path[4096];
	const char *base = "ippeveprinter-gpa-all-media-col-database.bin";
	snprintf(path, sizeof(path), "%s/%s", dir, base);
	size_t len;
	uint8_t *raw = read_file(path, &len);
	ippd_msg_t *msg = decode_or_die(raw, len, &c->limits, NULL, path);
	free(raw);
	ippd_group_t *printer = ippd_msg_find_group(msg, IPPD_TAG_PRINTER);
	if (!printer)
		die("%s: no printer-attributes group", path);

	int off = snprintf(c->what, sizeof(c->what), "Get-Printer-Attributes response: %s", base);
	snprintf(path, sizeof(path), "%s/cupsd-*.bin", dir);
	glob_t gl;
	if (glob(path, 0, NULL, &gl) == 0) {
		for (size_t i = 0; i < gl.gl_pathc; i++) {
			raw = read_file(gl.gl_pathv[i], &len);
			ippd_msg_t *other = decode_or_die(raw, len, &c->limits, NULL, gl.gl_pathv[i]);
			free(raw);
			size_t added = 0;
			ippd_group_t *g = ippd_msg_find_group(other, IPPD_TAG_PRINTER);
			for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
				if (ippd_group_find(printer, ippd_attr_get_name(a)))
					continue;
				if (!ippd_group_copy_attr(printer, a, NULL))
					die("out of memory");
				added++;
			}
			ippd_msg_free(other);
			const char *slash = strrchr(gl.gl_pathv[i], '/');
			if (off > 0 && (size_t)off < sizeof(c->what))
				off += snprintf(c->what + off, sizeof(c->what) - (size_t)off,
				                " + %zu attributes from %s", added,
				                slash ? slash + 1 : gl.gl_pathv[i]);
		}
		globfree(&gl);
	}
	if (ippd_msg_encode_alloc(msg, &c->bytes, &c->len) != IPPD_OK)
		die("cannot encode the merged Get-Printer-Attributes response");
	ippd_msg_free(msg);
}

/* Case 2: ipptool's Print-Job request, its attributes only (the document after end-of-attributes is cut). */
static void build_print_job(bench_case *c, const char *dir)
{
	char path[4096];
	const char *base = "ipptool-print-job-request.bin";
	snprintf(path, sizeof(path), "%s/%s", dir, base);
	size_t len, used;
	c->bytes = read_file(path, &len);
	ippd_msg_free(decode_or_die(c->bytes, len, &c->limits, &used, path));
	c->len = used;
	snprintf(c->what, sizeof(c->what), "Print-Job request: %s without its %zu octets of document", base,
	         len - used);
}

/* ------------------------------------------------------------------ */
/* The timed operations: one message each                            */
/* ------------------------------------------------------------------ */

static __attribute__((noinline)) bool op_ippd_decode(bench_case *c)
{
	ippd_msg_t *msg = ippd_msg_decode(c->bytes, c->len, &c->limits, NULL, NULL);
	if (!msg)
		return false;
	ippd_msg_free(msg);
	return true;
}

static __attribute__((noinline)) bool op_ippd_encode(bench_case *c)
{
	size_t written;
	return ippd_msg_encode(c->msg, c->out, c->out_cap, &written) == IPPD_OK && written == c->len;
}

#ifdef HAVE_LIBCUPS
/* A memory buffer for libcups' I/O callbacks. */
typedef struct mem_io {
	uint8_t *buf;
	size_t len; /* bytes to read, or room to write */
	size_t pos;
} mem_io;

static ssize_t mem_read(void *ctx, ipp_uchar_t *buf, size_t n)
{
	mem_io *io = ctx;
	if (n > io->len - io->pos)
		n = io->len - io->pos;
	memcpy(buf, io->buf + io->pos, n);
	io->pos += n;
	return (ssize_t)n;
}

static ssize_t mem_write(void *ctx, ipp_uchar_t *buf, size_t n)
{
	mem_io *io = ctx;
	if (n > io->len - io->pos)
		return -1;
	memcpy(io->buf + io->pos, buf, n);
	io->pos += n;
	return (ssize_t)n;
}

static __attribute__((noinline)) bool op_cups_decode(bench_case *c)
{
	mem_io io = {c->bytes, c->len, 0};
	ipp_t *ipp = ippNew();
	ipp_state_t st = ippReadIO(&io, mem_read, /*blocking*/ 1, NULL, ipp);
	ippDelete(ipp);
	return st == IPP_STATE_DATA;
}

static __attribute__((noinline)) bool op_cups_encode(bench_case *c)
{
	mem_io io = {c->out, c->out_cap, 0};
	ippSetState(c->cups, IPP_STATE_IDLE);
	return ippWriteIO(&io, mem_write, /*blocking*/ 1, NULL, c->cups) == IPP_STATE_DATA &&
	       io.pos == c->len;
}

static void count_cups(ipp_t *ipp, bool top, size_t *n_top, size_t *n_all)
{
	for (ipp_attribute_t *a = ippFirstAttribute(ipp); a; a = ippNextAttribute(ipp)) {
		if (!ippGetName(a))
			continue; /* a group separator */
		*n_top += top;
		(*n_all)++;
		if (ippGetValueTag(a) == IPP_TAG_BEGIN_COLLECTION)
			for (int i = 0; i < ippGetCount(a); i++)
				count_cups(ippGetCollection(a, i), false, n_top, n_all);
	}
}

/*
 * Decodes the case's bytes with libcups once (the input of libcups encode),
 * and checks that both libraries see the same attributes: libcups' count of
 * the bytes, and ippd's count of libcups' re-encoding.
 */
static void prepare_cups(bench_case *c)
{
	mem_io in = {c->bytes, c->len, 0};
	c->cups = ippNew();
	if (ippReadIO(&in, mem_read, /*blocking*/ 1, NULL, c->cups) != IPP_STATE_DATA || in.pos != c->len)
		die("%s: libcups ippReadIO failed (%zu of %zu bytes read)", c->name, in.pos, c->len);
	size_t top = 0, all = 0;
	count_cups(c->cups, true, &top, &all);
	if (top != c->top_attrs || all != c->all_attrs)
		die("%s: libcups reads %zu attributes (%zu with members), ippd %zu (%zu)", c->name, top, all,
		    c->top_attrs, c->all_attrs);

	mem_io out = {c->out, c->out_cap, 0};
	ippSetState(c->cups, IPP_STATE_IDLE);
	if (ippWriteIO(&out, mem_write, /*blocking*/ 1, NULL, c->cups) != IPP_STATE_DATA)
		die("%s: libcups ippWriteIO failed", c->name);
	c->cups_identical = out.pos == c->len && memcmp(c->out, c->bytes, c->len) == 0;
	ippd_msg_t *again = decode_or_die(c->out, out.pos, &c->limits, NULL, "libcups' encoding");
	count_ippd_msg(again, &top, &all);
	ippd_msg_free(again);
	if (top != c->top_attrs || all != c->all_attrs)
		die("%s: libcups' encoding has %zu attributes (%zu with members) for ippd, ours %zu (%zu)",
		    c->name, top, all, c->top_attrs, c->all_attrs);
	if (out.pos != c->len)
		die("%s: libcups encodes %zu bytes, ippd %zu: the encode rates would not compare", c->name,
		    out.pos, c->len);
}
#endif

/* Decodes the case once for ippd encode, and checks that ippd re-encodes the bytes exactly. */
static void prepare_case(bench_case *c)
{
	c->msg = decode_or_die(c->bytes, c->len, &c->limits, NULL, c->name);
	count_ippd_msg(c->msg, &c->top_attrs, &c->all_attrs);
	c->out_cap = 2 * c->len + 65536;
	c->out = malloc(c->out_cap);
	if (!c->out)
		die("out of memory");
	size_t written;
	if (ippd_msg_encode(c->msg, c->out, c->out_cap, &written) != IPPD_OK || written != c->len ||
	    memcmp(c->out, c->bytes, c->len) != 0)
		die("%s: ippd does not re-encode its input byte for byte", c->name);
#ifdef HAVE_LIBCUPS
	prepare_cups(c);
#endif
}

/* Writes the bytes a case measures, so that other tools can look at exactly them. */
static void save_case(const bench_case *c, const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.bin", dir, c->name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(c->bytes, 1, c->len, f) != c->len || fclose(f) != 0)
		die("%s: cannot write it", path);
}

/* ------------------------------------------------------------------ */
/* Timing                                                             */
/* ------------------------------------------------------------------ */

/*
 * Runs `op` in batches until `seconds` have passed (or exactly `iterations`
 * times); returns messages per second.  A batch lasts about a millisecond,
 * so reading the clock costs nothing measurable.
 */
static double run_timed(bench_op op, bench_case *c, double seconds, long iterations, long batch)
{
	long done = 0;
	double t0 = now(), t;
	for (;;) {
		long n = iterations > 0 ? iterations : batch;
		for (long i = 0; i < n; i++)
			if (!op(c))
				die("%s: an operation failed while timed", c->name);
		done += n;
		t = now();
		if (iterations > 0 || t - t0 >= seconds)
			break;
	}
	return (double)done / (t - t0);
}

/* Warms caches and the allocator for a fifth of a second and sizes a batch of about 1 ms. */
static long calibrate(bench_op op, bench_case *c)
{
	double rate = run_timed(op, c, 0.2, 0, 1);
	long batch = (long)(rate / 1000.0);
	return batch > 0 ? batch : 1;
}

/*
 * Measures one direction of one case: the best of REPETITIONS, with ippd's
 * and libcups' repetitions alternating so that a noisy neighbour hurts both.
 */
static void measure(bench_case *c, int dir, const options *opt)
{
	bench_op ops[N_IMPLS] = {dir == DIR_DECODE ? op_ippd_decode : op_ippd_encode, NULL};
#ifdef HAVE_LIBCUPS
	ops[IMPL_CUPS] = dir == DIR_DECODE ? op_cups_decode : op_cups_encode;
#endif
	long batch[N_IMPLS] = {1, 1};
	int reps = opt->iterations > 0 ? 1 : REPETITIONS;
	if (opt->iterations <= 0)
		for (int k = 0; k < N_IMPLS; k++)
			if (ops[k])
				batch[k] = calibrate(ops[k], c);
	for (int r = 0; r < reps; r++)
		for (int k = 0; k < N_IMPLS; k++) {
			if (!ops[k])
				continue;
			double rate = run_timed(ops[k], c, opt->seconds, opt->iterations, batch[k]);
			if (rate > c->rate[dir][k])
				c->rate[dir][k] = rate;
		}
}

/* ------------------------------------------------------------------ */
/* Output                                                             */
/* ------------------------------------------------------------------ */

static double mb_per_s(const bench_case *c, double rate)
{
	return rate * (double)c->len / 1e6;
}

static const char *libcups_version(void)
{
#ifdef HAVE_LIBCUPS
#define STR2(x) #x
#define STR(x) STR2(x)
	return STR(CUPS_VERSION_MAJOR) "." STR(CUPS_VERSION_MINOR) "." STR(CUPS_VERSION_PATCH);
#else
	return NULL;
#endif
}

static void print_header(const options *opt)
{
	if (opt->iterations > 0)
		printf("ippd codec benchmark: each operation run exactly %ld times, once (for instruction "
		       "counts;\n"
		       "the rates below are not meaningful under valgrind)\n",
		       opt->iterations);
	else
		printf(
		    "ippd codec benchmark: best of %d repetitions of about %g s each, timed with\n"
		    "CLOCK_MONOTONIC; the machine is shared and noisy, so the best repetition is shown, and\n"
		    "ippd's and libcups' repetitions alternate. MB = 10^6 bytes of IPP message.\n",
		    REPETITIONS, opt->seconds);
	if (libcups_version())
		printf("Compared with libcups %s (ippReadIO/ippWriteIO with memory callbacks).\n",
		       libcups_version());
	else
		printf("Built without libcups: ippd figures only.\n");
}

static void print_case_header(const bench_case *c)
{
	printf("\n%s: %zu bytes, %zu attributes (%zu counting collection members)\n  %s\n", c->name, c->len,
	       c->top_attrs, c->all_attrs, c->what);
#ifdef HAVE_LIBCUPS
	printf("  libcups decodes the same attributes and re-encodes %s\n",
	       c->cups_identical ? "the same bytes" : "different bytes of the same length");
#endif
	fflush(stdout);
}

static void print_row(const bench_case *c, int dir)
{
	const double *r = c->rate[dir];
	printf("  %-7s %12.0f %9.1f", dir_names[dir], r[IMPL_IPPD], mb_per_s(c, r[IMPL_IPPD]));
	if (r[IMPL_CUPS] > 0)
		printf(" %13.0f %9.1f %8.2fx", r[IMPL_CUPS], mb_per_s(c, r[IMPL_CUPS]),
		       r[IMPL_IPPD] / r[IMPL_CUPS]);
	putchar('\n');
	fflush(stdout);
}

static void print_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json(const bench_case *cases, size_t n, const options *opt, time_t started)
{
	char date[32];
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&started));
	printf(
	    "{\"benchmark\":\"bench-codec\",\"date\":\"%s\",\"repetitions\":%d,\"seconds_per_repetition\":%g,"
	    "\"iterations\":%ld,\"libcups\":",
	    date, opt->iterations > 0 ? 1 : REPETITIONS, opt->iterations > 0 ? 0 : opt->seconds,
	    opt->iterations > 0 ? opt->iterations : 0);
	if (libcups_version())
		print_json_string(libcups_version());
	else
		fputs("null", stdout);
	fputs(",\"cases\":[", stdout);
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		const bench_case *c = &cases[i];
		if (c->rate[DIR_DECODE][IMPL_IPPD] <= 0)
			continue; /* left out with --case */
		printf("%s{\"name\":", first ? "" : ",");
		first = false;
		print_json_string(c->name);
		fputs(",\"description\":", stdout);
		print_json_string(c->what);
		printf(",\"bytes\":%zu,\"attributes\":%zu,\"attributes_with_members\":%zu", c->len,
		       c->top_attrs, c->all_attrs);
		if (libcups_version())
			printf(",\"libcups_same_bytes\":%s", c->cups_identical ? "true" : "false");
		for (int d = 0; d < N_DIRS; d++) {
			printf(",\"%s\":{", dir_names[d]);
			for (int k = 0; k < N_IMPLS; k++) {
				if (c->rate[d][k] <= 0)
					continue;
				printf("%s\"%s\":{\"messages_per_s\":%.1f,\"mb_per_s\":%.3f}", k ? "," : "",
				       impl_names[k], c->rate[d][k], mb_per_s(c, c->rate[d][k]));
			}
			if (c->rate[d][IMPL_CUPS] > 0)
				printf(",\"ratio\":%.3f", c->rate[d][IMPL_IPPD] / c->rate[d][IMPL_CUPS]);
			else
				fputs(",\"ratio\":null", stdout);
			putchar('}');
		}
		putchar('}');
	}
	fputs("]}\n", stdout);
}

static void usage(FILE *out)
{
	fputs("usage: bench-codec [--seconds N] [--json] [--case NAME] [--iterations N] [--data DIR] [--save "
	      "DIR]\n"
	      "\n"
	      "Decode and encode rates of libippd, and of libcups when built with it, on the same bytes.\n"
	      "  --seconds N     length of each of the 5 timed repetitions (default 1)\n"
	      "  --json          print one JSON object instead of the table\n"
	      "  --case NAME     only gpa-response or only print-job-request\n"
	      "  --iterations N  run each operation exactly N times, once, untimed: for callgrind\n"
	      "  --data DIR      the fixtures (default " BENCH_DATA_DIR ")\n"
	      "  --save DIR      also write the measured messages to DIR/NAME.bin\n",
	      out);
}

static void parse_args(int argc, char **argv, options *opt)
{
	*opt = (options){.seconds = 1.0, .data_dir = BENCH_DATA_DIR};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;
		if (strcmp(a, "--json") == 0) {
			opt->json = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			exit(0);
		}
		if (!v) {
			usage(stderr);
			exit(2);
		}
		i++;
		if (strcmp(a, "--seconds") == 0) {
			opt->seconds = strtod(v, &end);
			if (*end || !(opt->seconds > 0 && opt->seconds <= 3600))
				die("--seconds wants a number of seconds above 0, not '%s'", v);
		} else if (strcmp(a, "--iterations") == 0) {
			opt->iterations = strtol(v, &end, 10);
			if (*end || opt->iterations <= 0)
				die("--iterations wants a positive count, not '%s'", v);
		} else if (strcmp(a, "--case") == 0) {
			if (strcmp(v, "gpa-response") != 0 && strcmp(v, "print-job-request") != 0)
				die("--case wants gpa-response or print-job-request, not '%s'", v);
			opt->only_case = v;
		} else if (strcmp(a, "--data") == 0) {
			opt->data_dir = v;
		} else if (strcmp(a, "--save") == 0) {
			opt->save_dir = v;
		} else {
			usage(stderr);
			exit(2);
		}
	}
}

int main(int argc, char **argv)
{
	options opt;
	parse_args(argc, argv, &opt);
	time_t started = time(NULL);

	bench_case cases[2] = {{.name = "gpa-response"}, {.name = "print-job-request"}};
	ippd_limits_response(&cases[0].limits);
	ippd_limits_request(&cases[1].limits);
	const size_t n_cases = sizeof(cases) / sizeof(cases[0]);

	build_gpa(&cases[0], opt.data_dir);
	build_print_job(&cases[1], opt.data_dir);
	for (size_t i = 0; i < n_cases; i++) {
		prepare_case(&cases[i]);
		if (opt.save_dir)
			save_case(&cases[i], opt.save_dir);
	}

	if (!opt.json) {
		print_header(&opt);
		printf("\n  %-7s %12s %9s %13s %9s %9s\n", "", "ippd msg/s", "MB/s", "libcups msg/s", "MB/s",
		       "ippd/cups");
	}
	for (size_t i = 0; i < n_cases; i++) {
		bench_case *c = &cases[i];
		if (opt.only_case && strcmp(opt.only_case, c->name) != 0)
			continue;
		if (!opt.json)
			print_case_header(c);
		for (int d = 0; d < N_DIRS; d++) {
			measure(c, d, &opt);
			if (!opt.json)
				print_row(c, d);
		}
	}
	if (opt.json)
		print_json(cases, n_cases, &opt, started);

	for (size_t i = 0; i < n_cases; i++) {
		ippd_msg_free(cases[i].msg);
		free(cases[i].bytes);
		free(cases[i].out);
#ifdef HAVE_LIBCUPS
		ippDelete(cases[i].cups);
#endif
	}
	return 0;
}
