/* bench-pdf: throughput of ippd's streaming PDF checker on synthetic documents and on files given. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docformat.h"

enum { CHUNK = 65536 };

typedef struct doc {
	unsigned char *p;
	size_t len, cap;
} doc_t;

static void put(doc_t *d, const void *s, size_t n)
{
	if (d->len + n > d->cap) {
		d->cap = (d->len + n) * 2;
		d->p = realloc(d->p, d->cap);
		if (!d->p) {
			fprintf(stderr, "bench-pdf: out of memory\n");
			exit(1);
		}
	}
	memcpy(d->p + d->len, s, n);
	d->len += n;
}

static void putstr(doc_t *d, const char *s)
{
	put(d, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void putf(doc_t *d, const char *fmt, ...)
{
	char s[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	put(d, s, (size_t)n);
}

/*
 * `pages` pages, each with a content stream of `stream_bytes` pseudo-random bytes (what
 * compressed content and images look like); /Length direct, or indirect so that the checker
 * has to look for "endstream".
 */
static doc_t make_doc(long pages, long stream_bytes, int indirect_length)
{
	doc_t d = {0};
	unsigned x = 12345;
	putstr(&d, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
	putf(&d, "2 0 obj << /Type /Pages /Count %ld /Kids [] >> endobj\n", pages);
	unsigned char *buf = malloc((size_t)stream_bytes);
	for (long i = 0; i < pages; i++) {
		putf(&d, "%ld 0 obj << /Type /Page /Parent 2 0 R /Contents %ld 0 R >> endobj\n", 10 + 2 * i, 11 + 2 * i);
		if (indirect_length)
			putf(&d, "%ld 0 obj << /Length 3 0 R /Filter /FlateDecode >>\nstream\n", 11 + 2 * i);
		else
			putf(&d, "%ld 0 obj << /Length %ld /Filter /FlateDecode >>\nstream\n", 11 + 2 * i, stream_bytes);
		for (long k = 0; k < stream_bytes; k++) {
			x = x * 1103515245u + 12345u;
			buf[k] = (unsigned char)(x >> 16);
		}
		put(&d, buf, (size_t)stream_bytes);
		putstr(&d, "\nendstream\nendobj\n");
	}
	free(buf);
	putf(&d, "3 0 obj %ld endobj\ntrailer << /Size %ld /Root 1 0 R >>\nstartxref\n9\n%%%%EOF\n", stream_bytes,
	     10 + 2 * pages);
	return d;
}

/* Uncompressed page descriptions: operators and strings, the lexer's slowest path. */
static doc_t make_text_doc(long bytes)
{
	doc_t d = {0};
	putstr(&d, "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
	putstr(&d, "2 0 obj << /Type /Pages /Count 1 /Kids [4 0 R] >> endobj\n");
	putstr(&d, "4 0 obj << /Type /Page /Parent 2 0 R >> endobj\n5 0 obj [\n");
	while (d.len < (size_t)bytes)
		putstr(&d, "BT /F1 12 Tf 72 712 Td (Hello, \\(world\\) 123) Tj ET 0.5 0 0 RG [1 2] 0 d <48656c6c6f>\n");
	putstr(&d, "] endobj\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n");
	return d;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Feeds the document in 64 KiB chunks, `reps` times, and prints MB/s and the verdict. */
static void run(const char *name, const unsigned char *p, size_t len, int reps)
{
	int pages = -1, rc = 0;
	double t0 = now();
	for (int r = 0; r < reps; r++) {
		pdf_checker_t *c = pdf_checker_new();
		for (size_t off = 0; off < len && rc == 0; off += CHUNK)
			rc = pdf_checker_feed(c, p + off, len - off < CHUNK ? len - off : CHUNK);
		if (rc == 0)
			rc = pdf_checker_finish(c);
		if (rc != 0)
			fprintf(stderr, "bench-pdf: %s: %s\n", name, pdf_checker_error(c));
		pages = pdf_checker_pages(c);
		pdf_checker_free(c);
	}
	double s = now() - t0;
	printf("%-44s %9.1f MiB  %8.0f MB/s  pages %d%s\n", name, (double)len / 1048576.0,
	       (double)len * reps / s / 1e6, pages, rc ? "  (REFUSED)" : "");
}

int main(int argc, char **argv)
{
	doc_t d = make_doc(200, 512 * 1024, 0);
	run("200 pages, 512 KiB streams, direct /Length", d.p, d.len, 5);
	free(d.p);
	d = make_doc(200, 512 * 1024, 1);
	run("200 pages, 512 KiB streams, indirect /Length", d.p, d.len, 3);
	free(d.p);
	d = make_text_doc(64L * 1024 * 1024);
	run("64 MiB of uncompressed page operators", d.p, d.len, 2);
	free(d.p);
	d = (doc_t){0};
	putstr(&d, "%PDF-1.7\n");
	d.p = realloc(d.p, 256u << 20);
	memset(d.p + 9, 0, (256u << 20) - 9 - 40);
	memcpy(d.p + (256u << 20) - 40, "trailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF\n", 40);
	run("256 MiB of white space (NULs)", d.p, 256u << 20, 2);
	free(d.p);
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		doc_t file = {0};
		unsigned char buf[CHUNK];
		size_t n;
		if (!f) {
			perror(argv[i]);
			continue;
		}
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			put(&file, buf, n);
		fclose(f);
		run(argv[i], file.p, file.len, 20);
		free(file.p);
	}
	return 0;
}
