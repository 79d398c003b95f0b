/* org.claimguide.Profiles1 */
#include "cg-daemon-private.h"

static gboolean
handle_list_profiles (CgDBusProfiles1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GPtrArray) names = cg_profiles_list (self->profiles);
  gboolean zh = cg_daemon_default_lang (self) != CG_LANG_EN;
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(sss)"));
  for (guint i = 0; i < names->len; i++)
    {
      const CgProfile *p = cg_profiles_lookup (self->profiles, g_ptr_array_index (names, i));
      g_autoptr(GStrvBuilder) fb = g_strv_builder_new ();
      g_auto(GStrv) files = NULL;
      g_autofree char *joined = NULL;
      for (guint j = 0; j < p->files->len; j++)
        g_strv_builder_add (fb, g_ptr_array_index (p->files, j));
      files = g_strv_builder_end (fb);
      joined = g_strjoinv (":", files);
      g_variant_builder_add (&b, "(sss)", p->name, p->title[zh ? 1 : 0], joined);
    }
  cg_dbus_profiles1_complete_list_profiles (iface, inv, g_variant_builder_end (&b));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static const CgProfile *
lookup (CgDaemon *self, GDBusMethodInvocation *inv, const char *name)
{
  const CgProfile *p = cg_profiles_lookup (self->profiles, name);
  if (p == NULL)
    {
      g_autofree char *shown = cg_error_quote (name, 60);
      g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_UNKNOWN_PROFILE,
                                             "there is no profile “%s” (claimguidectl profile "
                                             "list shows them)", shown);
    }
  return p;
}

static gboolean
handle_get_profile (CgDBusProfiles1 *iface, GDBusMethodInvocation *inv, const char *name,
                    gpointer data)
{
  CgDaemon *self = data;
  const CgProfile *p = lookup (self, inv, name);
  g_autoptr(GHashTable) settings = NULL;
  g_autoptr(GStrvBuilder) fb = g_strv_builder_new ();
  g_auto(GStrv) files = NULL;
  GVariantBuilder b;
  GHashTableIter iter;
  gpointer k, v;

  if (p == NULL)
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  settings = cg_profile_dup_settings (p);
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  g_hash_table_iter_init (&iter, settings);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_variant_builder_add (&b, "{ss}", k, v);
  for (guint j = 0; j < p->files->len; j++)
    g_strv_builder_add (fb, g_ptr_array_index (p->files, j));
  files = g_strv_builder_end (fb);
  cg_dbus_profiles1_complete_get_profile (iface, inv, g_variant_builder_end (&b),
                                          (const char *const *) files);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_use_profile (CgDBusProfiles1 *iface, GDBusMethodInvocation *inv, const char *name,
                    gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;

  if (lookup (self, inv, name) == NULL)
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  if (!cg_profiles_use (self->profiles, name, &error))
    {
      g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_FAILED, "%s", error->message);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  cg_dbus_profiles1_complete_use_profile (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
cg_profiles_service_export (CgDaemon *self)
{
  self->profiles_iface = cg_dbus_profiles1_skeleton_new ();
  g_signal_connect (self->profiles_iface, "handle-list-profiles", G_CALLBACK (handle_list_profiles), self);
  g_signal_connect (self->profiles_iface, "handle-get-profile", G_CALLBACK (handle_get_profile), self);
  g_signal_connect (self->profiles_iface, "handle-use-profile", G_CALLBACK (handle_use_profile), self);
}
