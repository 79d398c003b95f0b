/* Drafts of a claim, kept in user-only files (see cg-drafts.h).
 *
 * The drafts folder is opened with O_NOFOLLOW and checked by its descriptor
 * (a folder, owned by the user); a draft is read through that descriptor
 * the same way, so a symlink is never followed.  A save goes through
 * g_file_set_contents_full(), which writes a temporary file beside the
 * draft and renames it over, so a draft is never half written.
 *
 * Errors name the scheme and the file, never a value: GLib's key-file
 * errors quote the offending line, so they are replaced, not passed on. */
#include "cg-drafts.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DRAFT_SUFFIX  ".draft"
#define MAX_SCHEME    128
#define MAX_DRAFT     (1024 * 1024)
#define GROUP_DRAFT   "Draft"
#define GROUP_FIELDS  "Fields"

void
cg_draft_free (CgDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->scheme);
  g_clear_pointer (&draft->fields, g_hash_table_unref);
  g_free (draft->step);
  g_free (draft);
}

char *
cg_drafts_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "claimguide", "drafts", NULL);
}

/* ---- Names ---- */

static gboolean
scheme_ok (const char *scheme)
{
  gsize len;

  if (scheme == NULL || scheme[0] == '\0' || scheme[0] == '.')
    return FALSE;
  len = strlen (scheme);
  if (len > MAX_SCHEME)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (scheme[i]) && strchr ("._-", scheme[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
check_scheme (const char *scheme, GError **error)
{
  if (scheme_ok (scheme))
    return TRUE;
  /* The id is not shown: it may be anything the caller was given. */
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Not a scheme id (letters, digits, “._-”, no leading dot, at most 128 bytes)");
  return FALSE;
}

static gboolean
field_name_ok (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* ---- The folder ---- */

/* Opens @path as a folder without following a symlink, and checks it is the
 * user's.  With @make, it is made first (0700) and put back to 0700.  Sets
 * G_IO_ERROR_NOT_FOUND when it is not there. */
static int
open_dir (const char *path, gboolean make, GError **error)
{
  struct stat st;
  int fd, saved;

  if (make && g_mkdir (path, 0700) != 0 && errno != EEXIST)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not make the drafts folder %s: %s", path, g_strerror (saved));
      return -1;
    }

  fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      saved = errno;
      if (saved == ELOOP || saved == ENOTDIR)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     "Refused the drafts folder %s: it is a symlink or not a folder", path);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "Could not open the drafts folder %s: %s", path, g_strerror (saved));
      return -1;
    }

  if (fstat (fd, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Refused the drafts folder %s: it is not the user's own folder", path);
      close (fd);
      return -1;
    }

  if (make && (st.st_mode & 07777) != 0700 && fchmod (fd, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not make the drafts folder %s private: %s", path, g_strerror (saved));
      close (fd);
      return -1;
    }
  return fd;
}

/* Makes $XDG_STATE_HOME/claimguide/drafts, refusing a symlink anywhere
 * from claimguide/ down; returns the drafts folder open. */
static int
make_dirs (const char *dir, GError **error)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *state = g_path_get_dirname (parent);
  int pfd;

  if (g_mkdir_with_parents (state, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not make the state folder %s: %s", state, g_strerror (saved));
      return -1;
    }
  if (g_mkdir (parent, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not make the folder %s: %s", parent, g_strerror (saved));
      return -1;
    }
  pfd = open_dir (parent, FALSE, error);
  if (pfd < 0)
    return -1;
  close (pfd);
  return open_dir (dir, TRUE, error);
}

/* ---- Save ---- */

static gint
compare_names (gconstpointer a, gconstpointer b, G_GNUC_UNUSED gpointer user_data)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
draft_to_data (const CgDraft *draft, gsize *length, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  if (draft->step != NULL && !g_utf8_validate (draft->step, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The draft's step id is not UTF-8");
      return NULL;
    }

  g_key_file_set_string (kf, GROUP_DRAFT, "Scheme", draft->scheme);
  if (draft->step != NULL)
    g_key_file_set_string (kf, GROUP_DRAFT, "Step", draft->step);
  g_key_file_set_int64 (kf, GROUP_DRAFT, "SavedAt",
                        draft->saved_at > 0 ? draft->saved_at
                                            : g_get_real_time () / G_USEC_PER_SEC);

  if (draft->fields != NULL)
    {
      /* Sorted, so the same draft is always the same file. */
      g_autofree gpointer *names = g_hash_table_get_keys_as_array (draft->fields, NULL);
      g_qsort_with_data (names, (gint) g_hash_table_size (draft->fields), sizeof (gpointer),
                         compare_names, NULL);
      for (guint i = 0; i < g_hash_table_size (draft->fields); i++)
        {
          const char *name = names[i];
          const char *value = g_hash_table_lookup (draft->fields, name);

          if (!field_name_ok (name) || !g_utf8_validate (name, -1, NULL))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   "A field name of the draft is not an identifier ([a-z0-9_])");
              return NULL;
            }
          if (value == NULL || !g_utf8_validate (value, -1, NULL))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The value of field “%s” is missing or not UTF-8", name);
              return NULL;
            }
          g_key_file_set_string (kf, GROUP_FIELDS, name, value);
        }
    }

  return g_key_file_to_data (kf, length, NULL);
}

gboolean
cg_drafts_save (const CgDraft *draft, GError **error)
{
  g_autofree char *dir = cg_drafts_dir ();
  g_autofree char *name = NULL, *path = NULL, *data = NULL;
  gsize length = 0;
  struct stat st;
  int dfd;
  gboolean ok;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_scheme (draft->scheme, error))
    return FALSE;
  data = draft_to_data (draft, &length, error);
  if (data == NULL)
    return FALSE;

  dfd = make_dirs (dir, error);
  if (dfd < 0)
    {
      memset (data, 0, length);
      return FALSE;
    }

  name = g_strconcat (draft->scheme, DRAFT_SUFFIX, NULL);
  path = g_build_filename (dir, name, NULL);
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      (!S_ISREG (st.st_mode) || st.st_uid != getuid ()))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Refused the draft file %s: it is a symlink, not a plain file or not the user's",
                   path);
      close (dfd);
      memset (data, 0, length);
      return FALSE;
    }
  close (dfd);

  ok = g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error);
  memset (data, 0, length);
  return ok;
}

/* ---- Load ---- */

static gboolean
refuse (GError **error, GIOErrorEnum code, const char *scheme, const char *why)
{
  g_set_error (error, G_IO_ERROR, code, "Refused the draft of scheme “%s”: %s", scheme, why);
  return FALSE;
}

/* Reads the whole draft file through @dfd into @out (NUL-terminated). */
static gboolean
read_draft (int dfd, const char *scheme, GByteArray *out, GError **error)
{
  g_autofree char *name = g_strconcat (scheme, DRAFT_SUFFIX, NULL);
  struct stat st;
  guint8 buf[8192];
  int fd, saved;

  fd = openat (dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      saved = errno;
      if (saved == ENOENT)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "There is no draft of scheme “%s”", scheme);
      else if (saved == ELOOP)
        refuse (error, G_IO_ERROR_PERMISSION_DENIED, scheme, "the file is a symlink");
      else
        refuse (error, g_io_error_from_errno (saved), scheme, g_strerror (saved));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return refuse (error, G_IO_ERROR_NOT_REGULAR_FILE, scheme, "it is not a plain file");
    }
  if (st.st_uid != getuid ())
    {
      close (fd);
      return refuse (error, G_IO_ERROR_PERMISSION_DENIED, scheme, "the file is not the user's");
    }
  if ((st.st_mode & 077) != 0)
    {
      close (fd);
      return refuse (error, G_IO_ERROR_PERMISSION_DENIED, scheme,
                     "the file is readable or writable by others (it should be 0600)");
    }
  if (st.st_size > MAX_DRAFT)
    {
      close (fd);
      return refuse (error, G_IO_ERROR_MESSAGE_TOO_LARGE, scheme, "the file is larger than 1 MiB");
    }

  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          close (fd);
          return refuse (error, g_io_error_from_errno (saved), scheme, g_strerror (saved));
        }
      if (n == 0)
        break;
      g_byte_array_append (out, buf, (guint) n);
      if (out->len > MAX_DRAFT)
        {
          close (fd);
          return refuse (error, G_IO_ERROR_MESSAGE_TOO_LARGE, scheme,
                         "the file is larger than 1 MiB");
        }
    }
  close (fd);
  memset (buf, 0, sizeof buf);
  return TRUE;
}

static CgDraft *
parse_draft (const char *scheme, const char *data, gsize length, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(CgDraft) draft = g_new0 (CgDraft, 1);
  g_autofree char *saved_scheme = NULL;
  g_autoptr(GError) local = NULL;
  const char *why = NULL;

  /* GLib's own messages quote the broken line: not passed on. */
  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, NULL))
    why = "not a key file";
  else if ((saved_scheme = g_key_file_get_string (kf, GROUP_DRAFT, "Scheme", NULL)) == NULL ||
           !g_str_equal (saved_scheme, scheme))
    why = "[Draft] Scheme is missing or another scheme's";
  else if ((draft->saved_at = g_key_file_get_int64 (kf, GROUP_DRAFT, "SavedAt", &local)),
           local != NULL)
    why = "[Draft] SavedAt is missing or not a number";
  else if (g_key_file_has_key (kf, GROUP_DRAFT, "Step", NULL) &&
           (draft->step = g_key_file_get_string (kf, GROUP_DRAFT, "Step", NULL)) == NULL)
    why = "[Draft] Step cannot be read";
  if (why != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Refused the draft of scheme “%s”: the file is broken (%s)", scheme, why);
      return NULL;
    }

  draft->scheme = g_strdup (scheme);
  draft->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_key_file_has_group (kf, GROUP_FIELDS))
    {
      g_auto(GStrv) names = g_key_file_get_keys (kf, GROUP_FIELDS, NULL, NULL);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          char *value = NULL;

          /* The name is shown only when it is an identifier. */
          if (!field_name_ok (names[i]))
            why = "a field name is not an identifier";
          else if ((value = g_key_file_get_string (kf, GROUP_FIELDS, names[i], NULL)) == NULL)
            why = "a field's value cannot be read";
          if (why != NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Refused the draft of scheme “%s”: the file is broken (%s)", scheme, why);
              return NULL;
            }
          g_hash_table_insert (draft->fields, g_strdup (names[i]), value);
        }
    }
  return g_steal_pointer (&draft);
}

CgDraft *
cg_drafts_load (const char *scheme, GError **error)
{
  g_autofree char *dir = cg_drafts_dir ();
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) local = NULL;
  CgDraft *draft;
  int dfd;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_scheme (scheme, error))
    return NULL;

  dfd = open_dir (dir, FALSE, &local);
  if (dfd < 0)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "There is no draft of scheme “%s”", scheme);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  bytes = g_byte_array_new ();
  if (!read_draft (dfd, scheme, bytes, error))
    {
      close (dfd);
      if (bytes->len > 0)
        memset (bytes->data, 0, bytes->len);
      return NULL;
    }
  close (dfd);

  draft = parse_draft (scheme, (const char *) bytes->data, bytes->len, error);
  if (bytes->len > 0)
    memset (bytes->data, 0, bytes->len);
  return draft;
}

/* ---- Delete and wipe ---- */

gboolean
cg_drafts_delete (const char *scheme, GError **error)
{
  g_autofree char *dir = cg_drafts_dir ();
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;
  int dfd, saved;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_scheme (scheme, error))
    return FALSE;

  dfd = open_dir (dir, FALSE, &local);
  if (dfd < 0)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  name = g_strconcat (scheme, DRAFT_SUFFIX, NULL);
  if (unlinkat (dfd, name, 0) != 0 && errno != ENOENT)
    {
      saved = errno;
      close (dfd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not remove the draft of scheme “%s”: %s", scheme, g_strerror (saved));
      return FALSE;
    }
  close (dfd);
  return TRUE;
}

guint
cg_drafts_wipe (void)
{
  g_autofree char *dir = cg_drafts_dir ();
  struct dirent *entry;
  guint removed = 0;
  DIR *d;
  int dfd;

  /* Not open_dir(): whoever owns the folder, what the user can remove goes. */
  dfd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0)
    {
      if (errno != ENOENT)
        g_warning ("Could not wipe the drafts in %s: %s", dir, g_strerror (errno));
      return 0;
    }
  d = fdopendir (dfd);
  if (d == NULL)
    {
      g_warning ("Could not wipe the drafts in %s: %s", dir, g_strerror (errno));
      close (dfd);
      return 0;
    }

  /* Every plain file or symlink: the drafts and the temporary files
   * (SCHEME.draft.XXXXXX) of a save that was cut short. */
  while ((entry = readdir (d)) != NULL)
    {
      struct stat st;

      if (g_str_equal (entry->d_name, ".") || g_str_equal (entry->d_name, ".."))
        continue;
      if (fstatat (dfd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR (st.st_mode))
        continue;
      if (unlinkat (dfd, entry->d_name, 0) != 0)
        {
          g_warning ("Could not remove %s/%s: %s", dir, entry->d_name, g_strerror (errno));
          continue;
        }
      if (g_str_has_suffix (entry->d_name, DRAFT_SUFFIX))
        removed++;
    }
  closedir (d);

  /* Gone too when nothing else is left in it. */
  if (g_rmdir (dir) != 0 && errno != ENOTEMPTY && errno != EEXIST)
    g_warning ("Could not remove the drafts folder %s: %s", dir, g_strerror (errno));
  return removed;
}
