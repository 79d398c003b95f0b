/* test-drafts: a claim's draft is kept in a user-only file and read back as
 * typed; a draft file that is unsafe or broken is refused and left alone;
 * a wipe leaves nothing behind.
 *
 * XDG_STATE_HOME is a temporary folder, set before anything else and
 * removed at the end.  The data is made up. */
#include "cg-drafts.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *state_home;

#define SCHEME "chaonan-elderly-accident"
#define TRICKY "  第一行\n第二行 = [不是组]\\n\t结尾  "

static CgDraft *
make_draft (const char *scheme)
{
  CgDraft *draft = g_new0 (CgDraft, 1);

  draft->scheme = g_strdup (scheme);
  draft->step = g_strdup ("injury");
  draft->saved_at = 1717000000;
  draft->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (draft->fields, g_strdup ("name"), g_strdup ("林小梅"));
  g_hash_table_insert (draft->fields, g_strdup ("phone"), g_strdup ("13800138033"));
  g_hash_table_insert (draft->fields, g_strdup ("what_happened"), g_strdup (TRICKY));
  g_hash_table_insert (draft->fields, g_strdup ("empty"), g_strdup (""));
  return draft;
}

static char *
draft_path (const char *scheme)
{
  g_autofree char *dir = cg_drafts_dir ();
  g_autofree char *name = g_strconcat (scheme, ".draft", NULL);
  return g_build_filename (dir, name, NULL);
}

static void
save_ok (const char *scheme)
{
  g_autoptr(CgDraft) draft = make_draft (scheme);
  g_autoptr(GError) error = NULL;

  g_assert_true (cg_drafts_save (draft, &error));
  g_assert_no_error (error);
}

static void
test_dir (void)
{
  g_autofree char *dir = cg_drafts_dir ();
  g_autofree char *want = g_build_filename (state_home, "claimguide", "drafts", NULL);

  g_assert_cmpstr (dir, ==, want);
}

static void
test_round_trip (void)
{
  g_autoptr(CgDraft) draft = make_draft (SCHEME);
  g_autoptr(CgDraft) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = draft_path (SCHEME);
  g_autofree char *dir = cg_drafts_dir ();
  GStatBuf st;

  g_assert_true (cg_drafts_save (draft, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);

  back = cg_drafts_load (SCHEME, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->scheme, ==, SCHEME);
  g_assert_cmpstr (back->step, ==, "injury");
  g_assert_cmpint (back->saved_at, ==, 1717000000);
  g_assert_cmpuint (g_hash_table_size (back->fields), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (back->fields, "name"), ==, "林小梅");
  g_assert_cmpstr (g_hash_table_lookup (back->fields, "phone"), ==, "13800138033");
  g_assert_cmpstr (g_hash_table_lookup (back->fields, "what_happened"), ==, TRICKY);
  g_assert_cmpstr (g_hash_table_lookup (back->fields, "empty"), ==, "");

  /* Saved again, without a step or fields: replaced, not merged. */
  g_clear_pointer (&draft->step, g_free);
  g_clear_pointer (&draft->fields, g_hash_table_unref);
  g_assert_true (cg_drafts_save (draft, &error));
  g_assert_no_error (error);
  g_clear_pointer (&back, cg_draft_free);
  back = cg_drafts_load (SCHEME, &error);
  g_assert_no_error (error);
  g_assert_null (back->step);
  g_assert_cmpuint (g_hash_table_size (back->fields), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
}

static void
test_dir_made_private (void)
{
  g_autofree char *dir = cg_drafts_dir ();
  GStatBuf st;

  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  save_ok (SCHEME);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
}

static void
test_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDraft) draft = cg_drafts_load ("no-such-scheme", &error);

  g_assert_null (draft);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_readable_by_others (void)
{
  g_autofree char *path = draft_path (SCHEME);
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDraft) draft = NULL;

  save_ok (SCHEME);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  draft = cg_drafts_load (SCHEME, &error);
  g_assert_null (draft);
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  g_assert_nonnull (strstr (error->message, "others"));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS)); /* left in place */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
}

static void
test_broken (void)
{
  g_autofree char *path = draft_path ("broken");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDraft) draft = NULL;
  const char *text = "[Draft]\nScheme=broken\nSavedAt=1\n[Fields]\nthis line 13800138033 is not a key\n";

  save_ok (SCHEME); /* the folder is there */
  g_assert_true (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  draft = cg_drafts_load ("broken", &error);
  g_assert_null (draft);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "broken"));
  g_assert_null (strstr (error->message, "13800138033")); /* nothing it holds is quoted */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Another scheme's draft under this name. */
  text = "[Draft]\nScheme=other\nSavedAt=1\n";
  g_assert_true (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  g_assert_null (cg_drafts_load ("broken", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Too large. */
  {
    g_autofree char *big = g_strnfill (1024 * 1024 + 1, '#');
    g_assert_true (g_file_set_contents_full (path, big, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    g_assert_null (cg_drafts_load ("broken", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
    g_clear_error (&error);
  }

  g_assert_true (cg_drafts_delete ("broken", &error));
  g_assert_no_error (error);
}

static void
test_symlinks (void)
{
  g_autofree char *dir = cg_drafts_dir ();
  g_autofree char *elsewhere = g_build_filename (state_home, "elsewhere", NULL);
  g_autofree char *moved = g_build_filename (state_home, "drafts-moved", NULL);
  g_autoptr(CgDraft) draft = make_draft (SCHEME);
  g_autoptr(GError) error = NULL;

  /* A drafts folder that is a symlink: refused for saving and loading. */
  save_ok (SCHEME);
  g_assert_cmpint (g_rename (dir, moved), ==, 0);
  g_assert_cmpint (g_mkdir (elsewhere, 0700), ==, 0);
  g_assert_cmpint (symlink (elsewhere, dir), ==, 0);

  g_assert_false (cg_drafts_save (draft, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_null (cg_drafts_load (SCHEME, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (cg_drafts_delete (SCHEME, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autofree char *leaked = g_build_filename (elsewhere, SCHEME ".draft", NULL);
    g_assert_false (g_file_test (leaked, G_FILE_TEST_EXISTS));
  }

  g_assert_cmpint (g_unlink (dir), ==, 0);
  g_assert_cmpint (g_rmdir (elsewhere), ==, 0);
  g_assert_cmpint (g_rename (moved, dir), ==, 0);

  /* A draft file that is a symlink. */
  {
    g_autofree char *path = draft_path ("linked");
    g_autofree char *target = draft_path (SCHEME);
    g_autoptr(CgDraft) linked = make_draft ("linked");

    g_assert_cmpint (symlink (target, path), ==, 0);
    g_assert_null (cg_drafts_load ("linked", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_clear_error (&error);
    g_assert_false (cg_drafts_save (linked, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_clear_error (&error);
    g_assert_true (cg_drafts_delete ("linked", &error)); /* the link goes, not its target */
    g_assert_no_error (error);
    g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_bad_ids (void)
{
  const char *bad[] = { "../x", ".hidden", "a/b", "", "..", "a b", "名字", NULL };
  g_autofree char *long_id = g_strnfill (129, 'a');

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(CgDraft) draft = make_draft (bad[i]);
      g_autoptr(GError) error = NULL;

      g_assert_false (cg_drafts_save (draft, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_null (cg_drafts_load (bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (cg_drafts_delete (bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  {
    g_autoptr(CgDraft) draft = make_draft (long_id);
    g_autoptr(GError) error = NULL;
    g_assert_false (cg_drafts_save (draft, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(CgDraft) draft = make_draft (long_id + 1); /* 128 bytes: fine */
    g_autoptr(GError) error = NULL;
    g_assert_true (cg_drafts_save (draft, &error));
    g_assert_no_error (error);
    g_assert_true (cg_drafts_delete (long_id + 1, &error));
  }

  /* A field name that is not an identifier. */
  {
    g_autoptr(CgDraft) draft = make_draft (SCHEME);
    g_autoptr(GError) error = NULL;
    g_hash_table_insert (draft->fields, g_strdup ("Name[zh]"), g_strdup ("林小梅"));
    g_assert_false (cg_drafts_save (draft, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_null (strstr (error->message, "林小梅"));
  }
}

static void
test_delete (void)
{
  g_autofree char *path = draft_path (SCHEME);
  g_autoptr(GError) error = NULL;

  save_ok (SCHEME);
  g_assert_true (cg_drafts_delete (SCHEME, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (cg_drafts_delete (SCHEME, &error)); /* none: no error */
  g_assert_no_error (error);
  g_assert_null (cg_drafts_load (SCHEME, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_wipe (void)
{
  g_autofree char *dir = cg_drafts_dir ();
  g_autofree char *temp = g_build_filename (dir, SCHEME ".draft.Ab12Cd", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;

  save_ok ("a");
  save_ok ("b.1");
  save_ok (SCHEME);
  /* What a save cut short would leave. */
  g_assert_true (g_file_set_contents_full (temp, "[Fields]\nname=林小梅\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));

  g_assert_cmpuint (cg_drafts_wipe (), ==, 3);

  /* Nothing left: the folder is gone with them (or empty). */
  d = g_dir_open (dir, 0, NULL);
  if (d != NULL)
    g_assert_null (g_dir_read_name (d));
  g_assert_null (cg_drafts_load (SCHEME, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_assert_cmpuint (cg_drafts_wipe (), ==, 0); /* nothing to wipe */

  /* And a draft can be saved again afterwards. */
  save_ok (SCHEME);
  g_assert_cmpuint (cg_drafts_wipe (), ==, 1);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }
  d = g_dir_open (path, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  int status;

  state_home = g_dir_make_tmp ("test-drafts-XXXXXX", NULL);
  g_assert_nonnull (state_home);
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drafts/dir", test_dir);
  g_test_add_func ("/drafts/round-trip", test_round_trip);
  g_test_add_func ("/drafts/dir-made-private", test_dir_made_private);
  g_test_add_func ("/drafts/missing", test_missing);
  g_test_add_func ("/drafts/readable-by-others", test_readable_by_others);
  g_test_add_func ("/drafts/broken", test_broken);
  g_test_add_func ("/drafts/symlinks", test_symlinks);
  g_test_add_func ("/drafts/bad-ids", test_bad_ids);
  g_test_add_func ("/drafts/delete", test_delete);
  g_test_add_func ("/drafts/wipe", test_wipe);

  status = g_test_run ();

  remove_tree (state_home);
  g_assert_false (g_file_test (state_home, G_FILE_TEST_EXISTS));
  g_free (state_home);
  return status;
}
