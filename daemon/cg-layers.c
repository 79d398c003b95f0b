/* cg-layers.c: shipped, then the helpdesk's, then the user's. */
#include "cg-layers.h"

GStrv
cg_layer_dirs (const char *kind, const char *env_var, const char *shipped)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  const char *const *sys = g_get_system_config_dirs ();
  const char *env = g_getenv (env_var);
  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "claimguide", kind, NULL);

  g_strv_builder_add (b, env != NULL && *env != '\0' ? env : shipped);
  for (gint i = (gint) g_strv_length ((char **) sys) - 1; i >= 0; i--)
    {
      g_autofree char *dir = g_build_filename (sys[i], "claimguide", kind, NULL);
      g_strv_builder_add (b, dir);
    }
  g_strv_builder_add (b, user);
  return g_strv_builder_end (b);
}
