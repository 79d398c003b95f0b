/* ca-reader.c: one control, read over AT-SPI. */
#include "ca-reader.h"

#include <string.h>

#include "ca-error.h"
#include "claimrules.h"

G_DEFINE_QUARK (ca-error-quark, ca_error)

/* Turns a failed call into the plugin's error: no answer within (most of)
 * the timeout means the app is not answering; anything else that it went. */
gboolean
ca_call_failed (GError *local, gint64 started, GError **error)
{
  gint64 waited_ms;

  if (local == NULL)
    return FALSE;
  waited_ms = (g_get_monotonic_time () - started) / 1000;
  if (waited_ms >= CA_ATSPI_TIMEOUT_MS * 8 / 10)
    g_set_error (error, CA_ERROR, CA_ERROR_NOT_ANSWERING, "no answer in %" G_GINT64_FORMAT " ms: %s",
                 waited_ms, local->message);
  else
    g_set_error (error, CA_ERROR, CA_ERROR_GONE, "%s", local->message);
  g_error_free (local);
  return TRUE;
}

/* Some libatspi getters hide a timeout as an empty answer: a read that has
 * already waited this long is given up, whatever each call said. */
static gboolean
over_budget (gint64 start, GError **error)
{
  gint64 waited_ms = (g_get_monotonic_time () - start) / 1000;

  if (waited_ms < CA_ATSPI_TIMEOUT_MS * 8 / 10)
    return FALSE;
  if (error != NULL && *error == NULL)
    g_set_error (error, CA_ERROR, CA_ERROR_NOT_ANSWERING,
                 "no answer in %" G_GINT64_FORMAT " ms", waited_ms);
  return TRUE;
}

void
ca_app_free (CaApp *app)
{
  if (app == NULL)
    return;
  g_free (app->bus_name);
  g_free (app->name);
  g_free (app);
}

CaApp *
ca_app_new_for (AtspiAccessible *accessible, GError **error)
{
  GError *local = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(AtspiAccessible) root = atspi_accessible_get_application (accessible, &local);
  g_autofree char *toolkit = NULL;
  g_autoptr(CaApp) app = g_new0 (CaApp, 1);

  if (ca_call_failed (local, t0, error))
    return NULL;
  if (root == NULL)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_GONE, "the control has no application");
      return NULL;
    }
  app->bus_name = g_strdup (accessible->parent.app ? accessible->parent.app->bus_name : "");
  t0 = g_get_monotonic_time ();
  app->name = atspi_accessible_get_name (root, &local);
  if (ca_call_failed (local, t0, error))
    return NULL;
  t0 = g_get_monotonic_time ();
  toolkit = atspi_accessible_get_toolkit_name (root, &local);
  if (ca_call_failed (local, t0, error))
    return NULL;
  app->toolkit = ca_toolkit_for_name (toolkit);
  return g_steal_pointer (&app);
}

CgKind
ca_kind_for_role (AtspiRole role)
{
  switch (role)
    {
    case ATSPI_ROLE_ENTRY:
    case ATSPI_ROLE_TEXT:
    case ATSPI_ROLE_EDITBAR:
      return CG_KIND_TEXT;
    case ATSPI_ROLE_PASSWORD_TEXT:
      return CG_KIND_PASSWORD;
    case ATSPI_ROLE_SPIN_BUTTON:
      return CG_KIND_NUMBER;
    case ATSPI_ROLE_DATE_EDITOR:
      return CG_KIND_DATE;
    case ATSPI_ROLE_COMBO_BOX:
    case ATSPI_ROLE_LIST_BOX:
      return CG_KIND_CHOICE;
    case ATSPI_ROLE_CHECK_BOX:
    case ATSPI_ROLE_TOGGLE_BUTTON:
      return CG_KIND_CHECK;
    case ATSPI_ROLE_RADIO_BUTTON:
      return CG_KIND_RADIO;
    case ATSPI_ROLE_PUSH_BUTTON:
      return CG_KIND_BUTTON;
    case ATSPI_ROLE_LINK:
      return CG_KIND_LINK;
    default:
      return CG_KIND_OTHER;
    }
}

/* Marks that forms put after a label for the eye.  Each says "required"
 * when its second member is TRUE. */
static const struct {
  const char *mark;
  gboolean required;
} label_marks[] = {
  { "*", TRUE },      { "＊", TRUE },       { "(required)", TRUE }, { "（必填）", TRUE },
  { "(必填)", TRUE }, { "必填", TRUE },     { ":", FALSE },         { "：", FALSE },
};

char *
ca_label_clean (const char *label, gboolean *required)
{
  g_autofree char *s = g_strstrip (g_strdup (label != NULL ? label : ""));
  gboolean again = TRUE;

  if (required != NULL)
    *required = FALSE;
  /* Leading marks too: "* Name". */
  while (s[0] == '*')
    {
      memmove (s, s + 1, strlen (s));
      g_strchug (s);
      if (required != NULL)
        *required = TRUE;
    }
  while (again)
    {
      again = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (label_marks); i++)
        if (g_str_has_suffix (s, label_marks[i].mark) && strlen (s) > strlen (label_marks[i].mark))
          {
            s[strlen (s) - strlen (label_marks[i].mark)] = '\0';
            g_strchomp (s);
            if (label_marks[i].required && required != NULL)
              *required = TRUE;
            again = TRUE;
          }
    }
  return g_steal_pointer (&s);
}

/* The name of the first target of @obj's relation @type, or NULL.  Each
 * call is timed too: a name that timed out comes back empty, not failed. */
static char *
relation_target_text (AtspiAccessible *obj, AtspiRelationType type, GError **error)
{
  GError *local = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GArray) relations = atspi_accessible_get_relation_set (obj, &local);
  char *text = NULL;
  gboolean failed = FALSE;

  if (ca_call_failed (local, t0, error) || over_budget (t0, error) || relations == NULL)
    {
      for (guint i = 0; relations != NULL && i < relations->len; i++)
        g_object_unref (g_array_index (relations, AtspiRelation *, i));
      return NULL;
    }
  for (guint i = 0; i < relations->len && text == NULL && !failed; i++)
    {
      AtspiRelation *rel = g_array_index (relations, AtspiRelation *, i);
      if (atspi_relation_get_relation_type (rel) == type && atspi_relation_get_n_targets (rel) > 0)
        {
          g_autoptr(AtspiAccessible) target = atspi_relation_get_target (rel, 0);
          t0 = g_get_monotonic_time ();
          text = atspi_accessible_get_name (target, &local);
          failed = ca_call_failed (local, t0, error) || over_budget (t0, error);
          if (failed)
            g_clear_pointer (&text, g_free);
          else if (text != NULL && text[0] == '\0')
            {
              /* An error message is often a text with no name. */
              g_autoptr(AtspiText) t = atspi_accessible_get_text_iface (target);
              g_clear_pointer (&text, g_free);
              if (t != NULL)
                {
                  t0 = g_get_monotonic_time ();
                  text = atspi_text_get_text (t, 0, -1, &local);
                  failed = ca_call_failed (local, t0, error) || over_budget (t0, error);
                  if (failed)
                    g_clear_pointer (&text, g_free);
                }
            }
        }
    }
  for (guint i = 0; i < relations->len; i++)
    g_object_unref (g_array_index (relations, AtspiRelation *, i));
  return text;
}

static char *
read_text (AtspiAccessible *obj, GError **error)
{
  GError *local = NULL;
  g_autoptr(AtspiText) text = atspi_accessible_get_text_iface (obj);
  gint64 t0 = g_get_monotonic_time ();
  char *s;

  if (text == NULL)
    return g_strdup ("");
  s = atspi_text_get_text (text, 0, -1, &local);
  if (ca_call_failed (local, t0, error))
    return NULL;
  return s != NULL ? s : g_strdup ("");
}

/* The item chosen in a combo box: the selected child of its list or menu
 * (browsers), or its own name (GTK names a combo by its active item). */
static char *
read_choice (AtspiAccessible *obj, const CaApp *app, GError **error)
{
  GError *local = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(AtspiAccessible) list = NULL;
  g_autoptr(AtspiSelection) sel = NULL;
  g_autoptr(AtspiAccessible) item = NULL;
  char *s;

  if (!app->toolkit->name_is_label)
    {
      s = atspi_accessible_get_name (obj, &local);
      return ca_call_failed (local, t0, error) ? NULL : s;
    }
  sel = atspi_accessible_get_selection_iface (obj);
  if (sel == NULL)
    {
      list = atspi_accessible_get_child_at_index (obj, 0, &local);
      if (ca_call_failed (local, t0, error))
        return NULL;
      if (list != NULL)
        sel = atspi_accessible_get_selection_iface (list);
    }
  if (sel == NULL)
    return read_text (obj, error);
  t0 = g_get_monotonic_time ();
  item = atspi_selection_get_selected_child (sel, 0, &local);
  if (ca_call_failed (local, t0, error))
    return NULL;
  if (item == NULL)
    return g_strdup ("");
  t0 = g_get_monotonic_time ();
  s = atspi_accessible_get_name (item, &local);
  return ca_call_failed (local, t0, error) ? NULL : s;
}

/* A spin button's number as shown: its text, or (Chromium's date parts
 * have none) its Value, "" while it is empty. */
static char *
read_spin (AtspiAccessible *obj, GError **error)
{
  GError *local = NULL;
  AtspiValue *value = NULL;
  gint64 t0;
  double v;
  char *s = read_text (obj, error);

  if (s == NULL || g_ascii_isdigit (g_strstrip (s)[0]) ||
      (value = atspi_accessible_get_value_iface (obj)) == NULL)
    return s;
  g_free (s);
  t0 = g_get_monotonic_time ();
  v = atspi_value_get_current_value (value, &local);
  g_object_unref (value);
  if (ca_call_failed (local, t0, error))
    return NULL;
  return v >= 1 ? g_strdup_printf ("%.0f", v) : g_strdup ("");
}

/* The spin buttons of a date editor, in page order, at most @depth levels
 * down (Chromium puts them in two nested sections). */
static gboolean
collect_spins (AtspiAccessible *obj, guint depth, GPtrArray *out, GError **error)
{
  GError *local = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int n = atspi_accessible_get_child_count (obj, &local);

  if (ca_call_failed (local, t0, error))
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (obj, i, &local);
      AtspiRole role;
      if (ca_call_failed (local, t0, error))
        return FALSE;
      if (child == NULL)
        continue;
      role = atspi_accessible_get_role (child, NULL);
      if (role == ATSPI_ROLE_SPIN_BUTTON)
        g_ptr_array_add (out, g_object_ref (child));
      else if (depth > 1 && (role == ATSPI_ROLE_SECTION || role == ATSPI_ROLE_PANEL ||
                             role == ATSPI_ROLE_FILLER || role == ATSPI_ROLE_GROUPING) &&
               !collect_spins (child, depth - 1, out, error))
        return FALSE;
    }
  return TRUE;
}

/* Which part of a date a spin button is, from its name (Chromium:
 * "Month 出险日期", or "月" in a Chinese browser): 0 year, 1 month, 2 day,
 * -1 when the name does not say. */
static int
date_part_of (const char *name)
{
  static const char *const words[3][3] = {
    { "Year", "年", NULL }, { "Month", "月", NULL }, { "Day", "日", NULL },
  };
  for (int p = 0; p < 3 && name != NULL; p++)
    for (int w = 0; words[p][w] != NULL; w++)
      if (g_str_has_prefix (name, words[p][w]))
        return p;
  return -1;
}

gboolean
ca_reader_date_parts (AtspiAccessible *editor, GPtrArray *spins, GArray *parts, GError **error)
{
  if (!collect_spins (editor, 3, spins, error))
    return FALSE;
  for (guint i = 0; i < spins->len; i++)
    {
      g_autofree char *name = atspi_accessible_get_name (spins->pdata[i], NULL);
      int part = date_part_of (name);
      g_array_append_val (parts, part);
    }
  return TRUE;
}

/* A date editor's value.  When its spin buttons are named year, month and
 * day, "YYYY-MM-DD" whatever order the page shows them in (en-US shows
 * month/day/year); otherwise their numbers joined with "-" in page order.
 * "" while no part is filled. */
static char *
read_date_editor (AtspiAccessible *obj, GError **error)
{
  g_autoptr(GPtrArray) spins = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  char *ymd[3] = { NULL, NULL, NULL };
  gboolean any = FALSE, named = TRUE;

  if (!ca_reader_date_parts (obj, spins, kinds, error))
    return NULL;
  for (guint i = 0; i < spins->len; i++)
    {
      int part = g_array_index (kinds, int, i);
      char *t = read_spin (spins->pdata[i], error);
      if (t == NULL)
        return NULL;
      any |= g_ascii_isdigit (t[0]);
      g_ptr_array_add (parts, t);
      if (part < 0 || ymd[part] != NULL)
        named = FALSE;
      else
        ymd[part] = t;
    }
  if (!any)
    return g_strdup ("");
  if (named && spins->len == 3 && ymd[0][0] != '\0' && ymd[1][0] != '\0' && ymd[2][0] != '\0')
    {
      guint64 y = g_ascii_strtoull (ymd[0], NULL, 10), m = g_ascii_strtoull (ymd[1], NULL, 10),
              d = g_ascii_strtoull (ymd[2], NULL, 10);
      return g_strdup_printf ("%04" G_GUINT64_FORMAT "-%02" G_GUINT64_FORMAT "-%02" G_GUINT64_FORMAT,
                              y, m, d);
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("-", (char **) parts->pdata);
}

char *
ca_reader_read_value (AtspiAccessible *obj, CgKind kind, const CaApp *app, GError **error)
{
  switch (kind)
    {
    case CG_KIND_CHOICE:
      return read_choice (obj, app, error);
    case CG_KIND_DATE:
      if (atspi_accessible_get_role (obj, NULL) == ATSPI_ROLE_DATE_EDITOR)
        return read_date_editor (obj, error);
      return read_text (obj, error);
    case CG_KIND_CHECK:
    case CG_KIND_RADIO:
    case CG_KIND_BUTTON:
    case CG_KIND_LINK:
    case CG_KIND_OTHER:
      return g_strdup ("");
    case CG_KIND_NUMBER:
      return read_spin (obj, error);
    default:
      return read_text (obj, error);
    }
}

/* @obj's nearest ancestor, at most @levels up, with role @role; NULL if none
 * (and on an error, set). */
static AtspiAccessible *
ancestor_with_role (AtspiAccessible *obj, AtspiRole role, int levels, GError **error)
{
  g_autoptr(AtspiAccessible) at = g_object_ref (obj);

  for (int up = 0; up < levels; up++)
    {
      GError *local = NULL;
      gint64 t0 = g_get_monotonic_time ();
      AtspiAccessible *parent = atspi_accessible_get_parent (at, &local);

      if (ca_call_failed (local, t0, error) || parent == NULL)
        return NULL;
      g_object_unref (at);
      at = parent;
      t0 = g_get_monotonic_time ();
      if (atspi_accessible_get_role (at, &local) == role)
        return g_steal_pointer (&at);
      if (ca_call_failed (local, t0, error))
        return NULL;
    }
  return NULL;
}

AtspiAccessible *
ca_reader_control_for_focus (AtspiAccessible *focused, GError **error)
{
  GError *local = NULL;
  gint64 t0 = g_get_monotonic_time ();
  AtspiRole role = atspi_accessible_get_role (focused, &local);
  AtspiAccessible *control = NULL;

  if (ca_call_failed (local, t0, error))
    return NULL;
  /* A date field in a browser is a date editor of three spin buttons and a
   * button; GTK 3 gives the focus to a nameless button inside a combo box
   * (in a filler).  The editor or the combo box is the control. */
  if (role == ATSPI_ROLE_SPIN_BUTTON)
    control = ancestor_with_role (focused, ATSPI_ROLE_DATE_EDITOR, 3, &local);
  else if (role == ATSPI_ROLE_TOGGLE_BUTTON || role == ATSPI_ROLE_PUSH_BUTTON)
    {
      control = ancestor_with_role (focused, ATSPI_ROLE_COMBO_BOX, 2, &local);
      if (control == NULL && local == NULL)
        control = ancestor_with_role (focused, ATSPI_ROLE_DATE_EDITOR, 3, &local);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return control != NULL ? control : g_object_ref (focused);
}

static gboolean
has_attribute_value (GHashTable *attrs, const char *key, const char *value)
{
  const char *v = attrs != NULL ? g_hash_table_lookup (attrs, key) : NULL;
  return v != NULL && g_ascii_strcasecmp (v, value) == 0;
}

CaControl *
ca_reader_read (AtspiAccessible *obj, const CaApp *app, GError **error)
{
  GError *local = NULL;
  g_autoptr(CaControl) c = ca_control_new ();
  g_autoptr(AtspiStateSet) states = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  gboolean marked_required = FALSE;
  gint64 t0 = g_get_monotonic_time ();
  gint64 start = t0;
  AtspiRole role = atspi_accessible_get_role (obj, &local);

  if (ca_call_failed (local, t0, error))
    return NULL;
  c->kind = ca_kind_for_role (role);
  c->app = g_strdup (app->name);

  t0 = g_get_monotonic_time ();
  name = atspi_accessible_get_name (obj, &local);
  if (ca_call_failed (local, t0, error) || over_budget (start, error))
    return NULL;
  if (app->toolkit->name_is_label && name != NULL && name[0] != '\0')
    label = g_steal_pointer (&name);
  else
    {
      label = relation_target_text (obj, ATSPI_RELATION_LABELLED_BY, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (label == NULL && c->kind != CG_KIND_CHOICE)
        label = g_steal_pointer (&name); /* a button's own name */
    }
  g_free (c->label);
  c->label = ca_label_clean (label, &marked_required);
  if (over_budget (start, error))
    return NULL;

  t0 = g_get_monotonic_time ();
  states = atspi_accessible_get_state_set (obj);
  /* This getter reports no error: a wait as long as the timeout says it. */
  if (over_budget (start, error))
    return NULL;
  if (states == NULL)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_GONE, "no states");
      return NULL;
    }
  if (atspi_state_set_contains (states, ATSPI_STATE_DEFUNCT))
    {
      g_set_error (error, CA_ERROR, CA_ERROR_GONE, "the control is gone");
      return NULL;
    }
  if (c->kind == CG_KIND_TEXT && atspi_state_set_contains (states, ATSPI_STATE_MULTI_LINE))
    c->kind = CG_KIND_MULTILINE;
  c->required = marked_required || atspi_state_set_contains (states, ATSPI_STATE_REQUIRED);
  c->invalid = atspi_state_set_contains (states, ATSPI_STATE_INVALID_ENTRY) ||
               atspi_state_set_contains (states, ATSPI_STATE_INVALID);
  if (c->kind == CG_KIND_CHECK || c->kind == CG_KIND_RADIO)
    {
      c->checkable = TRUE;
      c->checked = atspi_state_set_contains (states, ATSPI_STATE_CHECKED) ||
                   atspi_state_set_contains (states, ATSPI_STATE_PRESSED);
    }

  t0 = g_get_monotonic_time ();
  attrs = atspi_accessible_get_attributes (obj, &local);
  if (ca_call_failed (local, t0, error))
    return NULL;
  if (attrs != NULL)
    {
      const char *ph = g_hash_table_lookup (attrs, app->toolkit->placeholder_attribute);
      if (ph != NULL && ph[0] != '\0')
        c->placeholder = g_strdup (ph);
      /* Browsers say the input type of an <input type=date> kept as text. */
      if (c->kind == CG_KIND_TEXT && has_attribute_value (attrs, "text-input-type", "date"))
        c->kind = CG_KIND_DATE;
      if (c->kind == CG_KIND_TEXT && has_attribute_value (attrs, "text-input-type", "number"))
        c->kind = CG_KIND_NUMBER;
      if (has_attribute_value (attrs, "invalid", "true"))
        c->invalid = TRUE;
    }

  if (over_budget (start, error))
    return NULL;
  g_free (c->value);
  c->value = ca_reader_read_value (obj, c->kind, app, error);
  if (c->value == NULL || over_budget (start, error))
    return NULL;
  /* GTK puts the placeholder in the text of an empty entry on some versions. */
  if (c->placeholder != NULL && g_strcmp0 (c->value, c->placeholder) == 0)
    c->value[0] = '\0';

  if (c->invalid)
    {
      c->error = relation_target_text (obj, ATSPI_RELATION_ERROR_MESSAGE, &local);
      if (local == NULL && c->error == NULL)
        {
          GError *desc_error = NULL;
          t0 = g_get_monotonic_time ();
          c->error = atspi_accessible_get_description (obj, &desc_error);
          if (ca_call_failed (desc_error, t0, error))
            return NULL;
          if (c->error != NULL && c->error[0] == '\0')
            g_clear_pointer (&c->error, g_free);
        }
      else if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
    }
  /* Chromium marks a required choice or date "invalid" as soon as the page
   * loads, before anyone touched it, with no message: "must be filled"
   * already says all there is to say. */
  if (c->invalid && c->required && c->error == NULL)
    c->invalid = FALSE;
  return g_steal_pointer (&c);
}

char *
ca_label_key (const char *label)
{
  g_autofree char *folded = NULL;
  g_autofree char *clean = NULL;
  g_autoptr(GString) out = NULL;
  gunichar prev = 0;
  gboolean space = FALSE;

  if (label == NULL || (folded = cr_text_key (label)) == NULL)
    return NULL;
  clean = ca_label_clean (folded, NULL);
  out = g_string_sized_new (strlen (clean));
  for (const char *p = clean; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0 && prev < 0x80 && c < 0x80)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
      prev = c;
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
