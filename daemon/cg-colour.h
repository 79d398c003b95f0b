/* cg-colour.h: "#RRGGBB" colours and their WCAG 2 contrast, shared by the
 * profile checks (claimguided) and the lens (claimguide-atspi). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FALSE unless @s is exactly "#RRGGBB" (either case). */
gboolean cg_colour_parse        (const char *s, guint8 rgb[3]);
/* The contrast ratio of two colours, 1 to 21 (WCAG 2). */
double   cg_contrast_ratio_rgb  (const guint8 a[3], const guint8 b[3]);
/* The same for two "#RRGGBB" strings; 0 when either is not one. */
double   cg_contrast_ratio      (const char *a, const char *b);

G_END_DECLS
