#include "cg-notifier.h"

#include <gio/gio.h>
#include <libnotify/notify.h>

struct _CgNotifier {
  GObject parent;
  NotifyNotification *current; /* the latest, kept for its actions */
  guint in_flight;              /* shows not answered yet */
  gboolean working;
  gboolean said_off;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (CgNotifier, cg_notifier, G_TYPE_OBJECT)

enum { SIGNAL_ACTION, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_action (NotifyNotification *n, char *action, gpointer data)
{
  CgNotifier *self = data;
  g_signal_emit (self, signals[SIGNAL_ACTION], 0, action);
}

/* libnotify's show is a blocking D-Bus call: it runs on a worker thread so
 * that a slow or absent server never holds up speech. */
static void
show_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  NotifyNotification *n = data;
  GError *error = NULL;
  if (notify_notification_show (n, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
shown (GObject *source, GAsyncResult *result, gpointer data)
{
  CgNotifier *self = CG_NOTIFIER (source);
  g_autoptr(GError) error = NULL;

  self->in_flight--;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!self->working)
        g_message ("Notifications are on again");
      self->working = TRUE;
      self->said_off = FALSE;
      return;
    }
  self->working = FALSE;
  if (!self->said_off)
    g_message ("Notifications are off (speech goes on): %s", error->message);
  self->said_off = TRUE;
}

void
cg_notifier_show (CgNotifier *self, const char *title, const char *body,
                  const char *const *actions)
{
  g_autoptr(GTask) task = NULL;
  NotifyNotification *n = notify_notification_new (title, body, "dialog-information");

  /* A fresh object each time, so that no thread shows one while another
   * changes it; it takes the place of the last one on screen. */
  if (self->current != NULL && self->in_flight == 0)
    {
      gint id = 0;
      g_object_get (self->current, "id", &id, NULL);
      g_object_set (n, "id", id, NULL);
    }
  g_set_object (&self->current, n);
  g_object_unref (n);
  notify_notification_set_timeout (n, NOTIFY_EXPIRES_DEFAULT);
  notify_notification_set_hint (n, "desktop-entry", g_variant_new_string ("claimguided"));
  for (guint i = 0; actions != NULL && actions[i] != NULL && actions[i + 1] != NULL; i += 2)
    notify_notification_add_action (n, actions[i], actions[i + 1], on_action, self, NULL);

  task = g_task_new (self, self->cancellable, shown, NULL);
  g_task_set_task_data (task, g_object_ref (n), g_object_unref);
  self->in_flight++;
  g_task_run_in_thread (task, show_in_thread);
}

/* Asks the server who it is, off the main thread: whether notifications are
 * on is known before the first one is sent. */
static void
probe_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  char *name = NULL;
  gboolean found = notify_get_server_info (&name, NULL, NULL, NULL);
  g_free (name);
  if (found)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "no notification server answers");
}

static void
probed (GObject *source, GAsyncResult *result, gpointer data)
{
  CgNotifier *self = CG_NOTIFIER (source);
  g_autoptr(GError) error = NULL;

  if (self->in_flight > 0)
    return; /* a real notification will tell */
  self->working = g_task_propagate_boolean (G_TASK (result), &error);
  if (!self->working && !self->said_off)
    {
      g_message ("Notifications are off (speech goes on): %s", error->message);
      self->said_off = TRUE;
    }
}

gboolean
cg_notifier_is_working (CgNotifier *self)
{
  return self->working;
}

static void
cg_notifier_dispose (GObject *object)
{
  CgNotifier *self = CG_NOTIFIER (object);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->current);
  G_OBJECT_CLASS (cg_notifier_parent_class)->dispose (object);
}

static void
cg_notifier_finalize (GObject *object)
{
  CgNotifier *self = CG_NOTIFIER (object);
  g_clear_object (&self->cancellable);
  if (notify_is_initted ())
    notify_uninit ();
  G_OBJECT_CLASS (cg_notifier_parent_class)->finalize (object);
}

static void
cg_notifier_class_init (CgNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cg_notifier_dispose;
  G_OBJECT_CLASS (klass)->finalize = cg_notifier_finalize;
  /* CgNotifier::action: (const char *id) the person chose an action. */
  signals[SIGNAL_ACTION] = g_signal_new ("action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cg_notifier_init (CgNotifier *self)
{
  self->working = TRUE;
  self->cancellable = g_cancellable_new ();
}

CgNotifier *
cg_notifier_new (const char *app_name)
{
  CgNotifier *self;
  g_autoptr(GTask) task = NULL;

  if (!notify_is_initted ())
    notify_init (app_name);
  self = g_object_new (CG_TYPE_NOTIFIER, NULL);
  task = g_task_new (self, self->cancellable, probed, NULL);
  g_task_run_in_thread (task, probe_in_thread);
  return self;
}
