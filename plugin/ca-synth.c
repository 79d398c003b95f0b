/* ca-synth.c: keys typed on the senior's behalf. */
#include "ca-atspi.h"
#include <gdk/gdk.h>

#include "ca-error.h"
#include "ca-synth.h"

static gboolean
control_keycode (guint *out, GError **error)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  if (display == NULL ||
      !gdk_keymap_get_entries_for_keyval (gdk_keymap_get_for_display (display), GDK_KEY_Control_L,
                                          &keys, &n_keys) || n_keys == 0)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_UNSUPPORTED, "no keyboard map to find the Ctrl key in");
      return FALSE;
    }
  *out = keys[0].keycode;
  return TRUE;
}

gboolean
ca_synth_with_control (guint keysym, GError **error)
{
  guint control;
  gboolean ok, released;

  if (!control_keycode (&control, error))
    return FALSE;
  ok = atspi_generate_keyboard_event (control, NULL, ATSPI_KEY_PRESS, error) &&
       atspi_generate_keyboard_event (keysym, NULL, ATSPI_KEY_SYM, error);
  /* Always let go of Ctrl, even when the key itself failed. */
  released = atspi_generate_keyboard_event (control, NULL, ATSPI_KEY_RELEASE, ok ? error : NULL);
  return ok && released;
}

gboolean
ca_synth_text (const char *text, GError **error)
{
  return text[0] == '\0' || atspi_generate_keyboard_event (0, text, ATSPI_KEY_STRING, error);
}
