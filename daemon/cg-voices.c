#include "cg-voices.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>

/* eSpeak NG 1.51 keeps its data path in a buffer of 160 bytes. */
#define ESPEAK_PATH_MAX 150

void
cg_voice_variant_free (CgVoiceVariant *variant)
{
  if (variant == NULL)
    return;
  g_free (variant->name);
  g_free (variant->title);
  g_free (variant->title_zh);
  g_free (variant);
}

static gboolean
is_variant_name (const char *name)
{
  /* eSpeak looks variants up by lower-case name; keep names plain. */
  if (name[0] == '\0' || name[0] == '.' || strlen (name) > 40)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
comment_value (const char *data, const char *key)
{
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_autofree char *prefix = g_strconcat ("// ", key, ":", NULL);
  for (char **l = lines; *l != NULL; l++)
    if (g_str_has_prefix (*l, prefix))
      return g_strstrip (g_strdup (*l + strlen (prefix)));
  return NULL;
}

static gint
compare_variants (gconstpointer a, gconstpointer b)
{
  const CgVoiceVariant *va = *(CgVoiceVariant *const *) a, *vb = *(CgVoiceVariant *const *) b;
  return strcmp (va->name, vb->name);
}

GPtrArray *
cg_voices_list_variants (const char *variants_dir, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_voice_variant_free);
  g_autoptr(GDir) dir = g_dir_open (variants_dir, 0, error);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (variants_dir, name, NULL);
      g_autofree char *data = NULL;
      CgVoiceVariant *v;

      if (!is_variant_name (name) || !g_file_get_contents (path, &data, NULL, NULL))
        continue;
      v = g_new0 (CgVoiceVariant, 1);
      v->name = g_strdup (name);
      v->title = comment_value (data, "title");
      v->title_zh = comment_value (data, "title[zh_CN]");
      if (v->title == NULL)
        v->title = g_strdup (name);
      if (v->title_zh == NULL)
        v->title_zh = g_strdup (v->title);
      g_ptr_array_add (out, v);
    }
  g_ptr_array_sort (out, compare_variants);
  return g_steal_pointer (&out);
}

gboolean
cg_remove_tree (const char *path, GError **error)
{
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, error);
      const char *name;
      if (dir == NULL)
        return FALSE;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (!cg_remove_tree (child, error))
            return FALSE;
        }
      if (g_rmdir (path) == 0)
        return TRUE;
    }
  else if (g_unlink (path) == 0 || errno == ENOENT)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot remove %s: %s", path,
               g_strerror (errno));
  return FALSE;
}

/* Links every entry of @from into @to, but for the one named @except. */
static gboolean
link_entries (const char *from, const char *to, const char *except, GError **error)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *target = NULL, *link = NULL;
      if (except != NULL && g_str_equal (name, except))
        continue;
      target = g_build_filename (from, name, NULL);
      link = g_build_filename (to, name, NULL);
      if (symlink (target, link) != 0 && errno != EEXIST)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot link %s: %s",
                       link, g_strerror (errno));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
make_dir (const char *path, GError **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

char *
cg_voices_build_data_dir (const char *system_data, const char *variants_dir, GPtrArray *variants,
                          const char *dest, GError **error)
{
  g_autofree char *data = g_build_filename (dest, "espeak-ng-data", NULL);
  g_autofree char *sys_voices = g_build_filename (system_data, "voices", NULL);
  g_autofree char *sys_variants = g_build_filename (system_data, "voices", "!v", NULL);
  g_autofree char *voices = g_build_filename (data, "voices", NULL);
  g_autofree char *variants_here = g_build_filename (data, "voices", "!v", NULL);

  if (strlen (dest) > ESPEAK_PATH_MAX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG,
                   "%s is too long a path for eSpeak NG (at most %d bytes)", dest, ESPEAK_PATH_MAX);
      return NULL;
    }
  if (!g_file_test (sys_voices, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no eSpeak NG data in %s", system_data);
      return NULL;
    }
  if (!cg_remove_tree (data, error) || !make_dir (variants_here, error) ||
      !link_entries (system_data, data, "voices", error) ||
      !link_entries (sys_voices, voices, "!v", error) ||
      !link_entries (sys_variants, variants_here, NULL, error))
    return NULL;

  /* Ours last: a name that is also a system variant is ours. */
  {
    for (guint i = 0; i < variants->len; i++)
      {
        CgVoiceVariant *v = g_ptr_array_index (variants, i);
        g_autofree char *target = g_build_filename (variants_dir, v->name, NULL);
        g_autofree char *link = g_build_filename (variants_here, v->name, NULL);
        g_autofree char *abs_target = g_canonicalize_filename (target, NULL);
        g_unlink (link);
        if (symlink (abs_target, link) != 0)
          {
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot link %s: %s",
                         link, g_strerror (errno));
            return NULL;
          }
      }
  }
  return g_strdup (dest);
}
