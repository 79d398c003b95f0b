/* claimguided: owns org.claimguide.Daemon on the session bus. */
#include <glib-unix.h>
#include <locale.h>
#include <stdlib.h>

#include "cg-daemon.h"
#include "cg-layers.h"
#include "cg-log.h"
#include "claimrules.h"

typedef struct {
  GMainLoop *loop;
  CgDaemon *daemon;
  int status;
} App;

static void
on_bus_acquired (GDBusConnection *connection, const char *name, gpointer data)
{
  App *app = data;
  g_autoptr(GError) error = NULL;
  if (!cg_daemon_export (app->daemon, connection, &error))
    {
      g_critical ("Cannot export the daemon's interfaces: %s", error->message);
      app->status = EXIT_FAILURE;
      g_main_loop_quit (app->loop);
    }
}

static void
on_name_acquired (GDBusConnection *connection, const char *name, gpointer data)
{
  g_debug ("Owning %s", name);
}

static void
on_name_lost (GDBusConnection *connection, const char *name, gpointer data)
{
  App *app = data;
  if (connection == NULL)
    g_warning ("No session bus: claimguided runs on the session D-Bus");
  else
    g_warning ("%s is owned by another claimguided (or was taken over): stopping", name);
  app->status = EXIT_FAILURE;
  g_main_loop_quit (app->loop);
}

static gboolean
on_quit_signal (gpointer data)
{
  App *app = data;
  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

static char *
env_or (const char *var, const char *fallback)
{
  const char *v = g_getenv (var);
  return g_strdup (v != NULL && *v ? v : fallback);
}

int
main (int argc, char **argv)
{
  g_autofree char *speech_to = NULL;
  g_autofree char *today = NULL;
  g_autofree char *plugin = NULL;
  gboolean version = FALSE, no_spd = FALSE, no_plugin = FALSE;
  GOptionEntry entries[] = {
    { "speech-to", 0, 0, G_OPTION_ARG_FILENAME, &speech_to,
      "Say everything into this WAV file instead of the sound device", "FILE.wav" },
    { "no-speech-dispatcher", 0, 0, G_OPTION_ARG_NONE, &no_spd,
      "Never speak through Speech Dispatcher, even beside a screen reader", NULL },
    { "plugin", 0, 0, G_OPTION_ARG_FILENAME, &plugin,
      "Keep this AT-SPI plugin running (default: $CLAIMGUIDE_PLUGIN, else the installed one)",
      "PATH" },
    { "no-plugin", 0, 0, G_OPTION_ARG_NONE, &no_plugin,
      "Start no AT-SPI plugin (for a helpdesk server, or when it is started another way)", NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today,
      "Judge claims as on this day, for practice and demonstrations (default: the real date)",
      "YYYY-MM-DD" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) dirs = cg_layer_dirs ("profiles", "CLAIMGUIDE_PROFILES_DIR",
                                      CLAIMGUIDE_DATADIR "/profiles");
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "claimguide", "state", NULL);
  g_autofree char *runtime = g_build_filename (g_get_user_runtime_dir (), "claimguide", NULL);
  g_autofree char *voices = env_or ("CLAIMGUIDE_VOICES_DIR", CLAIMGUIDE_DATADIR "/voices");
  g_autofree char *espeak = env_or ("CLAIMGUIDE_ESPEAK_DATA", ESPEAK_DATA_DIR);
  CgDaemonConfig config = { 0 };
  App app = { 0 };
  guint owner;

  setlocale (LC_ALL, "");
  cg_log_install_writer ();
  g_option_context_set_summary (ctx,
    "The claimguide session service: speaks (eSpeak NG), notifies, checks claims and keeps\n"
    "profiles, on the session D-Bus as org.claimguide.Daemon. It is started by D-Bus\n"
    "activation or systemd --user; run it by hand to try an option.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("claimguided: %s (see --help)\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("claimguided %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (speech_to != NULL && !g_path_is_absolute (speech_to))
    {
      g_autofree char *cwd = g_get_current_dir ();
      g_autofree char *abs = g_build_filename (cwd, speech_to, NULL);
      g_free (speech_to);
      speech_to = g_steal_pointer (&abs);
    }

  config.speech_to = speech_to;
  config.profile_dirs = (const char *const *) dirs;
  config.state_file = state;
  config.voices_dir = voices;
  config.espeak_data = espeak;
  config.runtime_dir = runtime;
  config.no_speech_dispatcher = no_spd;
  if (today != NULL && !cr_parse_date (today, &config.today))
    {
      g_printerr ("claimguided: --today takes a date such as 2025-03-14, not “%s”\n", today);
      return 2;
    }
  if (plugin == NULL)
    plugin = env_or ("CLAIMGUIDE_PLUGIN", CLAIMGUIDE_LIBEXECDIR "/claimguide-atspi");
  if (no_plugin)
    config.plugin_off = "--no-plugin";
  else if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    config.plugin_off = "no display to read";
  else if (!g_file_test (plugin, G_FILE_TEST_IS_EXECUTABLE))
    config.plugin_off = "the plugin is not installed";
  else
    config.plugin = plugin;
  app.daemon = cg_daemon_new (&config, &error);
  if (app.daemon == NULL)
    {
      g_printerr ("claimguided: cannot start: %s\n", error->message);
      return 1;
    }

  app.loop = g_main_loop_new (NULL, FALSE);
  app.status = EXIT_SUCCESS;
  g_unix_signal_add (SIGTERM, on_quit_signal, &app);
  g_unix_signal_add (SIGINT, on_quit_signal, &app);
  owner = g_bus_own_name (G_BUS_TYPE_SESSION, CG_DBUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                          on_bus_acquired, on_name_acquired, on_name_lost, &app, NULL);
  g_main_loop_run (app.loop);

  g_bus_unown_name (owner);
  g_clear_object (&app.daemon);
  g_main_loop_unref (app.loop);
  return app.status;
}
