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
} CaToolkit;

/* From atspi_accessible_get_toolkit_name: "GTK", "Chromium", "Gecko"... */
const CaToolkit *ca_toolkit_for_name (const char *toolkit_name);

G_END_DECLS
