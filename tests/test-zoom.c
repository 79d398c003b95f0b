/* The zoom-in steps for a profile's PageZoom on each browser's ladder. */
#include "ca-zoom.h"

#include <math.h>

static void
test_steps (void)
{
  const CaToolkit *chromium = ca_toolkit_for_name ("Chromium");
  const CaToolkit *gecko = ca_toolkit_for_name ("Gecko");
  const CaToolkit *gtk = ca_toolkit_for_name ("GTK");

  g_assert_cmpuint (ca_zoom_steps (chromium, 1.0), ==, 0);
  g_assert_cmpuint (ca_zoom_steps (chromium, 1.5), ==, 3);
  g_assert_cmpfloat (ca_zoom_reached (chromium, 3), ==, 1.5);
  g_assert_cmpuint (ca_zoom_steps (chromium, 2.0), ==, 5);
  g_assert_cmpuint (ca_zoom_steps (chromium, 3.0), ==, 7);
  /* between two levels, the nearer; halfway, the larger */
  g_assert_cmpuint (ca_zoom_steps (chromium, 1.3), ==, 2);
  g_assert_cmpfloat (ca_zoom_reached (chromium, ca_zoom_steps (chromium, 1.625)), ==, 1.75);
  g_assert_cmpuint (ca_zoom_steps (gecko, 1.5), ==, 5);
  g_assert_cmpuint (ca_zoom_steps (gecko, 2.1), ==, 11);
  /* no page zoom outside browsers, nor for nonsense */
  g_assert_cmpuint (ca_zoom_steps (gtk, 2.0), ==, 0);
  g_assert_cmpfloat (ca_zoom_reached (gtk, 0), ==, 1.0);
  g_assert_cmpuint (ca_zoom_steps (chromium, 0.5), ==, 0);
  g_assert_cmpuint (ca_zoom_steps (chromium, NAN), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/zoom/steps", test_steps);
  return g_test_run ();
}
