/* ca-screen-reader.c: Orca, seen as an application on the AT-SPI desktop. */
#include "ca-screen-reader.h"

#include "ca-atspi.h"

#include <string.h>

#define POLL_SECONDS 3

struct _CaScreenReader {
  GObject parent;
  gboolean running;
  gboolean checked_once;
  guint poll;
  AtspiEventListener *listener;
};

G_DEFINE_FINAL_TYPE (CaScreenReader, ca_screen_reader, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Is process @pid Orca?  Orca 43 runs as "python3 /usr/bin/orca". */
static gboolean
process_is_orca (guint pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%u/cmdline", pid);
  g_autofree char *cmdline = NULL;
  gsize len = 0;

  if (pid == 0 || !g_file_get_contents (path, &cmdline, &len, NULL))
    return FALSE;
  /* NUL-separated arguments: the program, or the script python runs. */
  for (const char *arg = cmdline; arg < cmdline + len && arg - cmdline < 2048;
       arg += strlen (arg) + 1)
    {
      g_autofree char *base = g_path_get_basename (arg);
      if (g_str_equal (base, "orca"))
        return TRUE;
      if (!g_str_has_prefix (base, "python"))
        break;
    }
  return FALSE;
}

/* The applications on the desktop come from the registry and their process
 * ids from the bus itself: no application is asked anything, so one that
 * hangs cannot stall the watch. */
static gboolean
orca_on_desktop (void)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);
      if (app != NULL && process_is_orca (atspi_accessible_get_process_id (app, NULL)))
        return TRUE;
    }
  return FALSE;
}

void
ca_screen_reader_check (CaScreenReader *self)
{
  gboolean running = orca_on_desktop ();

  if (self->checked_once && running == self->running)
    return;
  self->checked_once = TRUE;
  self->running = running;
  g_debug ("A screen reader is %s", running ? "running" : "not running");
  g_signal_emit (self, signals[CHANGED], 0, running);
}

gboolean
ca_screen_reader_is_running (CaScreenReader *self)
{
  return self->running;
}

static gboolean
on_poll (gpointer data)
{
  ca_screen_reader_check (CA_SCREEN_READER (data));
  return G_SOURCE_CONTINUE;
}

static void
on_children_changed (AtspiEvent *event, void *data)
{
  CaScreenReader *self = data;
  if (event->source != NULL && atspi_accessible_get_role (event->source, NULL) == ATSPI_ROLE_DESKTOP_FRAME)
    ca_screen_reader_check (self);
  g_boxed_free (ATSPI_TYPE_EVENT, event);
}

CaScreenReader *
ca_screen_reader_new (void)
{
  CaScreenReader *self = g_object_new (CA_TYPE_SCREEN_READER, NULL);

  self->listener = atspi_event_listener_new (on_children_changed, self, NULL);
  atspi_event_listener_register (self->listener, "object:children-changed", NULL);
  self->poll = g_timeout_add_seconds (POLL_SECONDS, on_poll, self);
  return self;
}

static void
ca_screen_reader_dispose (GObject *object)
{
  CaScreenReader *self = CA_SCREEN_READER (object);
  if (self->listener != NULL)
    atspi_event_listener_deregister (self->listener, "object:children-changed", NULL);
  g_clear_object (&self->listener);
  g_clear_handle_id (&self->poll, g_source_remove);
  G_OBJECT_CLASS (ca_screen_reader_parent_class)->dispose (object);
}

static void
ca_screen_reader_class_init (CaScreenReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ca_screen_reader_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
ca_screen_reader_init (CaScreenReader *self)
{
}
