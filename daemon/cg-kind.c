/* cg-kind.c: a control's kind and its name on the bus. */
#include "cg-kind.h"

static const char *const names[CG_N_KINDS] = {
  [CG_KIND_OTHER] = "other",       [CG_KIND_TEXT] = "text",     [CG_KIND_MULTILINE] = "multiline",
  [CG_KIND_PASSWORD] = "password", [CG_KIND_NUMBER] = "number", [CG_KIND_DATE] = "date",
  [CG_KIND_CHOICE] = "choice",     [CG_KIND_CHECK] = "check",   [CG_KIND_RADIO] = "radio",
  [CG_KIND_BUTTON] = "button",     [CG_KIND_LINK] = "link",
};

const char *
cg_kind_to_string (CgKind kind)
{
  return (guint) kind < CG_N_KINDS ? names[kind] : "other";
}

gboolean
cg_kind_from_string (const char *name, CgKind *out)
{
  for (guint i = 0; i < CG_N_KINDS; i++)
    if (g_strcmp0 (names[i], name) == 0)
      {
        *out = (CgKind) i;
        return TRUE;
      }
  return FALSE;
}
