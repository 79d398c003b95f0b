/* ca-synth.h: keys typed on the senior's behalf, through the AT-SPI
 * registry (XTEST underneath), into whatever has the keyboard focus. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ctrl+@keysym.  Ctrl is held down as a key of its own: Firefox does not
 * take a locked Ctrl modifier (ATSPI_KEY_LOCKMODIFIERS) for a shortcut,
 * Chromium does.  CA_ERROR_UNSUPPORTED without a keyboard map. */
gboolean ca_synth_with_control (guint keysym, GError **error);
/* @text typed as it is (ATSPI_KEY_STRING: any character, Han included). */
gboolean ca_synth_text         (const char *text, GError **error);

G_END_DECLS
