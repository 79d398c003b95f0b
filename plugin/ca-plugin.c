/* ca-plugin.c: focus and typing from AT-SPI, into the daemon and the lens. */
#include "ca-plugin.h"

#include "ca-atspi.h"
#include <string.h>

#include "cg-dbus.h"
#include "ca-collector.h"
#include "ca-error.h"
#include "ca-fill.h"
#include "ca-keys.h"
#include "ca-lens.h"
#include "ca-matcher.h"
#include "ca-reader.h"
#include "ca-screen-reader.h"
#include "ca-send-guard.h"
#include "ca-zoom.h"

#define DAEMON_NAME "org.claimguide.Daemon"
#define DAEMON_PATH "/org/claimguide/Daemon"

struct _CaPlugin {
  GObject parent;

  CgDBusReader1 *reader;
  CgDBusSpeech1 *speech;
  CgDBusProfiles1 *profiles;
  CgDBusGuide1 *guide;
  GDBusConnection *a11y_bus;   /* for the bulk cache; NULL when unreachable */

  GHashTable *apps;            /* bus name -> CaApp */
  GHashTable *silent;          /* bus name -> time until which it is left alone */
  GPtrArray *schemes;          /* CrScheme* */
  CaMatcher *matcher;

  /* The form in front of the senior. */
  char *form_key;              /* bus name + path of its window or document */
  CaMatch *form;
  GHashTable *roots;           /* control key -> form key, remembered */
  double page_zoom;            /* the profile's Lens.PageZoom */
  char *zoomed_key;            /* the web form last zoomed in */

  /* Its controls that are fields of its scheme, to read them all. */
  const CrScheme *form_scheme; /* NULL when it is no claim form */
  char *form_app;              /* its app's bus name */
  GPtrArray *form_controls;    /* FormControl*, in the form's order */
  GHashTable *form_index;      /* control key -> FormControl* */
  GHashTable *changed;         /* fields typed in or chosen, to send to the daemon */
  guint changed_source;

  /* The guide's keys and the Send guard. */
  CaKeys *keys;
  CaSendGuard guard;
  AtspiAccessible *send_control; /* the Send button with the focus, while guarded */
  guint guard_visit;           /* counts arrivals at Send and departures */
  GVariant *last_checked;      /* the complete values last checked, and what the check said */
  guint last_errors;
  guint say_why_source;
  guint said_subscription;     /* Helper1.Said: a helper's words for the lens */
  gboolean filling;            /* putting a draft back: focus moves are ours, not read */
  guint fill_source;           /* the form is read back when this fires */
  AtspiAccessible *fill_return; /* where the focus was before */
  guint quiet_checks;          /* checks in flight whose FocusField is not followed */
  gint64 quiet_until;

  /* The control with the focus. */
  AtspiAccessible *focus;
  CaControl *focus_info;
  const CaApp *focus_app;
  gint64 presented_at;         /* when focus_info was last sent to the daemon */
  char *focus_group;           /* the date field or combo box around the focus */
  char *focus_part;            /* the part of it that has the focus */

  CaLens *lens;
  char *lens_shots;
  guint n_shots;
  guint shot_source;
  CaScreenReader *screen_reader;
  AtspiEventListener *listener;
  char *language;
};

G_DEFINE_FINAL_TYPE (CaPlugin, ca_plugin, G_TYPE_OBJECT)

static const char *const events[] = {
  "object:state-changed:focused",
  "object:state-changed:checked",
  "object:text-changed:insert",
  "object:text-changed:delete",
  "object:selection-changed",
  "object:property-change:accessible-name",
  "object:property-change:accessible-value",
  "window:activate",
  "document:load-complete",
};

static char *
key_of (AtspiAccessible *obj)
{
  return g_strconcat (obj->parent.app ? obj->parent.app->bus_name : "", obj->parent.path, NULL);
}

/* ---- Apps that stop answering ---- */

/* An app that did not answer is left alone this long, so that the events
 * it sent before it stopped cost no more waiting; then it is tried again. */
#define SILENT_US (5 * G_USEC_PER_SEC)

static gboolean
app_left_alone (CaPlugin *self, const char *bus_name)
{
  gpointer until = g_hash_table_lookup (self->silent, bus_name);
  return until != NULL && g_get_monotonic_time () < *(gint64 *) until;
}

/* What to call an app that does not answer: its own name if we have it,
 * else its program's, which the bus (not the app) tells. */
static char *
name_for_silent_app (AtspiAccessible *obj, const CaApp *app)
{
  g_autofree char *comm_path = NULL;
  char *comm = NULL;
  guint pid;

  if (app != NULL && app->name != NULL && app->name[0] != '\0')
    return g_strdup (app->name);
  pid = obj != NULL ? atspi_accessible_get_process_id (obj, NULL) : 0;
  comm_path = g_strdup_printf ("/proc/%u/comm", pid);
  if (pid != 0 && g_file_get_contents (comm_path, &comm, NULL, NULL))
    return g_strstrip (comm);
  return g_strdup ("?");
}

static void
app_silent_on_bus (CaPlugin *self, const char *bus_name, AtspiAccessible *obj, const CaApp *app)
{
  gint64 *until = g_new (gint64, 1);
  gboolean known = g_hash_table_contains (self->silent, bus_name);
  g_autofree char *name = NULL;

  *until = g_get_monotonic_time () + SILENT_US;
  g_hash_table_insert (self->silent, g_strdup (bus_name), until);
  if (known)
    return;
  name = name_for_silent_app (obj, app);
  g_message ("%s stopped answering; going on without it", name);
  cg_dbus_reader1_call_app_not_answering (self->reader, name, NULL, NULL, NULL);
}

static void
app_silent (CaPlugin *self, const CaApp *app)
{
  app_silent_on_bus (self, app->bus_name, NULL, app);
}

static void
app_heard (CaPlugin *self, const char *bus_name)
{
  if (g_hash_table_remove (self->silent, bus_name) && g_hash_table_size (self->silent) == 0)
    cg_dbus_reader1_call_app_not_answering (self->reader, "", NULL, NULL, NULL);
}

static const CaApp *
app_for (CaPlugin *self, AtspiAccessible *obj, GError **error)
{
  const char *bus_name = obj->parent.app ? obj->parent.app->bus_name : "";
  CaApp *app = g_hash_table_lookup (self->apps, bus_name);

  if (app != NULL)
    return app;
  if (app_left_alone (self, bus_name))
    {
      g_set_error (error, CA_ERROR, CA_ERROR_NOT_ANSWERING, "left alone for now");
      return NULL;
    }
  app = ca_app_new_for (obj, error);
  if (app == NULL)
    {
      if (g_error_matches (*error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
        app_silent_on_bus (self, bus_name, obj, NULL);
      return NULL;
    }
  if (app->name == NULL || app->name[0] == '\0')
    {
      g_free (app->name);
      app->name = name_for_silent_app (obj, NULL); /* the program's name */
    }
  g_hash_table_insert (self->apps, g_strdup (bus_name), app);
  return app;
}

/* ---- The lens ---- */

/* A picture of the lens once it has settled (for the demo): taken from the
 * main loop, never from inside an event handler, since saving waits for the
 * lens to paint. */
static gboolean
on_lens_settled (gpointer data)
{
  CaPlugin *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("lens-%03u.png", ++self->n_shots);
  g_autofree char *path = g_build_filename (self->lens_shots, name, NULL);

  self->shot_source = 0;
  if (!ca_lens_save_png (self->lens, path, &error))
    g_warning ("Cannot save the lens as %s: %s", path, error->message);
  return G_SOURCE_REMOVE;
}

static void
lens_shot (CaPlugin *self)
{
  if (self->lens == NULL || self->lens_shots == NULL)
    return;
  g_clear_handle_id (&self->shot_source, g_source_remove);
  self->shot_source = g_timeout_add (400, on_lens_settled, self);
}

/* FALSE when the app did not answer (so nothing more is asked of it). */
static gboolean
lens_show (CaPlugin *self, AtspiAccessible *control, const CaControl *info, const CaApp *app)
{
  g_autoptr(AtspiComponent) component = NULL;
  g_autofree AtspiRect *r = NULL;
  g_autoptr(GError) error = NULL;
  GError *local = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (self->lens == NULL)
    return TRUE;
  component = atspi_accessible_get_component_iface (control);
  if (component != NULL)
    {
      r = atspi_component_get_extents (component, ATSPI_COORD_TYPE_SCREEN, &local);
      if (ca_call_failed (local, t0, &error) &&
          g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
        {
          app_silent (self, app);
          return FALSE;
        }
    }
  if (r != NULL)
    ca_lens_show_control (self->lens, info, r->x, r->y, r->width, r->height);
  else
    ca_lens_show_control (self->lens, info, -1, -1, -1, -1);
  lens_shot (self);
  return TRUE;
}

/* ---- The form's fields, read all at once ---- */

/* A control of the recognised form that is a field of its scheme: matched
 * by its label (CaMatch.field_for), or a box whose label is a choice of a
 * list field ("住院证明" is one of the papers of `documents`). */
typedef struct {
  AtspiAccessible *obj;
  char *field;
  char *label;          /* cleaned: a box's own text, the choice it stands for */
  /* What took the focus for it when the senior was on it, if not itself:
   * GTK 3's combo box cannot take the focus (grab_focus answers FALSE) and
   * does not list the button inside it that does. */
  AtspiAccessible *focus_target;
} FormControl;

static void
form_control_free (gpointer p)
{
  FormControl *fc = p;

  g_object_unref (fc->obj);
  g_clear_object (&fc->focus_target);
  g_free (fc->field);
  g_free (fc->label);
  g_free (fc);
}

/* Reading every field of a form costs a round trip or two a control (a
 * 300-field page reads in about 0.3 s); one that takes longer than this is
 * given up, and its app left alone, as when one read times out. */
#define READ_FIELDS_BUDGET_US (2 * CA_ATSPI_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND)
/* A field typed in is sent to the daemon once typing pauses this long. */
#define FIELD_UPDATE_DELAY_MS 300

/* The list field of @scheme that has a choice called @label, or NULL. */
static const char *
list_field_for_choice (const CrScheme *scheme, const char *label)
{
  if (label == NULL || label[0] == '\0')
    return NULL;
  for (guint f = 0; f < cr_scheme_get_n_fields (scheme); f++)
    {
      const CrField *field = cr_scheme_get_field (scheme, f);
      if (cr_field_get_field_type (field) == CR_FIELD_LIST &&
          cr_field_match_choice (field, label) != NULL)
        return cr_field_get_name (field);
    }
  return NULL;
}

static void
forget_checked (CaPlugin *self)
{
  g_clear_pointer (&self->last_checked, g_variant_unref);
  self->last_errors = 0;
}

static gboolean on_changed_fields (gpointer data);
static void send_guard_leave (CaPlugin *self);

/* Keeps the recognised form's field controls from @found. */
static void
remember_form_controls (CaPlugin *self, const CaCollected *found, const CaApp *app)
{
  /* Typing not sent yet belongs to the controls known until now. */
  if (self->changed_source != 0)
    {
      g_clear_handle_id (&self->changed_source, g_source_remove);
      on_changed_fields (self);
    }
  g_clear_pointer (&self->form_controls, g_ptr_array_unref);
  g_hash_table_remove_all (self->form_index);
  g_hash_table_remove_all (self->changed);
  forget_checked (self);
  g_free (self->form_app);
  self->form_app = g_strdup (app->bus_name);
  self->form_scheme = NULL;
  for (guint i = 0; self->form->scheme != NULL && i < self->schemes->len; i++)
    if (g_strcmp0 (cr_scheme_get_id (self->schemes->pdata[i]), self->form->scheme) == 0)
      self->form_scheme = self->schemes->pdata[i];
  self->form_controls = g_ptr_array_new_with_free_func (form_control_free);
  if (self->form_scheme == NULL)
    {
      send_guard_leave (self);
      ca_keys_forget_send (self->keys);
      return;
    }
  for (guint i = 0; i < found->ids->len; i++)
    {
      const char *field = g_hash_table_lookup (self->form->field_for, found->ids->pdata[i]);
      g_autofree char *label = ca_label_clean (found->labels->pdata[i], NULL);
      FormControl *fc;

      if (field == NULL)
        field = list_field_for_choice (self->form_scheme, label);
      if (field == NULL)
        continue;
      fc = g_new0 (FormControl, 1);
      fc->obj = g_object_ref (found->controls->pdata[i]);
      fc->field = g_strdup (field);
      fc->label = g_steal_pointer (&label);
      g_ptr_array_add (self->form_controls, fc);
      g_hash_table_insert (self->form_index, key_of (fc->obj), fc);
    }
}

/* What a field's controls say, gathered in the form's order. */
typedef struct {
  GPtrArray *texts;     /* values as typed or chosen ("" too) */
  char *editor;         /* a date editor's whole date */
  GPtrArray *ticked;    /* the labels of the boxes and radio buttons ticked */
} FieldParts;

static void
field_parts_free (gpointer p)
{
  FieldParts *parts = p;

  g_ptr_array_unref (parts->texts);
  g_ptr_array_unref (parts->ticked);
  g_free (parts->editor);
  g_free (parts);
}

/* Reads what @fc adds to its field (of type @type) into @parts.  FALSE with
 * @error when the app did not answer or the control went. */
static gboolean
read_form_control (const FormControl *fc, const CaApp *app, CrFieldType type, FieldParts *parts,
                   GError **error)
{
  GError *local = NULL;
  gint64 t0 = g_get_monotonic_time ();
  AtspiRole role = atspi_accessible_get_role (fc->obj, &local);
  CgKind kind;
  char *value;

  if (ca_call_failed (local, t0, error))
    return FALSE;
  kind = ca_kind_for_role (role);
  if (kind == CG_KIND_CHECK || kind == CG_KIND_RADIO)
    {
      g_autoptr(AtspiStateSet) states = NULL;
      gboolean ticked;

      t0 = g_get_monotonic_time ();
      states = atspi_accessible_get_state_set (fc->obj);
      /* This getter reports no error: a wait as long as the timeout says it. */
      if (g_get_monotonic_time () - t0 >= CA_ATSPI_TIMEOUT_MS * 800)
        {
          g_set_error (error, CA_ERROR, CA_ERROR_NOT_ANSWERING, "no answer for the states");
          return FALSE;
        }
      if (states == NULL || atspi_state_set_contains (states, ATSPI_STATE_DEFUNCT))
        {
          g_set_error (error, CA_ERROR, CA_ERROR_GONE, "the control is gone");
          return FALSE;
        }
      ticked = atspi_state_set_contains (states, ATSPI_STATE_CHECKED) ||
               atspi_state_set_contains (states, ATSPI_STATE_PRESSED);
      /* A yes-or-no field as one box; otherwise a box or radio button is
       * the choice its label names. */
      if (type == CR_FIELD_BOOLEAN && kind == CG_KIND_CHECK)
        g_ptr_array_add (parts->texts, g_strdup (ticked ? "yes" : "no"));
      else if (ticked)
        g_ptr_array_add (parts->ticked, g_strdup (fc->label));
      return TRUE;
    }
  if (kind == CG_KIND_BUTTON || kind == CG_KIND_LINK || kind == CG_KIND_OTHER)
    return TRUE; /* nothing typed or chosen */
  value = ca_reader_read_value (fc->obj, kind, app, error);
  if (value == NULL)
    return FALSE;
  if (role != ATSPI_ROLE_DATE_EDITOR)
    g_ptr_array_add (parts->texts, g_strstrip (value));
  else if (parts->editor == NULL)
    parts->editor = value;
  else
    g_free (value);
  return TRUE;
}

static char *
join_nonempty (GPtrArray *a, GPtrArray *b, const char *separator)
{
  g_autoptr(GString) out = g_string_new (NULL);
  GPtrArray *both[] = { a, b };

  for (guint k = 0; k < G_N_ELEMENTS (both); k++)
    for (guint i = 0; both[k] != NULL && i < both[k]->len; i++)
      {
        const char *s = both[k]->pdata[i];
        if (s[0] == '\0')
          continue;
        if (out->len > 0)
          g_string_append (out, separator);
        g_string_append (out, s);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A field's value from what its controls said: a list joins its items (a
 * box ticked is the choice its label names; the daemon matches labels to
 * choice ids), a date editor's date is the date, a date in several boxes
 * (year, month, day) is joined with "-"; otherwise the first value given. */
static char *
field_value (CrFieldType type, const FieldParts *parts)
{
  if (type == CR_FIELD_LIST)
    return join_nonempty (parts->texts, parts->ticked, ";");
  if (parts->editor != NULL)
    return g_strdup (parts->editor);
  if (type == CR_FIELD_DATE)
    return join_nonempty (parts->texts, NULL, "-");
  for (guint i = 0; i < parts->texts->len; i++)
    if (((const char *) parts->texts->pdata[i])[0] != '\0')
      return g_strdup (parts->texts->pdata[i]);
  return g_strdup (parts->ticked->len > 0 ? parts->ticked->pdata[0] : "");
}

/* The values of the recognised form's fields (@only: just the fields in
 * this set), as a{ss} in the form's order, empty ones too; NULL when it is
 * no claim form or its app does not answer (which then is left alone, as
 * when reading the focus times out).  *complete: every control was read. */
static GVariant *
read_fields (CaPlugin *self, GHashTable *only, gboolean *complete)
{
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GPtrArray) order = NULL;
  const CaApp *app;
  GVariantBuilder b;
  gboolean all_read = TRUE;
  gint64 start = g_get_monotonic_time ();

  *complete = FALSE;
  if (self->form_scheme == NULL || self->form_controls == NULL || self->form_app == NULL)
    return NULL;
  app = g_hash_table_lookup (self->apps, self->form_app);
  if (app == NULL || app_left_alone (self, app->bus_name))
    return NULL;
  parts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, field_parts_free);
  order = g_ptr_array_new ();
  for (guint i = 0; i < self->form_controls->len; i++)
    {
      const FormControl *fc = self->form_controls->pdata[i];
      const CrField *field = cr_scheme_lookup_field (self->form_scheme, fc->field);
      CrFieldType type = field != NULL ? cr_field_get_field_type (field) : CR_FIELD_TEXT;
      FieldParts *p;
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();

      if (only != NULL && !g_hash_table_contains (only, fc->field))
        continue;
      p = g_hash_table_lookup (parts, fc->field);
      if (p == NULL)
        {
          p = g_new0 (FieldParts, 1);
          p->texts = g_ptr_array_new_with_free_func (g_free);
          p->ticked = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (parts, fc->field, p);
          g_ptr_array_add (order, fc->field);
        }
      if (!read_form_control (fc, app, type, p, &error))
        {
          /* Some getters hide a timeout as an empty answer: a read that
           * failed after waiting that long failed for it. */
          if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING) ||
              g_get_monotonic_time () - t0 >= CA_ATSPI_TIMEOUT_MS * 800)
            {
              app_silent (self, app);
              return NULL;
            }
          g_debug ("A control of field %s could not be read: %s", fc->field, error->message);
          all_read = FALSE;
        }
      if (g_get_monotonic_time () - start >= READ_FIELDS_BUDGET_US)
        {
          g_debug ("Reading the form's fields took over %d ms: given up",
                   (int) (READ_FIELDS_BUDGET_US / 1000));
          app_silent (self, app);
          return NULL;
        }
    }
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < order->len; i++)
    {
      const char *name = order->pdata[i];
      const CrField *field = cr_scheme_lookup_field (self->form_scheme, name);
      g_autofree char *value = field_value (field != NULL ? cr_field_get_field_type (field)
                                                          : CR_FIELD_TEXT,
                                            g_hash_table_lookup (parts, name));
      g_variant_builder_add (&b, "{ss}", name, value);
    }
  g_debug ("Read %u fields in %.1f ms", order->len, (g_get_monotonic_time () - start) / 1000.0);
  *complete = all_read && only == NULL;
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static void
on_fields_set (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!cg_dbus_reader1_call_set_fields_finish (CG_DBUS_READER1 (source), result, &error))
    g_debug ("The daemon did not take the form's fields: %s", error->message);
}

static void
set_fields (CaPlugin *self, GVariant *values, gboolean complete)
{
  cg_dbus_reader1_call_set_fields (self->reader, values, complete, NULL, on_fields_set, NULL);
}

/* Reads every field and tells the daemon (typing not yet sent is in it). */
static GVariant *
send_all_fields (CaPlugin *self, gboolean *complete)
{
  GVariant *values;

  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_hash_table_remove_all (self->changed);
  values = read_fields (self, NULL, complete);
  if (values != NULL)
    set_fields (self, values, *complete);
  return values;
}

static gboolean
on_changed_fields (gpointer data)
{
  CaPlugin *self = data;
  g_autoptr(GVariant) values = NULL;
  gboolean complete;

  self->changed_source = 0;
  if (g_hash_table_size (self->changed) == 0)
    return G_SOURCE_REMOVE;
  values = read_fields (self, self->changed, &complete);
  g_hash_table_remove_all (self->changed);
  if (values != NULL && g_variant_n_children (values) > 0)
    set_fields (self, values, FALSE);
  return G_SOURCE_REMOVE;
}

/* The recognised form's control that has the focus, or whose date field or
 * combo box has it; NULL when it is no field. */
static const FormControl *
form_control_of_focus (CaPlugin *self)
{
  g_autofree char *key = NULL;
  const FormControl *fc;

  if (self->focus == NULL || self->form_controls == NULL)
    return NULL;
  key = key_of (self->focus);
  fc = g_hash_table_lookup (self->form_index, key);
  if (fc == NULL && self->focus_group != NULL)
    fc = g_hash_table_lookup (self->form_index, self->focus_group);
  return fc;
}

/* The focused field's value changed: the daemon's copy of the claim is
 * brought up to date @now (a choice) or once typing pauses. */
static void
field_changed (CaPlugin *self, gboolean now)
{
  const FormControl *fc = form_control_of_focus (self);

  if (fc == NULL || (self->focus_info != NULL && self->focus_info->kind == CG_KIND_PASSWORD))
    return;
  g_hash_table_add (self->changed, g_strdup (fc->field));
  g_clear_handle_id (&self->changed_source, g_source_remove);
  if (now)
    on_changed_fields (self);
  else
    self->changed_source = g_timeout_add (FIELD_UPDATE_DELAY_MS, on_changed_fields, self);
}

/* ---- The guide ---- */

/* How long after a check that should not move the focus (Send pressed
 * while an error remains) its FocusField may still come. */
#define QUIET_GRACE_US (500 * G_TIME_SPAN_MILLISECOND)

typedef struct {
  CaPlugin *self;
  GVariant *values;     /* the complete values checked, or NULL */
  guint visit;          /* guard_visit when asked */
  gboolean at_send;     /* asked because of the Send button */
  gboolean quiet;       /* FocusField is not followed */
} CheckCall;

static void
on_checked (GObject *source, GAsyncResult *result, gpointer data)
{
  CheckCall *call = data;
  CaPlugin *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  guint errors = 0;
  gboolean ok = cg_dbus_guide1_call_check_finish (CG_DBUS_GUIDE1 (source), &errors, &field,
                                                  result, &error);

  if (call->quiet)
    {
      self->quiet_checks--;
      self->quiet_until = g_get_monotonic_time () + QUIET_GRACE_US;
    }
  if (!ok)
    g_debug ("The guide's check failed: %s", error->message);
  else
    {
      g_debug ("The guide's check: %u errors, the first in %s", errors, field[0] ? field : "-");
      forget_checked (self);
      if (call->values != NULL && call->at_send)
        {
          self->last_checked = g_variant_ref (call->values);
          self->last_errors = errors;
        }
    }
  if (call->visit == self->guard_visit)
    ca_send_guard_checked (&self->guard, errors, ok);
  g_clear_pointer (&call->values, g_variant_unref);
  g_object_unref (call->self);
  g_free (call);
}

/* Guide1.Check: the daemon checks the values it has and says the outcome.
 * @values: the complete values it was just given, to remember what was
 * checked.  @at_send: asked because of the Send button.  @quiet: its
 * FocusField is not followed. */
static void
guide_check (CaPlugin *self, GVariant *values, gboolean at_send, gboolean quiet)
{
  CheckCall *call = g_new0 (CheckCall, 1);

  call->self = g_object_ref (self);
  call->values = values != NULL ? g_variant_ref (values) : NULL;
  call->visit = self->guard_visit;
  call->at_send = at_send;
  call->quiet = quiet;
  if (quiet)
    self->quiet_checks++;
  cg_dbus_guide1_call_check (self->guide, g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                             NULL, on_checked, call);
}

static void
on_guide_called (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);

  if (reply == NULL)
    g_debug ("The guide did not take %s: %s", (const char *) data, error->message);
}

/* The check key, or the focus on Send: every field read, then checked. */
static void
check_now (CaPlugin *self)
{
  g_autoptr(GVariant) values = NULL;
  gboolean complete = FALSE;

  if (self->form_scheme != NULL)
    {
      values = send_all_fields (self, &complete);
      if (values == NULL)
        return; /* its app does not answer: that is said already */
    }
  guide_check (self, complete ? values : NULL, FALSE, FALSE);
}

static void present (CaPlugin *self);

/* The guide's words wait for the next control's (FocusField): when the
 * focus does not move, they are said with the control the senior is on. */
static void
present_again (CaPlugin *self)
{
  if (self->focus_info != NULL)
    present (self);
}

typedef struct {
  const FormControl *fc;
  gint y, x;
} Placed;

static gint
placed_cmp (gconstpointer a, gconstpointer b)
{
  const Placed *p = a, *q = b;
  return p->y != q->y ? (p->y < q->y ? -1 : 1) : (p->x < q->x ? -1 : p->x > q->x);
}

/* The form's controls for @field, top to bottom and left to right on the
 * screen (a list of check boxes is one field; toolkits list their children
 * in any order: GtkGrid last row first). */
static GPtrArray *
field_controls_in_order (CaPlugin *self, const char *field)
{
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  GPtrArray *out = g_ptr_array_new ();

  guint n = 0;

  for (guint i = 0; i < self->form_controls->len; i++)
    n += g_str_equal (((const FormControl *) self->form_controls->pdata[i])->field, field);
  for (guint i = 0; i < self->form_controls->len; i++)
    {
      const FormControl *fc = self->form_controls->pdata[i];
      Placed p = { fc, G_MAXINT, G_MAXINT };

      if (!g_str_equal (fc->field, field))
        continue;
      if (n > 1)
        {
          g_autoptr(AtspiComponent) component = atspi_accessible_get_component_iface (fc->obj);
          AtspiRect *r = component != NULL
            ? atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, NULL) : NULL;
          if (r != NULL)
            {
              p.y = r->y;
              p.x = r->x;
              g_boxed_free (ATSPI_TYPE_RECT, r);
            }
        }
      g_array_append_val (placed, p);
    }
  if (placed->len > 1)
    g_array_sort (placed, placed_cmp);
  for (guint i = 0; i < placed->len; i++)
    g_ptr_array_add (out, (gpointer) g_array_index (placed, Placed, i).fc);
  return out;
}

/* FocusField: the keyboard focus to the control of @field (the first of a
 * list's boxes).  The focus event that follows is read as usual. */
static void
on_focus_field (CgDBusGuide1 *guide, const char *field, gpointer data)
{
  CaPlugin *self = data;
  const CaApp *app;
  g_autoptr(GPtrArray) candidates = NULL;

  /* The senior pressed Send with an error left: the focus stays there, so
   * that pressing again sends. */
  if (self->quiet_checks > 0 || g_get_monotonic_time () < self->quiet_until)
    {
      g_debug ("Not moving to %s: Send was pressed", field);
      present_again (self);
      return;
    }
  if (self->form_controls == NULL || self->form_app == NULL ||
      (app = g_hash_table_lookup (self->apps, self->form_app)) == NULL ||
      app_left_alone (self, app->bus_name))
    {
      present_again (self);
      return;
    }
  candidates = field_controls_in_order (self, field);
  for (guint i = 0; i < candidates->len; i++)
    {
      const FormControl *fc = candidates->pdata[i];
      AtspiAccessible *targets[] = { fc->obj, fc->focus_target };

      for (guint t = 0; t < G_N_ELEMENTS (targets) && targets[t] != NULL; t++)
        {
          g_autoptr(AtspiComponent) component = atspi_accessible_get_component_iface (targets[t]);
          g_autoptr(GError) error = NULL;
          GError *local = NULL;
          gint64 t0 = g_get_monotonic_time ();
          gboolean grabbed;

          if (component == NULL)
            continue;
          grabbed = atspi_component_grab_focus (component, &local);
          if (ca_call_failed (local, t0, &error))
            {
              if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
                {
                  app_silent (self, app);
                  return;
                }
              g_debug ("A control of %s did not take the focus: %s", field, error->message);
              continue;
            }
          if (grabbed)
            return;
        }
    }
  g_debug ("No control of the form took the focus for %s", field);
  present_again (self);
}

/* ---- A helper's words ---- */

static void
on_helper_said (GDBusConnection *connection, const char *sender, const char *path,
                const char *iface, const char *signal, GVariant *params, gpointer data)
{
  CaPlugin *self = data;
  const char *text = NULL;

  if (self->lens == NULL || !g_variant_is_of_type (params, G_VARIANT_TYPE ("(s)")))
    return;
  g_variant_get (params, "(&s)", &text);
  ca_lens_show_helper_words (self->lens, text);
}

/* ---- Putting a draft back on the form ---- */

/* After the last key typed for the senior, how long before the form is
 * read back: the app takes typed keys in its own time. */
#define FILL_SETTLE_MS 800

static gboolean
on_filled (gpointer data)
{
  CaPlugin *self = data;
  g_autoptr(GVariant) values = NULL;
  gboolean complete = FALSE;

  self->fill_source = 0;
  /* Back where the senior was, without reading it out over the guide's
   * words: the focus event of this move is still ours. */
  if (self->fill_return != NULL)
    {
      g_autoptr(AtspiComponent) component = atspi_accessible_get_component_iface (self->fill_return);
      if (component != NULL)
        atspi_component_grab_focus (component, NULL);
      g_clear_object (&self->fill_return);
      self->fill_source = g_timeout_add (FILL_SETTLE_MS / 2, on_filled, self);
      return G_SOURCE_REMOVE;
    }
  self->filling = FALSE;
  values = send_all_fields (self, &complete);
  g_debug ("The draft is back on the form (%s)", complete ? "read back" : "not all read back");
  return G_SOURCE_REMOVE;
}

/* @value back into @field's controls (the first of them that takes text;
 * every box of a list).  FALSE when the app stopped answering. */
static gboolean
fill_field (CaPlugin *self, const CaApp *app, const char *field, const char *value)
{
  const CrField *f = cr_scheme_lookup_field (self->form_scheme, field);
  CrFieldType type = f != NULL ? cr_field_get_field_type (f) : CR_FIELD_TEXT;
  g_autoptr(GPtrArray) controls = field_controls_in_order (self, field);
  g_auto(GStrv) items = type == CR_FIELD_LIST ? g_strsplit (value, ";", -1) : NULL;
  gboolean typed = FALSE;

  for (guint i = 0; i < controls->len; i++)
    {
      const FormControl *fc = controls->pdata[i];
      g_autoptr(GError) error = NULL;
      GError *local = NULL;
      gint64 t0 = g_get_monotonic_time ();
      AtspiRole role = atspi_accessible_get_role (fc->obj, &local);
      gboolean ok = TRUE;

      if (ca_call_failed (local, t0, &error))
        ok = FALSE;
      else
        switch (ca_kind_for_role (role))
          {
          case CG_KIND_CHECK:
          case CG_KIND_RADIO:
            ok = ca_fill_check (fc->obj,
                                type == CR_FIELD_BOOLEAN && role == ATSPI_ROLE_CHECK_BOX
                                  ? g_str_equal (value, "yes")
                                  : items != NULL ? g_strv_contains ((const char *const *) items, fc->label)
                                                  : g_str_equal (value, fc->label),
                                &error);
            break;
          case CG_KIND_CHOICE:
            ok = typed || ca_fill_choice (fc->obj, app, value, &error);
            typed = TRUE;
            break;
          case CG_KIND_DATE:
            ok = typed || (role == ATSPI_ROLE_DATE_EDITOR ? ca_fill_date_editor (fc->obj, value, &error)
                                                          : ca_fill_text (fc->obj, value, &error));
            typed = TRUE;
            break;
          case CG_KIND_TEXT:
          case CG_KIND_MULTILINE:
          case CG_KIND_NUMBER:
            ok = typed || ca_fill_text (fc->obj, value, &error);
            typed = TRUE;
            break;
          default:
            break; /* a password, a button: nothing put back */
          }
      if (!ok)
        {
          if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
            {
              app_silent (self, app);
              return FALSE;
            }
          g_debug ("A control of %s was not filled: %s", field, error->message);
        }
    }
  return TRUE;
}

/* FillFields: the guide puts a draft's values back (Guide1.Refill). */
static void
on_fill_fields (CgDBusGuide1 *guide, GVariant *fields, gpointer data)
{
  CaPlugin *self = data;
  const CaApp *app;
  GVariantIter iter;
  const char *field, *value;

  if (self->form_controls == NULL || self->form_app == NULL ||
      (app = g_hash_table_lookup (self->apps, self->form_app)) == NULL ||
      app_left_alone (self, app->bus_name))
    {
      g_debug ("No claim form to put the draft back on");
      return;
    }
  self->filling = TRUE;
  if (self->fill_return == NULL && self->focus != NULL)
    self->fill_return = g_object_ref (self->focus);
  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&s&s}", &field, &value))
    {
      g_debug ("Putting %s back", field);
      if (!fill_field (self, app, field, value))
        break;
    }
  g_clear_handle_id (&self->fill_source, g_source_remove);
  self->fill_source = g_timeout_add (FILL_SETTLE_MS, on_filled, self);
}

/* ---- The Send guard ---- */

/* Is @control (read as @info) the recognised claim form's Send button? */
static gboolean
is_send_button (CaPlugin *self, AtspiAccessible *control, const CaControl *info)
{
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;

  if (self->form_scheme == NULL || info == NULL || info->kind != CG_KIND_BUTTON ||
      self->form->send_names == NULL)
    return FALSE;
  key = key_of (control);
  if (g_strcmp0 (g_hash_table_lookup (self->roots, key), self->form_key) != 0)
    return FALSE;
  name = ca_label_key (info->label);
  for (guint i = 0; name != NULL && i < self->form->send_names->len; i++)
    if (g_str_equal (name, self->form->send_names->pdata[i]))
      return TRUE;
  return FALSE;
}

static void
send_guard_leave (CaPlugin *self)
{
  if (self->send_control == NULL)
    return;
  g_clear_object (&self->send_control);
  self->guard_visit++;
  ca_send_guard_leave (&self->guard);
  ca_keys_hold_send (self->keys, FALSE);
  g_clear_handle_id (&self->say_why_source, g_source_remove);
}

/* The first press held back: the daemon checks again and says what is
 * wrong; the focus stays on Send, so that pressing again sends. */
static gboolean
on_say_why (gpointer data)
{
  CaPlugin *self = data;
  g_autoptr(GVariant) values = NULL;
  gboolean complete = FALSE;

  self->say_why_source = 0;
  if (self->send_control == NULL)
    return G_SOURCE_REMOVE;
  values = send_all_fields (self, &complete);
  guide_check (self, values != NULL && complete ? values : NULL, TRUE, TRUE);
  return G_SOURCE_REMOVE;
}

/* The focus is on @control: when it is the Send button, every field is
 * read and the daemon checks the claim; while an error remains, Enter and
 * Space there are held back (ca-send-guard.h).  Called after the control
 * was presented: its words come first. */
static void
send_guard_follow (CaPlugin *self, AtspiAccessible *control, const CaControl *info)
{
  g_autoptr(GVariant) values = NULL;
  gboolean complete = FALSE;
  g_autofree char *key = NULL;
  g_autofree char *guarded = NULL;

  if (!is_send_button (self, control, info))
    {
      send_guard_leave (self);
      return;
    }
  key = key_of (control);
  guarded = self->send_control != NULL ? key_of (self->send_control) : NULL;
  if (g_strcmp0 (key, guarded) == 0)
    return; /* the same focus said again */
  send_guard_leave (self);
  self->send_control = g_object_ref (control);
  self->guard_visit++;
  ca_keys_hold_send (self->keys, TRUE);
  /* Held from now on until the check answers (a key may come while the
   * fields are read). */
  ca_send_guard_enter (&self->guard, TRUE, 0);
  values = read_fields (self, NULL, &complete);
  if (values == NULL)
    {
      /* Nothing can be checked: nothing is held. */
      ca_send_guard_checked (&self->guard, 0, FALSE);
      return;
    }
  /* Back on Send with nothing changed since the check here found errors
   * (and moved the focus to the first): the senior has heard them and came
   * back, so the focus stays; Send held once, then theirs to press. */
  if (complete && self->last_checked != NULL && self->last_errors > 0 &&
      g_variant_equal (values, self->last_checked))
    {
      ca_send_guard_checked (&self->guard, self->last_errors, TRUE);
      if (self->guard.held_at != 0 && self->say_why_source == 0)
        self->say_why_source = g_idle_add (on_say_why, self);
      return;
    }
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_hash_table_remove_all (self->changed);
  set_fields (self, values, complete);
  guide_check (self, complete ? values : NULL, TRUE, FALSE);
}

/* Return, KP_Enter or space on Send, while the app waits for the answer:
 * answered from the guard alone, without calling any app. */
static gboolean
on_send_key (CaKeys *keys, guint keysym, gpointer data)
{
  CaPlugin *self = data;

  switch (ca_send_guard_press (&self->guard, g_get_monotonic_time ()))
    {
    case CA_SEND_HOLD_FIRST:
      g_debug ("Send held back: %u errors", self->guard.errors);
      if (self->say_why_source == 0)
        self->say_why_source = g_idle_add (on_say_why, self);
      return TRUE;
    case CA_SEND_HOLD:
      return TRUE;
    case CA_SEND_PASS:
    default:
      /* The app gets it: the claim is sent (its draft can go). */
      cg_dbus_reader1_call_form_sent (self->reader, NULL, NULL, NULL);
      return FALSE;
    }
}

/* One of the guide's keys (the app never saw it). */
static void
on_key_action (CaKeys *keys, const char *name, gpointer data)
{
  CaPlugin *self = data;
  CaKeyAction action;

  if (!ca_key_action_from_name (name, &action))
    return;
  g_debug ("The guide's key %s", name);
  switch (action)
    {
    case CA_KEY_NEXT_STEP:
      if (self->form_scheme != NULL && !cg_dbus_guide1_get_active (self->guide))
        {
          /* The guide begins at the first step; the steps that follow
           * depend on the claim so far (its claim type), so it has that. */
          gboolean complete;
          GVariant *values = send_all_fields (self, &complete);
          if (values != NULL)
            g_variant_unref (values);
          cg_dbus_guide1_call_start (self->guide, "", NULL, on_guide_called, (gpointer) "Start");
        }
      else
        cg_dbus_guide1_call_next (self->guide, NULL, on_guide_called, (gpointer) "Next");
      break;
    case CA_KEY_PREVIOUS_STEP:
      cg_dbus_guide1_call_back (self->guide, NULL, on_guide_called, (gpointer) "Back");
      break;
    case CA_KEY_REPEAT:
      cg_dbus_guide1_call_repeat (self->guide, NULL, on_guide_called, (gpointer) "Repeat");
      break;
    case CA_KEY_WHERE_AM_I:
      cg_dbus_guide1_call_where (self->guide, NULL, on_guide_called, (gpointer) "Where");
      break;
    case CA_KEY_HELP:
      cg_dbus_guide1_call_help (self->guide, NULL, on_guide_called, (gpointer) "Help");
      break;
    case CA_KEY_REFILL:
      cg_dbus_guide1_call_refill (self->guide, NULL, on_guide_called, (gpointer) "Refill");
      break;
    /* Only the senior's own key (this connection) or the notification says
     * yes to a helper. */
    case CA_KEY_ALLOW_HELPER:
    case CA_KEY_DENY_HELPER:
      g_dbus_connection_call (g_dbus_proxy_get_connection (G_DBUS_PROXY (self->guide)),
                              "org.claimguide.Daemon", "/org/claimguide/Daemon",
                              "org.claimguide.Helper1",
                              action == CA_KEY_ALLOW_HELPER ? "Allow" : "Withdraw", NULL, NULL,
                              G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
      break;
    case CA_KEY_CHECK_NOW:
      check_now (self);
      break;
    case CA_N_KEY_ACTIONS:
    default:
      break;
    }
}

/* ---- Recognising the form ---- */

static void
send_form (CaPlugin *self, const char *title)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "scheme",
                         g_variant_new_string (self->form && self->form->scheme ? self->form->scheme : ""));
  g_variant_builder_add (&b, "{sv}", "title", g_variant_new_string (title ? title : ""));
  g_variant_builder_add (&b, "{sv}", "matched", g_variant_new_uint32 (self->form ? self->form->matched : 0));
  g_variant_builder_add (&b, "{sv}", "fields", g_variant_new_uint32 (self->form ? self->form->n_fields : 0));
  cg_dbus_reader1_call_set_form (self->reader, g_variant_builder_end (&b), NULL, NULL, NULL);
}

/* A claim form on a web page is zoomed in by the profile's factor, once per
 * page: after that the senior's own Ctrl+= and Ctrl+- are theirs. */
static void
zoom_form (CaPlugin *self, const CaApp *app)
{
  g_autoptr(GError) error = NULL;
  guint steps = ca_zoom_steps (app->toolkit, self->page_zoom);

  if (steps == 0 || self->form->scheme == NULL ||
      g_strcmp0 (self->zoomed_key, self->form_key) == 0)
    return;
  g_free (self->zoomed_key);
  self->zoomed_key = g_strdup (self->form_key);
  if (!ca_zoom_page (steps, &error))
    g_warning ("Could not zoom the form in: %s", error->message);
  else
    g_debug ("Zoomed the form to %.0f%%", ca_zoom_reached (app->toolkit, steps) * 100);
}

/* Browsers also finish loading pages made in advance and not shown (a new
 * tab's page): those must not take the place of the form in front. */
static gboolean
is_showing (AtspiAccessible *obj)
{
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (obj);
  return states != NULL && atspi_state_set_contains (states, ATSPI_STATE_SHOWING);
}

/* @again: collect even when this is the form already known (a page that
 * finished loading may have more controls than when it was first seen). */
static void
recognise (CaPlugin *self, AtspiAccessible *root, const CaApp *app, gboolean again)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = key_of (root);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(CaCollected) found = NULL;

  if (!again && g_strcmp0 (key, self->form_key) == 0)
    return;
  found = ca_collect (root, app, self->a11y_bus, &error);
  if (found == NULL)
    {
      if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
        app_silent (self, app);
      g_debug ("Cannot collect the form's controls: %s", error->message);
      return;
    }
  /* Browsers finish loading pages nobody looks at (an empty frame, a new
   * tab made in advance): those do not take the place of the form. */
  if (again && found->ids->len == 0)
    return;
  g_free (self->form_key);
  self->form_key = g_steal_pointer (&key);
  g_clear_pointer (&self->form, ca_match_free);
  self->form = ca_matcher_match (self->matcher, found->title, found->address,
                                 (const char *const *) found->ids->pdata,
                                 (const char *const *) found->labels->pdata, found->ids->len);
  remember_form_controls (self, found, app);
  for (guint i = 0; i < found->ids->len; i++)
    g_hash_table_insert (self->roots, g_strconcat (app->bus_name, found->ids->pdata[i], NULL),
                         g_strdup (self->form_key));
  for (guint i = 0; i < found->ids->len && g_getenv ("CLAIMGUIDE_DEBUG_FORMS") != NULL; i++)
    g_debug ("  control %s: “%s”", (char *) found->ids->pdata[i], (char *) found->labels->pdata[i]);
  g_debug ("Form “%s” of %u controls: %s (%u fields) in %.1f ms", found->title, found->ids->len,
           self->form->scheme ? self->form->scheme : "no claim form", self->form->matched,
           (g_get_monotonic_time () - t0) / 1000.0);
  send_form (self, found->title);
  zoom_form (self, app);
}

/* The form that @control is on: known from the last collection, else found
 * by walking up to its window or document and collecting that. */
static void
recognise_around (CaPlugin *self, AtspiAccessible *control, const CaApp *app)
{
  g_autofree char *key = key_of (control);
  const char *form_key = g_hash_table_lookup (self->roots, key);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtspiAccessible) root = NULL;

  if (form_key != NULL && g_strcmp0 (form_key, self->form_key) == 0)
    return;
  root = ca_form_root_for (control, &error);
  if (root == NULL)
    {
      if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
        app_silent (self, app);
      g_debug ("No window above the focused control: %s", error->message);
      return;
    }
  recognise (self, root, app, FALSE);
}

static const char *
field_of (CaPlugin *self, AtspiAccessible *control)
{
  if (self->form == NULL || self->form->scheme == NULL)
    return NULL;
  return g_hash_table_lookup (self->form->field_for, control->parent.path);
}

/* ---- Focus ---- */

static void
present (CaPlugin *self)
{
  self->presented_at = g_get_monotonic_time ();
  cg_dbus_reader1_call_present_control (self->reader, ca_control_to_variant (self->focus_info),
                                        NULL, NULL, NULL);
}

static gboolean
is_focus (CaPlugin *self, AtspiAccessible *obj)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (self->focus == NULL || obj == NULL)
    return FALSE;
  if (obj == self->focus)
    return TRUE;
  a = key_of (obj);
  b = key_of (self->focus);
  return g_str_equal (a, b);
}

static void
on_focus (CaPlugin *self, AtspiAccessible *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtspiAccessible) control = NULL;
  const CaApp *app = app_for (self, source, &error);
  CaControl *info;
  AtspiRole role;
  gint64 read_from;

  if (self->filling)
    return; /* our own moves while a draft goes back on the form */
  if (app == NULL || app_left_alone (self, app->bus_name))
    {
      send_guard_leave (self);
      return;
    }
  {
    GError *local = NULL;
    gint64 t0 = g_get_monotonic_time ();
    role = atspi_accessible_get_role (source, &local);
    if (ca_call_failed (local, t0, &error))
      {
        if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
          app_silent (self, app);
        send_guard_leave (self);
        return;
      }
  }
  if (ca_role_is_form_root (role))
    {
      /* A web page or window took the focus itself: recognise it. */
      send_guard_leave (self);
      recognise (self, source, app, FALSE);
      return;
    }
  read_from = g_get_monotonic_time ();
  control = ca_reader_control_for_focus (source, &error);
  /* Moving on inside a date field (day, month, year): say just that part. */
  if (control != NULL && control != source)
    {
      g_autofree char *group = key_of (control);
      g_autofree char *part = key_of (source);
      FormControl *fc = g_hash_table_lookup (self->form_index, group);
      if (fc != NULL)
        g_set_object (&fc->focus_target, source);
      /* Only a date field has parts worth saying; a repeat of the same
       * focus (GTK sends two for a combo box's button) is no move. */
      if (g_strcmp0 (group, self->focus_group) == 0 && g_strcmp0 (part, self->focus_part) != 0 &&
          atspi_accessible_get_role (control, NULL) == ATSPI_ROLE_DATE_EDITOR)
        g_set_object (&control, source);
      g_free (self->focus_group);
      self->focus_group = g_steal_pointer (&group);
      g_free (self->focus_part);
      self->focus_part = g_steal_pointer (&part);
    }
  else
    {
      g_clear_pointer (&self->focus_group, g_free);
      g_clear_pointer (&self->focus_part, g_free);
    }
  if (control == NULL || (info = ca_reader_read (control, app, &error)) == NULL)
    {
      /* Some getters hide a timeout as an empty answer: a read that failed
       * after waiting that long failed because the app did not answer. */
      if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING) ||
          g_get_monotonic_time () - read_from >= CA_ATSPI_TIMEOUT_MS * 800)
        app_silent (self, app);
      else
        g_debug ("Cannot read the focused control: %s", error->message);
      send_guard_leave (self);
      return;
    }
  /* Toolkits often say the same focus twice (GTK 3: 4-9 ms apart). */
  if (is_focus (self, control) && self->focus_info != NULL &&
      g_get_monotonic_time () - self->presented_at < 500 * G_TIME_SPAN_MILLISECOND)
    {
      info->field = g_strdup (self->focus_info->field);
      if (ca_control_equal (info, self->focus_info))
        {
          ca_control_free (info);
          /* Guarded already, unless the focus went somewhere between. */
          send_guard_follow (self, control, self->focus_info);
          return;
        }
    }
  app_heard (self, app->bus_name);
  g_set_object (&self->focus, control);
  g_clear_pointer (&self->focus_info, ca_control_free);
  self->focus_info = info;
  self->focus_app = app;
  g_free (info->field);
  info->field = g_strdup (field_of (self, control));
  /* Speech first: it is what the senior waits for. */
  present (self);
  if (lens_show (self, control, info, app))
    recognise_around (self, control, app);
  if (info->field == NULL && field_of (self, control) != NULL)
    info->field = g_strdup (field_of (self, control));
  send_guard_follow (self, control, info);
}

/* ---- Typing ---- */

static gboolean
ends_word (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_ispunct (c);
}

/* The word that ends just before @offset in @text (characters), or NULL. */
static char *
word_before (const char *text, glong offset)
{
  glong len = g_utf8_strlen (text, -1);
  const char *end, *start;

  if (offset <= 0 || offset > len)
    return NULL;
  end = g_utf8_offset_to_pointer (text, offset);
  start = end;
  while (start > text)
    {
      const char *prev = g_utf8_prev_char (start);
      if (ends_word (g_utf8_get_char (prev)))
        break;
      start = prev;
    }
  return start < end ? g_strndup (start, end - start) : NULL;
}

static void
on_text_changed (CaPlugin *self, AtspiEvent *event, gboolean inserted)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *word = NULL;
  const char *typed = G_VALUE_HOLDS_STRING (&event->any_data) ? g_value_get_string (&event->any_data) : NULL;

  if (app_left_alone (self, self->focus_app->bus_name))
    return;
  value = ca_reader_read_value (self->focus, self->focus_info->kind, self->focus_app, &error);
  if (value == NULL)
    {
      if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
        app_silent (self, self->focus_app);
      return;
    }
  if (g_strcmp0 (value, self->focus_info->value) == 0)
    return;
  g_free (self->focus_info->value);
  self->focus_info->value = g_strdup (value);
  if (inserted && typed != NULL && self->focus_info->kind != CG_KIND_PASSWORD)
    {
      gunichar last = g_utf8_get_char (g_utf8_offset_to_pointer (typed, MAX (0, g_utf8_strlen (typed, -1) - 1)));
      if (g_utf8_strlen (typed, -1) == 1 && ends_word (last))
        word = word_before (value, event->detail1);
      cg_dbus_reader1_call_echo (self->reader, typed, word ? word : "", NULL, NULL, NULL);
    }
  if (self->lens != NULL)
    {
      ca_lens_set_value (self->lens, value);
      lens_shot (self);
    }
  field_changed (self, FALSE);
}

/* A choice picked or a box ticked while the control has the focus. */
static void
on_state_of_focus (CaPlugin *self)
{
  g_autoptr(GError) error = NULL;
  CaControl *info;

  if (app_left_alone (self, self->focus_app->bus_name))
    return;
  info = ca_reader_read (self->focus, self->focus_app, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, CA_ERROR, CA_ERROR_NOT_ANSWERING))
        app_silent (self, self->focus_app);
      return;
    }
  info->field = g_strdup (self->focus_info->field);
  if (ca_control_equal (info, self->focus_info))
    {
      ca_control_free (info);
      return;
    }
  ca_control_free (self->focus_info);
  self->focus_info = info;
  present (self);
  lens_show (self, self->focus, info, self->focus_app);
  field_changed (self, TRUE);
}

static void
on_event (AtspiEvent *event, void *data)
{
  CaPlugin *self = data;
  const char *type = event->type;

  if (event->source == NULL)
    goto out;
  if (g_str_equal (type, "object:state-changed:focused"))
    {
      if (event->detail1 == 1)
        on_focus (self, event->source);
    }
  else if (g_str_has_prefix (type, "object:text-changed:"))
    {
      if (is_focus (self, event->source))
        on_text_changed (self, event, g_str_has_suffix (type, "insert"));
    }
  else if (g_str_equal (type, "object:property-change:accessible-value"))
    {
      /* A number typed into a spin button, or a part of Chromium's date
       * (which has no text): the claim's copy follows once typing pauses. */
      g_autofree char *key = key_of (event->source);
      if (is_focus (self, event->source) || g_strcmp0 (key, self->focus_part) == 0)
        field_changed (self, FALSE);
    }
  else if (g_str_equal (type, "window:activate") || g_str_equal (type, "document:load-complete"))
    {
      g_autoptr(GError) error = NULL;
      const CaApp *app = app_for (self, event->source, &error);
      /* A browser's window holds its own buttons and bars: its page is
       * recognised when it loads or takes the focus. */
      gboolean loaded = g_str_equal (type, "document:load-complete");
      if (app != NULL && !app_left_alone (self, app->bus_name) &&
          !(app->toolkit->name_is_label && !loaded) && (!loaded || is_showing (event->source)))
        recognise (self, event->source, app, loaded);
    }
  else if (is_focus (self, event->source))
    on_state_of_focus (self);
  else if (g_str_equal (type, "object:selection-changed") && self->focus != NULL &&
           self->focus_info->kind == CG_KIND_CHOICE)
    {
      /* Browsers say it of the list inside the focused combo box. */
      g_autoptr(AtspiAccessible) parent = atspi_accessible_get_parent (event->source, NULL);
      if (parent != NULL && is_focus (self, parent))
        on_state_of_focus (self);
    }
out:
  g_boxed_free (ATSPI_TYPE_EVENT, event);
}

/* ---- The profile ---- */

static void
apply_settings (CaPlugin *self, GVariant *settings)
{
  g_autoptr(GError) error = NULL;
  const char *size = NULL, *fg = NULL, *bg = NULL, *position = NULL, *language = NULL;
  const char *zoom = NULL;
  const char *keys[CA_N_KEY_ACTIONS] = { NULL };
  gboolean any_key = FALSE;

  for (guint a = 0; a < CA_N_KEY_ACTIONS; a++)
    {
      g_autofree char *name = g_strconcat ("Keys.", ca_key_action_name (a), NULL);
      any_key |= g_variant_lookup (settings, name, "&s", &keys[a]);
    }
  if (any_key)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      ca_keys_set (self->keys, keys, problems);
      for (guint i = 0; i < problems->len; i++)
        g_warning ("The profile's key was not taken: %s", (char *) problems->pdata[i]);
    }
  g_variant_lookup (settings, "Lens.TextSize", "&s", &size);
  g_variant_lookup (settings, "Lens.Foreground", "&s", &fg);
  g_variant_lookup (settings, "Lens.Background", "&s", &bg);
  g_variant_lookup (settings, "Lens.Position", "&s", &position);
  g_variant_lookup (settings, "Speech.Language", "&s", &language);
  if (g_variant_lookup (settings, "Lens.PageZoom", "&s", &zoom))
    self->page_zoom = g_ascii_strtod (zoom, NULL);
  if (language != NULL)
    {
      g_free (self->language);
      self->language = g_strdup (language);
    }
  if (self->lens == NULL)
    return;
  if (language != NULL)
    ca_lens_set_language (self->lens, language);
  if (size != NULL && fg != NULL && bg != NULL &&
      !ca_lens_set_style (self->lens, g_ascii_strtod (size, NULL), fg, bg,
                          g_strcmp0 (position, "beside") == 0 ? CA_LENS_BESIDE : CA_LENS_BOTTOM,
                          &error))
    g_warning ("The profile's lens style was not taken: %s", error->message);
}

static void
on_got_profile (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(CaPlugin) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) settings = NULL;
  g_auto(GStrv) files = NULL;

  if (!cg_dbus_profiles1_call_get_profile_finish (CG_DBUS_PROFILES1 (source), &settings, &files,
                                                  result, &error))
    {
      g_debug ("Cannot read the profile: %s", error->message);
      return;
    }
  apply_settings (self, settings);
}

static void
load_profile (CaPlugin *self)
{
  const char *name = cg_dbus_profiles1_get_active_profile (self->profiles);
  cg_dbus_profiles1_call_get_profile (self->profiles, name ? name : "", NULL, on_got_profile,
                                      g_object_ref (self));
}

static void
on_profiles_changed (CgDBusProfiles1 *proxy, const char *const *problems, gpointer data)
{
  load_profile (CA_PLUGIN (data));
}

static void
on_active_profile (GObject *proxy, GParamSpec *pspec, gpointer data)
{
  load_profile (CA_PLUGIN (data));
}

static void
on_daemon_owner (GObject *proxy, GParamSpec *pspec, gpointer data)
{
  CaPlugin *self = data;
  g_autofree char *owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (proxy));

  /* A daemon that (re)started knows nothing of us yet. */
  if (owner == NULL)
    return;
  load_profile (self);
  cg_dbus_speech1_call_set_screen_reader (self->speech,
                                          ca_screen_reader_is_running (self->screen_reader),
                                          NULL, NULL, NULL);
  g_clear_pointer (&self->form_key, g_free); /* tell it the form again on the next focus */
  forget_checked (self);                     /* and its fields before the next check */
}

static void
on_screen_reader_changed (CaScreenReader *sr, gboolean running, gpointer data)
{
  CaPlugin *self = data;
  cg_dbus_speech1_call_set_screen_reader (self->speech, running, NULL, NULL, NULL);
}

/* ---- Construction ---- */

static CrScheme *
lookup_scheme (const char *id, gpointer data)
{
  GPtrArray *schemes = data;
  for (guint i = 0; i < schemes->len; i++)
    if (g_strcmp0 (cr_scheme_get_id (schemes->pdata[i]), id) == 0)
      return schemes->pdata[i];
  return NULL;
}

static void
load_schemes_and_maps (CaPlugin *self, const char *const *form_dirs)
{
  g_auto(GStrv) ids = cr_scheme_list_ids ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) maps = NULL;

  self->schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_scheme_unref);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      CrScheme *scheme = cr_scheme_load (ids[i], &error);
      if (scheme == NULL)
        g_warning ("Scheme %s refused: %s", ids[i], error->message);
      else
        g_ptr_array_add (self->schemes, scheme);
    }
  maps = ca_form_map_load_dirs (form_dirs, lookup_scheme, self->schemes, problems);
  for (guint i = 0; i < problems->len; i++)
    g_warning ("Form map refused: %s", (char *) problems->pdata[i]);
  self->matcher = ca_matcher_new (self->schemes, maps);
}

CaPlugin *
ca_plugin_new (GDBusConnection *session, const CaPluginConfig *config, GError **error)
{
  g_autoptr(CaPlugin) self = g_object_new (CA_TYPE_PLUGIN, NULL);
  g_autoptr(GError) a11y_error = NULL;

  self->reader = cg_dbus_reader1_proxy_new_sync (session, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                 DAEMON_NAME, DAEMON_PATH, NULL, error);
  if (self->reader == NULL)
    return NULL;
  self->speech = cg_dbus_speech1_proxy_new_sync (session, G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS |
                                                 G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                                 DAEMON_NAME, DAEMON_PATH, NULL, error);
  if (self->speech == NULL)
    return NULL;
  self->profiles = cg_dbus_profiles1_proxy_new_sync (session, G_DBUS_PROXY_FLAGS_NONE, DAEMON_NAME,
                                                     DAEMON_PATH, NULL, error);
  if (self->profiles == NULL)
    return NULL;
  self->guide = cg_dbus_guide1_proxy_new_sync (session, G_DBUS_PROXY_FLAGS_NONE, DAEMON_NAME,
                                               DAEMON_PATH, NULL, error);
  if (self->guide == NULL)
    return NULL;
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (self->reader), 5000);
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (self->guide), 5000);
  self->a11y_bus = ca_a11y_bus_connect (session, &a11y_error);
  if (self->a11y_bus == NULL)
    g_warning ("No accessibility bus for bulk reads (reading goes on, slower): %s",
               a11y_error->message);
  load_schemes_and_maps (self, config->form_dirs);

  if (!config->no_lens)
    self->lens = ca_lens_new ();
  self->lens_shots = g_strdup (config->lens_shots);
  self->screen_reader = ca_screen_reader_new ();
  g_signal_connect_object (self->screen_reader, "changed", G_CALLBACK (on_screen_reader_changed),
                           self, 0);
  g_signal_connect_object (self->profiles, "profiles-changed", G_CALLBACK (on_profiles_changed),
                           self, 0);
  g_signal_connect_object (self->profiles, "notify::active-profile",
                           G_CALLBACK (on_active_profile), self, 0);
  g_signal_connect_object (self->reader, "notify::g-name-owner", G_CALLBACK (on_daemon_owner),
                           self, 0);
  g_signal_connect_object (self->guide, "focus-field", G_CALLBACK (on_focus_field), self, 0);
  g_signal_connect_object (self->guide, "fill-fields", G_CALLBACK (on_fill_fields), self, 0);
  self->said_subscription = g_dbus_connection_signal_subscribe (
    g_dbus_proxy_get_connection (G_DBUS_PROXY (self->guide)), "org.claimguide.Daemon",
    "org.claimguide.Helper1", "Said", "/org/claimguide/Daemon", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
    on_helper_said, self, NULL);
  self->keys = ca_keys_new ();
  g_signal_connect_object (self->keys, "action", G_CALLBACK (on_key_action), self, 0);
  g_signal_connect_object (self->keys, "send-key", G_CALLBACK (on_send_key), self, 0);

  self->listener = atspi_event_listener_new (on_event, self, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (events); i++)
    atspi_event_listener_register (self->listener, events[i], NULL);

  ca_screen_reader_check (self->screen_reader);
  load_profile (self);
  return g_steal_pointer (&self);
}

static void
ca_plugin_dispose (GObject *object)
{
  CaPlugin *self = CA_PLUGIN (object);

  if (self->listener != NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (events); i++)
      atspi_event_listener_deregister (self->listener, events[i], NULL);
  g_clear_object (&self->listener);
  g_clear_object (&self->keys); /* its listeners leave the registry */
  g_clear_object (&self->send_control);
  g_clear_handle_id (&self->shot_source, g_source_remove);
  g_clear_handle_id (&self->changed_source, g_source_remove);
  g_clear_handle_id (&self->say_why_source, g_source_remove);
  g_clear_handle_id (&self->fill_source, g_source_remove);
  g_clear_object (&self->fill_return);
  if (self->said_subscription != 0 && self->guide != NULL)
    g_dbus_connection_signal_unsubscribe (g_dbus_proxy_get_connection (G_DBUS_PROXY (self->guide)),
                                          self->said_subscription);
  self->said_subscription = 0;
  g_clear_object (&self->screen_reader);
  g_clear_object (&self->lens);
  g_clear_object (&self->focus);
  g_clear_object (&self->reader);
  g_clear_object (&self->speech);
  g_clear_object (&self->profiles);
  g_clear_object (&self->guide);
  g_clear_object (&self->a11y_bus);
  G_OBJECT_CLASS (ca_plugin_parent_class)->dispose (object);
}

static void
ca_plugin_finalize (GObject *object)
{
  CaPlugin *self = CA_PLUGIN (object);

  g_clear_pointer (&self->focus_info, ca_control_free);
  g_clear_pointer (&self->form, ca_match_free);
  g_clear_pointer (&self->matcher, ca_matcher_free);
  g_clear_pointer (&self->schemes, g_ptr_array_unref);
  g_clear_pointer (&self->apps, g_hash_table_unref);
  g_clear_pointer (&self->silent, g_hash_table_unref);
  g_clear_pointer (&self->roots, g_hash_table_unref);
  g_clear_pointer (&self->form_controls, g_ptr_array_unref);
  g_clear_pointer (&self->form_index, g_hash_table_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  g_clear_pointer (&self->last_checked, g_variant_unref);
  g_free (self->form_app);
  g_free (self->form_key);
  g_free (self->zoomed_key);
  g_free (self->focus_group);
  g_free (self->focus_part);
  g_free (self->lens_shots);
  g_free (self->language);
  G_OBJECT_CLASS (ca_plugin_parent_class)->finalize (object);
}

static void
ca_plugin_class_init (CaPluginClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ca_plugin_dispose;
  G_OBJECT_CLASS (klass)->finalize = ca_plugin_finalize;
}

static void
ca_plugin_init (CaPlugin *self)
{
  self->apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ca_app_free);
  self->silent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->roots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->form_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
