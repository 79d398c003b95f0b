/* cg-kind.h: the kinds of control on a form, as the plugin reports them and
 * the daemon says them.  The names are part of the D-Bus API
 * (org.claimguide.Reader1.PresentControl's "kind"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CG_KIND_OTHER,
  CG_KIND_TEXT,        /* a one-line entry */
  CG_KIND_MULTILINE,   /* a text area */
  CG_KIND_PASSWORD,
  CG_KIND_NUMBER,      /* a spin button or <input type=number> */
  CG_KIND_DATE,        /* a date editor or <input type=date> */
  CG_KIND_CHOICE,      /* a combo box, a <select>, a list */
  CG_KIND_CHECK,       /* a check box */
  CG_KIND_RADIO,       /* a radio button */
  CG_KIND_BUTTON,
  CG_KIND_LINK,
  CG_N_KINDS
} CgKind;

const char *cg_kind_to_string   (CgKind kind);
gboolean    cg_kind_from_string (const char *name, CgKind *out);

G_END_DECLS
