#include "cg-log.h"

#include <string.h>

static gboolean
is_digit_at (const char *p, gsize *len)
{
  if (g_ascii_isdigit (*p))
    {
      *len = 1;
      return TRUE;
    }
  /* Full-width ０-９: EF BC 90 .. EF BC 99 */
  if ((guchar) p[0] == 0xEF && (guchar) p[1] == 0xBC && (guchar) p[2] >= 0x90 &&
      (guchar) p[2] <= 0x99)
    {
      *len = 3;
      return TRUE;
    }
  return FALSE;
}

/* Masks runs of at least @min_run digits. */
static char *
mask_runs (const char *text, guint min_run)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p)
    {
      const char *start = p;
      guint run = 0;
      gsize len;
      while (*p && is_digit_at (p, &len))
        {
          p += len;
          run++;
        }
      if (run > 0)
        {
          if (run >= min_run)
            for (guint i = 0; i < run; i++)
              g_string_append_c (out, '#');
          else
            g_string_append_len (out, start, p - start);
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
cg_log_mask_digits (const char *text)
{
  return mask_runs (text != NULL ? text : "", 1);
}

static GLogWriterOutput
masking_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  g_autofree GLogField *copy = g_memdup2 (fields, n_fields * sizeof *fields);
  g_autofree char *masked = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (copy[i].key, "MESSAGE") && copy[i].length < 0 && copy[i].value != NULL)
      {
        masked = mask_runs (copy[i].value, 6);
        copy[i].value = masked;
        break;
      }
  return g_log_writer_default (level, copy, n_fields, data);
}

void
cg_log_install_writer (void)
{
  g_log_set_writer_func (masking_writer, NULL, NULL);
}
