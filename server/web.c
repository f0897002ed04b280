/* The status pages: every printer with its state and queue, rendered from the model with everything escaped. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "privacy.h"
#include "web.h"

/* A growable page with a ceiling. */
typedef struct page {
	char *buf;
	size_t len, cap;
	bool full;
} page_t;

enum { PAGE_MAX = 1024 * 1024 };

__attribute__((format(printf, 2, 3))) static void put(page_t *pg, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(pg->buf + pg->len, pg->cap - pg->len, fmt, ap);
		va_end(ap);
		if (n < 0 || pg->full)
			return;
		if ((size_t)n < pg->cap - pg->len) {
			pg->len += (size_t)n;
			return;
		}
		size_t cap = pg->cap * 2;
		char *b = cap <= PAGE_MAX ? realloc(pg->buf, cap) : NULL;
		if (!b) {
			pg->full = true;
			pg->buf[pg->len] = '\0';
			return;
		}
		pg->buf = b;
		pg->cap = cap;
	}
}

/* Text into HTML: the five characters that matter, and control characters dropped. */
static void put_text(page_t *pg, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '<':
			put(pg, "&lt;");
			break;
		case '>':
			put(pg, "&gt;");
			break;
		case '&':
			put(pg, "&amp;");
			break;
		case '"':
			put(pg, "&quot;");
			break;
		case '\'':
			put(pg, "&#39;");
			break;
		default:
			/* C1 controls (U+0080-U+009F, 0xC2 0x80-0x9F in UTF-8) are dropped like C0: some terminals act on them. */
			if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
				p++;
			else if (*p >= 0x20 && *p != 0x7f)
				put(pg, "%c", *p);
		}
	}
}

static const char *state_word(int state)
{
	switch (state) {
	case IPPD_PRINTER_STATE_IDLE:
		return "idle";
	case IPPD_PRINTER_STATE_PROCESSING:
		return "processing";
	default:
		return "stopped";
	}
}

static void put_printer(page_t *pg, printer_t *p, bool jobs)
{
	put(pg, "<section><h2><a href=\"");
	put_text(pg, p->path);
	put(pg, "\">");
	put_text(pg, p->info[0] ? p->info : printer_label(p));
	put(pg, "</a></h2><p>%s, %s, %d job(s) queued. URI path <code>", state_word(p->state),
	    p->accepting ? "accepting jobs" : "not accepting jobs", printer_queued_locked(p));
	put_text(pg, p->path);
	put(pg, "</code></p>");
	if (jobs) {
		put(pg, "<table><tr><th>Job</th><th>Name</th><th>Owner</th><th>State</th></tr>");
		size_t shown = 0;
		for (size_t i = p->n_jobs; i-- > 0 && shown < 50; shown++) {
			const job_t *j = p->jobs[i];
			put(pg, "<tr><td>%d</td><td>", (int)j->id);
			/* The page is for anonymous visitors: job privacy applies as to any user who is not the owner. */
			put_text(pg, privacy_hides_locked(j, NULL, 0, "job-name") ? "(private)" : j->name);
			put(pg, "</td><td>");
			put_text(pg, privacy_hides_locked(j, NULL, 0, "job-originating-user-name") ? "(private)" : j->owner);
			put(pg, "</td><td>%s</td></tr>", ippd_enum_name("job-state", j->state));
		}
		put(pg, "</table>");
	}
	put(pg, "</section>");
}

enum MHD_Result web_answer(system_t *sys, struct MHD_Connection *c, const char *url)
{
	page_t pg = {.cap = 4096};
	pg.buf = malloc(pg.cap);
	if (!pg.buf)
		return MHD_NO;
	pg.buf[0] = '\0';
	put(&pg, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
	         "content=\"width=device-width\"><title>ippd</title></head><body><h1>ippd</h1>");
	unsigned status = MHD_HTTP_OK;
	system_lock(sys);
	if (strcmp(url, "/") == 0) {
		for (size_t i = 0; i < sys->n_printers; i++)
			put_printer(&pg, sys->printers[i], false);
	} else {
		printer_t *p = system_find_printer_locked(sys, url, strlen(url));
		if (p)
			put_printer(&pg, p, true);
		else {
			status = MHD_HTTP_NOT_FOUND;
			put(&pg, "<p>Nothing here.</p>");
		}
	}
	system_unlock(sys);
	put(&pg, "</body></html>\n");

	struct MHD_Response *resp = MHD_create_response_from_buffer(pg.len, pg.buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(pg.buf);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'; style-src 'self'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}
