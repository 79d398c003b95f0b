/* The record of help (daemon/cg-audit.c): one line an action, in a
 * user-only file, never through a symlink, and no detail that could carry
 * personal data. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include "cg-audit.h"
#include "cg-voices.h"

static char *tmp;

static char *
fresh_dir (const char *name)
{
  char *d = g_build_filename (tmp, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (d, 0700), ==, 0);
  return d;
}

static guint
n_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_path (void)
{
  g_autofree char *path = cg_audit_path ();
  g_autofree char *want = g_build_filename (g_get_user_state_dir (), "claimguide", "helper.log", NULL);
  g_assert_cmpstr (path, ==, want);
}

static void
test_append_and_read (void)
{
  g_autofree char *state = fresh_dir ("state-1");
  g_autofree char *path = g_build_filename (state, "claimguide", "helper.log", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  static const struct { CgAuditAction action; const char *detail; } done[] = {
    { CG_AUDIT_WATCH_STARTED, NULL }, { CG_AUDIT_SAID, "chars=12" }, { CG_AUDIT_ASKED, NULL },
    { CG_AUDIT_ALLOWED, "by=key" }, { CG_AUDIT_WITHDRAWN, "by=notification" },
    { CG_AUDIT_ENDED, "reason=claim-sent" }, { CG_AUDIT_WATCH_ENDED, NULL },
  };
  GStatBuf st;

  for (gsize i = 0; i < G_N_ELEMENTS (done); i++)
    {
      g_assert_true (cg_audit_append (path, done[i].action, done[i].detail, &error));
      g_assert_no_error (error);
    }
  /* The folder and the file are the user's alone. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_assert_cmpint (g_stat (dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }
  entries = cg_audit_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (done));
  for (gsize i = 0; i < G_N_ELEMENTS (done); i++)
    {
      const CgAuditEntry *e = entries->pdata[i];
      g_assert_cmpint (e->action, ==, done[i].action);
      g_assert_cmpstr (e->detail, ==, done[i].detail ? done[i].detail : "");
      g_assert_nonnull (e->time);
    }
  /* Every action has a name that reads back. */
  for (CgAuditAction a = 0; a < CG_AUDIT_N; a++)
    {
      CgAuditAction back;
      g_assert_true (cg_audit_action_from_string (cg_audit_action_to_string (a), &back));
      g_assert_cmpint (back, ==, a);
    }
}

/* A detail that could hold personal data is refused, and nothing written. */
static void
test_refuses_details (void)
{
  g_autofree char *state = fresh_dir ("state-2");
  g_autofree char *path = g_build_filename (state, "claimguide", "helper.log", NULL);
  static const char *const bad[] = {
    "id=440514195511304189", "chars=12345", "n=4405-1419-5511", "Name=x", "said=妈你好",
    "by=key  by=key", " by=key", "by=key ", "text=hello\nallowed", "a\tb",
  };

  g_assert_true (cg_audit_append (path, CG_AUDIT_SAID, "chars=12", NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (cg_audit_append (path, CG_AUDIT_SAID, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      /* The refusal does not quote what it refused. */
      g_assert_null (strstr (error->message, "4405"));
    }
  g_assert_cmpuint (n_lines (path), ==, 1);
}

/* Neither the folder nor the file is followed through a symlink. */
static void
test_refuses_symlinks (void)
{
  g_autofree char *state = fresh_dir ("state-3");
  g_autofree char *elsewhere = fresh_dir ("elsewhere");
  g_autofree char *dir = g_build_filename (state, "claimguide", NULL);
  g_autofree char *path = g_build_filename (dir, "helper.log", NULL);
  g_autofree char *target = g_build_filename (elsewhere, "helper.log", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink (elsewhere, dir), ==, 0);
  g_assert_false (cg_audit_append (path, CG_AUDIT_ASKED, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_null (cg_audit_read (path, NULL));
  g_clear_error (&error);

  /* The folder real, the file a link to another. */
  g_assert_cmpint (g_unlink (dir), ==, 0);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, "", 0, NULL));
  g_assert_cmpint (symlink (target, path), ==, 0);
  g_assert_false (cg_audit_append (path, CG_AUDIT_ASKED, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (n_lines (target), ==, 0);
  g_clear_error (&error);
  g_assert_null (cg_audit_read (path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

/* A file left readable by others is made private; the folder too. */
static void
test_makes_private (void)
{
  g_autofree char *state = fresh_dir ("state-4");
  g_autofree char *dir = g_build_filename (state, "claimguide", NULL);
  g_autofree char *path = g_build_filename (dir, "helper.log", NULL);
  GStatBuf st;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (cg_audit_append (path, CG_AUDIT_ASKED, NULL, NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

/* No file yet: nothing recorded.  Lines that are not entries are skipped;
 * a full file becomes the older one, and both are read, oldest first. */
static void
test_read_and_rotate (void)
{
  g_autofree char *state = fresh_dir ("state-5");
  g_autofree char *dir = g_build_filename (state, "claimguide", NULL);
  g_autofree char *path = g_build_filename (dir, "helper.log", NULL);
  g_autofree char *older = g_strconcat (path, ".1", NULL);
  g_autoptr(GPtrArray) none = cg_audit_read (path, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_string_append (big, "not a line of the record\n2025-01-06T10:00:00+08:00\tsang\t\n");
  while (big->len <= 256 * 1024)
    g_string_append (big, "2025-01-06T10:00:00+08:00\tsaid\tchars=3\n");
  g_assert_true (g_file_set_contents_full (path, big->str, big->len, G_FILE_SET_CONTENTS_NONE,
                                           0600, NULL));
  g_assert_true (cg_audit_append (path, CG_AUDIT_DENIED, "by=key", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (older, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (n_lines (path), ==, 1);
  entries = cg_audit_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, n_lines (older) - 2 + 1);
  g_assert_cmpint (((CgAuditEntry *) entries->pdata[0])->action, ==, CG_AUDIT_SAID);
  g_assert_cmpint (((CgAuditEntry *) entries->pdata[entries->len - 1])->action, ==, CG_AUDIT_DENIED);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  int rc;

  setlocale (LC_ALL, "");
  tmp = g_dir_make_tmp ("test-audit-XXXXXX", &error);
  g_assert_no_error (error);
  state = g_build_filename (tmp, "xdg-state", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit/path", test_path);
  g_test_add_func ("/audit/append-and-read", test_append_and_read);
  g_test_add_func ("/audit/refuses-details", test_refuses_details);
  g_test_add_func ("/audit/refuses-symlinks", test_refuses_symlinks);
  g_test_add_func ("/audit/makes-private", test_makes_private);
  g_test_add_func ("/audit/read-and-rotate", test_read_and_rotate);
  rc = g_test_run ();
  g_assert_true (cg_remove_tree (tmp, NULL));
  g_free (tmp);
  return rc;
}
