/* ca-plugin.h: claimguide-atspi put together: AT-SPI events in, the
 * daemon's Reader1 calls and the lens out. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CA_TYPE_PLUGIN (ca_plugin_get_type ())
G_DECLARE_FINAL_TYPE (CaPlugin, ca_plugin, CA, PLUGIN, GObject)

typedef struct {
  gboolean no_lens;          /* speak only, show nothing */
  const char *lens_shots;    /* save a PNG of the lens here after each change, or NULL */
  const char *const *form_dirs; /* where form maps are, the most important last */
} CaPluginConfig;

/* Connects to the daemon on @session and listens to AT-SPI.  Fails only
 * when the daemon's interfaces cannot be reached at all. */
CaPlugin *ca_plugin_new (GDBusConnection *session, const CaPluginConfig *config,
                         GError **error);

G_END_DECLS
