/* cr-date.c: calendar days as integers, and dates as people type them. */
#include "claimrules.h"
#include "cr-text.h"

#include <string.h>

/* Days from civil and back: H. Hinnant's public-domain algorithms. */
static gint64
days_from_civil (gint64 y, unsigned m, unsigned d)
{
  y -= m <= 2;
  const gint64 era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned) (y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

gboolean
cr_day_from_ymd (int year, int month, int day, CrDay *out)
{
  if (year < 1800 || year > 9999 || month < 1 || month > 12 || day < 1)
    return FALSE;
  if (day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    return FALSE;
  *out = (CrDay) days_from_civil (year, (unsigned) month, (unsigned) day);
  return TRUE;
}

void
cr_day_to_ymd (CrDay d, int *year, int *month, int *day)
{
  gint64 z = (gint64) d + 719468;
  const gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned) (z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
  const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
  *year = (int) ((gint64) yoe + era * 400 + (mm <= 2));
  *month = (int) mm;
  *day = (int) dd;
}

int
cr_day_weekday (CrDay d)
{
  /* 1970-01-01 was a Thursday (4). */
  int w = (int) (((gint64) d + 3) % 7);
  if (w < 0)
    w += 7;
  return w + 1;
}

char *
cr_day_to_iso (CrDay d)
{
  int y, m, dd;
  cr_day_to_ymd (d, &y, &m, &dd);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, dd);
}

/* Reads 1..@max_digits ASCII digits. */
static gboolean
read_number (const char **p, int max_digits, int *out)
{
  int n = 0, v = 0;
  while (g_ascii_isdigit (**p) && n < max_digits)
    {
      v = v * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  if (n == 0 || g_ascii_isdigit (**p))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
skip_literal (const char **p, const char *lit)
{
  gsize n = strlen (lit);
  if (strncmp (*p, lit, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

gboolean
cr_parse_date (const char *typed, CrDay *out)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *p;
  int y, m, d;

  if (!cr_text_fold_compact (typed, NULL, s) || s->len == 0)
    return FALSE;
  p = s->str;

  /* 20250314 */
  if (s->len == 8 && strspn (p, "0123456789") == 8)
    {
      y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
      m = (p[4] - '0') * 10 + (p[5] - '0');
      d = (p[6] - '0') * 10 + (p[7] - '0');
      return cr_day_from_ymd (y, m, d, out);
    }

  if (!read_number (&p, 4, &y) || p - s->str != 4)
    return FALSE;

  if (skip_literal (&p, "年"))
    {
      if (!read_number (&p, 2, &m) || !skip_literal (&p, "月"))
        return FALSE;
      if (!read_number (&p, 2, &d))
        return FALSE;
      if (!skip_literal (&p, "日"))
        skip_literal (&p, "号");
    }
  else
    {
      char sep = *p;
      if (sep != '-' && sep != '/' && sep != '.')
        return FALSE;
      p++;
      if (!read_number (&p, 2, &m) || *p != sep)
        return FALSE;
      p++;
      if (!read_number (&p, 2, &d))
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  return cr_day_from_ymd (y, m, d, out);
}
