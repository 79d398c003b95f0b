#include "cg-profiles.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "claimrules.h"

#define RELOAD_DELAY_MS 150

struct _CgProfiles {
  GObject parent;

  GStrv dirs;
  GStrv variants;
  char *state_file;
  char *active;

  GHashTable *good_files; /* path -> GKeyFile: the last version that passed */
  GHashTable *profiles;   /* name -> CgProfile: the last merge that passed */
  GStrv problems;
  GPtrArray *monitors;
  guint reload_id;
};

G_DEFINE_FINAL_TYPE (CgProfiles, cg_profiles, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
read_remembered (const char *state_file)
{
  g_autoptr(GKeyFile) k = g_key_file_new ();
  if (!g_key_file_load_from_file (k, state_file, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_string (k, "Daemon", "Profile", NULL);
}

static gboolean
remember (CgProfiles *self, const char *name, GError **error)
{
  g_autoptr(GKeyFile) k = g_key_file_new ();
  g_autofree char *dir = g_path_get_dirname (self->state_file);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s: %s", dir,
                   g_strerror (errno));
      return FALSE;
    }
  g_key_file_set_string (k, "Daemon", "Profile", name);
  return g_key_file_save_to_file (k, self->state_file, error);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* name -> GPtrArray of paths, in layer order. */
static GHashTable *
find_files (CgProfiles *self)
{
  GHashTable *by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; self->dirs[i] != NULL; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (self->dirs[i], 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (entry, ".profile") && entry[0] != '.')
          g_ptr_array_add (names, g_strdup (entry));
      g_ptr_array_sort (names, compare_names);
      for (guint j = 0; j < names->len; j++)
        {
          const char *file = g_ptr_array_index (names, j);
          g_autofree char *name = g_strndup (file, strlen (file) - strlen (".profile"));
          GPtrArray *paths = g_hash_table_lookup (by_name, name);
          if (paths == NULL)
            {
              paths = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (by_name, g_strdup (name), paths);
            }
          g_ptr_array_add (paths, g_build_filename (self->dirs[i], file, NULL));
        }
    }
  return by_name;
}

/* The checked layers of @paths into @layers; refusals into @problems. */
static void
read_layers (CgProfiles *self, GPtrArray *paths, GHashTable *good, GPtrArray *layers,
             GPtrArray *files, GPtrArray *problems)
{
  for (guint i = 0; paths != NULL && i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      GKeyFile *kf = g_hash_table_lookup (good, path);

      if (kf == NULL)
        {
          g_autoptr(GError) error = NULL;
          kf = cg_profile_parse_file (path, (const char *const *) self->variants, &error);
          if (kf != NULL)
            g_hash_table_insert (good, g_strdup (path), kf);
          else
            {
              GKeyFile *old = g_hash_table_lookup (self->good_files, path);
              g_ptr_array_add (problems, g_strdup (error->message));
              g_warning ("Profile file refused, %s: %s", old ? "its last good version stays"
                                                              : "it is left out", error->message);
              if (old == NULL)
                continue;
              kf = g_key_file_ref (old);
              g_hash_table_insert (good, g_strdup (path), kf);
            }
        }
      g_ptr_array_add (layers, kf);
      g_ptr_array_add (files, g_strdup (path));
    }
}

static char *
join_problems (GPtrArray *problems)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) v = NULL;
  for (guint i = 0; i < problems->len; i++)
    g_strv_builder_add (b, g_ptr_array_index (problems, i));
  v = g_strv_builder_end (b);
  return g_strjoinv ("; ", v);
}

/* Merges @name from the default's layers and its own.  On a refusal, adds
 * @name to @keep when a version of it is in force, to be kept. */
static CgProfile *
merge_or_keep (CgProfiles *self, const char *name, GPtrArray *default_layers, GPtrArray *own,
               GPtrArray *files, GPtrArray *problems, GPtrArray *keep)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CgProfile *p;

  if (!g_str_equal (name, CG_PROFILE_DEFAULT))
    for (guint i = 0; i < default_layers->len; i++)
      g_ptr_array_add (layers, g_ptr_array_index (default_layers, i));
  for (guint i = 0; i < own->len; i++)
    g_ptr_array_add (layers, g_ptr_array_index (own, i));

  p = cg_profile_merge (name, layers, layers->len - own->len, files, &error);
  if (p != NULL)
    return p;
  g_warning ("Profile %s refused: %s", name, error->message);
  g_ptr_array_add (problems, g_strdup (error->message));
  if (g_hash_table_contains (self->profiles, name))
    g_ptr_array_add (keep, g_strdup (name));
  return NULL;
}

/* Moves the profiles named in @keep from those in force into @profiles. */
static void
keep_old (CgProfiles *self, GPtrArray *keep, GHashTable *profiles)
{
  for (guint i = 0; i < keep->len; i++)
    {
      gpointer name = NULL, p = NULL;
      if (g_hash_table_steal_extended (self->profiles, g_ptr_array_index (keep, i), &name, &p))
        g_hash_table_insert (profiles, name, p);
    }
}

static gboolean
load (CgProfiles *self, GError **error)
{
  g_autoptr(GHashTable) by_name = find_files (self);
  g_autoptr(GHashTable) good = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_key_file_unref);
  g_autoptr(GHashTable) profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) cg_profile_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) default_layers = g_ptr_array_new ();
  g_autoptr(GPtrArray) default_files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  read_layers (self, g_hash_table_lookup (by_name, CG_PROFILE_DEFAULT), good, default_layers,
               default_files, problems);
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = key;
      gboolean is_default = g_str_equal (name, CG_PROFILE_DEFAULT);
      g_autoptr(GPtrArray) own = g_ptr_array_new ();
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      CgProfile *p;

      /* A profile is made of the default's files, then its own. */
      for (guint i = 0; i < default_files->len; i++)
        g_ptr_array_add (files, g_strdup (g_ptr_array_index (default_files, i)));
      if (is_default)
        g_ptr_array_extend (own, default_layers, NULL, NULL);
      else
        read_layers (self, value, good, own, files, problems);
      if (own->len == 0)
        continue;
      p = merge_or_keep (self, name, default_layers, own, files, problems, keep);
      if (p != NULL)
        g_hash_table_insert (profiles, g_strdup (name), p);
    }

  if (!g_hash_table_contains (profiles, CG_PROFILE_DEFAULT) &&
      !g_ptr_array_find_with_equal_func (keep, CG_PROFILE_DEFAULT, g_str_equal, NULL))
    {
      g_autofree char *where = g_strjoinv (", ", self->dirs);
      g_autofree char *why = join_problems (problems);
      g_set_error (error, CR_ERROR, CR_ERROR_NOT_FOUND, "no usable default.profile in %s%s%s",
                   where, *why ? ": " : "", why);
      return FALSE;
    }

  keep_old (self, keep, profiles);
  g_hash_table_unref (self->good_files);
  self->good_files = g_steal_pointer (&good);
  g_hash_table_unref (self->profiles);
  self->profiles = g_steal_pointer (&profiles);
  g_strfreev (self->problems);
  g_ptr_array_add (problems, NULL);
  self->problems = (GStrv) g_ptr_array_free (g_steal_pointer (&problems), FALSE);

  if (self->active == NULL || !g_hash_table_contains (self->profiles, self->active))
    {
      if (self->active != NULL)
        g_message ("Profile %s is gone; using %s", self->active, CG_PROFILE_DEFAULT);
      g_free (self->active);
      self->active = g_strdup (CG_PROFILE_DEFAULT);
    }
  return TRUE;
}

void
cg_profiles_reload (CgProfiles *self)
{
  g_autoptr(GError) error = NULL;
  if (!load (self, &error))
    g_warning ("Profiles not reloaded, the ones in force stay: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
reload_now (gpointer data)
{
  CgProfiles *self = data;
  self->reload_id = 0;
  cg_profiles_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_dir_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                gpointer data)
{
  CgProfiles *self = data;
  if (event == G_FILE_MONITOR_EVENT_CHANGED)
    return; /* wait for CHANGES_DONE_HINT: the file may be half written */
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_now, self);
}

static void
watch (CgProfiles *self)
{
  for (guint i = 0; self->dirs[i] != NULL; i++)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (self->dirs[i]);
      g_autoptr(GError) error = NULL;
      GFileMonitor *m = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (m == NULL)
        {
          g_message ("Changes in %s will need a restart: %s", self->dirs[i], error->message);
          continue;
        }
      g_signal_connect (m, "changed", G_CALLBACK (on_dir_changed), self);
      g_ptr_array_add (self->monitors, m);
    }
}

static void
cg_profiles_dispose (GObject *object)
{
  CgProfiles *self = CG_PROFILES (object);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  for (guint i = 0; self->monitors != NULL && i < self->monitors->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->monitors, i), self);
  g_clear_pointer (&self->monitors, g_ptr_array_unref);
  G_OBJECT_CLASS (cg_profiles_parent_class)->dispose (object);
}

static void
cg_profiles_finalize (GObject *object)
{
  CgProfiles *self = CG_PROFILES (object);
  g_strfreev (self->dirs);
  g_strfreev (self->variants);
  g_strfreev (self->problems);
  g_free (self->state_file);
  g_free (self->active);
  g_hash_table_unref (self->good_files);
  g_hash_table_unref (self->profiles);
  G_OBJECT_CLASS (cg_profiles_parent_class)->finalize (object);
}

static void
cg_profiles_class_init (CgProfilesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cg_profiles_dispose;
  G_OBJECT_CLASS (klass)->finalize = cg_profiles_finalize;
  /* CgProfiles::changed: the files were read again (the active profile may differ). */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cg_profiles_init (CgProfiles *self)
{
  self->good_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_key_file_unref);
  self->profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) cg_profile_free);
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_new0 (char *, 1);
}

CgProfiles *
cg_profiles_new (const char *const *dirs, const char *state_file, const char *const *variants,
                 GError **error)
{
  g_autoptr(CgProfiles) self = g_object_new (CG_TYPE_PROFILES, NULL);

  self->dirs = g_strdupv ((char **) dirs);
  self->variants = g_strdupv ((char **) variants);
  self->state_file = g_strdup (state_file);
  self->active = read_remembered (state_file);
  if (!load (self, error))
    return NULL;
  watch (self);
  return g_steal_pointer (&self);
}

const CgProfile *
cg_profiles_get_active (CgProfiles *self)
{
  return g_hash_table_lookup (self->profiles, self->active);
}

const CgProfile *
cg_profiles_lookup (CgProfiles *self, const char *name)
{
  return g_hash_table_lookup (self->profiles, name);
}

GPtrArray *
cg_profiles_list (CgProfiles *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, self->profiles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_names);
  return names;
}

gboolean
cg_profiles_use (CgProfiles *self, const char *name, GError **error)
{
  if (!g_hash_table_contains (self->profiles, name))
    {
      g_set_error (error, CR_ERROR, CR_ERROR_NOT_FOUND, "there is no profile %s", name);
      return FALSE;
    }
  if (!remember (self, name, error))
    return FALSE;
  g_free (self->active);
  self->active = g_strdup (name);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

const char *const *
cg_profiles_get_problems (CgProfiles *self)
{
  return (const char *const *) self->problems;
}
