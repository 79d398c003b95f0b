/* ca-collector.c: all of a form's controls in one request. */
#include "ca-collector.h"

#include "ca-error.h"

/* The roles of controls a senior fills in or presses. */
static const AtspiRole control_roles[] = {
  ATSPI_ROLE_TEXT, /* a GTK 3 entry; also read-only text, left out below */
  ATSPI_ROLE_ENTRY,       ATSPI_ROLE_PASSWORD_TEXT, ATSPI_ROLE_COMBO_BOX,
  ATSPI_ROLE_CHECK_BOX,   ATSPI_ROLE_RADIO_BUTTON,  ATSPI_ROLE_SPIN_BUTTON,
  ATSPI_ROLE_DATE_EDITOR, ATSPI_ROLE_PUSH_BUTTON,   ATSPI_ROLE_LIST_BOX,
  ATSPI_ROLE_TOGGLE_BUTTON,
};

void
ca_collected_free (CaCollected *c)
{
  if (c == NULL)
    return;
  g_clear_pointer (&c->controls, g_ptr_array_unref);
  g_clear_pointer (&c->ids, g_ptr_array_unref);
  g_clear_pointer (&c->labels, g_ptr_array_unref);
  g_free (c->title);
  g_free (c->address);
  g_free (c);
}

GDBusConnection *
ca_a11y_bus_connect (GDBusConnection *session, GError **error)
{
  const char *address = g_getenv ("AT_SPI_BUS_ADDRESS");
  g_autofree char *from_bus = NULL;

  if (address == NULL || *address == '\0')
    {
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
        session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", NULL,
        G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, error);
      if (reply == NULL)
        return NULL;
      g_variant_get (reply, "(s)", &from_bus);
      address = from_bus;
    }
  return g_dbus_connection_new_for_address_sync (address,
                                                 G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                 G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                 NULL, NULL, error);
}

gboolean
ca_role_is_form_root (AtspiRole role)
{
  return role == ATSPI_ROLE_DOCUMENT_WEB || role == ATSPI_ROLE_DOCUMENT_FRAME ||
         role == ATSPI_ROLE_FRAME || role == ATSPI_ROLE_WINDOW || role == ATSPI_ROLE_DIALOG;
}

AtspiAccessible *
ca_form_root_for (AtspiAccessible *control, GError **error)
{
  g_autoptr(AtspiAccessible) obj = g_object_ref (control);

  for (int depth = 0; depth < 64; depth++)
    {
      GError *local = NULL;
      gint64 t0 = g_get_monotonic_time ();
      AtspiRole role = atspi_accessible_get_role (obj, &local);
      g_autoptr(AtspiAccessible) parent = NULL;

      if (ca_call_failed (local, t0, error))
        return NULL;
      if (ca_role_is_form_root (role))
        return g_steal_pointer (&obj);
      t0 = g_get_monotonic_time ();
      parent = atspi_accessible_get_parent (obj, &local);
      if (ca_call_failed (local, t0, error))
        return NULL;
      if (parent == NULL || atspi_accessible_get_role (parent, NULL) == ATSPI_ROLE_APPLICATION)
        return g_steal_pointer (&obj); /* the top: take it as the window */
      g_set_object (&obj, parent);
    }
  g_set_error (error, CA_ERROR, CA_ERROR_GONE, "no window above the control");
  return NULL;
}

typedef struct {
  char *name;
  gboolean editable;
} Item;

static void
item_free (Item *item)
{
  g_free (item->name);
  g_free (item);
}

/* Object path -> Item for every object the app has, in one message.  NULL
 * when the app offers no bulk cache. */
static GHashTable *
get_all_items (GDBusConnection *bus, const CaApp *app, GError **not_answering)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) items = NULL;
  GHashTable *names;
  GVariantIter iter;
  GVariant *item;

  if (bus == NULL || app->bus_name == NULL || app->bus_name[0] == '\0')
    return NULL;
  reply = g_dbus_connection_call_sync (bus, app->bus_name, "/org/a11y/atspi/cache",
                                       "org.a11y.atspi.Cache", "GetItems", NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, CA_ATSPI_TIMEOUT_MS,
                                       NULL, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (not_answering, CA_ERROR, CA_ERROR_NOT_ANSWERING, "%s", error->message);
      else
        g_debug ("No bulk cache from %s: %s", app->bus_name, error->message);
      return NULL;
    }
  items = g_variant_get_child_value (reply, 0);
  if (!g_variant_is_of_type (items, G_VARIANT_TYPE_ARRAY))
    return NULL;
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) item_free);
  g_variant_iter_init (&iter, items);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      /* 2.46: ((so)(so)(so) i i as s u s au): the name is 4th from the end
       * (older buses: ((so)(so)(so) a(so) as s u s au), the same from the end). */
      gsize n = g_variant_n_children (item);
      if (n >= 8)
        {
          g_autoptr(GVariant) self_ref = g_variant_get_child_value (item, 0);
          g_autoptr(GVariant) name = g_variant_get_child_value (item, n - 4);
          g_autoptr(GVariant) states = g_variant_get_child_value (item, n - 1);
          const char *path = NULL;
          if (g_variant_is_of_type (self_ref, G_VARIANT_TYPE ("(so)")) &&
              g_variant_is_of_type (name, G_VARIANT_TYPE_STRING) &&
              g_variant_is_of_type (states, G_VARIANT_TYPE ("au")))
            {
              Item *it = g_new0 (Item, 1);
              gsize n_words = 0;
              const guint32 *words = g_variant_get_fixed_array (states, &n_words, sizeof (guint32));
              guint bit = ATSPI_STATE_EDITABLE;
              it->name = g_variant_dup_string (name, NULL);
              it->editable = n_words > bit / 32 && (words[bit / 32] & (1u << (bit % 32))) != 0;
              g_variant_get_child (self_ref, 1, "&o", &path);
              g_hash_table_insert (names, g_strdup (path), it);
            }
        }
      g_variant_unref (item);
    }
  return names;
}

static char *
label_of (AtspiAccessible *control, const CaApp *app, GHashTable *names, GError **error)
{
  GError *local = NULL;
  const Item *item = names != NULL ? g_hash_table_lookup (names, control->parent.path) : NULL;
  const char *cached = item != NULL ? item->name : NULL;
  g_autofree char *name = NULL;
  g_autoptr(GArray) relations = NULL;

  if (cached != NULL && cached[0] != '\0' && app->toolkit->name_is_label)
    return g_strdup (cached);
  gint64 t0 = g_get_monotonic_time ();

  if (cached == NULL && app->toolkit->name_is_label)
    {
      name = atspi_accessible_get_name (control, &local);
      if (ca_call_failed (local, t0, error))
        return NULL;
      if (name != NULL && name[0] != '\0')
        return g_steal_pointer (&name);
    }
  /* GTK names a control only through the label that points at it. */
  t0 = g_get_monotonic_time ();
  relations = atspi_accessible_get_relation_set (control, &local);
  if (ca_call_failed (local, t0, error))
    return NULL;
  for (guint i = 0; relations != NULL && i < relations->len; i++)
    {
      AtspiRelation *rel = g_array_index (relations, AtspiRelation *, i);
      if (name == NULL && atspi_relation_get_relation_type (rel) == ATSPI_RELATION_LABELLED_BY &&
          atspi_relation_get_n_targets (rel) > 0)
        {
          g_autoptr(AtspiAccessible) target = atspi_relation_get_target (rel, 0);
          const Item *t = names != NULL ? g_hash_table_lookup (names, target->parent.path) : NULL;
          name = t != NULL ? g_strdup (t->name) : atspi_accessible_get_name (target, NULL);
        }
      g_object_unref (rel);
    }
  if (name == NULL && cached != NULL)
    name = g_strdup (cached);
  return name != NULL ? g_steal_pointer (&name) : g_strdup ("");
}

CaCollected *
ca_collect (AtspiAccessible *root, const CaApp *app, GDBusConnection *a11y_bus, GError **error)
{
  GError *local = NULL;
  g_autoptr(AtspiCollection) collection = atspi_accessible_get_collection_iface (root);
  g_autoptr(GArray) roles = g_array_new (FALSE, FALSE, sizeof (AtspiRole));
  g_autoptr(AtspiMatchRule) rule = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(CaCollected) c = g_new0 (CaCollected, 1);
  g_autoptr(AtspiDocument) doc = NULL;
  gint64 t0;

  if (collection == NULL)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_GONE, "the window offers no collection");
      return NULL;
    }
  g_array_append_vals (roles, control_roles, G_N_ELEMENTS (control_roles));
  rule = atspi_match_rule_new (NULL, ATSPI_Collection_MATCH_ALL, NULL, ATSPI_Collection_MATCH_ALL,
                               roles, ATSPI_Collection_MATCH_ANY, NULL,
                               ATSPI_Collection_MATCH_ALL, FALSE);
  t0 = g_get_monotonic_time ();
  found = atspi_collection_get_matches (collection, rule, ATSPI_Collection_SORT_ORDER_CANONICAL,
                                        0, TRUE, &local);
  if (ca_call_failed (local, t0, error))
    return NULL;
  names = get_all_items (a11y_bus, app, &local);
  if (local != NULL)
    {
      for (guint i = 0; found != NULL && i < found->len; i++)
        g_object_unref (g_array_index (found, AtspiAccessible *, i));
      g_propagate_error (error, local);
      return NULL;
    }

  c->controls = g_ptr_array_new_with_free_func (g_object_unref);
  c->ids = g_ptr_array_new_with_free_func (g_free);
  c->labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      AtspiAccessible *control = g_array_index (found, AtspiAccessible *, i);
      const Item *item = names != NULL ? g_hash_table_lookup (names, control->parent.path) : NULL;
      char *label;

      /* Text that cannot be typed in is no control. */
      if (item != NULL && !item->editable &&
          atspi_accessible_get_role (control, NULL) == ATSPI_ROLE_TEXT)
        {
          g_object_unref (control);
          continue;
        }
      label = label_of (control, app, names, &local);
      if (label == NULL)
        {
          for (guint j = i; j < found->len; j++)
            g_object_unref (g_array_index (found, AtspiAccessible *, j));
          g_propagate_error (error, local);
          return NULL;
        }
      g_ptr_array_add (c->controls, control); /* takes the array's reference */
      g_ptr_array_add (c->ids, g_strdup (control->parent.path));
      g_ptr_array_add (c->labels, label);
    }

  c->title = atspi_accessible_get_name (root, NULL);
  doc = atspi_accessible_get_document_iface (root);
  if (doc != NULL && app->toolkit->address_attribute != NULL)
    c->address = atspi_document_get_document_attribute_value (
      doc, (char *) app->toolkit->address_attribute, NULL);
  return g_steal_pointer (&c);
}
