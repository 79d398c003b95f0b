/* See e2e.h. */
#include "e2e.h"

#include <signal.h>
#include <string.h>

GDBusConnection *e2e_bus;
GPtrArray *e2e_said;
static guint utterance_sub;

static void
on_utterance (GDBusConnection *c, const char *sender, const char *path, const char *iface,
              const char *signal, GVariant *params, gpointer data)
{
  char *text = NULL;
  g_variant_get_child (params, 1, "s", &text);
  g_ptr_array_add (e2e_said, text);
}

gboolean
e2e_init (char **why)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("DISPLAY") == NULL || g_getenv ("CLAIMGUIDE_SESSION_DIR") == NULL)
    {
      *why = g_strdup ("no display: run under tools/desktop-session");
      return FALSE;
    }
  e2e_said = g_ptr_array_new_with_free_func (g_free);
  e2e_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  utterance_sub = g_dbus_connection_signal_subscribe (
    e2e_bus, NULL, "org.claimguide.Speech1", "UtteranceStarted", "/org/claimguide/Daemon", NULL,
    G_DBUS_SIGNAL_FLAGS_NONE, on_utterance, NULL, NULL);
  return TRUE;
}

void
e2e_shutdown (void)
{
  if (e2e_bus != NULL)
    g_dbus_connection_signal_unsubscribe (e2e_bus, utterance_sub);
  g_clear_object (&e2e_bus);
  g_clear_pointer (&e2e_said, g_ptr_array_unref);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
e2e_pump (double seconds)
{
  gboolean done = FALSE;
  g_timeout_add ((guint) (seconds * 1000), on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

char *
e2e_printable (const char *text)
{
  GString *out = g_string_new (NULL);
  static const char *const names[] = { E2E_NAME, "Xiaomei", NULL };

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean name = FALSE;
      for (guint i = 0; names[i] != NULL && !name; i++)
        if (g_str_has_prefix (p, names[i]))
          {
            g_string_append (out, "(name)");
            p += strlen (names[i]) - 1;
            name = TRUE;
          }
      if (name)
        continue;
      if (g_unichar_isdigit (c))
        g_string_append_c (out, '#');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

int
e2e_wait_said (guint from, const char *const *parts, double seconds)
{
  gboolean timed_out = FALSE;
  guint timer = g_timeout_add ((guint) (seconds * 1000), on_timeout, &timed_out);

  for (;;)
    {
      for (guint i = from; i < e2e_said->len; i++)
        {
          const char *u = g_ptr_array_index (e2e_said, i);
          gboolean all = TRUE;
          for (guint j = 0; parts[j] != NULL && all; j++)
            all = strstr (u, parts[j]) != NULL;
          if (all)
            {
              if (!timed_out)
                g_source_remove (timer);
              return (int) i;
            }
        }
      if (timed_out)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  /* What was said instead, fit for the log. */
  g_test_message ("not said: “%s”; said since:", parts[0]);
  for (guint i = from; i < e2e_said->len; i++)
    {
      g_autofree char *shown = e2e_printable (g_ptr_array_index (e2e_said, i));
      g_test_message ("  %s", shown);
    }
  return -1;
}

/* ---- Keys and windows ---- */

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

void
e2e_key (const char *keysym)
{
  run ((const char *const[]) { "xdotool", "key", "--clearmodifiers", keysym, NULL });
}

void
e2e_keys (const char *spec)
{
  g_auto(GStrv) each = g_strsplit (spec, " ", -1);

  for (guint i = 0; each[i] != NULL; i++)
    {
      char *star = strchr (each[i], '*');
      guint n = 1;
      if (star != NULL)
        {
          *star = '\0';
          n = (guint) g_ascii_strtoull (star + 1, NULL, 10);
        }
      for (guint k = 0; k < n; k++)
        e2e_key (each[i]);
    }
}

void
e2e_type (const char *text)
{
  run ((const char *const[]) { "xdotool", "type", "--delay", "60", text, NULL });
}

gboolean
e2e_window_named (const char *part)
{
  const char *const argv[] = { "xdotool", "search", "--name", part, NULL };
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

gboolean
e2e_wait_window_name (const char *part, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (e2e_window_named (part))
        return TRUE;
      e2e_pump (0.2);
    }
  g_test_message ("no window's title has “%s”", part);
  return FALSE;
}

/* ---- The daemon's status ---- */

char *
e2e_status_string (const char *key)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    e2e_bus, "org.claimguide.Daemon", "/org/claimguide/Daemon", "org.claimguide.Daemon1",
    "GetStatus", NULL, G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 5000, NULL,
    NULL);
  g_autoptr(GVariant) status = reply != NULL ? g_variant_get_child_value (reply, 0) : NULL;
  char *v = NULL;

  if (status == NULL || !g_variant_lookup (status, key, "s", &v))
    v = g_strdup ("");
  return v;
}

gboolean
e2e_wait_status (const char *key, const char *want, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_autofree char *v = e2e_status_string (key);
      if (g_strcmp0 (v, want) == 0)
        return TRUE;
      e2e_pump (0.1);
    }
  return FALSE;
}

/* ---- The daemon ---- */

GSubprocess *
e2e_start_daemon (const char *wav, const char *out, const char *err, const char *const *env)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plugin_arg = g_strconcat ("--plugin=", g_getenv ("CLAIMGUIDE_ATSPI"), NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  GSubprocess *daemon;

  if (out != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, out);
  if (err != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, err);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (env[i], "=", 2);
      g_subprocess_launcher_setenv (launcher, kv[0], kv[1], TRUE);
    }
  daemon = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CLAIMGUIDED"), "--speech-to",
                                        wav, "--today=2025-01-24", "--no-speech-dispatcher",
                                        plugin_arg, NULL);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_status ("plugin", "running", 20));
  return daemon;
}

void
e2e_stop_daemon (GSubprocess **daemon)
{
  if (*daemon == NULL)
    return;
  g_subprocess_send_signal (*daemon, SIGTERM);
  g_subprocess_wait (*daemon, NULL, NULL);
  g_clear_object (daemon);
}

/* ---- The GTK claim form ---- */

void
e2e_app_start_gtk (E2eApp *app, const char *log)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *path = log != NULL ? g_strdup (log) : g_build_filename (g_get_tmp_dir (), "form.log", NULL);
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* Into a file: with G_MESSAGES_DEBUG its debug output goes to stdout
   * too, and a pipe nobody reads would stop it. */
  g_subprocess_launcher_set_stdout_file_path (launcher, path);
  app->proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CLAIM_FORM_GTK"), NULL);
  g_assert_no_error (error);
  /* It prints "ready WID" once its window is mapped. */
  while (app->wid == NULL)
    {
      g_autofree char *text = NULL;
      const char *ready;

      if (g_file_get_contents (path, &text, NULL, NULL) &&
          ((ready = g_str_has_prefix (text, "ready ") ? text : strstr (text, "\nready ")) != NULL))
        {
          ready = strchr (ready, 'r') + strlen ("ready ");
          if (strchr (ready, '\n') != NULL)
            app->wid = g_strndup (ready, strcspn (ready, "\n"));
        }
      if (app->wid == NULL)
        {
          g_assert_nonnull (g_subprocess_get_identifier (app->proc));
          g_assert_cmpint (g_get_monotonic_time (), <, end);
          e2e_pump (0.05);
        }
    }
  run ((const char *const[]) { "xdotool", "windowfocus", "--sync", app->wid, NULL });
}

void
e2e_app_stop (E2eApp *app)
{
  if (app->proc != NULL)
    {
      g_subprocess_force_exit (app->proc);
      g_subprocess_wait (app->proc, NULL, NULL);
    }
  g_clear_object (&app->proc);
  g_clear_pointer (&app->wid, g_free);
}

/* ---- The senior's moves ---- */

void
e2e_act (const E2eAct *a)
{
  guint from = e2e_said->len;

  /* What is typed is not shown: it may be the made-up person's. */
  g_test_message ("keys “%s”, type %zu characters, expect “%s”", a->keys ? a->keys : "",
                  a->type ? strlen (a->type) : 0, a->expect[0] ? a->expect[0] : "");
  if (a->keys != NULL)
    e2e_keys (a->keys);
  if (a->type != NULL)
    {
      e2e_type (a->type);
      e2e_pump (0.4); /* the plugin sends what was typed once typing pauses */
    }
  if (a->expect[0] != NULL)
    g_assert_cmpint (e2e_wait_said (from, a->expect, 10), >=, 0);
}

const E2eAct *
e2e_clean_claim (guint *n, guint *bank)
{
  static const E2eAct moves[] = {
    { E2E_NEXT_STEP, NULL, { "一步一步" } },
    /* 意外伤害身故, 意外伤残, 意外住院津贴 */
    { "Down*3", NULL, { "意外住院津贴" } },
    { E2E_NEXT_STEP, NULL, { "出事老人的情况", "被保险人姓名" } },
    { NULL, E2E_NAME, { NULL } },
    { "Tab", E2E_ID, { NULL } },
    { "Tab", E2E_PHONE, { NULL } },
    { E2E_NEXT_STEP, NULL, { "出事的经过", "出险日期" } },
    { NULL, "2025-01-06", { NULL } },
    { "Tab", "Jingdu", { NULL } },
    { "Tab Down", NULL, { "跌倒" } },
    { E2E_NEXT_STEP, NULL, { "住院的情况", "入院日期" } },
    { NULL, "2025-01-06", { NULL } },
    { "Tab", "2025-01-20", { NULL } },
    { "Tab", "Chaonan People Hospital", { NULL } },
    { "Tab Down*2", NULL, { "二级医院" } },
    /* 15: the bank card's step */
    { E2E_NEXT_STEP, NULL, { "收钱的银行卡", "银行卡号" } },
    { NULL, E2E_CARD, { NULL } },
    { "Tab", E2E_NAME, { NULL } },
    { E2E_NEXT_STEP, NULL, { "看材料", "住院证明" } },
    { "space Tab space Tab space", NULL, { "病历资料" } },
    /* Send: the check before it finds nothing to fix. */
    { "Tab", NULL, { "没有要改的地方", "420", "2025-02-08" } },
  };

  *n = G_N_ELEMENTS (moves);
  *bank = 15;
  return moves;
}
