/* claimguide-atspi: reads the form in front of the senior, over AT-SPI, and
 * tells claimguided what to say; shows the lens. */
#include "ca-atspi.h"
#include <glib-unix.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <stdlib.h>

#include "cg-layers.h"
#include "cg-log.h"
#include "ca-plugin.h"
#include "ca-reader.h"

#define PLUGIN_BUS_NAME "org.claimguide.Plugin"

typedef struct {
  GMainLoop *loop;
  int status;
} App;

static void
on_name_lost (GDBusConnection *connection, const char *name, gpointer data)
{
  App *app = data;
  if (connection == NULL)
    g_printerr ("claimguide-atspi: the session bus went away\n");
  else
    g_message ("Another claimguide-atspi is running: this one stops");
  g_main_loop_quit (app->loop);
}

static gboolean
on_quit_signal (gpointer data)
{
  App *app = data;
  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  gboolean version = FALSE, no_lens = FALSE;
  g_autofree char *lens_shots = NULL;
  GOptionEntry entries[] = {
    { "no-lens", 0, 0, G_OPTION_ARG_NONE, &no_lens, "Speak only: show no lens", NULL },
    { "lens-shots", 0, 0, G_OPTION_ARG_FILENAME, &lens_shots,
      "Save a picture of the lens into this folder at each change, for the demo "
      "(default: $CLAIMGUIDE_LENS_SHOTS)", "DIR" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) session = NULL;
  g_autoptr(CaPlugin) plugin = NULL;
  g_auto(GStrv) dirs = cg_layer_dirs ("forms", "CLAIMGUIDE_FORMS_DIR",
                                      CLAIMGUIDE_DATADIR "/forms");
  CaPluginConfig config = { 0 };
  App app = { 0 };
  guint owner;

  setlocale (LC_ALL, "");
  cg_log_install_writer ();
  /* The lens must not appear on the accessibility bus as an app to read. */
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  /* The lens draws with cairo: opening OpenGL would load Mesa's software
   * renderer (libLLVM, about 55 MiB) for nothing. */
  g_setenv ("GDK_GL", "disable", FALSE);
  g_option_context_set_summary (ctx,
    "The claimguide AT-SPI plugin: reads the focused field of any form aloud through\n"
    "claimguided, recognises claim forms, and shows the focused field enlarged.\n"
    "claimguided starts it; XDG autostart starts it on desktops without systemd.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("claimguide-atspi: %s (see --help)\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("claimguide-atspi %s\n", PACKAGE_VERSION);
      return 0;
    }
  /* The daemon starts the plugin with no options: the demo asks through it. */
  if (lens_shots == NULL && g_getenv ("CLAIMGUIDE_LENS_SHOTS") != NULL)
    lens_shots = g_strdup (g_getenv ("CLAIMGUIDE_LENS_SHOTS"));
  if (!no_lens && !gtk_init_check (&argc, &argv))
    {
      g_printerr ("claimguide-atspi: no display to show the lens on; use --no-lens to speak only\n");
      return 1;
    }
  if (atspi_init () > 1)
    {
      g_printerr ("claimguide-atspi: cannot reach the accessibility bus\n");
      return 1;
    }
  atspi_set_timeout (CA_ATSPI_TIMEOUT_MS, CA_ATSPI_TIMEOUT_MS);

  session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (session == NULL)
    {
      g_printerr ("claimguide-atspi: no session bus: %s\n", error->message);
      return 1;
    }
  app.loop = g_main_loop_new (NULL, FALSE);
  owner = g_bus_own_name_on_connection (session, PLUGIN_BUS_NAME,
                                        G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE, NULL, on_name_lost,
                                        &app, NULL);
  config.no_lens = no_lens;
  config.lens_shots = lens_shots;
  config.form_dirs = (const char *const *) dirs;
  plugin = ca_plugin_new (session, &config, &error);
  if (plugin == NULL)
    {
      g_printerr ("claimguide-atspi: cannot reach claimguided: %s\n", error->message);
      return 1;
    }
  g_unix_signal_add (SIGTERM, on_quit_signal, &app);
  g_unix_signal_add (SIGINT, on_quit_signal, &app);
  g_main_loop_run (app.loop);

  g_bus_unown_name (owner);
  g_clear_object (&plugin);
  g_main_loop_unref (app.loop);
  atspi_exit ();
  return app.status;
}
