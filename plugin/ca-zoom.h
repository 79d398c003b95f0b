/* ca-zoom.h: zooming a web page in by the profile's factor, with the
 * browser's own zoom keys (Ctrl+0, then Ctrl+= a step at a time). */
#pragma once

#include "ca-toolkit.h"

G_BEGIN_DECLS

/* How many of @toolkit's zoom-in steps from 100% come nearest to @factor
 * (1.5 = 150%); 0 when the toolkit has no zoom keys or @factor is ≤ 1. */
guint    ca_zoom_steps     (const CaToolkit *toolkit, double factor);
/* The zoom those steps reach, 1.0 for none. */
double   ca_zoom_reached   (const CaToolkit *toolkit, guint steps);
/* Resets the page in front to 100% and presses zoom-in @steps times. */
gboolean ca_zoom_page      (guint steps, GError **error);

G_END_DECLS
