/* ca-matcher.h: is this a claim form, and which control is which field?
 *
 * Pure logic, no AT-SPI: the plugin collects every control of a window or
 * page in one request and hands their labels here.  Labels are compared with
 * each scheme field's labels and synonyms in every language (folded with
 * cr_text_key, after ca_label_clean), and with the label overrides of form
 * maps (plugin/forms/NAME.form).  A form is a claim form when enough
 * different fields are found, or when a form map's title or address pattern
 * names it.
 */
#pragma once

#include <glib.h>

#include "claimrules.h"
#include "ca-form-map.h"

G_BEGIN_DECLS

/* With no form map saying otherwise, this many different fields of a scheme
 * must be found on a form for it to be that scheme's claim form. */
#define CA_MATCHER_MIN_FIELDS 5

typedef struct _CaMatcher CaMatcher;

typedef struct {
  char       *scheme;      /* the scheme's id, NULL when it is no claim form */
  char       *map;         /* the form map that named it, or NULL */
  guint       matched;     /* different fields found */
  guint       n_fields;    /* fields the scheme has */
  GHashTable *field_for;   /* control id -> field name, for every control matched */
  GPtrArray  *send_names;  /* folded names of the Send button (from the map, or the defaults) */
} CaMatch;

void        ca_match_free       (CaMatch *match);

/* @schemes: CrScheme*, borrowed for the matcher's life; @maps: CaFormMap*. */
CaMatcher  *ca_matcher_new      (GPtrArray *schemes, GPtrArray *maps);
void        ca_matcher_free     (CaMatcher *matcher);
/* The field of @scheme (or of any scheme when NULL) that @label names best:
 * an exact label or synonym, else the longest one the label contains. NULL
 * when none. */
const char *ca_matcher_field_for_label (CaMatcher *matcher, const char *scheme,
                                        const char *label);
/* @ids and @labels: parallel, @n controls.  @title: the window's or page's
 * title; @address: the page's address or NULL. */
CaMatch    *ca_matcher_match    (CaMatcher *matcher, const char *title, const char *address,
                                 const char *const *ids, const char *const *labels, guint n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaMatch, ca_match_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaMatcher, ca_matcher_free)

G_END_DECLS
