/* A printer's capabilities, the printer attributes they imply, and the Job Template checks against them. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PRINTER_ATTRS_H
#define IPPD_SERVER_PRINTER_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ippd/msg.h>

/*
 * Capabilities are plain data: fixed-size arrays inside the struct, so a
 * printer_caps_t can be copied by value and needs no freeing.  The strings
 * it points to are borrowed: printer_caps_default() uses string literals,
 * and a caller that fills a list from elsewhere keeps those strings alive
 * for as long as the caps are used.  printer_attrs_build() copies
 * everything it needs into the message it returns.
 */
enum {
	PRINTER_CAPS_LIST = 16,  /* values in a printer_strings_t or printer_ints_t */
	PRINTER_CAPS_MEDIA = 32, /* media sizes */
	PRINTER_CAPS_RES = 8,    /* resolutions */
	PRINTER_CAPS_READY = 8,  /* media loaded in sources */
};

typedef struct printer_strings {
	size_t count;
	const char *v[PRINTER_CAPS_LIST];
} printer_strings_t;

typedef struct printer_ints {
	size_t count;
	int32_t v[PRINTER_CAPS_LIST];
} printer_ints_t;

/* Margins in hundredths of millimetres (the unit of media-col). */
typedef struct printer_margins {
	int32_t bottom, left, right, top;
} printer_margins_t;

/*
 * A media size by its PWG 5101.1 self-describing name ("iso_a4_210x297mm");
 * the dimensions come from the name (printer_media_parse()).  `borderless`
 * adds a media-col-database entry with zero margins for the size.
 */
typedef struct printer_media {
	const char *name;
	bool borderless;
} printer_media_t;

/* Media loaded in a source: one media-ready / media-col-ready value. */
typedef struct printer_ready {
	const char *size;   /* a name from `media` */
	const char *source; /* a value of `media_sources` */
	const char *type;   /* a value of `media_types` */
} printer_ready_t;

typedef struct printer_caps {
	/* Identity: printer-make-and-model, and MFG/MDL of printer-device-id. */
	const char *make;
	const char *model;
	const char *make_and_model;

	bool color;        /* color-supported; adds 'color' modes, colour raster types, ppm-color */
	bool duplex;       /* adds the two-sided values of sides-supported */
	int32_t ppm;       /* pages-per-minute */
	int32_t ppm_color; /* pages-per-minute-color (only when color) */

	printer_strings_t ipp_versions; /* "1.1", "2.0" */
	printer_strings_t formats;      /* document-format-supported */
	const char *format_default;
	printer_strings_t compressions; /* "none" first, then codings the spooler decodes */

	/* Resolutions in dots per inch (printer-resolution-*, pwg-raster-*, urf RS). */
	size_t n_resolutions;
	int32_t resolutions[PRINTER_CAPS_RES];
	int32_t resolution_default;

	/* Media. */
	size_t n_media;
	printer_media_t media[PRINTER_CAPS_MEDIA];
	const char *media_default;            /* a name from `media` */
	int32_t custom_min[2], custom_max[2]; /* custom sizes (width, length); all 0 for none */
	printer_strings_t media_sources;
	printer_strings_t media_types;
	const char *media_type_default;
	printer_margins_t margins; /* bordered printing; borderless is all 0 */
	size_t n_ready;
	printer_ready_t ready[PRINTER_CAPS_READY];

	/* Job Template values and their defaults. */
	int32_t copies_max;
	printer_ints_t finishings;     /* enum values; 3 'none' must be there */
	printer_strings_t output_bins; /* the first is the default */
	printer_ints_t orientations;   /* enum values */
	int32_t orientation_default;
	printer_ints_t qualities; /* 3 draft, 4 normal, 5 high */
	int32_t quality_default;
	printer_ints_t number_up;
	printer_strings_t content_optimize;  /* print-content-optimize, the first is the default */
	printer_strings_t rendering_intents; /* print-rendering-intent, the first is the default */
	printer_strings_t scaling;           /* print-scaling, the first is the default */
	printer_strings_t hold_until;        /* job-hold-until, the first is the default */
	printer_strings_t job_sheets;        /* the first is the default */
	printer_strings_t doc_handling;      /* multiple-document-handling, the first is the default */
	printer_strings_t overrides;         /* overrides-supported */
	bool page_ranges;                    /* page-ranges-supported */

	/* Operations and limits the job code honours. */
	printer_strings_t identify_actions; /* identify-actions-supported */
	printer_strings_t identify_default; /* identify-actions-default */
	printer_strings_t which_jobs;       /* which-jobs-supported */
	bool multiple_document_jobs;
	int32_t multiple_operation_time_out; /* seconds */
	const char *multiple_operation_time_out_action;
	int32_t max_k_octets;       /* job-, pdf- and jpeg-k-octets-supported upper bound */
	int32_t jpeg_max_dimension; /* jpeg-x/y-dimension-supported upper bound */
	printer_strings_t pdf_versions;
	printer_strings_t kinds; /* printer-kind */
} printer_caps_t;

/*
 * The capabilities of ippd's default virtual IPP Everywhere printer: colour,
 * duplex, PDF/JPEG/PWG Raster/URF/text with octet-stream auto-detection,
 * 300 and 600 dpi, the common ISO, North American and photo sizes plus
 * custom sizes, A4 loaded in the main tray and Letter in the alternate one.
 */
void printer_caps_default(printer_caps_t *caps);

/*
 * Every printer attribute that follows from `caps` alone, in one printer
 * group of a new message (free it with ippd_msg_free()).  Nothing here
 * depends on state, time, URIs or the uuid: printer-name, -uri-supported,
 * -state*, -uuid, operations-supported and the like are added live.
 * media-col-database is in the set; RFC 8011 returns it only when asked
 * for by name (not for 'all').  NULL when out of memory, or when a
 * required list (formats, media, resolutions) is empty.
 */
ippd_msg_t *printer_attrs_build(const printer_caps_t *caps);

/*
 * Checks the request's Job Template attributes (its job group) and its
 * document-format and compression operation attributes against the
 * -supported attributes in `printer` (a group holding what
 * printer_attrs_build() made), as RFC 8011 §4.1.7 and §5.2 say:
 *
 *  - an attribute the printer has no -supported value for is copied into
 *    the unsupported group of `resp` with the out-of-band value
 *    'unsupported'; an attribute with values the printer does not support
 *    is copied with just those values;
 *  - document-format not supported: client-error-document-format-not-supported,
 *    compression not supported: client-error-compression-not-supported,
 *    whatever `fidelity` says;
 *  - page-ranges out of ascending order or overlapping: client-error-bad-request;
 *  - otherwise, anything unsupported gives client-error-attributes-or-values-
 *    not-supported when `fidelity` (ipp-attribute-fidelity) is true and
 *    successful-ok-ignored-or-substituted-attributes when it is false;
 *  - everything supported: successful-ok.
 *
 * `resp` may be NULL (nothing is copied); its unsupported group is created
 * when first needed, so call this before adding the job group.  `message`
 * (may be NULL) receives a sentence naming the first problem, "" when
 * there is none.  server-error-internal-error when memory runs out.
 */
uint16_t printer_check_job_template(const ippd_group_t *printer, const ippd_msg_t *req, bool fidelity,
                                    ippd_msg_t *resp, char *message, size_t size);

/* True when the registry lists `name` as a Job Template attribute ("copies", "media-col", ...). */
bool printer_attr_is_job_template(const char *name);

/*
 * True when printer attribute `name` belongs to the 'job-template' group
 * name of requested-attributes (RFC 8011 §4.2.5.1): "X-default",
 * "X-supported" or "X-ready" where X is a Job Template attribute.
 * media-col-database is not one: it is returned only when named.
 */
bool printer_attr_in_job_template_group(const char *name);

/*
 * The width and length, in hundredths of millimetres, of a PWG 5101.1
 * self-describing media name ("na_letter_8.5x11in" gives 21590 x 27940).
 * False when the name does not end in "_WxHin" or "_WxHmm".
 */
bool printer_media_parse(const char *name, int32_t *width, int32_t *length);

#endif
