/* Document formats: sniffing the MIME type, and streaming checks of PWG Raster, Apple Raster and JPEG. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_DOCFORMAT_H
#define IPPD_SERVER_DOCFORMAT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Everything here runs on document data as it streams to the spool file: no call keeps more
 * than a fixed few kilobytes, whatever the document's size. docs/internals/DOCFORMAT.md has
 * the rules each check applies and why.
 */

/* ---- Sniffing ---------------------------------------------------------------------------- */

/* Bytes the magic numbers need (PWG Raster's "RaS2" + "PwgRaster\0"), and what the text test reads. */
#define DOCFORMAT_SNIFF_MAGIC 14
#define DOCFORMAT_SNIFF_TEXT 4096

/*
 * The MIME type the first LEN bytes of a document prove: "application/pdf", "application/postscript",
 * "image/jpeg", "image/png", "image/pwg-raster", "image/urf" or "text/plain"; NULL if none. Give it
 * DOCFORMAT_SNIFF_TEXT bytes (or the whole document if shorter). With fewer it answers only what
 * those bytes prove: input that is a proper prefix of a magic number answers NULL, and the text
 * test judges only the bytes it has. The result is a static string.
 */
const char *docformat_sniff(const void *data, size_t len);

/* ---- PWG Raster (PWG 5102.4) and Apple Raster (image/urf) ------------------------------------ */

/* Which raster format a checker reads. */
typedef enum pwg_checker_format {
	PWG_CHECKER_PWG_RASTER, /* image/pwg-raster */
	PWG_CHECKER_URF,        /* image/urf */
} pwg_checker_format_t;

/* Limits on page headers: bigger values are corrupt headers, and they keep arithmetic in 32 bits. */
#define PWG_CHECKER_MAX_DIMENSION 1048576u /* pixels across or lines down a page */
#define PWG_CHECKER_MAX_RESOLUTION 10000u  /* dots per inch */

/*
 * A checker validates a raster document fed in any chunks and counts its pages: the sync word or
 * file header, each page header, and each page's compressed lines, walked without decompressing.
 */
typedef struct pwg_checker pwg_checker_t;

/* A checker for FORMAT; NULL if out of memory. Free with pwg_checker_free(). */
pwg_checker_t *pwg_checker_new(pwg_checker_format_t format);

/* Checks LEN more bytes. Returns 0, or -1 once the data is invalid (and on every later call). */
int pwg_checker_feed(pwg_checker_t *c, const void *data, size_t len);

/* Ends the document. Returns 0 if it held at least one page and ended after a complete page, else -1. */
int pwg_checker_finish(pwg_checker_t *c);

/* Pages complete so far. */
int pwg_checker_pages(const pwg_checker_t *c);

/*
 * The page count the document announces: Apple Raster's file header, or PWG Raster's
 * TotalPageCount in the first page header; 0 if not given (or not read yet). The checker
 * does not enforce it, since producers that stream often write 0.
 */
uint32_t pwg_checker_declared_pages(const pwg_checker_t *c);

/*
 * The error as a sentence with the byte offset, e.g. "PWG Raster: page 2 header at byte 123456:
 * BytesPerLine 100 does not match 2480 pixels of 24 bits"; "" if none.
 */
const char *pwg_checker_error(const pwg_checker_t *c);

/* Frees the checker; NULL does nothing. */
void pwg_checker_free(pwg_checker_t *c);

/* ---- JPEG (ITU T.81 / JFIF) ------------------------------------------------------------------ */

/*
 * A JPEG checker walks the marker segments from SOI to the first frame header (SOF0, SOF1 or
 * SOF2) and reads the image size from it, checking each segment length on the way. It stops
 * there: the entropy-coded data is not checked.
 */
typedef struct jpeg_checker jpeg_checker_t;

/* A checker; NULL if out of memory. Free with jpeg_checker_free(). */
jpeg_checker_t *jpeg_checker_new(void);

/* Checks LEN more bytes: 1 once the frame header has been read, 0 if it needs more, -1 on an error. */
int jpeg_checker_feed(jpeg_checker_t *j, const void *data, size_t len);

/* Ends the data: 0 if the frame header was read, else -1 (with the reason in jpeg_checker_error()). */
int jpeg_checker_finish(jpeg_checker_t *j);

/* The frame's size and number of components; 0 until the frame header has been read. */
void jpeg_checker_info(const jpeg_checker_t *j, int *width, int *height, int *components);

/* The error as a sentence with the byte offset, e.g. "JPEG: SOS at byte 623 before any SOF"; "" if none. */
const char *jpeg_checker_error(const jpeg_checker_t *j);

/* Frees the checker; NULL does nothing. */
void jpeg_checker_free(jpeg_checker_t *j);

/*
 * The same on a prefix of a document held in memory: returns 1 and sets *WIDTH, *HEIGHT and
 * *COMPONENTS if the prefix reaches the frame header, 0 if it ends before (give it more),
 * -1 with a sentence in ERR (if not NULL) on an error. Out-parameters are 0 unless 1 is returned.
 */
int docformat_jpeg_info(const void *data, size_t len, int *width, int *height, int *components, char *err,
                        size_t errsize);

/* ---- PDF (ISO 32000) ------------------------------------------------------------------------- */

/*
 * A PDF checker reads a document fed in any chunks, in bounded memory (a few kilobytes, plus
 * about 56 KiB while it inflates a compressed object stream), and checks its structure:
 * the %PDF-x.y header at byte 0, %%EOF and startxref in the last 1024 bytes, a trailer or a
 * cross-reference stream. On the way it counts the pages: the /Count of the page tree's root
 * (found from the trailer's /Root and the catalog's /Pages, in the objects as they stream by,
 * object streams inflated), or the linearization dictionary's /N, or the /Type /Page objects.
 * docs/internals/DOCFORMAT.md says what is and is not checked.
 */
typedef struct pdf_checker pdf_checker_t;

/* Pages counted above this are not believed (a corrupt /Count): the count is unknown then. */
#define PDF_CHECKER_MAX_PAGES 1000000

/* A checker; NULL if out of memory. Free with pdf_checker_free(). */
pdf_checker_t *pdf_checker_new(void);

/* Checks LEN more bytes. Returns 0, or -1 once the data is not PDF (and on every later call). */
int pdf_checker_feed(pdf_checker_t *c, const void *data, size_t len);

/* Ends the document: 0 if it is a complete PDF file, else -1 with the reason in pdf_checker_error(). */
int pdf_checker_finish(pdf_checker_t *c);

/* The document's pages after a successful finish; -1 when they cannot be told (see DOCFORMAT.md). */
int pdf_checker_pages(const pdf_checker_t *c);

/* The header's version, e.g. "1.7"; "" before the header has been read. */
const char *pdf_checker_version(const pdf_checker_t *c);

/* The error as a sentence, e.g. "PDF: no %%EOF in the last 1024 bytes (the document is truncated)"; "" if none. */
const char *pdf_checker_error(const pdf_checker_t *c);

/* Frees the checker; NULL does nothing. */
void pdf_checker_free(pdf_checker_t *c);

#endif
