/* ca-form-map.h: a form map (plugin/forms/NAME.form), for forms whose labels
 * are not enough.  See plugin/forms/README.md for the keys. */
#pragma once

#include <glib.h>

#include "claimrules.h"

G_BEGIN_DECLS

typedef struct {
  char       *name;        /* the file's name without .form */
  char       *path;
  char       *scheme;      /* [Form] Scheme */
  GStrv       titles;      /* [Form] Titles: glob patterns of the window or page title */
  GStrv       addresses;   /* [Form] Addresses: glob patterns of the page address */
  guint       min_fields;  /* [Form] MinFields, 0 for the default */
  GHashTable *labels;      /* [Labels] folded label -> field name */
  GStrv       send_names;  /* [Send] Names, as written */
} CaFormMap;

void       ca_form_map_free (CaFormMap *map);
/* Reads and checks one map: known groups and keys, a scheme that loads
 * (through @lookup_scheme: id -> CrScheme*, borrowed), field names that
 * scheme has.  Errors read "file: [Group] Key: what is wrong" (CA_ERROR). */
CaFormMap *ca_form_map_load (const char *path, CrScheme *(*lookup_scheme) (const char *id,
                                                                            gpointer data),
                             gpointer data, GError **error);
/* Every *.form in @dirs (later folders win over a same-named map); a map
 * with a mistake is left out and its error appended to @problems. */
GPtrArray *ca_form_map_load_dirs (const char *const *dirs,
                                  CrScheme *(*lookup_scheme) (const char *id, gpointer data),
                                  gpointer data, GPtrArray *problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaFormMap, ca_form_map_free)

G_END_DECLS
