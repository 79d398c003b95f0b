/* ca-screen-reader.h: is a screen reader (Orca) running beside us?
 *
 * Orca owns no D-Bus name and the screen-reader-enabled setting does not
 * say whether it runs (and writing that setting quits Orca: never done
 * here).  Orca shows up as an AT-SPI application named "orca": the watch
 * looks for it when applications come and go on the desktop, and every few
 * seconds in case an event was missed. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CA_TYPE_SCREEN_READER (ca_screen_reader_get_type ())
G_DECLARE_FINAL_TYPE (CaScreenReader, ca_screen_reader, CA, SCREEN_READER, GObject)

/* Emits "changed" (gboolean running) when Orca comes or goes. */
CaScreenReader *ca_screen_reader_new       (void);
/* Looks now (one request per application on the desktop). */
void            ca_screen_reader_check     (CaScreenReader *self);
gboolean        ca_screen_reader_is_running (CaScreenReader *self);

G_END_DECLS
