/* The record of help (see cg-audit.h).
 *
 * The folder is opened with O_NOFOLLOW and checked by its descriptor (a
 * folder, the user's, 0700), and the file opened through it with O_NOFOLLOW
 * and O_APPEND, checked the same way (a plain file, the user's, 0600), as
 * cg-drafts.c does.  A line is one write(2) on an O_APPEND descriptor, so
 * two writers never interleave within a line. */
#include "cg-audit.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LOG  (256 * 1024)      /* then it becomes helper.log.1 */
#define MAX_READ (1024 * 1024)
#define MAX_DETAIL 200

static const char *const action_names[CG_AUDIT_N] = {
  [CG_AUDIT_WATCH_STARTED] = "watch-started",
  [CG_AUDIT_WATCH_ENDED] = "watch-ended",
  [CG_AUDIT_SAID] = "said",
  [CG_AUDIT_ASKED] = "asked",
  [CG_AUDIT_ALLOWED] = "allowed",
  [CG_AUDIT_DENIED] = "denied",
  [CG_AUDIT_NO_ANSWER] = "no-answer",
  [CG_AUDIT_WITHDRAWN] = "withdrawn",
  [CG_AUDIT_ENDED] = "ended",
  [CG_AUDIT_REFUSED] = "refused",
};

const char *
cg_audit_action_to_string (CgAuditAction action)
{
  g_return_val_if_fail (action < CG_AUDIT_N, NULL);
  return action_names[action];
}

gboolean
cg_audit_action_from_string (const char *name, CgAuditAction *out)
{
  for (guint i = 0; i < CG_AUDIT_N; i++)
    if (g_strcmp0 (name, action_names[i]) == 0)
      {
        *out = (CgAuditAction) i;
        return TRUE;
      }
  return FALSE;
}

void
cg_audit_entry_free (CgAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->time, g_date_time_unref);
  g_free (entry->detail);
  g_free (entry);
}

char *
cg_audit_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "claimguide", "helper.log", NULL);
}

/* Words of [a-z0-9=_-] between single spaces, with small numbers only: no
 * run of five digits, at most six in all (an ID cut up by hyphens is no
 * detail either). */
static gboolean
detail_ok (const char *detail)
{
  guint run = 0, digits = 0;

  if (strlen (detail) > MAX_DETAIL || detail[0] == ' ')
    return FALSE;
  for (const char *p = detail; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (++run > 4 || ++digits > 6)
            return FALSE;
          continue;
        }
      run = 0;
      if (*p == ' ' ? p[1] == ' ' || p[1] == '\0'
                    : !(g_ascii_islower (*p) || *p == '=' || *p == '_' || *p == '-'))
        return FALSE;
    }
  return TRUE;
}

/* ---- The folder and the file ---- */

static gboolean
fail_errno (GError **error, int saved, const char *what, const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s %s: %s", what, path,
               g_strerror (saved));
  return FALSE;
}

/* Opens the folder of the log without following a symlink, the user's own;
 * with @make, made first and put back to 0700. */
static int
open_dir (const char *dir, gboolean make, GError **error)
{
  struct stat st;
  int fd;

  if (make)
    {
      g_autofree char *parent = g_path_get_dirname (dir);
      const char *failed = NULL;
      if (g_mkdir_with_parents (parent, 0700) != 0)
        failed = parent;
      else if (g_mkdir (dir, 0700) != 0 && errno != EEXIST)
        failed = dir;
      if (failed != NULL)
        {
          fail_errno (error, errno, "Could not make the folder", failed);
          return -1;
        }
    }
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;
      if (saved == ELOOP || saved == ENOTDIR)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     "Refused the folder %s: it is a symlink or not a folder", dir);
      else
        fail_errno (error, saved, "Could not open the folder", dir);
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Refused the folder %s: it is not the user's own folder", dir);
      close (fd);
      return -1;
    }
  if (make && (st.st_mode & 07777) != 0700 && fchmod (fd, 0700) != 0)
    {
      fail_errno (error, errno, "Could not make private the folder", dir);
      close (fd);
      return -1;
    }
  return fd;
}

/* Opens @name in @dfd without following a symlink: a plain file, the user's. */
static int
open_file (int dfd, const char *name, int flags, const char *path, GError **error)
{
  struct stat st;
  int fd = openat (dfd, name, flags | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      if (saved == ELOOP)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     "Refused the log %s: it is a symlink", path);
      else
        fail_errno (error, saved, "Could not open the log", path);
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != getuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Refused the log %s: it is not a plain file of the user's", path);
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
write_all (int fd, const char *data, gsize len, const char *path, GError **error)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail_errno (error, errno, "Could not write the log", path);
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
cg_audit_append (const char *path, CgAuditAction action, const char *detail, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *line = NULL;
  struct stat st;
  gboolean ok;
  int dfd, fd;

  g_return_val_if_fail (action < CG_AUDIT_N, FALSE);
  if (detail != NULL && !detail_ok (detail))
    {
      /* The detail is not shown: it might be what it must not hold. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Refused to log a detail that is not plain words and small numbers");
      return FALSE;
    }
  line = g_strdup_printf ("%s\t%s\t%s\n", when, action_names[action], detail ? detail : "");

  dfd = open_dir (dir, TRUE, error);
  if (dfd < 0)
    return FALSE;
  /* Grown too large: it becomes the older file, and a new one starts. */
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (st.st_mode) &&
      st.st_uid == getuid () && st.st_size > MAX_LOG)
    {
      g_autofree char *older = g_strconcat (name, ".1", NULL);
      if (renameat (dfd, name, dfd, older) != 0)
        {
          fail_errno (error, errno, "Could not put aside the log", path);
          close (dfd);
          return FALSE;
        }
    }
  fd = open_file (dfd, name, O_WRONLY | O_APPEND | O_CREAT, path, error);
  close (dfd);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) == 0 && (st.st_mode & 07777) != 0600 && fchmod (fd, 0600) != 0)
    {
      fail_errno (error, errno, "Could not make private the log", path);
      close (fd);
      return FALSE;
    }
  ok = write_all (fd, line, strlen (line), path, error);
  close (fd);
  return ok;
}

/* ---- Reading ---- */

static CgAuditEntry *
parse_line (const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, "\t", 3);
  CgAuditEntry *e;
  CgAuditAction action;
  GDateTime *time;

  if (g_strv_length (parts) != 3 || !cg_audit_action_from_string (parts[1], &action) ||
      !detail_ok (parts[2]))
    return NULL;
  time = g_date_time_new_from_iso8601 (parts[0], NULL);
  if (time == NULL)
    return NULL;
  e = g_new0 (CgAuditEntry, 1);
  e->time = time;
  e->action = action;
  e->detail = g_strdup (parts[2]);
  return e;
}

/* Adds the entries of @name in @dfd; no such file adds none. */
static gboolean
read_one (int dfd, const char *name, const char *path, GPtrArray *out, GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) local = NULL;
  guint8 buf[8192];
  int fd = open_file (dfd, name, O_RDONLY | O_NONBLOCK, path, &local);

  if (fd < 0)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          return fail_errno (error, saved, "Could not read the log", path);
        }
      if (n == 0)
        break;
      g_byte_array_append (data, buf, (guint) n);
      if (data->len > MAX_READ)
        {
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       "Refused the log %s: it is larger than 1 MiB", path);
          return FALSE;
        }
    }
  close (fd);
  g_byte_array_append (data, (const guint8 *) "", 1);
  {
    g_auto(GStrv) lines = g_strsplit ((const char *) data->data, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        CgAuditEntry *e = lines[i][0] != '\0' ? parse_line (lines[i]) : NULL;
        if (e != NULL)
          g_ptr_array_add (out, e);
      }
  }
  return TRUE;
}

GPtrArray *
cg_audit_read (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *older = g_strconcat (name, ".1", NULL);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_audit_entry_free);
  g_autoptr(GError) local = NULL;
  gboolean ok;
  int dfd = open_dir (dir, FALSE, &local);

  if (dfd < 0)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return g_steal_pointer (&out);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  ok = read_one (dfd, older, path, out, error) && read_one (dfd, name, path, out, error);
  close (dfd);
  return ok ? g_steal_pointer (&out) : NULL;
}
