/* End to end: a whole claim with a made-up person, then a search for their
 * ID, card and phone everywhere they could have been left.
 *
 * The real claimguided starts the real claimguide-atspi, the GTK 3 claim
 * form is filled in with the guide's keys and typing (xdotool), a helper
 * watches (claimguidectl helper watch), and the claim is sent; every
 * process logs at debug level (G_MESSAGES_DEBUG=all, set by meson) into
 * files of the session.  Then every regular file of the session folder of
 * tools/desktop-session is searched: HOME and its XDG folders (config,
 * state, cache, data), XDG_RUNTIME_DIR, TMPDIR with the daemon's, the
 * plugin's, the helper's and the notification server's stdout and stderr,
 * and the session services' own logs.  The made-up values must be found
 * only where they belong: the form (its own output, reported but allowed)
 * and, while the profile keeps drafts, the user-only (0600) draft file.
 * With the shared computer's profile, a claim typed and left unsent leaves
 * no draft at all once the session ends, and nothing anywhere.  Last, the
 * test's own output (what meson records as its log) is searched.
 *
 * "The journal": the test session has no systemd journal.  GLib's
 * structured log writes to the journal only when stderr is connected to
 * it; here stderr (and, for debug and info, stdout) is a file, so those
 * files are what the journal would hold, and are searched.
 *
 * Each value is searched as typed, with a space every four digits, in
 * full-width digits (and spaced), and in any other spelling of its digits:
 * any separators between them, or spoken digit by digit in Chinese
 * (幺三八，零零幺三…).  A find names the value and the place, never the
 * value itself.  Made-up data only (tools/fake-ids). */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "e2e.h"

typedef struct {
  const char *what;
  const char *digits;
} Secret;

static const Secret secrets[] = {
  { "the ID", E2E_ID },
  { "the card", E2E_CARD },
  { "the phone", E2E_PHONE },
};

enum { FORM_PLAIN, FORM_SPACED, FORM_WIDE, FORM_WIDE_SPACED, FORM_ANY, N_FORMS };
static const char *const form_names[N_FORMS] = {
  "as typed", "with a space every 4 digits", "in full-width digits",
  "in full-width digits with spaces", "spelled another way (separators or spoken digits)",
};

static struct {
  char *session;      /* tools/desktop-session's folder */
  char *out;          /* this test's files, in the session's TMPDIR */
  char *wav;
  GSubprocess *daemon;
  GSubprocess *notifications;
  GSubprocess *watch;
  GMutex own_lock;
  GString *own;       /* everything this test printed */
} t;

/* ---- What this test prints, kept to be searched ---- */

static void
own_append (const char *text)
{
  g_mutex_lock (&t.own_lock);
  g_string_append (t.own, text);
  g_mutex_unlock (&t.own_lock);
}

static void
own_print (const char *text)
{
  own_append (text);
  fputs (text, stdout);
  fflush (stdout);
}

static void
own_printerr (const char *text)
{
  own_append (text);
  fputs (text, stderr);
  fflush (stderr);
}

/* This process logs at debug level too (G_MESSAGES_DEBUG=all): each
 * message as a TAP comment, kept with the rest. */
static GLogWriterOutput
own_log (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  const char *domain = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
      domain = fields[i].value;
  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;
  text = g_log_writer_format_fields (level, fields, n_fields, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("# %s\n", lines[i]);
  return G_LOG_WRITER_HANDLED;
}

/* ---- The search ---- */

/* @digits with a space after every four. */
static char *
spaced (const char *digits)
{
  GString *s = g_string_new (NULL);
  for (gsize i = 0; digits[i]; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (s, ' ');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/* @text with its ASCII digits made full-width (U+FF10..U+FF19). */
static char *
wide (const char *text)
{
  GString *s = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_unichar (s, 0xFF10 + (gunichar) (*p - '0'));
    else
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* The digits of @data in order, whatever their spelling (ASCII, full
 * width, Chinese numerals as the daemon speaks them), separators between
 * them dropped; anything else is a break ('x'). */
static GString *
digit_stream (const char *data, gsize len)
{
  GString *s = g_string_sized_new (len / 4 + 16);
  const char *p = data, *end = data + len;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      int d = -1;
      gboolean separator = FALSE;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          if (s->len == 0 || s->str[s->len - 1] != 'x')
            g_string_append_c (s, 'x');
          continue;
        }
      if (c >= '0' && c <= '9')
        d = (int) (c - '0');
      else if (c >= 0xFF10 && c <= 0xFF19)
        d = (int) (c - 0xFF10);
      else
        switch (c)
          {
          case 0x96F6: case 0x3007: d = 0; break;  /* 零 〇 */
          case 0x4E00: case 0x5E7A: d = 1; break;  /* 一 幺 */
          case 0x4E8C: case 0x4E24: d = 2; break;  /* 二 两 */
          case 0x4E09: d = 3; break;               /* 三 */
          case 0x56DB: d = 4; break;               /* 四 */
          case 0x4E94: d = 5; break;               /* 五 */
          case 0x516D: d = 6; break;               /* 六 */
          case 0x4E03: d = 7; break;               /* 七 */
          case 0x516B: d = 8; break;               /* 八 */
          case 0x4E5D: d = 9; break;               /* 九 */
          case ' ': case '\t': case '-': case '.': case ',': case '_': case '/':
          case 0xA0: case 0x3000: case 0xFF0C: case 0x3001: case 0xFF0D: case 0x2010:
          case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x30FB: case 0xB7:
            separator = TRUE;
            break;
          default:
            break;
          }
      if (d >= 0)
        g_string_append_c (s, (char) ('0' + d));
      else if (!separator && (s->len == 0 || s->str[s->len - 1] != 'x'))
        g_string_append_c (s, 'x');
      p = g_utf8_next_char (p);
    }
  return s;
}

static gboolean
contains (const char *data, gsize len, const char *needle)
{
  return memmem (data, len, needle, strlen (needle)) != NULL;
}

/* Which forms of @secret @data holds: a bit per FORM_*. */
static guint
find_secret (const char *data, gsize len, const GString *digits, const Secret *secret)
{
  g_autofree char *sp = spaced (secret->digits);
  g_autofree char *wd = wide (secret->digits);
  g_autofree char *wsp = wide (sp);
  guint found = 0;

  found |= contains (data, len, secret->digits) << FORM_PLAIN;
  found |= contains (data, len, sp) << FORM_SPACED;
  found |= contains (data, len, wd) << FORM_WIDE;
  found |= contains (data, len, wsp) << FORM_WIDE_SPACED;
  if (found == 0 && strstr (digits->str, secret->digits) != NULL)
    found |= 1 << FORM_ANY;
  return found;
}

/* Reports each secret found in @data at @place; the number of finds that
 * are leaks (none when @allowed says why the value belongs there). */
static guint
search (const char *place, const char *data, gsize len, const char *allowed)
{
  g_autoptr(GString) digits = digit_stream (data, len);
  guint leaks = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      guint found = find_secret (data, len, digits, &secrets[i]);
      for (guint f = 0; f < N_FORMS; f++)
        if (found & (1u << f))
          {
            if (allowed != NULL)
              g_test_message ("%s is in %s (%s), %s: allowed", secrets[i].what, place,
                              form_names[f], allowed);
            else
              {
                g_test_message ("LEAK: %s was found in %s (%s)", secrets[i].what, place,
                                form_names[f]);
                leaks++;
              }
          }
    }
  return leaks;
}

typedef struct {
  guint files;
  guint64 bytes;
  guint leaks;
  guint allowed;      /* files searched whose values belong there */
} Searched;

/* Why @path (in the session folder) may hold the values, or NULL. */
typedef const char *(*Allowance) (const char *path, gpointer data);

static void
search_tree (const char *dir, Allowance allowance, gpointer data, Searched *r)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      /* Symlinks are not followed: the daemon's eSpeak NG folder links
       * to the system's data. */
      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        search_tree (path, allowance, data, r);
      else if (S_ISREG (st.st_mode))
        {
          g_autofree char *contents = NULL;
          gsize len = 0;
          const char *place = path + strlen (t.session) + 1;
          const char *why = allowance != NULL ? allowance (path, data) : NULL;

          if (!g_file_get_contents (path, &contents, &len, NULL))
            continue; /* gone since (a temporary file) */
          r->files++;
          r->bytes += len;
          r->allowed += why != NULL;
          r->leaks += search (place, contents, len, why);
        }
    }
}

/* The notifications shown so far (the recording server's). */
static guint
search_notifications (void)
{
  g_autoptr(GVariant) r = g_dbus_connection_call_sync (
    e2e_bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
    "org.claimguide.Test.Notifications", "GetRecorded", NULL, G_VARIANT_TYPE ("(a(ussas))"), 0, 5000,
    NULL, NULL);
  g_autoptr(GVariant) list = NULL;
  guint leaks = 0;

  g_assert_nonnull (r);
  list = g_variant_get_child_value (r, 0);
  for (gsize i = 0; i < g_variant_n_children (list); i++)
    {
      const char *title, *body;
      g_autofree char *both = NULL;
      g_variant_get_child (list, i, "(u&s&s@as)", NULL, &title, &body, NULL);
      both = g_strconcat (title, "\n", body, NULL);
      leaks += search ("a notification", both, strlen (both), NULL);
    }
  g_test_message ("searched %zu notifications", g_variant_n_children (list));
  return leaks;
}

/* ---- Drafts ---- */

static char *
drafts_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "claimguide", "drafts", NULL);
}

/* The drafts folder's files (temporary ones too). */
static GPtrArray *
drafts (void)
{
  g_autofree char *dir = drafts_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  return found;
}

/* The form's own output, and the draft of a profile that keeps drafts
 * (with the temporary copy it is written through, path.XXXXXX): both the
 * user's alone. */
static const char *
allowed_places (const char *path, gpointer data)
{
  const char *draft = data;
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_prefix (base, "form-") && g_str_has_suffix (base, ".log"))
    return "the form's own output";
  if (draft != NULL && g_str_has_prefix (path, draft))
    {
      GStatBuf st;
      if (g_lstat (path, &st) == 0 && (st.st_mode & 0777) != 0600)
        g_error ("a draft file is mode %o, not 0600", st.st_mode & 0777);
      return "the user-only draft";
    }
  return NULL;
}

/* ---- Processes ---- */

static char *
out_file (const char *name)
{
  return g_build_filename (t.out, name, NULL);
}

static void
start_daemon (const char *tag)
{
  g_autofree char *name_out = g_strconcat ("daemon-", tag, ".stdout.log", NULL);
  g_autofree char *name_err = g_strconcat ("daemon-", tag, ".stderr.log", NULL);
  g_autofree char *o = out_file (name_out), *e = out_file (name_err);

  /* The plugin's output goes with the daemon's. */
  t.daemon = e2e_start_daemon (t.wav, o, e, NULL);
}

/* claimguidectl with @args, its output into files named after @tag;
 * returns its exit status. */
static int
ctl (const char *tag, const char *const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;
  g_autofree char *name_out = g_strconcat ("ctl-", tag, ".stdout.log", NULL);
  g_autofree char *name_err = g_strconcat ("ctl-", tag, ".stderr.log", NULL);
  g_autofree char *o = out_file (name_out), *e = out_file (name_err);

  g_subprocess_launcher_set_stdout_file_path (l, o);
  g_subprocess_launcher_set_stderr_file_path (l, e);
  g_ptr_array_add (argv, (char *) g_getenv ("CLAIMGUIDECTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_launcher_spawnv (l, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (p, NULL, &error));
  return g_subprocess_get_if_exited (p) ? g_subprocess_get_exit_status (p) : -1;
}

static GSubprocess *
start_watch (const char *tag)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *name_out = g_strconcat ("helper-watch-", tag, ".stdout.log", NULL);
  g_autofree char *name_err = g_strconcat ("helper-watch-", tag, ".stderr.log", NULL);
  g_autofree char *o = out_file (name_out), *e = out_file (name_err);
  GSubprocess *p;

  g_subprocess_launcher_set_stdout_file_path (l, o);
  g_subprocess_launcher_set_stderr_file_path (l, e);
  p = g_subprocess_launcher_spawn (l, &error, g_getenv ("CLAIMGUIDECTL"), "helper", "watch", NULL);
  g_assert_no_error (error);
  return p;
}

static char *
read_text (const char *path)
{
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    text = g_strdup ("");
  return text;
}

static void
start_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *o = out_file ("notifications.stdout.log");
  g_autofree char *e = out_file ("notifications.stderr.log");
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_subprocess_launcher_set_stdout_file_path (l, o);
  g_subprocess_launcher_set_stderr_file_path (l, e);
  t.notifications = g_subprocess_launcher_spawn (l, &error, g_getenv ("FAKE_NOTIFICATIONS"), NULL);
  g_assert_no_error (error);
  /* It prints "ready" once it owns its name (debug lines may come first). */
  for (;;)
    {
      g_autofree char *text = read_text (o);
      if (g_str_has_prefix (text, "ready\n") || strstr (text, "\nready\n") != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      e2e_pump (0.05);
    }
}

static void
stop (GSubprocess **p, int sig)
{
  if (*p == NULL)
    return;
  g_subprocess_send_signal (*p, sig);
  g_subprocess_wait (*p, NULL, NULL);
  g_clear_object (p);
}

/* The session ends: the daemon stops (and wipes what the profile keeps
 * nothing of) and exits cleanly (under the sanitizers: with no error). */
static void
end_session (void)
{
  g_subprocess_send_signal (t.daemon, SIGTERM);
  g_assert_true (g_subprocess_wait (t.daemon, NULL, NULL));
  g_assert_true (g_subprocess_get_if_exited (t.daemon));
  g_assert_cmpint (g_subprocess_get_exit_status (t.daemon), ==, 0);
  g_clear_object (&t.daemon);
}

/* ---- The tests ---- */

/* The search finds each spelling and nothing masked. */
static void
test_searcher (void)
{
  static const char *const masked[] = {
    "4405**********4189", "*******8033", "****0007", "####", "四四零五＊＊＊＊", NULL
  };
  guint leaks;

  for (gsize i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_autofree char *sp = spaced (secrets[i].digits);
      g_autofree char *wd = wide (secrets[i].digits);
      g_autofree char *wsp = wide (sp);
      g_autoptr(GString) spoken = g_string_new ("身份证号码：");
      const char *spellings[] = { secrets[i].digits, sp, wd, wsp, NULL, NULL };
      static const char *const zh[] = { "零", "幺", "二", "三", "四", "五", "六", "七", "八", "九" };

      for (gsize k = 0; secrets[i].digits[k]; k++)
        {
          if (k > 0 && k % 4 == 0)
            g_string_append (spoken, "，");
          g_string_append (spoken, zh[secrets[i].digits[k] - '0']);
        }
      spellings[4] = spoken->str;
      for (guint f = 0; f < N_FORMS; f++)
        {
          g_autofree char *text = g_strconcat ("x\xff\x01 before ", spellings[f], " after", NULL);
          g_autoptr(GString) digits = digit_stream (text, strlen (text));
          guint found = find_secret (text, strlen (text), digits, &secrets[i]);
          if ((found & (1u << f)) == 0)
            g_error ("the search misses %s %s", secrets[i].what, form_names[f]);
        }
    }
  leaks = 0;
  for (guint m = 0; masked[m] != NULL; m++)
    leaks += search ("a masked value", masked[m], strlen (masked[m]), NULL);
  g_assert_cmpuint (leaks, ==, 0);
}

/* Searches the whole session folder; the number of leaks. */
static guint
search_session (const char *when, const char *draft)
{
  Searched r = { 0 };

  search_tree (t.session, allowed_places, (gpointer) draft, &r);
  g_test_message ("%s: searched %u files of the session (%" G_GUINT64_FORMAT " bytes), "
                  "%u where the values belong; %u leaks",
                  when, r.files, r.bytes, r.allowed, r.leaks);
  g_assert_cmpuint (r.files, >, 10);
  return r.leaks;
}

/* The default profile: drafts kept, a helper may watch. */
static void
test_default_profile (void)
{
  E2eApp app = { 0 };
  g_autofree char *form_log = out_file ("form-default.log");
  g_autofree char *draft = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  const E2eAct *moves;
  guint n_moves, bank, leaks = 0;
  GStatBuf st;

  start_notifications ();
  start_daemon ("default");
  e2e_app_start_gtk (&app, form_log);
  e2e_act (&(E2eAct) { "Tab", NULL, { "理赔类型" } });
  g_assert_true (e2e_wait_status ("form", "chaonan-elderly-accident", 10));
  t.watch = start_watch ("default");

  moves = e2e_clean_claim (&n_moves, &bank);
  for (guint m = 0; m < n_moves - 1; m++)
    e2e_act (&moves[m]);
  g_assert_cmpint (ctl ("helper-say", (const char *const[]) { "helper", "say", "妈，快填好了。", NULL }), ==, 0);

  /* Mid-claim: the draft is kept, the user's alone; it holds what was
   * typed (the search does find it), and nothing else does. */
  e2e_pump (1.5); /* a draft is written a second after typing pauses */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    for (;;)
      {
        kept = drafts ();
        if (kept->len == 1 && g_str_has_suffix (kept->pdata[0], ".draft"))
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_clear_pointer (&kept, g_ptr_array_unref);
        e2e_pump (0.1);
      }
  }
  draft = g_strdup (kept->pdata[0]);
  g_assert_cmpint (g_stat (draft, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autofree char *text = read_text (draft);
    g_autoptr(GString) digits = digit_stream (text, strlen (text));
    g_assert_cmpuint (find_secret (text, strlen (text), digits, &secrets[0]), !=, 0);
  }
  leaks += search_session ("mid-claim, with the draft", draft);

  /* Send, with nothing to fix: the draft goes. */
  e2e_act (&moves[n_moves - 1]);
  e2e_key ("Return");
  g_assert_true (e2e_wait_window_name ("· sent 1", 10));
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autoptr(GPtrArray) left = drafts ();
        if (left->len == 0)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        e2e_pump (0.1);
      }
  }
  g_assert_cmpint (ctl ("status", (const char *const[]) { "status", NULL }), ==, 0);
  g_assert_cmpint (ctl ("helper-log", (const char *const[]) { "helper", "log", NULL }), ==, 0);

  /* The session ends: the helper stops watching, the daemon stops, the
   * form is closed. */
  stop (&t.watch, SIGINT);
  end_session ();
  e2e_app_stop (&app);
  leaks += search_notifications ();
  leaks += search_session ("after the claim was sent", NULL);
  g_assert_cmpuint (leaks, ==, 0);
}

/* The shared computer's profile: a claim typed and never sent leaves no
 * draft, during the session or after it, and nothing anywhere. */
static void
test_shared_computer (void)
{
  E2eApp app = { 0 };
  g_autofree char *form_log = out_file ("form-shared.log");
  const E2eAct *moves;
  guint n_moves, bank, leaks = 0;

  start_daemon ("shared");
  g_assert_cmpint (ctl ("profile", (const char *const[]) { "profile", "use", "shared-computer", NULL }), ==, 0);
  /* No helper on a shared computer. */
  t.watch = start_watch ("shared");
  g_assert_true (g_subprocess_wait (t.watch, NULL, NULL));
  g_assert_cmpint (g_subprocess_get_exit_status (t.watch), ==, 4);
  g_clear_object (&t.watch);

  e2e_app_start_gtk (&app, form_log);
  e2e_act (&(E2eAct) { "Tab", NULL, { "理赔类型" } });
  g_assert_true (e2e_wait_status ("form", "chaonan-elderly-accident", 10));
  moves = e2e_clean_claim (&n_moves, &bank);
  /* Up to the account holder, after the bank card. */
  for (guint m = 0; m < bank + 3; m++)
    e2e_act (&moves[m]);
  e2e_pump (2.0); /* long enough for a draft to be written, were one kept */
  {
    g_autoptr(GPtrArray) kept = drafts ();
    g_assert_cmpuint (kept->len, ==, 0);
  }

  /* The senior walks away: the form is closed unsent and the session
   * ends. */
  e2e_app_stop (&app);
  end_session ();
  {
    g_autoptr(GPtrArray) kept = drafts ();
    g_assert_cmpuint (kept->len, ==, 0);
  }
  leaks += search_notifications ();
  leaks += search_session ("after a shared computer's session", NULL);
  g_assert_cmpuint (leaks, ==, 0);
}

/* What this test printed (meson's log of it): nothing of the person. */
static void
test_own_output (void)
{
  g_autofree char *own = NULL;
  guint leaks;

  g_mutex_lock (&t.own_lock);
  own = g_strdup (t.own->str);
  g_mutex_unlock (&t.own_lock);
  g_test_message ("searching this test's own output so far (%zu bytes)", strlen (own));
  leaks = search ("this test's own output", own, strlen (own), NULL);
  g_assert_cmpuint (leaks, ==, 0);
}

int
main (int argc, char **argv)
{
  g_autofree char *why = NULL;
  int rc;

  setlocale (LC_ALL, "");
  t.own = g_string_new (NULL);
  g_set_print_handler (own_print);
  g_set_printerr_handler (own_printerr);
  g_log_set_writer_func (own_log, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  if (!e2e_init (&why))
    {
      g_test_skip (why);
      return g_test_run ();
    }
  if (g_getenv ("CLAIMGUIDECTL") == NULL || g_getenv ("FAKE_NOTIFICATIONS") == NULL)
    {
      g_test_skip ("CLAIMGUIDECTL and FAKE_NOTIFICATIONS are not set");
      return g_test_run ();
    }
  t.session = g_strdup (g_getenv ("CLAIMGUIDE_SESSION_DIR"));
  t.out = g_build_filename (g_get_tmp_dir (), "privacy", NULL);
  g_assert_cmpint (g_mkdir_with_parents (t.out, 0700), ==, 0);
  t.wav = out_file ("speech.wav");

  g_test_add_func ("/plugin/privacy/searcher", test_searcher);
  g_test_add_func ("/plugin/privacy/default-profile", test_default_profile);
  g_test_add_func ("/plugin/privacy/shared-computer", test_shared_computer);
  g_test_add_func ("/plugin/privacy/own-output", test_own_output);
  rc = g_test_run ();

  stop (&t.watch, SIGINT);
  stop (&t.daemon, SIGTERM);
  stop (&t.notifications, SIGTERM);
  e2e_shutdown ();
  g_free (t.session);
  g_free (t.out);
  g_free (t.wav);
  return rc;
}
