/* ca-form-map.c: reading and checking a form map (plugin/forms/NAME.form).
 *
 * A map is a GLib key file.  GKeyFile says neither the line of a key nor
 * that a key or group was written twice (it keeps the last), so the text is
 * first indexed line by line: every error names the file, the line and what
 * is wrong, as the scheme files' errors do ("PATH:LINE: [Group] Key: ..."). */
#include "ca-form-map.h"

#include <string.h>

#include "ca-error.h"
#include "ca-reader.h"

/* A form map is a few dozen lines; anything this big is not one. */
#define CA_FORM_MAP_MAX_SIZE (1024 * 1024)
#define CA_FORM_MAP_MAX_MIN_FIELDS 100


void
ca_form_map_free (CaFormMap *map)
{
  if (map == NULL)
    return;
  g_free (map->name);
  g_free (map->path);
  g_free (map->scheme);
  g_strfreev (map->titles);
  g_strfreev (map->addresses);
  g_clear_pointer (&map->labels, g_hash_table_unref);
  g_strfreev (map->send_names);
  g_free (map);
}

/* ---- The file's lines ---- */

typedef struct {
  char *group;
  char *key;
} Entry;

typedef struct {
  const char *path;
  GKeyFile   *kf;
  GHashTable *lines;   /* "group" or "group\nkey" -> line (GINT_TO_POINTER) */
  GPtrArray  *entries; /* Entry*, every key as written, in file order (GKeyFile's
                        * key list leaves out Key[locale]) */
} MapFile;

static void
entry_free (gpointer p)
{
  Entry *e = p;

  g_free (e->group);
  g_free (e->key);
  g_free (e);
}

static void
map_file_clear (MapFile *mf)
{
  g_clear_pointer (&mf->kf, g_key_file_unref);
  g_clear_pointer (&mf->lines, g_hash_table_unref);
  g_clear_pointer (&mf->entries, g_ptr_array_unref);
}

static int
line_of (const MapFile *mf, const char *group, const char *key)
{
  g_autofree char *k = key != NULL ? g_strconcat (group, "\n", key, NULL) : g_strdup (group);

  return GPOINTER_TO_INT (g_hash_table_lookup (mf->lines, k));
}

/* Sets "PATH:LINE: [group] key: message" (the line of @key, else of the
 * group, left out when neither is in the file) and returns FALSE. */
static gboolean G_GNUC_PRINTF (5, 6)
fail (const MapFile *mf, GError **error, const char *group, const char *key,
      const char *format, ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *where = NULL;
  g_autofree char *what = NULL;
  va_list args;
  int line = 0;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  if (group != NULL && key != NULL)
    line = line_of (mf, group, key);
  if (group != NULL && line == 0)
    line = line_of (mf, group, NULL);
  where = line > 0 ? g_strdup_printf ("%s:%d", mf->path, line) : g_strdup (mf->path);
  if (group == NULL)
    what = g_strdup (msg);
  else if (key == NULL)
    what = g_strdup_printf ("[%s]: %s", group, msg);
  else
    what = g_strdup_printf ("[%s] %s: %s", group, key, msg);
  g_set_error (error, CA_ERROR, CA_ERROR_INVALID, "%s: %s", where, what);
  return FALSE;
}

/* Indexes the lines of groups and keys, refusing what GKeyFile would take
 * quietly (a group or key written twice) or refuse without a line. */
static gboolean
index_lines (MapFile *mf, const char *text, GError **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;

  for (int i = 0; lines[i] != NULL; i++)
    {
      int line = i + 1;
      char *s = g_strstrip (lines[i]);
      char *eq;

      if (s[0] == '\0' || s[0] == '#')
        continue;
      if (s[0] == '[')
        {
          char *end = strchr (s, ']');
          int first;

          if (end == NULL || end[1] != '\0' || end == s + 1)
            {
              g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                           "%s:%d: not a key file: a group header is a name in brackets, "
                           "like [Form]", mf->path, line);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (s + 1, (gsize) (end - s - 1));
          first = GPOINTER_TO_INT (g_hash_table_lookup (mf->lines, group));
          if (first > 0)
            {
              g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                           "%s:%d: [%s]: the group is already on line %d; write each "
                           "group once", mf->path, line, group, first);
              return FALSE;
            }
          g_hash_table_insert (mf->lines, g_strdup (group), GINT_TO_POINTER (line));
          continue;
        }
      eq = strchr (s, '=');
      if (eq == NULL || eq == s)
        {
          g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                       "%s:%d: not a key file: each line is a [Group], a Key=value or "
                       "a # comment", mf->path, line);
          return FALSE;
        }
      if (group == NULL)
        {
          g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                       "%s:%d: not a key file: a Key=value before any [Group]; a form "
                       "map starts with [Form]", mf->path, line);
          return FALSE;
        }
      *eq = '\0';
      g_strchomp (s);
      {
        g_autofree char *k = g_strconcat (group, "\n", s, NULL);
        int first = GPOINTER_TO_INT (g_hash_table_lookup (mf->lines, k));

        Entry *e;

        if (first > 0)
          {
            g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                         "%s:%d: [%s] %s: already set on line %d; write each key once",
                         mf->path, line, group, s, first);
            return FALSE;
          }
        g_hash_table_insert (mf->lines, g_steal_pointer (&k), GINT_TO_POINTER (line));
        e = g_new0 (Entry, 1);
        e->group = g_strdup (group);
        e->key = g_strdup (s);
        g_ptr_array_add (mf->entries, e);
      }
    }
  return TRUE;
}

/* Refuses a key of @group not in @allowed. */
static gboolean
check_keys (const MapFile *mf, const char *group, const char *const *allowed,
            const char *takes, GError **error)
{
  for (guint i = 0; i < mf->entries->len; i++)
    {
      const Entry *e = mf->entries->pdata[i];

      if (strcmp (e->group, group) == 0 && !g_strv_contains (allowed, e->key))
        return fail (mf, error, group, e->key, "unknown key; [%s] takes %s", group, takes);
    }
  return TRUE;
}

/* A ;-separated list, items trimmed, empty ones dropped; NULL when absent
 * or nothing is left. */
static GStrv
get_list (const MapFile *mf, const char *group, const char *key)
{
  g_auto(GStrv) raw = g_key_file_get_string_list (mf->kf, group, key, NULL, NULL);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; raw != NULL && raw[i] != NULL; i++)
    {
      g_strstrip (raw[i]);
      if (raw[i][0] != '\0')
        {
          g_strv_builder_add (b, raw[i]);
          n++;
        }
    }
  return n > 0 ? g_strv_builder_end (b) : NULL;
}

static gboolean
read_form (const MapFile *mf, CaFormMap *map,
           CrScheme *(*lookup_scheme) (const char *id, gpointer data), gpointer data,
           CrScheme **scheme, GError **error)
{
  static const char *const form_keys[] = { "Scheme", "Titles", "Addresses", "MinFields", NULL };
  g_autofree char *min = NULL;

  if (!g_key_file_has_group (mf->kf, "Form"))
    return fail (mf, error, NULL, NULL,
                 "[Form] is missing; a form map starts with [Form] and says its Scheme=");
  if (!check_keys (mf, "Form", form_keys, "Scheme, Titles, Addresses and MinFields", error))
    return FALSE;

  map->scheme = g_key_file_get_string (mf->kf, "Form", "Scheme", NULL);
  if (map->scheme != NULL)
    g_strstrip (map->scheme);
  if (map->scheme == NULL || map->scheme[0] == '\0')
    return fail (mf, error, "Form", "Scheme",
                 "missing; say which scheme the form is for, e.g. "
                 "Scheme=chaonan-elderly-accident");
  *scheme = lookup_scheme != NULL ? lookup_scheme (map->scheme, data) : NULL;
  if (*scheme == NULL)
    return fail (mf, error, "Form", "Scheme", "no scheme is called “%s”", map->scheme);

  map->titles = get_list (mf, "Form", "Titles");
  map->addresses = get_list (mf, "Form", "Addresses");
  if (map->titles == NULL && map->addresses == NULL)
    return fail (mf, error, "Form", NULL,
                 "neither Titles nor Addresses; give at least one, so that the map "
                 "names a form");

  min = g_key_file_get_value (mf->kf, "Form", "MinFields", NULL);
  if (min != NULL)
    {
      guint64 v;

      g_strstrip (min);
      if (!g_ascii_string_to_unsigned (min, 10, 1, CA_FORM_MAP_MAX_MIN_FIELDS, &v, NULL))
        return fail (mf, error, "Form", "MinFields", "“%s” is not a whole number from 1 to %d",
                     min, CA_FORM_MAP_MAX_MIN_FIELDS);
      if (v > cr_scheme_get_n_fields (*scheme))
        return fail (mf, error, "Form", "MinFields", "%s is more than the %u fields the "
                     "scheme has", min, cr_scheme_get_n_fields (*scheme));
      map->min_fields = (guint) v;
    }
  return TRUE;
}

static gboolean
read_labels (const MapFile *mf, CaFormMap *map, CrScheme *scheme, GError **error)
{
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal); /* key -> label */

  map->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < mf->entries->len; i++)
    {
      const char *label = ((const Entry *) mf->entries->pdata[i])->key;
      g_autofree char *field = NULL;
      g_autofree char *key = NULL;
      const char *other;

      if (strcmp (((const Entry *) mf->entries->pdata[i])->group, "Labels") != 0)
        continue;
      if (strchr (label, '[') != NULL || strchr (label, ']') != NULL)
        return fail (mf, error, "Labels", label,
                     "a label here cannot have [ ] in it; leave that part out");
      field = g_key_file_get_string (mf->kf, "Labels", label, NULL);
      key = ca_label_key (label);
      if (key == NULL)
        return fail (mf, error, "Labels", label, "not a label");
      if (field != NULL)
        g_strstrip (field);
      if (field == NULL || field[0] == '\0')
        return fail (mf, error, "Labels", label,
                     "no field; write the label, =, and the field's name");
      if (cr_scheme_lookup_field (scheme, field) == NULL)
        return fail (mf, error, "Labels", label, "the scheme “%s” has no field called “%s”",
                     map->scheme, field);
      other = g_hash_table_lookup (map->labels, key);
      if (other != NULL && strcmp (other, field) == 0)
        continue; /* the same label written two ways, for the same field */
      if (other != NULL)
        {
          const char *earlier = g_hash_table_lookup (first, key);
          return fail (mf, error, "Labels", label,
                       "the same label as %s (line %d), which says %s", earlier,
                       line_of (mf, "Labels", earlier), other);
        }
      g_hash_table_insert (first, key, (gpointer) label);
      g_hash_table_insert (map->labels, g_steal_pointer (&key), g_steal_pointer (&field));
    }
  return TRUE;
}

static gboolean
read_send (const MapFile *mf, CaFormMap *map, GError **error)
{
  static const char *const send_keys[] = { "Names", NULL };

  if (!g_key_file_has_group (mf->kf, "Send"))
    return TRUE;
  if (!check_keys (mf, "Send", send_keys, "Names", error))
    return FALSE;
  map->send_names = get_list (mf, "Send", "Names");
  for (guint i = 0; map->send_names != NULL && map->send_names[i] != NULL; i++)
    {
      g_autofree char *key = ca_label_key (map->send_names[i]);
      if (key == NULL)
        return fail (mf, error, "Send", "Names", "“%s” is not a name", map->send_names[i]);
    }
  if (map->send_names == NULL)
    return fail (mf, error, "Send", "Names",
                 "missing or empty; list what the Send button says, separated by ;");
  return TRUE;
}

CaFormMap *
ca_form_map_load (const char *path, CrScheme *(*lookup_scheme) (const char *id, gpointer data),
                  gpointer data, GError **error)
{
  static const char *const groups[] = { "Form", "Labels", "Send", NULL };
  g_autoptr(GError) local = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(CaFormMap) map = NULL;
  CrScheme *scheme = NULL;
  MapFile mf = { path, NULL, NULL, NULL };
  gsize len;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID, "%s: cannot be read: %s", path,
                   local->message);
      return NULL;
    }
  if (len > CA_FORM_MAP_MAX_SIZE)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                   "%s: not a key file: larger than %d bytes", path, CA_FORM_MAP_MAX_SIZE);
      return NULL;
    }
  if (memchr (text, '\0', len) != NULL || !g_utf8_validate (text, (gssize) len, NULL))
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID, "%s: not a key file: not UTF-8 text",
                   path);
      return NULL;
    }

  map = g_new0 (CaFormMap, 1);
  map->path = g_strdup (path);
  base = g_path_get_basename (path);
  map->name = g_str_has_suffix (base, ".form")
                ? g_strndup (base, strlen (base) - strlen (".form"))
                : g_strdup (base);

  mf.lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  mf.entries = g_ptr_array_new_with_free_func (entry_free);
  mf.kf = g_key_file_new ();
  if (!index_lines (&mf, text, error))
    goto out;
  if (!g_key_file_load_from_data (mf.kf, text, len, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID, "%s: not a key file: %s", path,
                   local->message);
      goto out;
    }
  names = g_key_file_get_groups (mf.kf, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_strv_contains (groups, names[i]))
      {
        fail (&mf, error, names[i], NULL,
              "unknown group; a form map has [Form], [Labels] and [Send]");
        goto out;
      }
  ok = read_form (&mf, map, lookup_scheme, data, &scheme, error) &&
       read_labels (&mf, map, scheme, error) &&
       read_send (&mf, map, error);

out:
  map_file_clear (&mf);
  return ok ? g_steal_pointer (&map) : NULL;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
compare_map_names (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(CaFormMap *const *) a)->name, (*(CaFormMap *const *) b)->name);
}

GPtrArray *
ca_form_map_load_dirs (const char *const *dirs,
                       CrScheme *(*lookup_scheme) (const char *id, gpointer data),
                       gpointer data, GPtrArray *problems)
{
  g_autoptr(GPtrArray) maps = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_form_map_free);
  /* name -> CaFormMap*, owned by @maps */
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint d = 0; dirs != NULL && dirs[d] != NULL; d++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (dirs[d], 0, &error);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        {
          /* A folder that is not there is fine: most have no maps. */
          if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) &&
              !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR) && problems != NULL)
            g_ptr_array_add (problems, g_strdup_printf ("%s: %s", dirs[d], error->message));
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".form") && name[0] != '.')
          g_ptr_array_add (files, g_strdup (name));
      g_ptr_array_sort (files, compare_names);

      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *path = g_build_filename (dirs[d], files->pdata[i], NULL);
          g_autoptr(GError) map_error = NULL;
          CaFormMap *map = ca_form_map_load (path, lookup_scheme, data, &map_error);
          CaFormMap *earlier;
          guint at = 0;

          if (map == NULL)
            {
              /* Left out; a good map of the same name from an earlier folder
               * stays in force. */
              if (problems != NULL)
                g_ptr_array_add (problems, g_strdup (map_error->message));
              continue;
            }
          earlier = g_hash_table_lookup (by_name, map->name);
          /* replace, not insert: the key (the earlier map's name) goes too. */
          g_hash_table_replace (by_name, map->name, map);
          if (earlier != NULL && g_ptr_array_find (maps, earlier, &at))
            {
              ca_form_map_free (g_steal_pointer (&maps->pdata[at]));
              maps->pdata[at] = map;
            }
          else
            g_ptr_array_add (maps, map);
        }
    }
  /* In the order of their names, whichever folder each came from. */
  g_ptr_array_sort (maps, compare_map_names);
  return g_steal_pointer (&maps);
}
