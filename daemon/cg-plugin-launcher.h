/* cg-plugin-launcher.h: keeps one claimguide-atspi running beside the daemon.
 *
 * The plugin owns org.claimguide.Plugin on the session bus.  While nobody
 * owns that name and there is a display to read, the launcher starts the
 * plugin, and starts it again when it dies, waiting longer each time it dies
 * young (half a second, doubling to 30 s).  A plugin started another way (XDG
 * autostart) is left alone: the name is taken, so none is started.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CG_PLUGIN_BUS_NAME "org.claimguide.Plugin"

#define CG_TYPE_PLUGIN_LAUNCHER (cg_plugin_launcher_get_type ())
G_DECLARE_FINAL_TYPE (CgPluginLauncher, cg_plugin_launcher, CG, PLUGIN_LAUNCHER, GObject)

/* @path: the plugin's executable, or NULL for none (the launcher then only
 * reports why it is off: @off_reason). */
CgPluginLauncher *cg_plugin_launcher_new   (const char *path, const char *off_reason);
/* Starts watching the bus name on @connection. */
void              cg_plugin_launcher_start (CgPluginLauncher *self, GDBusConnection *connection);
/* "running", "starting", "restarting", or "off: why". */
const char       *cg_plugin_launcher_get_state (CgPluginLauncher *self);
/* How many times it was started. */
guint             cg_plugin_launcher_get_starts (CgPluginLauncher *self);

G_END_DECLS
