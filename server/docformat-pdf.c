/* PDF: a streaming check of a document's structure and a count of its pages, in bounded memory. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "docformat.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

/*
 * How it works (docs/internals/DOCFORMAT.md has the rules and the reasons):
 *
 *  - The header is the first 8 bytes; the last PDF_TAIL bytes are kept in a ring, and at the
 *    end they must hold %%EOF with a startxref and its offset before it.
 *  - A lexer turns the bytes into PDF tokens (ISO 32000-1 §7.2), skipping comments, strings
 *    and stream data (by /Length when it is a direct integer, else by looking for
 *    "endstream").  A small parser watches "N G obj", the keys of each top-level dictionary
 *    it cares about (/Type /Count /Parent /Pages /Root /Length /Filter /N /First
 *    /Linearized) and "trailer".  Nothing but those few values is kept.
 *  - A compressed object stream (/Type /ObjStm /Filter /FlateDecode) is inflated as it
 *    streams by and its content goes through a second lexer in object-stream mode, so page
 *    trees and catalogs stored there are seen too.
 *  - At the end the page count comes from the trailer's /Root -> the catalog's /Pages -> that
 *    node's /Count, with fallbacks (see pdf_count_pages()).
 */

enum {
	PDF_TAIL = 1024,           /* %%EOF must be within the last this many bytes, as readers require */
	PDF_TOKEN_MAX = 64,        /* bytes of a token kept: no key or keyword we look at is longer */
	PDF_TABLE = 64,            /* catalogs and page tree roots remembered (the latest of each number) */
	PDF_OBJSTM_PAIRS = 1024,   /* object numbers of one object stream remembered */
	PDF_INFLATE_OUT = 16384,   /* the inflater's output buffer */
	PDF_INFLATE_MAX = 1 << 28, /* bytes inflated from object streams per document, at most */
};

typedef enum pdf_key {
	K_NONE,
	K_OTHER,
	K_TYPE,
	K_COUNT,
	K_PARENT,
	K_PAGES,
	K_ROOT,
	K_LENGTH,
	K_FILTER,
	K_DECODEPARMS,
	K_N,
	K_FIRST,
	K_LINEARIZED,
} pdf_key_t;

typedef enum pdf_type { T_NONE, T_PAGE, T_PAGES, T_CATALOG, T_XREF, T_OBJSTM } pdf_type_t;

/* What one top-level dictionary said; -1 for an integer that is absent or not direct. */
typedef struct dict_info {
	pdf_type_t type;
	bool parent, linearized, decode_parms;
	int filter; /* 0 none, 1 FlateDecode only, -1 anything else */
	int64_t count, length, n, first;
	int64_t pages_ref, root_ref; /* object numbers of references */
} dict_info_t;

typedef enum lex_state {
	S_SPACE,
	S_COMMENT,
	S_REGULAR,
	S_NAME,
	S_LITSTR,
	S_HEXSTR,
	S_LT,
	S_GT,
	S_STREAM_EOL,
	S_STREAM_SKIP,
	S_STREAM_SCAN,
} lex_state_t;

typedef struct pair {
	int64_t num, offset;
} pair_t;

typedef struct lexer {
	pdf_checker_t *c;
	bool objstm; /* reading an object stream's content, not the file */
	lex_state_t state;
	uint64_t pos; /* bytes of this lexer's input consumed */
	char tok[PDF_TOKEN_MAX + 1];
	size_t tok_len;
	uint64_t tok_start;
	int str_depth;
	bool str_escape;

	/* The parser: nesting, the object being read and the top-level dictionary's keys. */
	int nest;
	bool top_is_dict;
	int64_t cur_obj;
	int64_t ints[2];
	int n_ints;
	bool trailer_next;
	dict_info_t d;
	pdf_key_t key;
	int64_t vals[2];
	int n_vals;
	bool filter_array;
	dict_info_t last; /* the dictionary that closed last: a stream's own */
	bool last_valid;

	/* Stream data. */
	uint64_t stream_left;
	size_t match; /* bytes of "endstream" matched */
	bool eol_cr;

	/* Object streams: the header's (number, offset) pairs, then objects from /First on. */
	int64_t first;
	pair_t *pairs;
	size_t n_pairs, pair_ints, cursor;
} lexer_t;

struct pdf_checker {
	lexer_t file;
	lexer_t sub; /* the object stream being inflated */
	z_stream z;
	bool z_active;
	unsigned char *zout;
	uint64_t inflated;

	unsigned char head[8];
	size_t head_len;
	char version[4];
	unsigned char tail[PDF_TAIL];
	uint64_t size;

	bool failed, finished;
	char error[200];
	int pages;

	/* Facts gathered from every dictionary, in the file and in object streams. */
	pair_t catalogs[PDF_TABLE]; /* catalog number -> its /Pages reference */
	size_t n_catalogs;
	pair_t roots[PDF_TABLE]; /* page tree node without /Parent -> its /Count */
	size_t n_roots;
	int64_t root_ref, linearized_n, page_objects;
	int sections;      /* trailers and cross-reference streams: 2 or more after an incremental update */
	bool trailer_seen;
	bool objstm_unread; /* an object stream could not be read: objects may be missing */
};

static const char endstream[] = "endstream";
#define ENDSTREAM_LEN (sizeof(endstream) - 1)

__attribute__((format(printf, 2, 3))) static int pdf_fail(pdf_checker_t *c, const char *fmt, ...)
{
	if (c->failed)
		return -1;
	c->failed = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
	return -1;
}

/* Character classes (ISO 32000-1 §7.2.2): white space, delimiters, and what ends a comment or matters in a string. */
enum { C_SPACE = 1, C_DELIM = 2, C_EOL = 4, C_STRING = 8 };

static const unsigned char char_class[256] = {
    [0] = C_SPACE,          ['\t'] = C_SPACE,         ['\n'] = C_SPACE | C_EOL, ['\f'] = C_SPACE,
    ['\r'] = C_SPACE | C_EOL, [' '] = C_SPACE,          ['('] = C_DELIM | C_STRING, [')'] = C_DELIM | C_STRING,
    ['<'] = C_DELIM,        ['>'] = C_DELIM,          ['['] = C_DELIM,          [']'] = C_DELIM,
    ['{'] = C_DELIM,        ['}'] = C_DELIM,          ['/'] = C_DELIM,          ['%'] = C_DELIM,
    ['\\'] = C_STRING,
};

static bool is_space(unsigned char b)
{
	return char_class[b] & C_SPACE;
}

/* Bytes from P on, at most N, none of whose classes is in STOP. */
static size_t run_without(const unsigned char *p, size_t n, unsigned stop)
{
	size_t k = 0;
	while (k < n && !(char_class[p[k]] & stop))
		k++;
	return k;
}

/* ---- Facts ------------------------------------------------------------------------------- */

/* Remembers num -> value, the latest definition winning (incremental updates redefine objects). */
static void table_put(pair_t *t, size_t *n, int64_t num, int64_t value)
{
	for (size_t i = 0; i < *n; i++)
		if (t[i].num == num) {
			t[i].offset = value;
			return;
		}
	if (*n == PDF_TABLE) {
		memmove(t, t + 1, (PDF_TABLE - 1) * sizeof(*t));
		(*n)--;
	}
	t[(*n)++] = (pair_t){num, value};
}

static bool table_get(const pair_t *t, size_t n, int64_t num, int64_t *value)
{
	for (size_t i = n; i-- > 0;)
		if (t[i].num == num && num >= 0) {
			*value = t[i].offset;
			return true;
		}
	return false;
}

/* A top-level dictionary has closed: keep what it says about the document. */
static void commit_dict(lexer_t *l)
{
	pdf_checker_t *c = l->c;
	const dict_info_t *d = &l->d;
	if (l->trailer_next || d->type == T_XREF) {
		c->trailer_seen = true;
		c->sections++;
		if (d->root_ref >= 0)
			c->root_ref = d->root_ref;
		l->trailer_next = false;
	}
	switch (d->type) {
	case T_CATALOG:
		table_put(c->catalogs, &c->n_catalogs, l->cur_obj, d->pages_ref);
		break;
	case T_PAGES:
		if (!d->parent)
			table_put(c->roots, &c->n_roots, l->cur_obj, d->count);
		break;
	case T_PAGE:
		c->page_objects++;
		break;
	default:
		break;
	}
	if (d->linearized && d->n > 0)
		c->linearized_n = d->n;
	l->last = *d;
	l->last_valid = true;
}

/* ---- The parser: tokens into facts -------------------------------------------------------- */

static void reset_dict(lexer_t *l)
{
	l->d = (dict_info_t){.count = -1, .length = -1, .n = -1, .first = -1, .pages_ref = -1, .root_ref = -1};
	l->key = K_NONE;
	l->n_vals = 0;
	l->filter_array = false;
}

static pdf_key_t classify_key(const char *name)
{
	static const struct {
		const char *name;
		pdf_key_t key;
	} keys[] = {
	    {"Type", K_TYPE},     {"Count", K_COUNT},   {"Parent", K_PARENT},       {"Pages", K_PAGES},
	    {"Root", K_ROOT},     {"Length", K_LENGTH}, {"Filter", K_FILTER},       {"DecodeParms", K_DECODEPARMS},
	    {"N", K_N},           {"First", K_FIRST},   {"Linearized", K_LINEARIZED},
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(name, keys[i].name) == 0)
			return keys[i].key;
	return K_OTHER;
}

static void set_name_value(lexer_t *l, const char *name)
{
	if (l->key == K_TYPE) {
		if (strcmp(name, "Page") == 0)
			l->d.type = T_PAGE;
		else if (strcmp(name, "Pages") == 0)
			l->d.type = T_PAGES;
		else if (strcmp(name, "Catalog") == 0)
			l->d.type = T_CATALOG;
		else if (strcmp(name, "XRef") == 0)
			l->d.type = T_XREF;
		else if (strcmp(name, "ObjStm") == 0)
			l->d.type = T_OBJSTM;
	} else if (l->key == K_FILTER) {
		l->d.filter = strcmp(name, "FlateDecode") == 0 ? 1 : -1;
	}
}

static void set_int_value(lexer_t *l, int64_t v)
{
	switch (l->key) {
	case K_COUNT:
		l->d.count = v;
		break;
	case K_LENGTH:
		l->d.length = v;
		break;
	case K_N:
		l->d.n = v;
		break;
	case K_FIRST:
		l->d.first = v;
		break;
	case K_LINEARIZED:
		l->d.linearized = true;
		break;
	default:
		break;
	}
}

static void set_ref_value(lexer_t *l, int64_t num)
{
	if (l->key == K_PAGES)
		l->d.pages_ref = num;
	else if (l->key == K_ROOT)
		l->d.root_ref = num;
	else if (l->key == K_FILTER)
		l->d.filter = -1; /* an indirect filter: not one we will inflate */
}

/* The value of the current key was one integer (not "N G R"). */
static void end_value(lexer_t *l)
{
	if (l->key != K_NONE && l->n_vals == 1)
		set_int_value(l, l->vals[0]);
	l->key = K_NONE;
	l->n_vals = 0;
}

static bool at_key_level(const lexer_t *l)
{
	return l->nest == 1 && l->top_is_dict;
}

/* A new key: some keys say something by being there at all. */
static void start_key(lexer_t *l, const char *name)
{
	l->key = classify_key(name);
	l->n_vals = 0;
	if (l->key == K_PARENT)
		l->d.parent = true;
	else if (l->key == K_DECODEPARMS)
		l->d.decode_parms = true;
}

static void on_name(lexer_t *l, const char *name)
{
	if (l->filter_array && l->nest == 2) {
		l->d.filter = l->d.filter >= 0 && strcmp(name, "FlateDecode") == 0 ? 1 : -1;
		return;
	}
	if (!at_key_level(l))
		return;
	if (l->key == K_NONE) {
		start_key(l, name);
	} else if (l->n_vals > 0) {
		end_value(l);
		start_key(l, name);
	} else {
		set_name_value(l, name);
		l->key = K_NONE;
	}
}

static void on_int(lexer_t *l, int64_t v)
{
	if (at_key_level(l) && l->key != K_NONE) {
		if (l->n_vals == 2) {
			l->vals[0] = l->vals[1];
			l->n_vals = 1;
		}
		l->vals[l->n_vals++] = v;
	}
	/* An object stream's header: pairs of object number and offset, before /First. */
	if (l->objstm && l->nest == 0 && l->tok_start < (uint64_t)l->first) {
		if (l->pair_ints % 2 == 0 && l->n_pairs < PDF_OBJSTM_PAIRS)
			l->pairs[l->n_pairs].num = v;
		else if (l->pair_ints % 2 == 1 && l->n_pairs < PDF_OBJSTM_PAIRS)
			l->pairs[l->n_pairs++].offset = v;
		l->pair_ints++;
	}
}

/* The object number of the object stream object that starts at `at` (an offset in the content). */
static int64_t objstm_number(lexer_t *l, uint64_t at)
{
	while (l->cursor + 1 < l->n_pairs && (uint64_t)(l->first + l->pairs[l->cursor + 1].offset) <= at)
		l->cursor++;
	if (l->cursor < l->n_pairs && (uint64_t)(l->first + l->pairs[l->cursor].offset) <= at)
		return l->pairs[l->cursor].num;
	return -1;
}

static void begin_stream(lexer_t *l);

static void on_keyword(lexer_t *l, const char *kw)
{
	if (at_key_level(l) && l->key != K_NONE) {
		if (strcmp(kw, "R") == 0 && l->n_vals == 2)
			set_ref_value(l, l->vals[0]);
		else if (strcmp(kw, "null") == 0 && l->key == K_DECODEPARMS)
			l->d.decode_parms = false;
		l->key = K_NONE;
		l->n_vals = 0;
	}
	if (l->nest != 0 || l->objstm)
		return;
	if (strcmp(kw, "obj") == 0) {
		l->cur_obj = l->n_ints == 2 ? l->ints[0] : -1;
		l->last_valid = false;
	} else if (strcmp(kw, "endobj") == 0) {
		l->cur_obj = -1;
		l->last_valid = false;
	} else if (strcmp(kw, "trailer") == 0) {
		l->trailer_next = true;
	} else if (strcmp(kw, "stream") == 0) {
		begin_stream(l);
	}
}

static void on_open(lexer_t *l, bool dict)
{
	if (at_key_level(l) && l->key != K_NONE) {
		if (l->key == K_FILTER && !dict)
			l->filter_array = true;
		l->n_vals = 0;
	}
	if (l->nest == 0) {
		l->top_is_dict = dict;
		if (dict) {
			reset_dict(l);
			if (l->objstm)
				l->cur_obj = objstm_number(l, l->tok_start);
		}
	}
	if (l->nest < INT32_MAX)
		l->nest++;
}

static void on_close(lexer_t *l, bool dict)
{
	if (l->nest == 0)
		return; /* unbalanced: not ours to judge, a reader would ignore it */
	l->nest--;
	if (l->nest == 1 && l->top_is_dict) {
		/* A nested value of the current key has ended. */
		l->key = K_NONE;
		l->filter_array = false;
	} else if (l->nest == 0 && l->top_is_dict && dict) {
		end_value(l);
		commit_dict(l);
	}
}

/* Any other complete value (a string, a real number, a boolean...). */
static void on_value(lexer_t *l)
{
	if (at_key_level(l) && l->key != K_NONE) {
		l->key = K_NONE;
		l->n_vals = 0;
	}
}

/* Integers are kept for "N G obj" and "N G R"; anything else interrupts them. */
static void note_token(lexer_t *l, bool is_int, int64_t v)
{
	if (!is_int) {
		l->n_ints = 0;
		return;
	}
	if (l->n_ints == 2)
		l->ints[0] = l->ints[1];
	l->ints[l->n_ints == 2 ? 1 : l->n_ints] = v;
	if (l->n_ints < 2)
		l->n_ints++;
}

/* A regular token (number or keyword) has ended. */
static void end_regular(lexer_t *l)
{
	const char *t = l->tok;
	size_t n = l->tok_len;
	l->tok[n] = '\0';
	size_t i = (t[0] == '+' || t[0] == '-') ? 1 : 0;
	bool digits = i < n, dot = false;
	for (size_t k = i; k < n && digits; k++) {
		if (t[k] == '.' && !dot)
			dot = true;
		else if (t[k] < '0' || t[k] > '9')
			digits = false;
	}
	if (digits && !dot && n - i <= 15) {
		int64_t v = strtoll(t, NULL, 10);
		on_int(l, v);
		note_token(l, true, v);
		return;
	}
	if (digits)
		on_value(l);
	else
		on_keyword(l, t);
	note_token(l, false, 0);
}

/* ---- The lexer: bytes into tokens ------------------------------------------------------ */

static void inflate_bytes(pdf_checker_t *c, const unsigned char *p, size_t n);
static void end_objstm(pdf_checker_t *c, bool complete);

static void start_token(lexer_t *l, lex_state_t s, size_t at)
{
	l->state = s;
	l->tok_len = 0;
	l->tok_start = l->pos + at;
}

static void add_tok(lexer_t *l, unsigned char b)
{
	if (l->tok_len < PDF_TOKEN_MAX)
		l->tok[l->tok_len++] = (char)b;
}

static void begin_stream(lexer_t *l)
{
	l->state = S_STREAM_EOL;
	l->eol_cr = false;
	l->match = 0;
	l->stream_left = 0;
	dict_info_t *d = l->last_valid ? &l->last : NULL;
	if (d && d->length >= 0)
		l->stream_left = (uint64_t)d->length;
	pdf_checker_t *c = l->c;
	if (!d || d->type != T_OBJSTM)
		return;
	/* An object stream we can read: FlateDecode without predictors, and a sane header. */
	if (d->filter != 1 || d->decode_parms || d->n <= 0 || d->first < 0 || c->inflated >= PDF_INFLATE_MAX) {
		c->objstm_unread = true;
		return;
	}
	if (!c->zout)
		c->zout = malloc(PDF_INFLATE_OUT);
	if (!c->sub.pairs)
		c->sub.pairs = malloc(PDF_OBJSTM_PAIRS * sizeof(pair_t));
	memset(&c->z, 0, sizeof(c->z));
	if (!c->zout || !c->sub.pairs || inflateInit(&c->z) != Z_OK) {
		c->objstm_unread = true;
		return;
	}
	pair_t *pairs = c->sub.pairs;
	memset(&c->sub, 0, sizeof(c->sub));
	c->sub.c = c;
	c->sub.objstm = true;
	c->sub.cur_obj = -1;
	c->sub.first = d->first;
	c->sub.pairs = pairs;
	c->z_active = true;
}

/* Stream data: skipped by /Length, then "endstream" looked for; fed to the inflater on the way. */
static size_t stream_bytes(lexer_t *l, const unsigned char *p, size_t n)
{
	size_t i = 0;
	if (l->state == S_STREAM_EOL) {
		if (l->eol_cr) {
			l->eol_cr = false;
			if (p[0] == '\n')
				i = 1;
		} else if (p[0] == '\r') {
			l->eol_cr = true;
			return 1;
		} else if (p[0] == '\n') {
			i = 1;
		}
		l->state = l->stream_left ? S_STREAM_SKIP : S_STREAM_SCAN;
		return i;
	}
	if (l->state == S_STREAM_SKIP) {
		size_t k = n < l->stream_left ? n : (size_t)l->stream_left;
		if (!l->objstm)
			inflate_bytes(l->c, p, k);
		l->stream_left -= k;
		if (l->stream_left == 0)
			l->state = S_STREAM_SCAN;
		return k;
	}
	/* S_STREAM_SCAN: "endstream" has no repeated prefix, so a mismatch restarts the match. */
	while (i < n) {
		if (l->match == 0) {
			const unsigned char *e = memchr(p + i, 'e', n - i);
			size_t skip = e ? (size_t)(e - (p + i)) : n - i;
			if (!l->objstm && l->c->z_active)
				inflate_bytes(l->c, p + i, skip);
			i += skip;
			if (!e)
				break;
		}
		if (p[i] == (unsigned char)endstream[l->match]) {
			l->match++;
			i++;
			if (l->match == ENDSTREAM_LEN) {
				l->state = S_SPACE;
				l->match = 0;
				if (!l->objstm && l->c->z_active)
					end_objstm(l->c, false);
				l->last_valid = false;
				return i;
			}
		} else if (l->match > 0) {
			if (!l->objstm && l->c->z_active)
				inflate_bytes(l->c, (const unsigned char *)endstream, l->match);
			l->match = 0;
		} else {
			if (!l->objstm && l->c->z_active)
				inflate_bytes(l->c, p + i, 1);
			i++;
		}
	}
	return i;
}

static void lex_feed(lexer_t *l, const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (l->state >= S_STREAM_EOL) {
			size_t used = stream_bytes(l, p + i, n - i);
			l->pos += used;
			i += used;
			continue;
		}
		/* Runs that change nothing but the position (or the token's bytes) go in one step. */
		size_t k = 0;
		switch (l->state) {
		case S_SPACE:
			while (k < n - i && (char_class[p[i + k]] & C_SPACE))
				k++;
			break;
		case S_COMMENT:
			k = run_without(p + i, n - i, C_EOL);
			break;
		case S_REGULAR:
		case S_NAME:
			k = run_without(p + i, n - i, C_SPACE | C_DELIM);
			for (size_t t = 0; t < k && l->tok_len < PDF_TOKEN_MAX; t++)
				l->tok[l->tok_len++] = (char)p[i + t];
			break;
		case S_LITSTR:
			k = l->str_escape ? 0 : run_without(p + i, n - i, C_STRING);
			break;
		case S_HEXSTR: {
			const unsigned char *gt = memchr(p + i, '>', n - i);
			k = gt ? (size_t)(gt - (p + i)) : n - i;
			break;
		}
		default:
			break;
		}
		if (k) {
			i += k;
			l->pos += k;
			continue;
		}
		unsigned char b = p[i];
		switch (l->state) {
		case S_COMMENT:
			if (b == '\r' || b == '\n')
				l->state = S_SPACE;
			break;
		case S_REGULAR:
			if (char_class[b] & (C_SPACE | C_DELIM)) {
				end_regular(l);
				/* After "stream" this byte is the start of the stream's end-of-line. */
				if (l->state == S_REGULAR)
					l->state = S_SPACE;
				continue;
			}
			add_tok(l, b);
			break;
		case S_NAME:
			if (char_class[b] & (C_SPACE | C_DELIM)) {
				l->tok[l->tok_len] = '\0';
				on_name(l, l->tok);
				note_token(l, false, 0);
				l->state = S_SPACE;
				continue;
			}
			add_tok(l, b);
			break;
		case S_LITSTR:
			if (l->str_escape)
				l->str_escape = false;
			else if (b == '\\')
				l->str_escape = true;
			else if (b == '(')
				l->str_depth++;
			else if (b == ')' && --l->str_depth == 0) {
				on_value(l);
				note_token(l, false, 0);
				l->state = S_SPACE;
			}
			break;
		case S_HEXSTR:
			if (b == '>') {
				on_value(l);
				note_token(l, false, 0);
				l->state = S_SPACE;
			}
			break;
		case S_LT:
			if (b == '<') {
				on_open(l, true);
				note_token(l, false, 0);
				l->state = S_SPACE;
			} else {
				l->state = S_HEXSTR;
				continue;
			}
			break;
		case S_GT:
			l->state = S_SPACE;
			if (b == '>') {
				on_close(l, true);
				note_token(l, false, 0);
				break;
			}
			continue; /* a lone '>' is an error a reader skips; so do we */
		default: /* S_SPACE */
			if (is_space(b))
				break;
			if (b == '%') {
				l->state = S_COMMENT;
			} else if (b == '/') {
				start_token(l, S_NAME, i);
			} else if (b == '(') {
				start_token(l, S_LITSTR, i);
				l->str_depth = 1;
				l->str_escape = false;
			} else if (b == '<') {
				start_token(l, S_LT, i);
			} else if (b == '>') {
				l->state = S_GT;
			} else if (b == '[' || b == ']') {
				if (b == '[')
					on_open(l, false);
				else
					on_close(l, false);
				note_token(l, false, 0);
			} else if (b == ')' || b == '{' || b == '}') {
				note_token(l, false, 0);
			} else {
				start_token(l, S_REGULAR, i);
				add_tok(l, b);
			}
			break;
		}
		i++;
		l->pos++;
	}
}

/* ---- Object streams: inflate, then lex ------------------------------------------------- */

/* The end of an object stream's data (complete: zlib said so) or of its bytes in the file. */
static void end_objstm(pdf_checker_t *c, bool complete)
{
	if (!c->z_active)
		return;
	lex_feed(&c->sub, (const unsigned char *)" ", 1); /* ends a token cut by the end */
	inflateEnd(&c->z);
	c->z_active = false;
	if (!complete)
		c->objstm_unread = true;
}

static void inflate_bytes(pdf_checker_t *c, const unsigned char *p, size_t n)
{
	if (!c->z_active || n == 0)
		return;
	c->z.next_in = (Bytef *)(uintptr_t)p;
	c->z.avail_in = (uInt)n;
	while (c->z_active && c->z.avail_in > 0) {
		c->z.next_out = c->zout;
		c->z.avail_out = PDF_INFLATE_OUT;
		int rc = inflate(&c->z, Z_NO_FLUSH);
		size_t out = PDF_INFLATE_OUT - c->z.avail_out;
		c->inflated += out;
		lex_feed(&c->sub, c->zout, out);
		if (rc == Z_STREAM_END)
			end_objstm(c, true);
		else if ((rc != Z_OK && rc != Z_BUF_ERROR) || (out == 0 && rc == Z_BUF_ERROR) ||
		         c->inflated > PDF_INFLATE_MAX)
			end_objstm(c, false);
	}
	/* inflate() may hold output back while input remains: drain it. */
	while (c->z_active) {
		c->z.next_out = c->zout;
		c->z.avail_out = PDF_INFLATE_OUT;
		int rc = inflate(&c->z, Z_NO_FLUSH);
		size_t out = PDF_INFLATE_OUT - c->z.avail_out;
		c->inflated += out;
		lex_feed(&c->sub, c->zout, out);
		if (rc == Z_STREAM_END)
			end_objstm(c, true);
		else if (rc != Z_OK || out == 0)
			break;
	}
}

/* ---- The checker ------------------------------------------------------------------------- */

pdf_checker_t *pdf_checker_new(void)
{
	pdf_checker_t *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->file.c = c;
	c->file.cur_obj = -1;
	c->root_ref = -1;
	c->pages = -1;
	return c;
}

void pdf_checker_free(pdf_checker_t *c)
{
	if (!c)
		return;
	if (c->z_active)
		inflateEnd(&c->z);
	free(c->zout);
	free(c->sub.pairs);
	free(c);
}

/* The header: "%PDF-" and a version from 1.0 to 1.7, or 2.0 (ISO 32000-1 §7.5.2, ISO 32000-2). */
static int check_header(pdf_checker_t *c)
{
	const unsigned char *h = c->head;
	if (memcmp(h, "%PDF-", 5) != 0)
		return pdf_fail(c, "PDF: the document does not start with %%PDF- (byte 0)");
	bool ok = h[6] == '.' && ((h[5] == '1' && h[7] >= '0' && h[7] <= '7') || (h[5] == '2' && h[7] == '0'));
	if (!ok)
		return pdf_fail(c, "PDF: the header at byte 0 names no PDF version from 1.0 to 2.0 (\"%%PDF-%c%c%c\")",
		                h[5] >= 0x20 && h[5] < 0x7f ? h[5] : '?', h[6] >= 0x20 && h[6] < 0x7f ? h[6] : '?',
		                h[7] >= 0x20 && h[7] < 0x7f ? h[7] : '?');
	snprintf(c->version, sizeof(c->version), "%c.%c", h[5], h[7]);
	return 0;
}

int pdf_checker_feed(pdf_checker_t *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	if (!c || (!data && len))
		return -1;
	if (c->failed || c->finished)
		return c->failed ? -1 : pdf_fail(c, "PDF: data after the end");
	if (c->head_len < sizeof(c->head)) {
		size_t k = sizeof(c->head) - c->head_len;
		if (k > len)
			k = len;
		memcpy(c->head + c->head_len, p, k);
		c->head_len += k;
		if (c->head_len == sizeof(c->head) && check_header(c) != 0)
			return -1;
	}
	/* The tail ring: byte i of the document lives at tail[i % PDF_TAIL]. */
	size_t from = len > PDF_TAIL ? len - PDF_TAIL : 0;
	for (size_t i = from; i < len; i++)
		c->tail[(c->size + i) % PDF_TAIL] = p[i];
	c->size += len;
	lex_feed(&c->file, p, len);
	return 0;
}

/* The last `n` (<= PDF_TAIL) bytes of the document, in order. */
static size_t tail_copy(const pdf_checker_t *c, unsigned char *out)
{
	size_t n = c->size < PDF_TAIL ? (size_t)c->size : PDF_TAIL;
	for (size_t i = 0; i < n; i++)
		out[i] = c->tail[(c->size - n + i) % PDF_TAIL];
	return n;
}

static const unsigned char *find_last(const unsigned char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = n >= m ? n - m + 1 : 0; i-- > 0;)
		if (memcmp(hay + i, needle, m) == 0)
			return hay + i;
	return NULL;
}

/* The end of the file (ISO 32000-1 §7.5.5): "startxref", a byte offset, "%%EOF". */
static int check_tail(pdf_checker_t *c)
{
	unsigned char t[PDF_TAIL];
	size_t n = tail_copy(c, t);
	const unsigned char *eof = find_last(t, n, "%%EOF");
	if (!eof)
		return pdf_fail(c, "PDF: no %%%%EOF in the last %d bytes: the document is truncated or not PDF", PDF_TAIL);
	const unsigned char *sx = find_last(t, (size_t)(eof - t), "startxref");
	if (!sx)
		return pdf_fail(c, "PDF: no startxref before the final %%%%EOF");
	const unsigned char *q = sx + 9;
	while (q < eof && is_space(*q))
		q++;
	uint64_t off = 0;
	const unsigned char *digits = q;
	while (q < eof && *q >= '0' && *q <= '9' && q - digits < 18)
		off = off * 10 + (uint64_t)(*q++ - '0');
	uint64_t at = c->size - n + (uint64_t)(sx - t);
	if (q == digits)
		return pdf_fail(c, "PDF: startxref at byte %llu is not followed by a byte offset", (unsigned long long)at);
	if (off >= at)
		return pdf_fail(c, "PDF: startxref at byte %llu points at byte %llu, not before itself",
		                (unsigned long long)at, (unsigned long long)off);
	return 0;
}

/*
 * The page count, best source first:
 *  1. the trailer's /Root -> that catalog's /Pages -> that node's /Count;
 *  2. the /Count of the page tree roots (nodes without /Parent), when they all agree;
 *  3. the linearization dictionary's /N;
 *  4. the /Type /Page dictionaries, when every object was seen once (no object stream left
 *     unread, one revision only);
 * else unknown (-1).
 */
static int count_pages(const pdf_checker_t *c)
{
	int64_t pages_ref, count;
	if (table_get(c->catalogs, c->n_catalogs, c->root_ref, &pages_ref) &&
	    table_get(c->roots, c->n_roots, pages_ref, &count) && count >= 0 && count <= PDF_CHECKER_MAX_PAGES)
		return (int)count;
	bool agree = c->n_roots > 0;
	for (size_t i = 0; i < c->n_roots; i++)
		agree = agree && c->roots[i].offset == c->roots[0].offset;
	if (agree && c->roots[0].offset >= 0 && c->roots[0].offset <= PDF_CHECKER_MAX_PAGES)
		return (int)c->roots[0].offset;
	if (c->linearized_n > 0 && c->linearized_n <= PDF_CHECKER_MAX_PAGES)
		return (int)c->linearized_n;
	if (!c->objstm_unread && c->sections <= 1 && c->page_objects > 0 && c->page_objects <= PDF_CHECKER_MAX_PAGES)
		return (int)c->page_objects;
	return -1;
}

int pdf_checker_finish(pdf_checker_t *c)
{
	if (!c || c->failed)
		return -1;
	if (c->finished)
		return 0;
	c->finished = true;
	if (c->head_len < sizeof(c->head))
		return pdf_fail(c, "PDF: the document ends after %zu bytes, before its %%PDF-x.y header is complete",
		                c->head_len);
	if (c->file.state == S_REGULAR || c->file.state == S_NAME)
		lex_feed(&c->file, (const unsigned char *)"\n", 1);
	end_objstm(c, false);
	if (check_tail(c) != 0)
		return -1;
	if (!c->trailer_seen)
		return pdf_fail(c, "PDF: no trailer dictionary and no cross-reference stream");
	c->pages = count_pages(c);
	return 0;
}

int pdf_checker_pages(const pdf_checker_t *c)
{
	return c && c->finished && !c->failed ? c->pages : -1;
}

const char *pdf_checker_version(const pdf_checker_t *c)
{
	return c ? c->version : "";
}

const char *pdf_checker_error(const pdf_checker_t *c)
{
	return c ? c->error : "";
}
