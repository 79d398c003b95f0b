/* fuzz-form-map: any bytes as a form map (plugin/forms/NAME.form) are loaded
 * or refused with an error, never a crash.  A map that loads is put to work
 * as the plugin uses it: in a matcher with the shipped schemes, a form named
 * by its titles and addresses with its own labels on it, and each label
 * looked up. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca-form-map.h"
#include "ca-matcher.h"
#include "ca-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static GPtrArray *schemes; /* CrScheme* */
static char *dir;
static char *path;

static CrScheme *
lookup_scheme (const char *id, gpointer data)
{
  for (guint i = 0; i < schemes->len; i++)
    if (g_strcmp0 (cr_scheme_get_id (schemes->pdata[i]), id) == 0)
      return schemes->pdata[i];
  return NULL;
}

static void
remove_dir (void)
{
  g_unlink (path);
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (FUZZ_SCHEMES, 0, &error);
  const char *name;

  g_assert_no_error (error);
  schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_scheme_unref);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".scheme"))
      {
        g_autofree char *file = g_build_filename (FUZZ_SCHEMES, name, NULL);
        CrScheme *s = cr_scheme_new_from_file (file, &error);
        g_assert_no_error (error);
        g_ptr_array_add (schemes, s);
      }
  g_assert_cmpuint (schemes->len, >, 0);
  dir = g_dir_make_tmp ("fuzz-form-map-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "fuzz.form", NULL);
  atexit (remove_dir);
  return 0;
}

/* A text the glob @pattern matches: * and ? filled in. */
static char *
text_for (const char *pattern)
{
  GString *s = g_string_new (NULL);
  for (const char *p = pattern; *p; p++)
    if (*p == '*')
      g_string_append (s, "Ab 理赔");
    else if (*p == '?')
      g_string_append_c (s, 'x');
    else
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static void
use (CaFormMap *map)
{
  CrScheme *scheme = lookup_scheme (map->scheme, NULL);
  g_autoptr(GPtrArray) maps = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *title = map->titles != NULL ? text_for (map->titles[0]) : NULL;
  g_autofree char *address = map->addresses != NULL ? text_for (map->addresses[0]) : NULL;
  CaMatcher *matcher;
  GHashTableIter iter;
  gpointer key, value;

  /* What a map that loads promises. */
  g_assert_nonnull (scheme);
  g_assert_true (map->titles != NULL || map->addresses != NULL);
  g_assert_nonnull (map->labels);
  g_assert_true (map->min_fields <= cr_scheme_get_n_fields (scheme));
  g_hash_table_iter_init (&iter, map->labels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_nonnull (cr_scheme_lookup_field (scheme, value));
      g_ptr_array_add (ids, g_strdup_printf ("control-%u", ids->len));
      g_ptr_array_add (labels, key);
    }
  for (guint i = 0; map->send_names != NULL && map->send_names[i] != NULL; i++)
    {
      g_ptr_array_add (ids, g_strdup_printf ("send-%u", i));
      g_ptr_array_add (labels, map->send_names[i]);
    }

  /* The matcher as the plugin builds it, and a form the map names. */
  g_ptr_array_add (maps, map);
  matcher = ca_matcher_new (schemes, maps);
  for (int by_address = 0; by_address < 2; by_address++)
    {
      g_autoptr(CaMatch) match = ca_matcher_match (matcher, by_address ? NULL : title,
                                                   by_address ? address : NULL,
                                                   (const char *const *) ids->pdata,
                                                   (const char *const *) labels->pdata, ids->len);
      g_assert_nonnull (match);
      g_assert_nonnull (match->send_names);
      if (match->map != NULL)
        {
          g_assert_cmpstr (match->map, ==, map->name);
          g_assert_cmpstr (match->scheme, ==, map->scheme);
        }
    }
  for (guint i = 0; i < labels->len; i++)
    {
      ca_matcher_field_for_label (matcher, map->scheme, labels->pdata[i]);
      ca_matcher_field_for_label (matcher, NULL, labels->pdata[i]);
    }
  ca_matcher_free (matcher);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CaFormMap) map = NULL;
  FILE *f = fopen (path, "wb");

  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (data, 1, size, f), ==, size);
  g_assert_cmpint (fclose (f), ==, 0);

  map = ca_form_map_load (path, lookup_scheme, NULL, &error);
  g_assert_true ((map == NULL) != (error == NULL));
  if (map == NULL)
    g_assert_true (g_str_has_prefix (error->message, path));
  else
    use (map);
  return 0;
}
