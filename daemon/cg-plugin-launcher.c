/* cg-plugin-launcher.c: start claimguide-atspi, and again when it dies. */
#include "cg-plugin-launcher.h"

#include <signal.h>

#define FIRST_DELAY_MS 500
#define LONGEST_DELAY_MS 30000
/* A plugin that ran this long was not dying young: the delay starts over. */
#define HEALTHY_US (60 * G_USEC_PER_SEC)

struct _CgPluginLauncher {
  GObject parent;

  char *path;
  char *state;
  GDBusConnection *connection;
  guint watch;
  gboolean owned;      /* someone owns the plugin's bus name */
  GSubprocess *child;
  GCancellable *cancellable;
  gint64 started_at;
  guint delay_ms;
  guint restart_source;
  guint starts;
};

G_DEFINE_FINAL_TYPE (CgPluginLauncher, cg_plugin_launcher, G_TYPE_OBJECT)

static void spawn (CgPluginLauncher *self);

static void
set_state (CgPluginLauncher *self, const char *state)
{
  if (g_strcmp0 (self->state, state) == 0)
    return;
  g_free (self->state);
  self->state = g_strdup (state);
  g_debug ("Plugin: %s", state);
}

static gboolean
on_restart_due (gpointer data)
{
  CgPluginLauncher *self = data;
  self->restart_source = 0;
  if (!self->owned && self->child == NULL)
    spawn (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_restart (CgPluginLauncher *self)
{
  if (self->restart_source != 0)
    return;
  if (g_get_monotonic_time () - self->started_at > HEALTHY_US)
    self->delay_ms = FIRST_DELAY_MS;
  set_state (self, "restarting");
  self->restart_source = g_timeout_add (self->delay_ms, on_restart_due, self);
  self->delay_ms = MIN (self->delay_ms * 2, LONGEST_DELAY_MS);
}

static void
on_child_exited (GObject *source, GAsyncResult *result, gpointer data)
{
  GSubprocess *child = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  CgPluginLauncher *self;

  /* Not a reference: dispose cancels the wait before the launcher goes. */
  if (!g_subprocess_wait_finish (child, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CG_PLUGIN_LAUNCHER (data);
  if (self->child != child)
    return;
  if (g_subprocess_get_if_signaled (child))
    g_message ("The AT-SPI plugin was killed by signal %d: starting it again",
               g_subprocess_get_term_sig (child));
  else if (g_subprocess_get_exit_status (child) != 0)
    g_message ("The AT-SPI plugin stopped with status %d: starting it again",
               g_subprocess_get_exit_status (child));
  g_clear_object (&self->child);
  if (!self->owned)
    schedule_restart (self);
}

static void
spawn (CgPluginLauncher *self)
{
  g_autoptr(GError) error = NULL;

  /* The plugin keeps its own lens off the AT-SPI bus (NO_AT_BRIDGE in its main). */
  self->child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self->path, NULL);
  if (self->child == NULL)
    {
      g_autofree char *why = g_strdup_printf ("off: cannot start %s: %s", self->path,
                                              error->message);
      g_warning ("Cannot start the AT-SPI plugin %s: %s", self->path, error->message);
      set_state (self, why);
      return;
    }
  self->starts++;
  self->started_at = g_get_monotonic_time ();
  set_state (self, "starting");
  g_subprocess_wait_async (self->child, self->cancellable, on_child_exited, self);
}

static void
on_name_appeared (GDBusConnection *connection, const char *name, const char *owner, gpointer data)
{
  CgPluginLauncher *self = data;
  self->owned = TRUE;
  g_clear_handle_id (&self->restart_source, g_source_remove);
  set_state (self, "running");
}

static void
on_name_vanished (GDBusConnection *connection, const char *name, gpointer data)
{
  CgPluginLauncher *self = data;
  gboolean was_owned = self->owned;

  self->owned = FALSE;
  if (connection == NULL || g_str_has_prefix (self->state, "off"))
    return;
  /* Our child still running without the name is stopping; its exit
   * schedules the restart.  Otherwise start one now (or after the delay,
   * when one just died). */
  if (self->child == NULL)
    {
      if (was_owned)
        schedule_restart (self);
      else if (self->restart_source == 0)
        spawn (self);
    }
}

void
cg_plugin_launcher_start (CgPluginLauncher *self, GDBusConnection *connection)
{
  g_return_if_fail (self->watch == 0);
  if (self->path == NULL)
    return;
  self->connection = g_object_ref (connection);
  self->watch = g_bus_watch_name_on_connection (connection, CG_PLUGIN_BUS_NAME,
                                                G_BUS_NAME_WATCHER_FLAGS_NONE, on_name_appeared,
                                                on_name_vanished, self, NULL);
}

const char *
cg_plugin_launcher_get_state (CgPluginLauncher *self)
{
  return self->state;
}

guint
cg_plugin_launcher_get_starts (CgPluginLauncher *self)
{
  return self->starts;
}

CgPluginLauncher *
cg_plugin_launcher_new (const char *path, const char *off_reason)
{
  CgPluginLauncher *self = g_object_new (CG_TYPE_PLUGIN_LAUNCHER, NULL);
  self->path = g_strdup (path);
  if (path == NULL)
    {
      g_autofree char *why = g_strdup_printf ("off: %s", off_reason ? off_reason : "not asked for");
      set_state (self, why);
    }
  else
    set_state (self, "starting");
  return self;
}

static void
cg_plugin_launcher_dispose (GObject *object)
{
  CgPluginLauncher *self = CG_PLUGIN_LAUNCHER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->watch != 0)
    g_bus_unwatch_name (self->watch);
  self->watch = 0;
  g_clear_handle_id (&self->restart_source, g_source_remove);
  if (self->child != NULL)
    {
      /* The plugin lives as long as the daemon that started it. */
      g_subprocess_send_signal (self->child, SIGTERM);
      g_clear_object (&self->child);
    }
  g_clear_object (&self->connection);
  G_OBJECT_CLASS (cg_plugin_launcher_parent_class)->dispose (object);
}

static void
cg_plugin_launcher_finalize (GObject *object)
{
  CgPluginLauncher *self = CG_PLUGIN_LAUNCHER (object);
  g_free (self->path);
  g_free (self->state);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (cg_plugin_launcher_parent_class)->finalize (object);
}

static void
cg_plugin_launcher_class_init (CgPluginLauncherClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cg_plugin_launcher_dispose;
  G_OBJECT_CLASS (klass)->finalize = cg_plugin_launcher_finalize;
}

static void
cg_plugin_launcher_init (CgPluginLauncher *self)
{
  self->cancellable = g_cancellable_new ();
  self->delay_ms = FIRST_DELAY_MS;
}
