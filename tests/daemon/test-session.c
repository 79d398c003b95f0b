#include "test-session.h"

#include <glib/gstdio.h>

#define SILENCE 300

char *
cg_test_session_dirs (const char *prefix)
{
  static const char *const vars[][2] = {
    { "XDG_RUNTIME_DIR", "run" },  { "XDG_CONFIG_HOME", "config" }, { "XDG_STATE_HOME", "state" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_CONFIG_DIRS", "etc" },    { "HOME", "home" },
  };
  g_autofree char *pattern = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autofree char *services = NULL;
  GError *error = NULL;
  char *tmp = g_dir_make_tmp (pattern, &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *d = g_build_filename (tmp, vars[i][1], NULL);
      g_assert_cmpint (g_mkdir (d, 0700), ==, 0);
      g_setenv (vars[i][0], d, TRUE);
    }
  services = g_build_filename (tmp, "services", NULL);
  g_assert_cmpint (g_mkdir (services, 0700), ==, 0);
  return tmp;
}

GTestDBus *
cg_test_session_bus (const char *tmp, const char *services)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *run = g_build_filename (tmp, "run", NULL);

  if (services != NULL)
    g_test_dbus_add_service_dir (bus, services);
  g_test_dbus_up (bus);
  /* GTestDBus unsets it, so that nothing reaches the real session. */
  g_setenv ("XDG_RUNTIME_DIR", run, TRUE);
  return bus;
}

gsize
cg_test_count_sound (const char *path, gsize skip)
{
  g_autofree char *data = NULL;
  gsize len = 0, n = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return 0;
  for (gsize i = skip; i + 1 < len; i += 2)
    {
      gint16 s = (gint16) ((guint8) data[i] | ((guint8) data[i + 1] << 8));
      n += s > SILENCE || s < -SILENCE;
    }
  return n;
}
