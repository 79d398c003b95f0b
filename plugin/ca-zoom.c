/* ca-zoom.c: a recognised web form zoomed in by the profile's factor.
 *
 * Browsers keep no zoom setting a client can write over AT-SPI, so this
 * presses the browser's own keys, synthesised by the AT-SPI registry:
 * Ctrl+0 first (browsers remember a zoom per site; starting from 100%
 * every time keeps a page from growing at each visit), then Ctrl+= once
 * per step of the browser's zoom ladder. */
#include "ca-zoom.h"

#include "ca-atspi.h"
#include "ca-error.h"
#include "ca-synth.h"

#include <gdk/gdk.h>
#include <math.h>

guint
ca_zoom_steps (const CaToolkit *toolkit, double factor)
{
  guint best = 0;
  double best_gap = fabs (factor - 1.0);

  if (toolkit->zoom_levels == NULL || !(factor > 1.0))
    return 0;
  for (guint i = 0; toolkit->zoom_levels[i] > 0; i++)
    {
      double gap = fabs (factor - toolkit->zoom_levels[i]);
      /* Nearest level; between two, the larger (the profile asks for big). */
      if (gap <= best_gap + 1e-9)
        {
          best = i + 1;
          best_gap = gap;
        }
    }
  return best;
}

double
ca_zoom_reached (const CaToolkit *toolkit, guint steps)
{
  return steps == 0 || toolkit->zoom_levels == NULL ? 1.0 : toolkit->zoom_levels[steps - 1];
}

gboolean
ca_zoom_page (guint steps, GError **error)
{
  if (!ca_synth_with_control (GDK_KEY_0, error))
    return FALSE;
  for (guint i = 0; i < steps; i++)
    if (!ca_synth_with_control (GDK_KEY_equal, error))
      return FALSE;
  return TRUE;
}
