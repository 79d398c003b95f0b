/* cg-colour.c: colours as profiles write them, and how far apart they read. */
#include "cg-colour.h"

#include <math.h>
#include <string.h>

gboolean
cg_colour_parse (const char *s, guint8 rgb[3])
{
  if (s == NULL || strlen (s) != 7 || s[0] != '#')
    return FALSE;
  for (int i = 0; i < 3; i++)
    {
      int hi = g_ascii_xdigit_value (s[1 + 2 * i]);
      int lo = g_ascii_xdigit_value (s[2 + 2 * i]);
      if (hi < 0 || lo < 0)
        return FALSE;
      rgb[i] = (guint8) (hi * 16 + lo);
    }
  return TRUE;
}

static double
relative_luminance (const guint8 rgb[3])
{
  double lin[3];

  for (int i = 0; i < 3; i++)
    {
      double c = rgb[i] / 255.0;
      /* WCAG 2 writes 0.03928; no 8-bit value lies between it and sRGB's 0.04045. */
      lin[i] = c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
    }
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

double
cg_contrast_ratio_rgb (const guint8 a[3], const guint8 b[3])
{
  double la = relative_luminance (a);
  double lb = relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

double
cg_contrast_ratio (const char *a, const char *b)
{
  guint8 ca[3], cb[3];

  if (!cg_colour_parse (a, ca) || !cg_colour_parse (b, cb))
    return 0.0;
  return cg_contrast_ratio_rgb (ca, cb);
}
