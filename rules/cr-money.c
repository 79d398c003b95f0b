/* cr-money.c: amounts of money as people type them, in fen. */
#include "claimrules.h"
#include "cr-text.h"

#include <string.h>

static void
strip_prefix (GString *s, const char *prefix)
{
  gsize n = strlen (prefix);
  if (s->len >= n && strncmp (s->str, prefix, n) == 0)
    g_string_erase (s, 0, (gssize) n);
}

static void
strip_suffix (GString *s, const char *suffix)
{
  gsize n = strlen (suffix);
  if (s->len >= n && strcmp (s->str + s->len - n, suffix) == 0)
    g_string_truncate (s, s->len - n);
}

gboolean
cr_parse_money (const char *typed, gint64 *fen_out)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *p;
  gint64 yuan = 0;
  int digits = 0, group = -1;

  /* Full-width commas and digits are folded to ASCII first. */
  if (!cr_text_fold_compact (typed, NULL, s))
    return FALSE;
  strip_prefix (s, "¥");
  strip_prefix (s, "￥");
  strip_prefix (s, "RMB");
  strip_prefix (s, "CNY");
  strip_suffix (s, "元整");
  strip_suffix (s, "元");
  strip_suffix (s, "yuan");
  strip_suffix (s, "块");
  if (s->len == 0)
    return FALSE;

  p = s->str;
  for (; *p && *p != '.'; p++)
    {
      if (*p == ',')
        {
          /* A comma must follow 1-3 digits, then groups of exactly three. */
          if (digits == 0 || (group >= 0 && group != 3) || (group < 0 && digits > 3))
            return FALSE;
          group = 0;
          continue;
        }
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (yuan > G_GINT64_CONSTANT (1000000000000))
        return FALSE;
      yuan = yuan * 10 + (*p - '0');
      digits++;
      if (group >= 0)
        group++;
    }
  if (digits == 0 || (group >= 0 && group != 3))
    return FALSE;

  gint64 fen = yuan * 100;
  if (*p == '.')
    {
      p++;
      int places = 0;
      for (; *p; p++, places++)
        {
          if (!g_ascii_isdigit (*p) || places >= 2)
            return FALSE;
          fen += (*p - '0') * (places == 0 ? 10 : 1);
        }
      if (places == 0)
        return FALSE;
    }
  *fen_out = fen;
  return TRUE;
}
