/* ca-control.h: what the plugin knows about one control on a form.
 *
 * Filled by ca-reader.c from AT-SPI (each toolkit's quirks in ca-toolkit.c),
 * shown by the lens and sent to the daemon as an a{sv} (ca_control_to_variant),
 * which turns it into words in the profile's language.
 */
#pragma once

#include <glib.h>

#include "cg-kind.h"

G_BEGIN_DECLS

typedef struct {
  char    *label;        /* what the field is called; "" when nothing names it */
  CgKind   kind;
  char    *value;        /* as typed, the selected item, or "" */
  gboolean checkable;    /* a check box or radio: "checked" below means something */
  gboolean checked;
  gboolean required;
  gboolean invalid;
  char    *error;        /* the app's own error message for the field, or NULL */
  char    *placeholder;  /* NULL when none */
  char    *field;        /* the scheme field it was matched to, or NULL */
  char    *app;          /* the application's name, for "not answering" */
} CaControl;

CaControl  *ca_control_new       (void);
void        ca_control_free      (CaControl *control);
CaControl  *ca_control_copy      (const CaControl *control);
gboolean    ca_control_equal     (const CaControl *a, const CaControl *b);
/* a{sv} with the keys of org.claimguide.Reader1.PresentControl. */
GVariant   *ca_control_to_variant (const CaControl *control);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaControl, ca_control_free)

G_END_DECLS
