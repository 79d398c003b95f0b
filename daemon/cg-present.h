/* cg-present.h: the words for a control on a form, one table by kind per
 * language (the way Orca's speech generator maps a role to its words).
 *
 * What the senior hears on each field: its label, its kind, whether it must
 * be filled, then its value, and what is wrong with it.  At most about eight
 * words come before the value. */
#pragma once

#include <glib.h>

#include "cg-kind.h"
#include "cg-lang.h"
#include "cg-profile.h"

G_BEGIN_DECLS

typedef struct {
  char    *label;
  CgKind   kind;
  char    *value;
  gboolean has_checked;
  gboolean checked;
  gboolean required;
  gboolean invalid;
  char    *error;
  char    *placeholder;
  char    *field;
  char    *app;
} CgControl;

void      cg_control_clear      (CgControl *control);
/* Reads PresentControl's a{sv}: unknown keys, wrong types, a missing label or
 * kind, an unknown kind and strings over @max_len bytes are refused. */
gboolean  cg_control_from_variant (CgControl *control, GVariant *dict, gsize max_len,
                                   GError **error);

/* What to say for @control, as written (the normaliser turns numbers into
 * words afterwards). */
char     *cg_present_control    (const CgControl *control, CgLang lang, CgVerbosity verbosity);

/* "<Control><Alt>h" as it is said: "Control Alt H", "Ctrl 加 Alt 加 H". */
char     *cg_present_keys       (const char *accelerator, CgLang lang);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CgControl, cg_control_clear)

G_END_DECLS
