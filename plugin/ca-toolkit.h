/* ca-toolkit.h: what differs between GTK, Chromium and Firefox, in one place
 * per toolkit (the way Orca keeps per-toolkit scripts), behind the one
 * "read this control" function of ca-reader.c. */
#pragma once

#include "ca-atspi.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;            /* "gtk", "chromium", "gecko", "other" */
  /* The control's own name is its label (browsers compute it from <label>);
   * GTK leaves it empty and points at the label with LABELLED_BY. */
  gboolean    name_is_label;
  const char *placeholder_attribute;
  const char *address_attribute; /* the page's address, on the document */
  /* The zoom levels above 100% that one Ctrl+= reaches after another, in
   * order, ending with 0; NULL when the toolkit has no page zoom. */
  const double *zoom_levels;
} CaToolkit;

/* From atspi_accessible_get_toolkit_name: "GTK", "Chromium", "Gecko"... */
const CaToolkit *ca_toolkit_for_name (const char *toolkit_name);

G_END_DECLS
