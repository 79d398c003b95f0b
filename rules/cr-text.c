/* cr-text.c: folding text as people type it into one plain form. */
#include "cr-text.h"

#include <string.h>

static gboolean
fold_into (const char *typed, const char *drop, GString *out)
{
  g_string_truncate (out, 0);
  if (typed == NULL)
    return TRUE;
  if (!g_utf8_validate (typed, -1, NULL))
    return FALSE;

  for (const char *p = typed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF01 && c <= 0xFF5E)
        c -= 0xFEE0;
      else if (c == 0x3000 || c == 0x00A0)
        c = ' ';

      if (c < 0x80)
        {
          if (drop != NULL && (c == ' ' || c == '\t' || strchr (drop, (int) c) != NULL) && c != 0)
            continue;
          g_string_append_c (out, (char) c);
        }
      else
        g_string_append_unichar (out, c);
    }

  if (drop == NULL)
    {
      gsize start = 0;
      while (start < out->len && g_ascii_isspace (out->str[start]))
        start++;
      g_string_erase (out, 0, (gssize) start);
      while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
        g_string_truncate (out, out->len - 1);
    }
  return TRUE;
}

gboolean
cr_text_fold (const char *typed, GString *out)
{
  return fold_into (typed, NULL, out);
}

gboolean
cr_text_fold_compact (const char *typed, const char *also, GString *out)
{
  return fold_into (typed, also != NULL ? also : "", out);
}
