/* ca-fill.c: a value put back into one control (ca-fill.h). */
#include "ca-fill.h"

#include "ca-error.h"
#include "ca-synth.h"

#include <gdk/gdk.h>
#include <stdio.h>

static gboolean
grab_focus (AtspiAccessible *obj, GError **error)
{
  g_autoptr(AtspiComponent) component = atspi_accessible_get_component_iface (obj);
  GError *local = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok;

  if (component == NULL)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_UNSUPPORTED, "the control cannot take the focus");
      return FALSE;
    }
  ok = atspi_component_grab_focus (component, &local);
  if (ca_call_failed (local, t0, error))
    return FALSE;
  if (!ok)
    g_set_error (error, CA_ERROR, CA_ERROR_UNSUPPORTED, "the control did not take the focus");
  return ok;
}

/* The text now in @obj, or NULL. */
static char *
text_of (AtspiAccessible *obj)
{
  g_autoptr(AtspiText) text = atspi_accessible_get_text_iface (obj);
  return text != NULL ? atspi_text_get_text (text, 0, -1, NULL) : NULL;
}

gboolean
ca_fill_text (AtspiAccessible *obj, const char *value, GError **error)
{
  g_autoptr(AtspiEditableText) editable = atspi_accessible_get_editable_text_iface (obj);

  /* GTK: set, and believed only when it reads back. */
  if (editable != NULL && atspi_editable_text_set_text_contents (editable, value, NULL))
    {
      g_autofree char *now = text_of (obj);
      if (g_strcmp0 (now, value) == 0)
        return TRUE;
    }
  return grab_focus (obj, error) && ca_synth_with_control (GDK_KEY_a, error) &&
         ca_synth_text (value, error);
}

gboolean
ca_fill_date_editor (AtspiAccessible *editor, const char *iso, GError **error)
{
  g_autoptr(GPtrArray) spins = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GString) typed = g_string_new (NULL);
  unsigned ymd[3];
  char tail;

  if (sscanf (iso, "%4u-%2u-%2u%c", &ymd[0], &ymd[1], &ymd[2], &tail) != 3)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID, "not a date as YYYY-MM-DD");
      return FALSE;
    }
  if (!ca_reader_date_parts (editor, spins, parts, error))
    return FALSE;
  if (spins->len != 3)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_UNSUPPORTED, "a date editor of %u parts", spins->len);
      return FALSE;
    }
  for (guint i = 0; i < parts->len; i++)
    {
      int part = g_array_index (parts, int, i);
      if (part < 0)
        {
          g_set_error (error, CA_ERROR, CA_ERROR_UNSUPPORTED, "a date part with no name");
          return FALSE;
        }
      /* Each part full width, so that the editor moves on by itself. */
      g_string_append_printf (typed, part == 0 ? "%04u" : "%02u", ymd[part]);
    }
  return grab_focus (spins->pdata[0], error) && ca_synth_text (typed->str, error);
}

/* The index of @list's child named @name, or -1. */
static int
child_named (AtspiAccessible *list, const char *name)
{
  int n = atspi_accessible_get_child_count (list, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) item = atspi_accessible_get_child_at_index (list, i, NULL);
      g_autofree char *item_name = item != NULL ? atspi_accessible_get_name (item, NULL) : NULL;
      if (g_strcmp0 (item_name, name) == 0)
        return i;
    }
  return -1;
}

static gboolean
chosen (AtspiAccessible *obj, const CaApp *app, const char *value)
{
  g_autofree char *now = ca_reader_read_value (obj, CG_KIND_CHOICE, app, NULL);
  return g_strcmp0 (now, value) == 0;
}

gboolean
ca_fill_choice (AtspiAccessible *obj, const CaApp *app, const char *value, GError **error)
{
  int n;

  if (chosen (obj, app, value))
    return TRUE;
  /* The items are the children of the box's list or menu (GTK, browsers);
   * the box or the list selects them. */
  n = atspi_accessible_get_child_count (obj, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) list = atspi_accessible_get_child_at_index (obj, i, NULL);
      AtspiAccessible *selectors[2] = { obj, list };
      int index = list != NULL ? child_named (list, value) : -1;

      if (index < 0)
        continue;
      for (guint s = 0; s < G_N_ELEMENTS (selectors); s++)
        {
          g_autoptr(AtspiSelection) selection = atspi_accessible_get_selection_iface (selectors[s]);
          if (selection != NULL && atspi_selection_select_child (selection, index, NULL) &&
              chosen (obj, app, value))
            return TRUE;
        }
    }
  /* Last: type the item's name into the box (a <select> finds it). */
  return grab_focus (obj, error) && ca_synth_text (value, error);
}

gboolean
ca_fill_check (AtspiAccessible *obj, gboolean ticked, GError **error)
{
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (obj);
  g_autoptr(AtspiAction) action = NULL;
  GError *local = NULL;
  gint64 t0;
  gboolean now = states != NULL && (atspi_state_set_contains (states, ATSPI_STATE_CHECKED) ||
                                    atspi_state_set_contains (states, ATSPI_STATE_PRESSED));

  if (now == ticked)
    return TRUE;
  action = atspi_accessible_get_action_iface (obj);
  if (action == NULL)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_UNSUPPORTED, "the box has no action");
      return FALSE;
    }
  /* Its first action ticks or unticks it: "click" (GTK), "check" or
   * "uncheck" (browsers). */
  t0 = g_get_monotonic_time ();
  atspi_action_do_action (action, 0, &local);
  return !ca_call_failed (local, t0, error);
}
