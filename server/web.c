/* The web interface: printers, queues, histories and jobs as plain HTML, thumbnails, and CSRF-checked admin forms. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <ippd/render.h>

#include "access.h"
#include "ops.h"
#include "privacy.h"
#include "thumbnail.h"
#include "web.h"

/* ------------------------------------------------------------------ */
/* Page text                                                          */
/* ------------------------------------------------------------------ */

/* A growable page with a ceiling. */
typedef struct page {
	char *buf;
	size_t len, cap;
	bool full;
} page_t;

enum { PAGE_MAX = 2 * 1024 * 1024, HISTORY_PAGE = 20, RECENT_JOBS = 3 };

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

/* Text into HTML: the five characters that matter escaped, C0 and C1 controls dropped. */
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

static void put_time(page_t *pg, time_t t)
{
	if (!t) {
		put(pg, "-");
		return;
	}
	struct tm tm;
	char buf[32];
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm);
	put(pg, "%s", buf);
}

static const char *printer_state_word(int state)
{
	const char *s = ippd_enum_name("printer-state", state);
	return s ? s : "?";
}

static const char *job_state_word(int state)
{
	const char *s = ippd_enum_name("job-state", state);
	return s ? s : "?";
}

/* Job name and owner as an anonymous visitor may see them (job privacy). */
static const char *shown(const job_t *j, const char *attr, const char *value)
{
	return privacy_hides_locked(j, NULL, 0, attr) ? "(private)" : value;
}

/* ------------------------------------------------------------------ */
/* CSRF: a random cookie and an HMAC of it under a per-process secret */
/* ------------------------------------------------------------------ */

enum { COOKIE_HEX = 32, TOKEN_HEX = 64 };
static const char cookie_name[] = "ippd_csrf";
static uint8_t secret[32];
static pthread_once_t secret_once = PTHREAD_ONCE_INIT;

static void make_secret(void)
{
	if (getrandom(secret, sizeof(secret), 0) != (ssize_t)sizeof(secret))
		for (size_t i = 0; i < sizeof(secret); i++)
			secret[i] = (uint8_t)random();
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* The token that goes with a cookie value: hex(HMAC-SHA256(secret, cookie)); "" when the cookie is malformed. */
static void token_for(const char *cookie, char out[TOKEN_HEX + 1])
{
	out[0] = '\0';
	if (!cookie || strlen(cookie) != COOKIE_HEX || strspn(cookie, "0123456789abcdef") != COOKIE_HEX)
		return;
	pthread_once(&secret_once, make_secret);
	uint8_t mac[32];
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, secret, sizeof(secret), cookie, COOKIE_HEX, mac) != 0)
		return;
	hex(mac, sizeof(mac), out);
}

/* Constant-time comparison of two tokens. */
static bool token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != TOKEN_HEX || strlen(b) != n)
		return false;
	unsigned diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned)(a[i] ^ b[i]);
	return diff == 0;
}

/* The visitor's cookie, or a new one in `fresh` (then set on the response). */
static const char *visitor_cookie(struct MHD_Connection *c, char fresh[COOKIE_HEX + 1])
{
	const char *v = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, cookie_name);
	char tok[TOKEN_HEX + 1];
	token_for(v, tok);
	if (tok[0])
		return v;
	uint8_t b[COOKIE_HEX / 2];
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (uint8_t)random();
	hex(b, sizeof(b), fresh);
	return fresh;
}

/* ------------------------------------------------------------------ */
/* Responses                                                          */
/* ------------------------------------------------------------------ */

static const char csp[] = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                          "frame-ancestors 'none'; base-uri 'none'";

static void common_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

/* Queues a page (taking its buffer); sets the CSRF cookie when `fresh_cookie` is not "". */
static enum MHD_Result send_page(struct MHD_Connection *c, unsigned status, page_t *pg, const char *fresh_cookie)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(pg->len, pg->buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(pg->buf);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	common_headers(resp);
	if (fresh_cookie && fresh_cookie[0]) {
		char set[128];
		snprintf(set, sizeof(set), "%s=%s; Path=/; SameSite=Strict; HttpOnly", cookie_name, fresh_cookie);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, set);
	}
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static bool page_start(page_t *pg, const char *title)
{
	pg->cap = 8192;
	pg->len = 0;
	pg->full = false;
	pg->buf = malloc(pg->cap);
	if (!pg->buf)
		return false;
	pg->buf[0] = '\0';
	put(pg, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	        "<link rel=\"stylesheet\" href=\"/style.css\"><title>");
	put_text(pg, title);
	put(pg, " - ippd</title></head><body><header><a href=\"/\">ippd</a></header><main>\n");
	return true;
}

static void page_end(page_t *pg)
{
	put(pg, "</main><footer>ippd print service &middot; <a href=\"/metrics\">metrics</a></footer></body></html>\n");
}

static enum MHD_Result not_found(struct MHD_Connection *c, const char *what)
{
	page_t pg;
	if (!page_start(&pg, "Not found"))
		return MHD_NO;
	put(&pg, "<h1>Not found</h1><p>");
	put_text(&pg, what);
	put(&pg, "</p>");
	page_end(&pg);
	return send_page(c, MHD_HTTP_NOT_FOUND, &pg, NULL);
}

/* ------------------------------------------------------------------ */
/* The pages                                                          */
/* ------------------------------------------------------------------ */

static void put_job_link(page_t *pg, const job_t *j)
{
	put(pg, "<a href=\"");
	put_text(pg, j->printer->path);
	put(pg, "/%d\">%d</a>", (int)j->id, (int)j->id);
}

static void index_page_locked(page_t *pg, system_t *sys)
{
	put(pg, "<h1>Printers</h1><div class=\"scroll\"><table><thead><tr><th>Printer</th><th>State</th>"
	        "<th>Queue</th><th>Recent jobs</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		put(pg, "<tr><td><a href=\"");
		put_text(pg, p->path);
		put(pg, "\">");
		put_text(pg, p->name);
		put(pg, "</a><br><small>");
		put_text(pg, p->info);
		put(pg, "</small></td><td class=\"state-%s\">%s%s</td><td>%d</td><td><ul class=\"recent\">",
		    printer_state_word(p->state), printer_state_word(p->state), p->accepting ? "" : ", not accepting jobs",
		    printer_queued_locked(p));
		size_t n = 0;
		for (size_t k = p->n_jobs; k-- > 0 && n < RECENT_JOBS; n++) {
			const job_t *j = p->jobs[k];
			put(pg, "<li>");
			put_job_link(pg, j);
			put(pg, " ");
			put_text(pg, shown(j, "job-name", j->name));
			put(pg, " <span class=\"state-%s\">%s</span></li>", job_state_word(j->state), job_state_word(j->state));
		}
		if (!n)
			put(pg, "<li>none</li>");
		put(pg, "</ul></td></tr>\n");
	}
	put(pg, "</tbody></table></div>\n");
}

/* A button form for one action; `token` is the CSRF token of the visitor. */
static void put_action(page_t *pg, const printer_t *p, const char *token, const char *action, int32_t job,
                       const char *label)
{
	put(pg, "<form method=\"post\" action=\"");
	put_text(pg, p->path);
	put(pg, "\"><input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"action\" "
	        "value=\"%s\">",
	    token, action);
	if (job)
		put(pg, "<input type=\"hidden\" name=\"job\" value=\"%d\">", (int)job);
	put(pg, "<button type=\"submit\">%s</button></form>", label);
}

static void put_job_row(page_t *pg, const job_t *j, const char *token, bool cancel)
{
	put(pg, "<tr><td>");
	put_job_link(pg, j);
	put(pg, "</td><td>");
	put_text(pg, shown(j, "job-name", j->name));
	put(pg, "</td><td>");
	put_text(pg, shown(j, "job-originating-user-name", j->owner));
	put(pg, "</td><td class=\"state-%s\">%s</td><td>", job_state_word(j->state), job_state_word(j->state));
	put_time(pg, j->completed ? j->completed : j->created);
	put(pg, "</td>");
	if (cancel) {
		put(pg, "<td>");
		put_action(pg, j->printer, token, "cancel", j->id, "Cancel");
		put(pg, "</td>");
	}
	put(pg, "</tr>\n");
}

/* The printer's capability attributes as a name / value table, from the text renderer (values escaped there). */
static void put_attributes_locked(page_t *pg, const printer_t *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return;
	ippd_msg_render_text(p->static_attrs, IPPD_KIND_RESPONSE, mem);
	fclose(mem);
	put(pg, "<h2>Attributes</h2><div class=\"scroll\"><table class=\"attrs\"><thead><tr><th>Name</th><th>Value</th>"
	        "</tr></thead><tbody>\n");
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* "    name (syntax) = value" under the group line. */
		if (strncmp(line, "  ", 2) != 0)
			continue;
		char *name = line + strspn(line, " ");
		char *syn = strstr(name, " (");
		char *eq = syn ? strstr(syn, ") = ") : NULL;
		if (!syn || !eq)
			continue;
		*syn = '\0';
		put(pg, "<tr><th scope=\"row\">");
		put_text(pg, name);
		put(pg, "</th><td>");
		put_text(pg, eq + 4);
		put(pg, "</td></tr>\n");
	}
	put(pg, "</tbody></table></div>\n");
	free(text);
}

static void printer_page_locked(page_t *pg, printer_t *p, const char *token, int page_no)
{
	put(pg, "<h1>");
	put_text(pg, p->name);
	put(pg, "</h1><p class=\"info\">");
	put_text(pg, p->info);
	if (p->location[0]) {
		put(pg, " &middot; ");
		put_text(pg, p->location);
	}
	put(pg, "</p><dl><dt>State</dt><dd class=\"state-%s\">%s%s</dd><dt>Accepting jobs</dt><dd>%s</dd>"
	        "<dt>Queued jobs</dt><dd>%d</dd><dt>Printer URI path</dt><dd><code>",
	    printer_state_word(p->state), printer_state_word(p->state), (p->reasons & PR_PAUSED) ? " (paused)" : "",
	    p->accepting ? "yes" : "no", printer_queued_locked(p));
	put_text(pg, p->path);
	put(pg, "</code></dd>");
	if (p->device_reasons.set) {
		/* What the device behind the printer says (known keywords only: device-reasons.h). */
		put(pg, "<dt>The device reports</dt><dd class=\"device-reasons\">");
		char k[64];
		const char *sep = "";
		for (unsigned i = 0; i < device_reason_count(); i++) {
			if (!(p->device_reasons.set & (1u << i)))
				continue;
			device_reason_keyword(&p->device_reasons, i, k, sizeof(k));
			put(pg, "%s", sep);
			put_text(pg, k);
			sep = ", ";
		}
		put(pg, "</dd>");
	}
	put(pg, "</dl>\n<section class=\"admin\"><h2>Administration</h2><div class=\"actions\">");
	put_action(pg, p, token, (p->reasons & PR_PAUSED) ? "resume" : "pause", 0,
	           (p->reasons & PR_PAUSED) ? "Resume printer" : "Pause printer");
	put_action(pg, p, token, "purge", 0, "Purge all jobs");
	put(pg, "</div><p><small>For operators and administrators; a printer that needs a password asks for it.</small>"
	        "</p></section>\n");

	put(pg, "<h2>Queue</h2>");
	size_t active = 0;
	for (size_t i = printer_first_active_locked(p); i < p->n_jobs; i++)
		active += !job_is_terminal(p->jobs[i]);
	if (!active) {
		put(pg, "<p>No jobs waiting.</p>\n");
	} else {
		put(pg, "<div class=\"scroll\"><table id=\"queue\"><thead><tr><th>Job</th><th>Name</th><th>Owner</th>"
		        "<th>State</th><th>Time</th><th></th></tr></thead><tbody>\n");
		for (size_t i = printer_first_active_locked(p); i < p->n_jobs; i++)
			if (!job_is_terminal(p->jobs[i]))
				put_job_row(pg, p->jobs[i], token, true);
		put(pg, "</tbody></table></div>\n");
	}

	/* History, newest first, a page at a time. */
	size_t terminal = 0;
	for (size_t i = 0; i < p->n_jobs; i++)
		terminal += job_is_terminal(p->jobs[i]);
	int pages = (int)((terminal + HISTORY_PAGE - 1) / HISTORY_PAGE);
	if (page_no < 1)
		page_no = 1;
	if (pages && page_no > pages)
		page_no = pages;
	put(pg, "<h2>History</h2>");
	if (!terminal) {
		put(pg, "<p>No finished jobs.</p>\n");
	} else {
		put(pg, "<div class=\"scroll\"><table id=\"history\"><thead><tr><th>Job</th><th>Name</th><th>Owner</th>"
		        "<th>State</th><th>Finished</th></tr></thead><tbody>\n");
		size_t skip = (size_t)(page_no - 1) * HISTORY_PAGE, n = 0;
		for (size_t i = p->n_jobs; i-- > 0 && n < HISTORY_PAGE;) {
			if (!job_is_terminal(p->jobs[i]))
				continue;
			if (skip) {
				skip--;
				continue;
			}
			put_job_row(pg, p->jobs[i], token, false);
			n++;
		}
		put(pg, "</tbody></table></div><nav class=\"pages\">");
		if (page_no > 1) {
			put(pg, "<a href=\"");
			put_text(pg, p->path);
			put(pg, "?page=%d\">Newer</a> ", page_no - 1);
		}
		put(pg, "page %d of %d", page_no, pages);
		if (page_no < pages) {
			put(pg, " <a href=\"");
			put_text(pg, p->path);
			put(pg, "?page=%d\">Older</a>", page_no + 1);
		}
		put(pg, "</nav>\n");
	}
	put_attributes_locked(pg, p);
}

/* The first document can be drawn: PWG Raster is decoded by ippd, JPEG is shown as it is. */
static bool has_thumbnail(const job_t *j)
{
	return j->n_docs > 0 && (strcmp(j->docs[0].format, "image/pwg-raster") == 0 ||
	                         strcmp(j->docs[0].format, "image/jpeg") == 0);
}

static bool thumbnail_hidden(const job_t *j)
{
	return privacy_hides_locked(j, NULL, 0, "job-name") || privacy_hides_locked(j, NULL, 0, "document-name");
}

static void job_page_locked(page_t *pg, job_t *j)
{
	put(pg, "<h1>Job %d</h1><p><a href=\"", (int)j->id);
	put_text(pg, j->printer->path);
	put(pg, "\">");
	put_text(pg, j->printer->name);
	put(pg, "</a></p><dl><dt>Name</dt><dd id=\"job-name\">");
	put_text(pg, shown(j, "job-name", j->name));
	put(pg, "</dd><dt>Owner</dt><dd>");
	put_text(pg, shown(j, "job-originating-user-name", j->owner));
	put(pg, "</dd><dt>State</dt><dd class=\"state-%s\">%s</dd><dt>Reasons</dt><dd>", job_state_word(j->state),
	    job_state_word(j->state));
	bool any = false;
	for (unsigned i = 0; i < JR_COUNT; i++)
		if (j->reasons & (1u << i)) {
			put(pg, "%s%s", any ? ", " : "", job_reason_keyword(i));
			any = true;
		}
	put(pg, "%s</dd>", any ? "" : "none");
	if (j->message[0]) {
		put(pg, "<dt>Message</dt><dd>");
		put_text(pg, j->message);
		put(pg, "</dd>");
	}
	put(pg, "<dt>Created</dt><dd>");
	put_time(pg, j->created);
	put(pg, "</dd><dt>Completed</dt><dd>");
	put_time(pg, j->completed);
	put(pg, "</dd><dt>Pages</dt><dd>%d of %d</dd></dl>\n", j->impressions_completed, j->impressions);
	if (j->n_docs) {
		put(pg, "<h2>Documents</h2><div class=\"scroll\"><table><thead><tr><th>#</th><th>Name</th><th>Format</th>"
		        "<th>Bytes</th><th>Pages</th></tr></thead><tbody>");
		for (int i = 0; i < j->n_docs; i++) {
			const doc_t *d = &j->docs[i];
			put(pg, "<tr><td>%d</td><td>", d->number);
			put_text(pg, shown(j, "document-name", d->name));
			put(pg, "</td><td>");
			put_text(pg, d->format);
			put(pg, "</td><td>%lld</td><td>", (long long)d->size);
			if (d->pages >= 0)
				put(pg, "%d", d->pages);
			else
				put(pg, "-");
			put(pg, "</td></tr>");
		}
		put(pg, "</tbody></table></div>\n");
	}
	if (has_thumbnail(j) && !thumbnail_hidden(j)) {
		/* A JPEG is the document itself, scaled by the browser; the PNG is drawn at its size already. */
		put(pg, "<h2>First page</h2><p><img class=\"thumb\" ");
		if (strcmp(j->docs[0].format, "image/jpeg") == 0)
			put(pg, "width=\"%d\" ", THUMBNAIL_SIZE);
		put(pg, "alt=\"First page of job %d\" src=\"", (int)j->id);
		put_text(pg, j->printer->path);
		put(pg, "/%d/thumbnail\"></p>\n", (int)j->id);
	}
}

/* ------------------------------------------------------------------ */
/* Static and image answers                                           */
/* ------------------------------------------------------------------ */

static const char stylesheet[] =
	"*{box-sizing:border-box}"
	"body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1d232a;background:#f6f7f9}"
	"header{background:#234;padding:.6em 1em}header a{color:#fff;font-weight:600;text-decoration:none}"
	"main{max-width:60em;margin:0 auto;padding:1em}"
	"footer{color:#667;font-size:.85em;text-align:center;padding:1em}"
	"h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}"
	".scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}"
	"table{border-collapse:collapse;width:100%;background:#fff;font-size:.95em}"
	"th,td{text-align:left;vertical-align:top;padding:.35em .5em;border-bottom:1px solid #dde}"
	"thead th{background:#e9edf2}table.attrs td{word-break:break-word}"
	"dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;background:#fff;padding:.6em;margin:0}"
	"dt{font-weight:600}dd{margin:0}"
	"ul.recent{margin:0;padding-left:1em}"
	".state-idle,.state-completed{color:#176b2c}.state-processing,.state-pending{color:#1554a0}"
	".state-stopped,.state-aborted,.state-canceled{color:#a32020}"
	".actions{display:flex;flex-wrap:wrap;gap:.5em}form{display:inline;margin:0}"
	"button{font:inherit;padding:.3em .8em;border:1px solid #8896a8;border-radius:4px;background:#fff}"
	"img.thumb{max-width:100%;height:auto;border:1px solid #bbc;background:#fff}"
	"nav.pages{margin:.5em 0}"
	"@media (max-width:40em){body{font-size:15px}main{padding:.5em}dl{grid-template-columns:1fr}}\n";

static enum MHD_Result send_stylesheet(struct MHD_Connection *c)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(sizeof(stylesheet) - 1, (void *)(uintptr_t)stylesheet, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/css; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "max-age=3600");
	common_headers(resp);
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result send_image(struct MHD_Connection *c, struct MHD_Response *resp, const char *type)
{
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, max-age=60");
	common_headers(resp);
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The first page of the job's first document: PWG Raster drawn here, JPEG sent as it is. */
static enum MHD_Result thumbnail_answer(system_t *sys, struct MHD_Connection *c, printer_t *p, int32_t id)
{
	char path[PATH_MAX], format[128];
	system_lock(sys);
	job_t *j = printer_find_job_locked(p, id);
	bool ok = j && has_thumbnail(j) && !thumbnail_hidden(j);
	if (ok) {
		snprintf(path, sizeof(path), "%s", j->docs[0].path);
		snprintf(format, sizeof(format), "%s", j->docs[0].format);
	}
	system_unlock(sys);
	if (!ok)
		return not_found(c, "This job has no picture to show.");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return not_found(c, "The job's document is gone.");
	if (strcmp(format, "image/jpeg") == 0) {
		struct stat st;
		if (fstat(fd, &st) != 0) {
			close(fd);
			return MHD_NO;
		}
		/* libmicrohttpd closes the descriptor with the response. */
		return send_image(c, MHD_create_response_from_fd((uint64_t)st.st_size, fd), "image/jpeg");
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return MHD_NO;
	}
	uint8_t *png = NULL;
	size_t len = 0;
	char err[256];
	int rc = thumbnail_pwg(f, THUMBNAIL_SIZE, &png, &len, err, sizeof(err));
	fclose(f);
	if (rc != 0) {
		log_printer(p, LOG_INFO, "job %d: no thumbnail: %s", (int)id, err);
		return not_found(c, "The document's first page cannot be drawn.");
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, png, MHD_RESPMEM_MUST_FREE);
	if (!resp)
		free(png);
	return send_image(c, resp, "image/png");
}

/* "/ipp/print/NAME/42" and "/ipp/print/NAME/42/thumbnail": the printer, the job id, and whether a thumbnail. */
static printer_t *route_job_locked(system_t *sys, const char *url, int32_t *id, bool *thumb)
{
	char path[512];
	*id = 0;
	*thumb = false;
	if (snprintf(path, sizeof(path), "%s", url) >= (int)sizeof(path))
		return NULL;
	size_t n = strlen(path);
	const char suffix[] = "/thumbnail";
	if (n > sizeof(suffix) && strcmp(path + n - (sizeof(suffix) - 1), suffix) == 0) {
		path[n - (sizeof(suffix) - 1)] = '\0';
		*thumb = true;
	}
	char *slash = strrchr(path, '/');
	if (!slash || !slash[1] || strspn(slash + 1, "0123456789") != strlen(slash + 1) || strlen(slash + 1) > 9)
		return NULL;
	*id = (int32_t)strtol(slash + 1, NULL, 10);
	return system_find_printer_locked(sys, path, (size_t)(slash - path));
}

enum MHD_Result web_answer(system_t *sys, struct MHD_Connection *c, const char *url)
{
	if (strcmp(url, "/style.css") == 0)
		return send_stylesheet(c);
	char fresh[COOKIE_HEX + 1] = "", token[TOKEN_HEX + 1];
	const char *cookie = visitor_cookie(c, fresh);
	token_for(cookie, token);

	page_t pg;
	unsigned status = MHD_HTTP_OK;
	system_lock(sys);
	int32_t id = 0;
	bool thumb = false;
	printer_t *p = strcmp(url, "/") == 0 ? NULL : system_find_printer_locked(sys, url, strlen(url));
	printer_t *jp = (strcmp(url, "/") == 0 || p) ? NULL : route_job_locked(sys, url, &id, &thumb);
	job_t *job = jp ? printer_find_job_locked(jp, id) : NULL;
	if (thumb) {
		system_unlock(sys);
		return jp ? thumbnail_answer(sys, c, jp, id) : not_found(c, "No such job.");
	}
	bool ok;
	if (strcmp(url, "/") == 0) {
		ok = page_start(&pg, "Printers");
		if (ok)
			index_page_locked(&pg, sys);
	} else if (p) {
		const char *arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
		ok = page_start(&pg, p->name);
		if (ok)
			printer_page_locked(&pg, p, token, arg ? atoi(arg) : 1);
	} else if (job) {
		char title[32];
		snprintf(title, sizeof(title), "Job %d", (int)job->id);
		ok = page_start(&pg, title);
		if (ok)
			job_page_locked(&pg, job);
	} else {
		system_unlock(sys);
		return not_found(c, jp ? "No such job." : "Nothing here.");
	}
	system_unlock(sys);
	if (!ok)
		return MHD_NO;
	page_end(&pg);
	return send_page(c, status, &pg, fresh);
}

/* ------------------------------------------------------------------ */
/* Forms                                                              */
/* ------------------------------------------------------------------ */

struct web_form {
	struct MHD_PostProcessor *pp;
	char url[512];
	char csrf[TOKEN_HEX + 2];
	char action[16];
	char job[16];
	bool bad; /* a field too long or repeated: refused */
};

bool web_is_form(struct MHD_Connection *c)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *form = "application/x-www-form-urlencoded";
	return ct && strncasecmp(ct, form, strlen(form)) == 0;
}

/* One field, possibly in pieces (`off` is where this piece goes); only the three known fields are kept. */
static enum MHD_Result form_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                  const char *content_type, const char *encoding, const char *data, uint64_t off,
                                  size_t size)
{
	(void)kind, (void)filename, (void)content_type, (void)encoding;
	web_form_t *f = cls;
	char *dst = NULL;
	size_t cap = 0;
	if (strcmp(key, "csrf") == 0)
		dst = f->csrf, cap = sizeof(f->csrf);
	else if (strcmp(key, "action") == 0)
		dst = f->action, cap = sizeof(f->action);
	else if (strcmp(key, "job") == 0)
		dst = f->job, cap = sizeof(f->job);
	if (!dst)
		return MHD_YES;
	if (off + size >= cap) {
		f->bad = true;
		return MHD_YES;
	}
	memcpy(dst + off, data, size);
	dst[off + size] = '\0';
	return MHD_YES;
}

web_form_t *web_form_new(struct MHD_Connection *c, const char *url)
{
	web_form_t *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	snprintf(f->url, sizeof(f->url), "%s", url);
	f->pp = MHD_create_post_processor(c, 1024, form_field, f);
	if (!f->pp) {
		free(f);
		return NULL;
	}
	return f;
}

void web_form_feed(web_form_t *f, const char *data, size_t len)
{
	if (f && !f->bad && MHD_post_process(f->pp, data, len) != MHD_YES)
		f->bad = true;
}

void web_form_free(web_form_t *f)
{
	if (!f)
		return;
	if (f->pp)
		MHD_destroy_post_processor(f->pp);
	free(f);
}

static enum MHD_Result form_refused(struct MHD_Connection *c, unsigned status, const char *why, bool challenge)
{
	page_t pg;
	if (!page_start(&pg, "Refused"))
		return MHD_NO;
	put(&pg, "<h1>Refused</h1><p>");
	put_text(&pg, why);
	put(&pg, "</p><p><a href=\"/\">Back</a></p>");
	page_end(&pg);
	struct MHD_Response *resp = MHD_create_response_from_buffer(pg.len, pg.buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(pg.buf);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	common_headers(resp);
	if (challenge)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Basic realm=\"ippd\", charset=\"UTF-8\"");
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Runs one action through its IPP operation's handler, with the same access rules as an IPP request. */
static enum MHD_Result run_action(system_t *sys, web_form_t *f, struct MHD_Connection *c, printer_t *p,
                                  const char *peer, bool secure)
{
	static const struct {
		const char *name;
		uint16_t op;
		void (*run)(request_t *r);
	} actions[] = {
		{"pause", IPPD_OP_PAUSE_PRINTER, op_pause_printer},
		{"resume", IPPD_OP_RESUME_PRINTER, op_resume_printer},
		{"purge", IPPD_OP_PURGE_JOBS, op_purge_jobs},
		{"cancel", IPPD_OP_CANCEL_JOB, op_cancel_job},
	};
	size_t a = 0;
	while (a < sizeof(actions) / sizeof(actions[0]) && strcmp(actions[a].name, f->action) != 0)
		a++;
	if (a == sizeof(actions) / sizeof(actions[0]))
		return form_refused(c, MHD_HTTP_BAD_REQUEST, "Unknown action.", false);
	int32_t job = f->job[0] ? (int32_t)strtol(f->job, NULL, 10) : 0;
	if (actions[a].op == IPPD_OP_CANCEL_JOB && job <= 0)
		return form_refused(c, MHD_HTTP_BAD_REQUEST, "Which job?", false);

	request_t r = {.sys = sys, .printer = p, .secure = secure, .op = actions[a].op, .user = "anonymous"};
	snprintf(r.peer, sizeof(r.peer), "%s", peer);
	r.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	r.req = ippd_msg_new_request(actions[a].op, 1);
	ippd_group_t *og = r.req ? ippd_msg_add_group(r.req, IPPD_TAG_OPERATION) : NULL;
	if (og && job)
		ippd_group_add_integer(og, IPPD_TAG_INTEGER, "job-id", job);
	r.resp = r.req ? ippd_msg_new_response(r.req, IPPD_STATUS_SUCCESSFUL_OK) : NULL;
	if (!og || !r.resp) {
		ipp_request_cleanup(&r);
		return MHD_NO;
	}
	const op_def_t def = {.op = actions[a].op};
	bool allowed = access_check(&r, &def);
	if (allowed)
		actions[a].run(&r);
	uint16_t status = ippd_msg_get_code(r.resp);
	const char *msg = ippd_attr_get_string(ippd_msg_find(r.resp, IPPD_TAG_OPERATION, "status-message"), 0, NULL);
	char why[300];
	snprintf(why, sizeof(why), "%s", msg ? msg : ippd_status_name(status));
	int http = r.http_status;
	log_printer(p, LOG_INFO, "web %s by %s from %s: %s", f->action, r.user, peer, ippd_status_name(status));
	ipp_request_cleanup(&r);
	if (!allowed)
		return form_refused(c, http == 401 ? MHD_HTTP_UNAUTHORIZED : MHD_HTTP_FORBIDDEN, why, http == 401);
	if (status >= 0x0400) {
		unsigned code = status == IPPD_STATUS_CLIENT_ERROR_NOT_FOUND        ? MHD_HTTP_NOT_FOUND
		                : status == IPPD_STATUS_CLIENT_ERROR_NOT_AUTHORIZED ? MHD_HTTP_FORBIDDEN
		                : status == IPPD_STATUS_CLIENT_ERROR_FORBIDDEN      ? MHD_HTTP_FORBIDDEN
		                                                                    : MHD_HTTP_CONFLICT;
		return form_refused(c, code, why, false);
	}
	/* Post/Redirect/Get: the page shows the new state, and a reload does not repeat the action. */
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, p->path);
	common_headers(resp);
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result web_form_answer(system_t *sys, web_form_t *f, struct MHD_Connection *c, const char *peer,
                                bool secure)
{
	char expected[TOKEN_HEX + 1];
	token_for(MHD_lookup_connection_value(c, MHD_COOKIE_KIND, cookie_name), expected);
	if (f->bad || !expected[0] || !token_equal(expected, f->csrf)) {
		log_msg(LOG_INFO, "%s: web form to %s refused: missing or wrong CSRF token", peer, f->url);
		return form_refused(c, MHD_HTTP_FORBIDDEN,
		                    "The form's token does not match this browser's cookie: reload the page and try again.",
		                    false);
	}
	system_lock(sys);
	printer_t *p = system_find_printer_locked(sys, f->url, strlen(f->url));
	system_unlock(sys);
	if (!p)
		return not_found(c, "No printer at this path.");
	return run_action(sys, f, c, p, peer, secure);
}
