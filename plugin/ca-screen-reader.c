/* ca-screen-reader.c: Orca, seen as an application on the AT-SPI desktop. */
#include "ca-screen-reader.h"

#include "ca-atspi.h"

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

static gboolean
orca_on_desktop (void)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);
      g_autofree char *name = app != NULL ? atspi_accessible_get_name (app, NULL) : NULL;
      if (g_strcmp0 (name, "orca") == 0)
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
