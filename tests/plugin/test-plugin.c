/* End to end: the real claimguided starts the real claimguide-atspi, which
 * reads a real GTK 3 form and the same form in real Chromium (and Firefox
 * ESR) on a real AT-SPI bus under Xvfb, driven by synthetic keys (XTEST).
 * What the daemon says comes back as its UtteranceStarted signal.
 *
 * Run under tools/desktop-session, which gives the display, a private
 * session bus and the accessibility bus.  Environment: CLAIMGUIDED,
 * CLAIMGUIDE_ATSPI, CLAIM_FORM_GTK, CLAIMGUIDE_SOURCE_ROOT (for the HTML
 * forms), and the usual CLAIMGUIDE_PROFILES_DIR, CLAIMGUIDE_VOICES_DIR,
 * CLAIMRULES_SCHEME_PATH. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  char *text;
  gint64 at;
} Utterance;

static GDBusConnection *bus;
static GPtrArray *said;        /* Utterance*, in order */
static GSubprocess *daemon_proc;
static char *tmp;
static char *wav;

static void start_daemon (gboolean with_orca);

static void
utterance_free (Utterance *u)
{
  g_free (u->text);
  g_free (u);
}

static void
on_utterance (GDBusConnection *c, const char *sender, const char *path, const char *iface,
              const char *signal, GVariant *params, gpointer data)
{
  Utterance *u = g_new0 (Utterance, 1);
  g_variant_get_child (params, 1, "s", &u->text);
  u->at = g_get_monotonic_time ();
  g_ptr_array_add (said, u);
  {
    /* The made-up ID, card and phone stay out of the test's output too. */
    g_autofree char *shown = g_strdup (u->text);
    for (char *p = shown; *p != '\0'; p++)
      if (g_ascii_isdigit (*p))
        *p = '#';
    g_test_message ("said: %s", shown);
  }
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits until something said from @from on contains every one of @parts;
 * returns its index, or -1 after @seconds. */
static int
wait_for_said (guint from, const char *const *parts, double seconds)
{
  gboolean timed_out = FALSE;
  guint timer = g_timeout_add ((guint) (seconds * 1000), on_timeout, &timed_out);

  for (;;)
    {
      for (guint i = from; i < said->len; i++)
        {
          const Utterance *u = g_ptr_array_index (said, i);
          gboolean all = TRUE;
          for (guint j = 0; parts[j] != NULL && all; j++)
            all = strstr (u->text, parts[j]) != NULL;
          if (all)
            {
              if (!timed_out)
                g_source_remove (timer);
              return (int) i;
            }
        }
      if (timed_out)
        return -1;
      g_main_context_iteration (NULL, TRUE);
    }
}

static int
wait_for (guint from, const char *part, double seconds)
{
  const char *parts[] = { part, NULL };
  return wait_for_said (from, parts, seconds);
}

static void
pump (double seconds)
{
  gboolean done = FALSE;
  g_timeout_add ((guint) (seconds * 1000), on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
key (const char *keysym)
{
  run ((const char *const[]) { "xdotool", "key", "--clearmodifiers", keysym, NULL });
}

static void
type_text (const char *text)
{
  run ((const char *const[]) { "xdotool", "type", "--delay", "60", text, NULL });
}

static void
focus_window (const char *wid)
{
  run ((const char *const[]) { "xdotool", "windowfocus", "--sync", wid, NULL });
}

/* Waits for a window whose title contains @part (a regular expression). */
static gboolean
wait_window_name (const char *part, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  const char *const argv[] = { "xdotool", "search", "--name", part, NULL };
  int status = -1;

  while (g_get_monotonic_time () < end)
    {
      if (g_spawn_sync (NULL, (char **) argv, NULL,
                        G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &status, NULL) &&
          g_spawn_check_wait_status (status, NULL))
        return TRUE;
      pump (0.2);
    }
  {
    g_autofree char *out = NULL;
    g_spawn_command_line_sync ("sh -c 'for w in $(xdotool search --name .); do xdotool getwindowname $w; done'",
                               &out, NULL, NULL, NULL);
    g_test_message ("no window's title has “%s”; titles: %s", part, out ? out : "");
  }
  return FALSE;
}

/* NULL while the daemon is not on the bus yet. */
static GVariant *
status_or_null (void)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    bus, "org.claimguide.Daemon", "/org/claimguide/Daemon", "org.claimguide.Daemon1", "GetStatus",
    NULL, G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL, NULL);
  return reply != NULL ? g_variant_get_child_value (reply, 0) : NULL;
}

static char *
status_string (const char *key_name)
{
  g_autoptr(GVariant) s = status_or_null ();
  char *v = NULL;
  if (s == NULL || !g_variant_lookup (s, key_name, "s", &v))
    v = g_strdup ("");
  return v;
}

static gboolean
status_bool (const char *key_name)
{
  g_autoptr(GVariant) s = status_or_null ();
  gboolean v = FALSE;
  return s != NULL && g_variant_lookup (s, key_name, "b", &v) && v;
}

static gboolean
wait_status_bool (const char *key_name, gboolean want, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    {
      if (status_bool (key_name) == want)
        return TRUE;
      pump (0.1);
    }
  return FALSE;
}

/* Waits for the status key to read @want. */
static gboolean
wait_status (const char *key_name, const char *want, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    {
      g_autofree char *v = status_string (key_name);
      if (g_strcmp0 (v, want) == 0)
        return TRUE;
      pump (0.1);
    }
  return FALSE;
}

/* ---- Apps under test ---- */

typedef struct {
  GSubprocess *proc;
  char *wid;
} App;

static void
app_stop (App *app)
{
  if (app->proc != NULL)
    {
      g_subprocess_send_signal (app->proc, SIGCONT);
      g_subprocess_force_exit (app->proc);
      g_subprocess_wait (app->proc, NULL, NULL);
    }
  g_clear_object (&app->proc);
  g_clear_pointer (&app->wid, g_free);
}

/* The GTK form; its first line on stdout is "ready WID". */
static void
app_start_gtk (App *app, const char *const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("CLAIM_FORM_GTK"));
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  app->proc = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                 &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (app->proc));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "ready "));
  app->wid = g_strdup (line + strlen ("ready "));
  focus_window (app->wid);
}

/* A browser with the page at @url; waits for the page's first control to
 * be spoken after a Tab. */
static void
app_start_browser (App *app, const char *browser, const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = g_build_filename (tmp, browser, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  g_mkdir_with_parents (profile, 0700);
  if (g_str_equal (browser, "chromium"))
    {
      g_autofree char *dir = g_strconcat ("--user-data-dir=", profile, NULL);
      const char *const args[] = {
        "chromium", "--force-renderer-accessibility", "--no-sandbox", "--no-first-run",
        "--no-default-browser-check", "--disable-gpu", "--password-store=basic",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-position=0,0", "--window-size=1280,700", dir, url, NULL };
      for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup (args[i]));
    }
  else
    {
      g_autofree char *prefs = g_build_filename (profile, "user.js", NULL);
      g_file_set_contents (prefs,
                           "user_pref(\"toolkit.startup.max_resumed_crashes\", -1);\n"
                           "user_pref(\"browser.shell.checkDefaultBrowser\", false);\n"
                           "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);\n"
                           "user_pref(\"app.update.enabled\", false);\n",
                           -1, NULL);
      g_subprocess_launcher_setenv (launcher, "GNOME_ACCESSIBILITY", "1", TRUE);
      g_subprocess_launcher_setenv (launcher, "MOZ_DISABLE_AUTO_SAFE_MODE", "1", TRUE);
      const char *const args[] = { "firefox-esr", "--no-remote", "--profile", profile,
                                   "--width", "1280", "--height", "700", url, NULL };
      for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup (args[i]));
    }
  g_ptr_array_add (argv, NULL);
  app->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
}

/* ---- Tests ---- */

typedef struct {
  const char *keys;    /* what to press, or NULL for Tab */
  const char *expect[4];
} Step;

static void
tab_through (const Step *steps, guint n, double seconds)
{
  for (guint i = 0; i < n; i++)
    {
      guint from = said->len;
      g_test_message ("press %s, expect “%s”", steps[i].keys ? steps[i].keys : "Tab",
                      steps[i].expect[0]);
      key (steps[i].keys ? steps[i].keys : "Tab");
      g_assert_cmpint (wait_for_said (from, steps[i].expect, seconds), >=, 0);
    }
}

static void
test_gtk_form (void)
{
  App app = { 0 };
  guint from = said->len;
  static const Step steps[] = {
    { NULL, { "理赔类型", "必填" } },
    { NULL, { "被保险人姓名", "必填", "空白" } },
    { NULL, { "身份证号码", "必填", "18位" } },
    { NULL, { "联系电话", "必填" } },
    { NULL, { "出险日期", "年-月-日" } },
  };

  app_start_gtk (&app, NULL);
  tab_through (steps, G_N_ELEMENTS (steps), 5);
  /* Said once, after the field being read. */
  g_assert_cmpint (wait_for (from, "理赔申请表", 20), >=, 0);
  g_assert_true (wait_status ("form", "chaonan-elderly-accident", 5));

  /* Typing: the value is read back when the focus comes back. */
  from = said->len;
  type_text ("2025-03-14");
  pump (0.5);
  key ("shift+Tab");
  key ("Tab");
  g_assert_cmpint (wait_for_said (from, (const char *const[]) { "出险日期", "2025-03-14", NULL }, 5), >=, 0);

  /* Back to the claim type: a combo box visited again is still itself (GTK
   * says that focus twice, from the nameless button inside it). */
  from = said->len;
  for (int i = 0; i < 4; i++)
    key ("shift+Tab");
  g_assert_cmpint (wait_for (from, "理赔类型", 5), >=, 0);
  pump (0.5);
  for (guint i = from; i < said->len; i++)
    g_assert_null (strstr (((Utterance *) said->pdata[i])->text, "没有名字"));
  app_stop (&app);
}

static void
test_gtk_not_a_claim (void)
{
  App app = { 0 };
  guint from;
  static const Step steps[] = {
    { NULL, { "姓名" } },
    { NULL, { "联系电话" } },
    { NULL, { "住址" } },
  };

  app_start_gtk (&app, (const char *const[]) { "--not-a-claim", NULL });
  from = said->len;
  tab_through (steps, G_N_ELEMENTS (steps), 5);
  g_assert_true (wait_status ("form", "", 5));
  for (guint i = from; i < said->len; i++)
    g_assert_null (strstr (((Utterance *) said->pdata[i])->text, "理赔申请表"));
  app_stop (&app);
}

/* A form that stops (SIGSTOP) right after the focus reached a field: the
 * plugin gives up on it within about a second, says so once, and goes on
 * reading the other form. */
static void
test_gtk_hang (void)
{
  App hung = { 0 }, other = { 0 };
  guint from;
  int i;
  gint64 t0;

  app_start_gtk (&other, (const char *const[]) { "--not-a-claim", NULL });
  app_start_gtk (&hung, (const char *const[]) { "--hang-after-focus", "1", NULL });
  from = said->len;
  t0 = g_get_monotonic_time ();
  key ("Tab");
  key ("Tab");
  i = wait_for (from, "没有反应", 10);
  g_assert_cmpint (i, >=, 0);
  g_test_message ("“not answering” said %.0f ms after the Tab",
                  (((Utterance *) said->pdata[i])->at - t0) / 1000.0);

  from = said->len;
  focus_window (other.wid);
  key ("Tab");
  g_assert_cmpint (wait_for (from, "姓名", 5), >=, 0);
  app_stop (&hung);
  app_stop (&other);
}

/* Killing the plugin: the daemon starts it again and reading goes on. */
static void
test_plugin_restarts (void)
{
  App app = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint from;

  app_start_gtk (&app, (const char *const[]) { "--not-a-claim", NULL });
  g_assert_true (wait_status ("plugin", "running", 10));
  g_spawn_command_line_sync ("pkill -KILL -x claimguide-atspi", &out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_status ("plugin", "restarting", 5) || wait_status ("plugin", "starting", 5) ||
                 wait_status ("plugin", "running", 1));
  g_assert_true (wait_status ("plugin", "running", 10));
  pump (0.5);
  from = said->len;
  key ("Tab");
  g_assert_cmpint (wait_for (from, "姓名", 5), >=, 0);
  app_stop (&app);
}

/* ---- A claim completed with the guide ---- */

/* Is there a window whose title contains @part, now? */
static gboolean
window_named (const char *part)
{
  const char *const argv[] = { "xdotool", "search", "--name", part, NULL };
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

static void
keys (const char *keysym, guint times)
{
  for (guint i = 0; i < times; i++)
    key (keysym);
}

/* One move of the senior's: keys pressed (space-separated, each may end in
 * "*N" for N presses), then text typed, then what must be said next. */
typedef struct {
  const char *keys;
  const char *type;
  const char *expect[4];
} Act;

/* How long to wait after the guide moved the focus before typing.
 * Chromium 156 sends keys typed at once after an AT-SPI grabFocus to its
 * address bar (seen: "Lin Xiaomei" became Ctrl+L, Ctrl+O...); a second
 * later they reach the field. */
static double type_pause;

static void
act (const Act *a)
{
  guint from = said->len;

  g_test_message ("keys “%s”, type %zu characters, expect “%s”", a->keys ? a->keys : "",
                  a->type ? strlen (a->type) : 0, a->expect[0] ? a->expect[0] : "");
  if (a->keys != NULL)
    {
      g_auto(GStrv) each = g_strsplit (a->keys, " ", -1);
      for (guint i = 0; each[i] != NULL; i++)
        {
          char *star = strchr (each[i], '*');
          guint n = 1;
          if (star != NULL)
            {
              *star = '\0';
              n = (guint) g_ascii_strtoull (star + 1, NULL, 10);
            }
          keys (each[i], n);
        }
    }
  if (a->type != NULL)
    {
      if (a->keys == NULL)
        pump (type_pause);
      type_text (a->type);
      pump (0.4); /* the plugin sends what was typed once typing pauses */
    }
  if (a->expect[0] != NULL)
    g_assert_cmpint (wait_for_said (from, a->expect, 10), >=, 0);
}

/* Where the utterance with every one of @parts is, from @from on; -1 if none. */
static int
said_index (guint from, const char *const *parts)
{
  for (guint i = from; i < said->len; i++)
    {
      const Utterance *u = g_ptr_array_index (said, i);
      gboolean all = TRUE;
      for (guint j = 0; parts[j] != NULL && all; j++)
        all = strstr (u->text, parts[j]) != NULL;
      if (all)
        return (int) i;
    }
  return -1;
}

#define NEXT_STEP "ctrl+alt+Next"

/* A hospital-allowance claim, typed with the guide's keys and Tab alone, from
 * its first step to Send, in the form whose window title has @title.  The
 * daemon judges claims as on Friday 2025-01-24 (--today).  @acts_fill: the
 * moves from the first field (focused, guide not started) to the Send button,
 * with the discharge date (2025-01-05) before the admission date
 * (2025-01-06).  @to_send: keys from the discharge date to Send; @fix: from
 * Send, the moves that put 2025-01-20 in the discharge date and go back to
 * Send. */
static void
guided_claim (const char *title, const Act *acts_fill, guint n_fill, const char *to_send,
              const Act *fix, guint n_fix)
{
  guint from = said->len;
  int check, send_said, again;
  g_autofree char *sent1 = g_strconcat (title, " · sent 1", NULL);
  g_autofree char *sent2 = g_strconcat (title, " · sent 2", NULL);

  for (guint i = 0; i < n_fill; i++)
    act (&acts_fill[i]);

  /* On Send: the check speaks one summary and the first problem, and the
   * focus goes to the discharge date, whose words follow in the same
   * utterance.  Send's own words come first, or not at all when the check
   * was quicker than their first sound. */
  check = wait_for_said (from, (const char *const[]) { "发送前有一个地方要改", "出院日期", NULL }, 10);
  g_assert_cmpint (check, >=, 0);
  send_said = said_index (from, (const char *const[]) { "提交", NULL });
  g_assert_true (send_said < 0 || send_said < check);
  g_assert_nonnull (strstr (((Utterance *) said->pdata[check])->text, "出院"));
  g_assert_true (strstr (((Utterance *) said->pdata[check])->text, "发送前") <
                 strstr (((Utterance *) said->pdata[check])->text, "出院日期"));

  /* Back on Send with nothing changed: the focus stays; Enter is held back
   * (the app never sees it) and the problem is said again. */
  from = said->len;
  act (&(Act) { to_send, NULL, { "提交", NULL } });
  pump (0.5);
  from = said->len;
  key ("Return");
  again = wait_for (from, "发送前有一个地方要改", 5);
  g_assert_cmpint (again, >=, 0);
  pump (0.5);
  g_assert_false (window_named ("sent 1"));
  /* Pressing again within a few seconds: the senior sends anyway. */
  key ("Return");
  g_assert_true (wait_window_name (sent1, 5));

  /* Fixed, the check lets Send through: check your answers, with what it
   * should pay and when (the review crosses Spring Festival and its make-up
   * working days). */
  from = said->len;
  for (guint i = 0; i < n_fix; i++)
    act (&fix[i]);
  g_assert_cmpint (wait_for_said (from, (const char *const[]) { "没有要改的地方", "420", "2025-02-08", NULL },
                                  10), >=, 0);
  key ("Return");
  g_assert_true (wait_window_name (sent2, 5));
}

/* The moves of a hospital claim from the claim type (focused, the guide
 * not started) to Send, with the discharge date (2025-01-05) before the
 * admission date (2025-01-06).  @web: Chromium, whose dates are three
 * parts typed as digits (month, day, year in en-US), ending on the year,
 * with the date picker's button the next stop. */
static GArray *
hospital_claim_moves (gboolean web)
{
  const char *after_date = web ? "Tab Tab" : "Tab";
  const Act moves[] = {
    { NEXT_STEP, NULL, { "一步一步" } },
    /* 意外伤害身故, 意外伤残, 意外住院津贴 */
    { "Down*3", NULL, { "意外住院津贴" } },
    { NEXT_STEP, NULL, { "出事老人的情况", "被保险人姓名" } },
    { NULL, "Lin Xiaomei", { NULL } },
    { "Tab", "440514195511304189", { NULL } },
    { "Tab", "13800138033", { NULL } },
    { NEXT_STEP, NULL, { "出事的经过", "出险日期" } },
    { NULL, web ? "01062025" : "2025-01-06", { NULL } },
    { after_date, "Jingdu", { NULL } },
    { "Tab Down", NULL, { "跌倒" } },
    { NEXT_STEP, NULL, { "住院的情况", "入院日期" } },
    { NULL, web ? "01062025" : "2025-01-06", { NULL } },
    { after_date, web ? "01052025" : "2025-01-05", { NULL } },
    { after_date, "Chaonan People Hospital", { NULL } },
    { "Tab Down*2", NULL, { "二级医院" } },
    { NEXT_STEP, NULL, { "收钱的银行卡", "银行卡号" } },
    { NULL, "6228480000000007", { NULL } },
    { "Tab", "Lin Xiaomei", { NULL } },
    { NEXT_STEP, NULL, { "看材料", "住院证明" } },
    { "space Tab space Tab space", NULL, { "病历资料" } },
    /* Onto Send: its words, unless the check's (below) cut them first. */
    { "Tab", NULL, { NULL } },
  };
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Act), G_N_ELEMENTS (moves));
  g_array_append_vals (out, moves, G_N_ELEMENTS (moves));
  return out;
}

static void
test_gtk_guided_claim (void)
{
  App app = { 0 };
  g_autoptr(GArray) fill = hospital_claim_moves (FALSE);
  /* The discharge date is 9 stops before Send. */
  static const Act fix[] = {
    { "shift+Tab*9 ctrl+a", "2025-01-20", { NULL } },
    { "Tab*9", NULL, { NULL } },
  };

  app_start_gtk (&app, NULL);
  act (&(Act) { "Tab", NULL, { "理赔类型" } });
  guided_claim ("老年人意外伤害保险理赔申请", (const Act *) fill->data, fill->len, "Tab*9", fix,
                G_N_ELEMENTS (fix));
  app_stop (&app);
}

static char *
form_url (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("CLAIMGUIDE_SOURCE_ROOT"), "tests", "plugin",
                                            "forms", name, NULL);
  return g_filename_to_uri (path, NULL, NULL);
}

static void
browser_form (const char *browser)
{
  App app = { 0 };
  g_autofree char *page = form_url ("claim-form.html");
  g_autofree char *url = g_strconcat (page, "#show-zoom", NULL);
  guint from = said->len;
  int first = -1;

  app_start_browser (&app, browser, url);
  /* Wait for the page (up to 30 s for a cold start), then Tab into it. */
  g_assert_true (wait_status ("form", "chaonan-elderly-accident", 30));
  g_assert_cmpint (wait_for (from, "理赔申请表", 5), >=, 0);
  /* The default profile's PageZoom=1.5; the page shows its zoom in its title. */
  g_assert_true (wait_window_name ("zoom 150%", 5));
  for (int tries = 0; tries < 6 && first < 0; tries++)
    {
      from = said->len;
      key ("Tab");
      first = wait_for (from, "理赔类型", 2);
    }
  g_assert_cmpint (first, >=, 0);
  static const Step steps[] = {
    { NULL, { "被保险人姓名", "必填" } },
    { NULL, { "身份证号码", "必填" } },
  };
  tab_through (steps, G_N_ELEMENTS (steps), 5);
  key ("shift+Tab");
  pump (0.5);
  from = said->len;
  type_text ("Lin Ma");
  key ("Tab");
  key ("shift+Tab");
  g_assert_cmpint (wait_for_said (from, (const char *const[]) { "被保险人姓名", "Lin Ma", NULL }, 5), >=, 0);
  app_stop (&app);
}

/* The same claim in Chromium: a <select> takes Down like a GTK combo box;
 * a date is three parts (month, day, year in Chromium's en-US) and a
 * picker button, each a Tab stop. */
static void
test_chromium_guided_claim (void)
{
  App app = { 0 };
  g_autofree char *url = form_url ("claim-form.html");
  int first = -1;
  g_autoptr(GArray) fill = hospital_claim_moves (TRUE);
  /* Send to the discharge date's month: 3 check boxes, 5 fields and the
   * date's picker, year and day between; typing a date ends on its year. */
  static const Act fix[] = {
    { "shift+Tab*12", "01202025", { NULL } },
    { "Tab*10", NULL, { NULL } },
  };

  type_pause = 1.0;
  app_start_browser (&app, "chromium", url);
  g_assert_true (wait_status ("form", "chaonan-elderly-accident", 30));
  for (int tries = 0; tries < 6 && first < 0; tries++)
    {
      guint from = said->len;
      key ("Tab");
      first = wait_for (from, "理赔类型", 2);
    }
  g_assert_cmpint (first, >=, 0);
  guided_claim ("老年人意外伤害保险理赔申请", (const Act *) fill->data, fill->len, "Tab*12", fix,
                G_N_ELEMENTS (fix));
  type_pause = 0;
  app_stop (&app);
}

/* No guide walking and no draft: a claim from the start. */
static void
fresh_claim (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "claimguide", "drafts", NULL);
  g_autoptr(GDir) d = NULL;
  const char *name;
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    bus, "org.claimguide.Daemon", "/org/claimguide/Daemon", "org.claimguide.Guide1", "Stop",
    NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);

  pump (1.5); /* a draft still to be written is written */
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
}

/* The claim form in @browser ("gtk" for the GTK form), with the focus on
 * its first field (the claim type). */
static void
open_form_at_first_field (App *app, const char *browser)
{
  int first = -1;

  if (g_str_equal (browser, "gtk"))
    {
      app_start_gtk (app, NULL);
      act (&(Act) { "Tab", NULL, { "理赔类型" } });
      return;
    }
  {
    g_autofree char *url = form_url ("claim-form.html");
    app_start_browser (app, browser, url);
  }
  g_assert_true (wait_status ("form", "chaonan-elderly-accident", 30));
  for (int tries = 0; tries < 6 && first < 0; tries++)
    {
      guint from = said->len;
      key ("Tab");
      first = wait_for (from, "理赔类型", 2);
    }
  g_assert_cmpint (first, >=, 0);
}

/* Mid-claim, the daemon and the plugin are killed (SIGKILL: a crash, the
 * power going off); the draft they kept brings the guide back to the same
 * step on a fresh form, which offers to put the answers back, and does. */
static void
refill (const char *browser)
{
  App app = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint from;
  gboolean web = !g_str_equal (browser, "gtk");
  g_autoptr(GArray) moves = hospital_claim_moves (web);

  type_pause = web ? 1.0 : 0;
  fresh_claim ();
  open_form_at_first_field (&app, browser);
  /* Up to the accident date: the claim type, name, ID, phone and date. */
  for (guint i = 0; i < 8; i++)
    act (&g_array_index (moves, Act, i));
  pump (2.0); /* the draft is written after a second's pause */
  g_spawn_command_line_sync ("pkill -KILL -x claimguide-atspi", &out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_send_signal (daemon_proc, SIGKILL);
  g_subprocess_wait (daemon_proc, NULL, NULL);
  g_clear_object (&daemon_proc);
  app_stop (&app);

  start_daemon (FALSE);
  open_form_at_first_field (&app, browser);
  act (&(Act) { NEXT_STEP, NULL, { "填过这份理赔", "Ctrl加Alt加F", "第3步" } });
  from = said->len;
  key ("ctrl+alt+f");
  g_assert_cmpint (wait_for (from, "5项填回表上", 5), >=, 0);
  pump (3.0);
  /* The answers are on the form: the check finds what is still missing
   * (the place first), not the name, the phone or the date. */
  /* The fill takes its time (typed keys, a slow sanitizer build): a key of
   * the guide pressed while the plugin is busy in the app may not be seen,
   * so the check is asked for again if nothing is heard. */
  {
    int heard = -1;
    for (int tries = 0; tries < 3 && heard < 0; tries++)
      {
        from = said->len;
        key ("ctrl+alt+c");
        heard = wait_for (from, "地方要改", 8);
      }
    g_assert_cmpint (heard, >=, 0);
  }
  for (guint i = from; i < said->len; i++)
    {
      const char *t = ((Utterance *) said->pdata[i])->text;
      g_assert_null (strstr (t, "填出事老人的姓名"));
      g_assert_null (strstr (t, "填出事的日期"));
    }
  type_pause = 0;
  app_stop (&app);
}

static void
test_gtk_refill (void)
{
  refill ("gtk");
}

static void
test_chromium_refill (void)
{
  refill ("chromium");
}

static void
test_chromium_form (void)
{
  browser_form ("chromium");
}

static void
test_chromium_not_a_claim (void)
{
  App app = { 0 };
  g_autofree char *url = form_url ("not-a-claim.html");
  guint from = said->len;
  int heard = -1;

  app_start_browser (&app, "chromium", url);
  for (int tries = 0; tries < 15 && heard < 0; tries++)
    {
      key ("Tab");
      heard = wait_for (from, "，", 2);
    }
  g_assert_cmpint (heard, >=, 0);
  pump (1);
  g_assert_true (wait_status ("form", "", 5));
  for (guint i = from; i < said->len; i++)
    g_assert_null (strstr (((Utterance *) said->pdata[i])->text, "理赔申请表"));
  app_stop (&app);
}

static void
test_firefox_form (void)
{
  browser_form ("firefox");
}

/* The pid of this session's Orca: a process whose script is /usr/bin/orca
 * and whose session bus is ours (a developer's own Orca is left alone). */
static GPid
session_orca (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autofree char *want = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=",
                                       g_getenv ("DBUS_SESSION_BUS_ADDRESS"), NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *cmd_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *env_path = g_build_filename ("/proc", name, "environ", NULL);
      g_autofree char *cmd = NULL, *env = NULL;
      gsize cmd_len = 0, env_len = 0;
      gboolean is_orca = FALSE, ours = FALSE;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (cmd_path, &cmd, &cmd_len, NULL) ||
          !g_file_get_contents (env_path, &env, &env_len, NULL))
        continue;
      for (const char *a = cmd; a < cmd + cmd_len; a += strlen (a) + 1)
        is_orca |= g_str_equal (a, "/usr/bin/orca");
      for (const char *e = env; e < env + env_len; e += strlen (e) + 1)
        ours |= g_str_equal (e, want);
      if (is_orca && ours)
        return (GPid) g_ascii_strtoll (name, NULL, 10);
    }
  return 0;
}

/* Orca on the desktop (tools/desktop-session --orca): the plugin sees it and
 * the daemon speaks through Speech Dispatcher, Orca's own queue, so the two
 * never talk over each other; reading and recognition go on.  When Orca
 * leaves, the daemon's own voice comes back. */
static void
test_orca (void)
{
  App app = { 0 };
  guint from;
  GPid orca = session_orca ();

  g_assert_cmpint (orca, >, 0);
  g_assert_true (wait_status_bool ("screen-reader", TRUE, 10));
  g_assert_true (wait_status ("backend", "speech-dispatcher", 5));

  app_start_gtk (&app, NULL);
  from = said->len;
  key ("Tab");
  g_assert_cmpint (wait_for (from, "理赔类型", 5), >=, 0);
  g_assert_true (wait_status ("form", "chaonan-elderly-accident", 10));

  g_assert_cmpint (kill (orca, SIGKILL), ==, 0);
  g_assert_true (wait_status_bool ("screen-reader", FALSE, 10));
  g_assert_true (wait_status ("backend", "espeak", 5));
  from = said->len;
  key ("Tab");
  g_assert_cmpint (wait_for (from, "被保险人姓名", 5), >=, 0);
  app_stop (&app);
}

/* claimguided with the plugin, judging claims as on Friday 2025-01-24;
 * with Speech Dispatcher beside Orca. */
static void
start_daemon (gboolean with_orca)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plugin_arg = g_strconcat ("--plugin=", g_getenv ("CLAIMGUIDE_ATSPI"), NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  daemon_proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CLAIMGUIDED"),
                                             "--speech-to", wav, "--today=2025-01-24",
                                             with_orca ? plugin_arg : "--no-speech-dispatcher",
                                             with_orca ? NULL : plugin_arg, NULL);
  g_assert_no_error (error);
  g_assert_true (wait_status ("plugin", "running", 20));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean with_orca;
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under tools/desktop-session");
      return g_test_run ();
    }
  tmp = g_dir_make_tmp ("test-plugin-XXXXXX", &error);
  g_assert_no_error (error);
  said = g_ptr_array_new_with_free_func ((GDestroyNotify) utterance_free);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_signal_subscribe (bus, NULL, "org.claimguide.Speech1", "UtteranceStarted",
                                      "/org/claimguide/Daemon", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                      on_utterance, NULL, NULL);

  wav = g_build_filename (tmp, "speech.wav", NULL);
  /* Beside Orca the daemon must be free to use Speech Dispatcher. */
  with_orca = g_strcmp0 (g_getenv ("CLAIMGUIDE_TEST_ORCA"), "1") == 0;
  start_daemon (with_orca);

  if (with_orca)
    g_test_add_func ("/plugin/orca", test_orca);
  else
    {
      g_test_add_func ("/plugin/gtk/form", test_gtk_form);
      g_test_add_func ("/plugin/gtk/not-a-claim", test_gtk_not_a_claim);
      g_test_add_func ("/plugin/gtk/hang", test_gtk_hang);
      g_test_add_func ("/plugin/restart", test_plugin_restarts);
      g_test_add_func ("/plugin/chromium/form", test_chromium_form);
      g_test_add_func ("/plugin/chromium/not-a-claim", test_chromium_not_a_claim);
      g_test_add_func ("/plugin/firefox/form", test_firefox_form);
      /* Last: a form is announced once, and these leave it announced. */
      g_test_add_func ("/plugin/guided/gtk", test_gtk_guided_claim);
      g_test_add_func ("/plugin/guided/chromium", test_chromium_guided_claim);
      g_test_add_func ("/plugin/guided/refill-gtk", test_gtk_refill);
      g_test_add_func ("/plugin/guided/refill-chromium", test_chromium_refill);
    }
  rc = g_test_run ();

  g_subprocess_send_signal (daemon_proc, SIGTERM);
  g_subprocess_wait (daemon_proc, NULL, NULL);
  g_clear_object (&daemon_proc);
  g_clear_object (&bus);
  g_ptr_array_unref (said);
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp);
    g_autoptr(GFile) file = g_file_new_for_path (wav);
    g_file_delete (file, NULL, NULL);
    g_file_delete (dir, NULL, NULL);
  }
  g_free (tmp);
  g_free (wav);
  return rc;
}
