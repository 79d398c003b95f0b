/* claimguided on a private session bus, as the plugin and claimguidectl use it.
 *
 * The daemon is started by D-Bus activation and speaks into a WAV file
 * (--speech-to), so what it said can be measured.  Waits have a generous
 * guard (a test that hangs fails), never a timing assertion. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cg-dbus.h"
#include "cg-voices.h"
#include "daemon/test-session.h"

#define GUARD_S 30

typedef struct {
  guint id;
  char *text;
  char *priority;
} Heard;

static struct {
  char *tmp;
  char *wav;
  char *user_profiles;
  GTestDBus *bus;
  GDBusConnection *conn;
  CgDBusSpeech1 *speech;
  CgDBusDaemon1 *daemon;
  CgDBusClaims1 *claims;
  CgDBusProfiles1 *profiles;
  GPtrArray *started; /* Heard */
  GArray *ended;      /* guint id, interrupted as id | 1<<31 */
  guint profile_changes;
  GStrv last_problems;
} t;

static void
heard_free (Heard *h)
{
  g_free (h->text);
  g_free (h->priority);
  g_free (h);
}

/* ---- waiting ---- */

static gboolean
guard_fired (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gconstpointer data);

static gboolean
wait_until (Condition cond, gconstpointer data)
{
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add_seconds (GUARD_S, guard_fired, &timed_out);
  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (guard);
  return !timed_out;
}

static gboolean
has_ended (gconstpointer data)
{
  guint id = GPOINTER_TO_UINT (data);
  for (guint i = 0; i < t.ended->len; i++)
    if ((g_array_index (t.ended, guint, i) & ~(1u << 31)) == id)
      return TRUE;
  return FALSE;
}

static gboolean
ended_interrupted (guint id)
{
  for (guint i = 0; i < t.ended->len; i++)
    if ((g_array_index (t.ended, guint, i) & ~(1u << 31)) == id)
      return (g_array_index (t.ended, guint, i) >> 31) != 0;
  g_assert_not_reached ();
}

static const Heard *
find_started (guint id)
{
  for (guint i = 0; i < t.started->len; i++)
    {
      Heard *h = g_ptr_array_index (t.started, i);
      if (h->id == id)
        return h;
    }
  return NULL;
}

static gboolean
has_started (gconstpointer data)
{
  return find_started (GPOINTER_TO_UINT (data)) != NULL;
}

static void
on_started (CgDBusSpeech1 *s, guint id, const char *text, const char *words, const char *lang,
            const char *priority, gpointer data)
{
  Heard *h = g_new0 (Heard, 1);
  h->id = id;
  h->text = g_strdup (text);
  h->priority = g_strdup (priority);
  g_ptr_array_add (t.started, h);
}

static void
on_ended (CgDBusSpeech1 *s, guint id, gboolean interrupted, gpointer data)
{
  guint v = id | (interrupted ? 1u << 31 : 0);
  g_array_append_val (t.ended, v);
}

static void
on_profiles_changed (CgDBusProfiles1 *p, const char *const *problems, gpointer data)
{
  t.profile_changes++;
  g_strfreev (t.last_problems);
  t.last_problems = g_strdupv ((char **) problems);
}

static guint
say (const char *text, const char *priority, const char *lang)
{
  g_autoptr(GError) error = NULL;
  guint id = 0;
  g_assert_true (cg_dbus_speech1_call_speak_sync (t.speech, text, priority, lang, &id, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static void
say_and_wait (const char *text, const char *lang)
{
  guint id = say (text, "prompt", lang);
  g_assert_true (wait_until (has_ended, GUINT_TO_POINTER (id)));
}

/* ---- the WAV file ---- */

/* Samples of sound (not silence) in the file so far. */
static gsize
sounding_samples (void)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (t.wav, &data, &len, NULL));
  g_assert_cmpuint (len, >=, 44);
  g_assert_true (memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WAVE", 4) == 0);
  return cg_test_count_sound (t.wav, 44);
}

/* ---- set-up ---- */

static void
write_service_file (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "org.claimguide.Daemon.service", NULL);
  g_autofree char *body = g_strdup_printf ("[D-BUS Service]\nName=org.claimguide.Daemon\n"
                                           "Exec=%s --speech-to %s --no-speech-dispatcher\n",
                                           g_getenv ("CLAIMGUIDED"), t.wav);
  g_assert_true (g_file_set_contents (path, body, -1, NULL));
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *services = NULL;

  t.tmp = cg_test_session_dirs ("claimguide-test");
  t.user_profiles = g_build_filename (t.tmp, "config", "claimguide", "profiles", NULL);
  g_assert_cmpint (g_mkdir_with_parents (t.user_profiles, 0700), ==, 0);
  t.wav = g_build_filename (t.tmp, "speech.wav", NULL);
  services = g_build_filename (t.tmp, "services", NULL);
  write_service_file (services);
  t.bus = cg_test_session_bus (t.tmp, services);
  t.conn = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  t.started = g_ptr_array_new_with_free_func ((GDestroyNotify) heard_free);
  t.ended = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
make_proxies (void)
{
  g_autoptr(GError) error = NULL;
  GDBusProxyFlags flags = G_DBUS_PROXY_FLAGS_NONE; /* activates the daemon */

  t.daemon = cg_dbus_daemon1_proxy_new_sync (t.conn, flags, "org.claimguide.Daemon",
                                             "/org/claimguide/Daemon", NULL, &error);
  g_assert_no_error (error);
  t.speech = cg_dbus_speech1_proxy_new_sync (t.conn, flags, "org.claimguide.Daemon",
                                             "/org/claimguide/Daemon", NULL, &error);
  g_assert_no_error (error);
  t.claims = cg_dbus_claims1_proxy_new_sync (t.conn, flags, "org.claimguide.Daemon",
                                             "/org/claimguide/Daemon", NULL, &error);
  g_assert_no_error (error);
  t.profiles = cg_dbus_profiles1_proxy_new_sync (t.conn, flags, "org.claimguide.Daemon",
                                                 "/org/claimguide/Daemon", NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (t.speech, "utterance-started", G_CALLBACK (on_started), NULL);
  g_signal_connect (t.speech, "utterance-ended", G_CALLBACK (on_ended), NULL);
  g_signal_connect (t.profiles, "profiles-changed", G_CALLBACK (on_profiles_changed), NULL);
}

static GVariant *
status (void)
{
  g_autoptr(GError) error = NULL;
  GVariant *st = NULL;
  g_assert_true (cg_dbus_daemon1_call_get_status_sync (t.daemon, &st, NULL, &error));
  g_assert_no_error (error);
  return st;
}

static char *
status_string (const char *key)
{
  g_autoptr(GVariant) st = status ();
  char *v = NULL;
  g_assert_true (g_variant_lookup (st, key, "s", &v));
  return v;
}

/* ---- tests ---- */

static void
test_activation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *profile = NULL, *output = NULL, *backend = NULL;

  /* Nobody owns the name until the first call starts the daemon. */
  reply = g_dbus_connection_call_sync (t.conn, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.claimguide.Daemon"),
                                       G_VARIANT_TYPE ("(b)"), 0, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_variant_get_boolean (g_variant_get_child_value (reply, 0)));
  make_proxies ();
  profile = status_string ("profile");
  output = status_string ("output");
  backend = status_string ("backend");
  g_assert_cmpstr (profile, ==, "default");
  g_assert_cmpstr (output, ==, t.wav);
  g_assert_cmpstr (backend, ==, "espeak");
  g_assert_cmpstr (cg_dbus_daemon1_get_version (t.daemon), !=, NULL);
}

static gsize long_sound; /* samples of sound in LONG_TEXT, said whole */
#define LONG_TEXT "请把出院小结找出来，上面有医院的红色印章。住院日期和出院日期都写在第一页。"

static void
test_wav_grows_with_text (void)
{
  gsize before = sounding_samples (), short_sound;

  say_and_wait ("好。", "zh_CN");
  short_sound = sounding_samples () - before;
  before = sounding_samples ();
  say_and_wait (LONG_TEXT, "zh_CN");
  long_sound = sounding_samples () - before;
  g_test_message ("sound: short %zu samples, long %zu", short_sound, long_sound);
  g_assert_cmpuint (short_sound, >, 0);
  g_assert_cmpuint (long_sound, >, 5 * short_sound);
}

static void
test_languages_speak (void)
{
  const char *langs[] = { "zh_CN", "yue", "en" };
  const char *texts[] = { "赔3000元。", "赔3000元。", "It pays 3000 yuan." };
  for (gsize i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      gsize before = sounding_samples ();
      say_and_wait (texts[i], langs[i]);
      g_assert_cmpuint (sounding_samples () - before, >, 22050 / 2);
    }
}

static void
test_focus_interrupts (void)
{
  gsize before = sounding_samples (), cut_sound;
  guint first = say (LONG_TEXT, "prompt", "zh_CN"), second;

  g_assert_true (wait_until (has_started, GUINT_TO_POINTER (first)));
  second = say ("姓名", "focus", "zh_CN");
  g_assert_true (wait_until (has_ended, GUINT_TO_POINTER (second)));
  g_assert_true (ended_interrupted (first));
  g_assert_false (ended_interrupted (second));
  cut_sound = sounding_samples () - before;
  g_test_message ("cut: %zu samples of sound, against %zu for the whole", cut_sound, long_sound);
  g_assert_cmpuint (cut_sound, <, long_sound / 2);
}

static void
test_prompts_in_order (void)
{
  guint ids[3];
  guint first_index = t.started->len;

  ids[0] = say ("一", "prompt", "zh_CN");
  ids[1] = say ("二", "prompt", "zh_CN");
  ids[2] = say ("三", "prompt", "zh_CN");
  g_assert_true (wait_until (has_ended, GUINT_TO_POINTER (ids[2])));
  g_assert_cmpuint (t.started->len - first_index, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      Heard *h = g_ptr_array_index (t.started, first_index + i);
      g_assert_cmpuint (h->id, ==, ids[i]);
      g_assert_false (ended_interrupted (ids[i]));
    }
}

static void
test_notify_never_cuts (void)
{
  guint first = say ("请准备身份证。", "prompt", "zh_CN"), note;
  g_assert_true (wait_until (has_started, GUINT_TO_POINTER (first)));
  note = say ("有新消息。", "notify", "zh_CN");
  g_assert_true (wait_until (has_ended, GUINT_TO_POINTER (note)));
  g_assert_false (ended_interrupted (first));
  g_assert_false (ended_interrupted (note));
}

static void
test_focus_drops_stale_focus (void)
{
  guint a = say (LONG_TEXT, "prompt", "zh_CN"), f1, f2, p;
  g_assert_true (wait_until (has_started, GUINT_TO_POINTER (a)));
  /* Two focus changes in a row: the first is stale before it is said. */
  f1 = say ("姓名", "focus", "zh_CN");
  f2 = say ("电话", "focus", "zh_CN");
  p = say ("下一步。", "prompt", "zh_CN");
  g_assert_true (wait_until (has_ended, GUINT_TO_POINTER (p)));
  g_assert_true (ended_interrupted (f1));
  g_assert_null (find_started (f1));
  g_assert_nonnull (find_started (f2));
  g_assert_false (ended_interrupted (p));
}

static void
test_started_signal_has_text (void)
{
  guint id = say ("电话13800138000", "prompt", "zh_CN");
  const Heard *h;
  g_assert_true (wait_until (has_ended, GUINT_TO_POINTER (id)));
  h = find_started (id);
  g_assert_nonnull (h);
  g_assert_cmpstr (h->text, ==, "电话13800138000");
  g_assert_cmpstr (h->priority, ==, "prompt");
}

static void
test_normalize_method (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;
  g_assert_true (cg_dbus_speech1_call_normalize_sync (t.speech, "2025-03-14 ¥3000.50", "zh_CN",
                                                      &words, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (words, ==, "二〇二五年三月十四日 三千元五角");
}

/* A raw call, so that wrong types can be sent. */
static GError *
raw_call (const char *iface, const char *method, GVariant *params)
{
  GError *error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    t.conn, "org.claimguide.Daemon", "/org/claimguide/Daemon", iface, method, params, NULL,
    G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  return error;
}

static void
assert_refused (GError *error, const char *dbus_name, const char *fragment)
{
  g_autofree char *remote = NULL;
  g_assert_nonnull (error);
  remote = g_dbus_error_get_remote_error (error);
  g_test_message ("%s: %s", remote, error->message);
  g_assert_cmpstr (remote, ==, dbus_name);
  if (fragment != NULL)
    g_assert_nonnull (strstr (error->message, fragment));
  g_error_free (error);
}

static void
test_malformed_calls (void)
{
  g_autofree char *huge = g_strnfill (70000, 'a');
  GVariantBuilder fields, opts;

  assert_refused (raw_call ("org.claimguide.Speech1", "Speak", g_variant_new ("(i)", 3)),
                  "org.freedesktop.DBus.Error.InvalidArgs", NULL);
  assert_refused (raw_call ("org.claimguide.Speech1", "Speak", g_variant_new ("(sss)", "x", "loud", "")),
                  "org.claimguide.Error.InvalidArgument", "focus, prompt or notify");
  assert_refused (raw_call ("org.claimguide.Speech1", "Speak", g_variant_new ("(sss)", "x", "prompt", "fr")),
                  "org.claimguide.Error.InvalidArgument", "zh_CN, yue, en");
  assert_refused (raw_call ("org.claimguide.Speech1", "Speak", g_variant_new ("(sss)", huge, "prompt", "")),
                  "org.claimguide.Error.TooLarge", "65536");
  assert_refused (raw_call ("org.claimguide.Speech1", "NoSuchMethod", NULL),
                  "org.freedesktop.DBus.Error.UnknownMethod", NULL);
  assert_refused (raw_call ("org.claimguide.Profiles1", "UseProfile", g_variant_new ("(s)", "nobody")),
                  "org.claimguide.Error.UnknownProfile", "nobody");

  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_init (&opts, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&opts, "{sv}", "colour", g_variant_new_string ("red"));
  assert_refused (raw_call ("org.claimguide.Claims1", "Check",
                            g_variant_new ("(sa{ss}a{sv})", "chaonan-elderly-accident", &fields, &opts)),
                  "org.claimguide.Error.InvalidArgument", "colour");
  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_init (&opts, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&opts, "{sv}", "today", g_variant_new_int32 (5));
  assert_refused (raw_call ("org.claimguide.Claims1", "Check",
                            g_variant_new ("(sa{ss}a{sv})", "chaonan-elderly-accident", &fields, &opts)),
                  "org.claimguide.Error.InvalidArgument", "today");
  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_init (&opts, G_VARIANT_TYPE_VARDICT);
  assert_refused (raw_call ("org.claimguide.Claims1", "Check",
                            g_variant_new ("(sa{ss}a{sv})", "../../etc/passwd", &fields, &opts)),
                  "org.claimguide.Error.InvalidArgument", "scheme id");
  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_init (&opts, G_VARIANT_TYPE_VARDICT);
  assert_refused (raw_call ("org.claimguide.Claims1", "Check",
                            g_variant_new ("(sa{ss}a{sv})", "no-such-scheme", &fields, &opts)),
                  "org.claimguide.Error.UnknownScheme", NULL);
  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_init (&opts, G_VARIANT_TYPE_VARDICT);
  for (int i = 0; i < 500; i++)
    {
      g_autofree char *k = g_strdup_printf ("f%d", i);
      g_variant_builder_add (&fields, "{ss}", k, "x");
    }
  assert_refused (raw_call ("org.claimguide.Claims1", "Check",
                            g_variant_new ("(sa{ss}a{sv})", "chaonan-elderly-accident", &fields, &opts)),
                  "org.claimguide.Error.TooLarge", NULL);

  /* A name quoted in the message is cut between characters, not inside one:
   * a D-Bus error's message must be UTF-8 (found by tests/fuzz/fuzz-dbus). */
  {
    g_autoptr(GString) wide = g_string_new (NULL);
    for (int i = 0; i < 50; i++)
      g_string_append (wide, "理");
    assert_refused (raw_call ("org.claimguide.Speech1", "Speak",
                              g_variant_new ("(sss)", "x", wide->str, "")),
                    "org.claimguide.Error.InvalidArgument", "focus, prompt or notify");
    assert_refused (raw_call ("org.claimguide.Profiles1", "UseProfile",
                              g_variant_new ("(s)", wide->str)),
                    "org.claimguide.Error.UnknownProfile", "理理理");
  }

  /* And it carries on. */
  g_autoptr(GVariant) st = status ();
  say_and_wait ("好。", "zh_CN");
}

/* eSpeak NG 1.51 overran a stack buffer on these and the daemon was gone
 * (found by tests/fuzz/fuzz-dbus). */
static void
test_long_words (void)
{
  g_autofree char *letters = g_strnfill (200, 'd');
  g_autofree char *abbreviation = g_strconcat ("a.", letters, NULL);
  g_autoptr(GString) suffixes = g_string_new (NULL);

  const char *texts[] = { abbreviation, abbreviation, NULL };
  const char *langs[] = { "en", "zh_CN", "en" };

  for (int i = 0; i < 220; i++)
    g_string_append (suffixes, "s'");
  texts[2] = suffixes->str;
  /* A clause is translated before a sound of it is made: once it has
   * started, it went through.  Each cuts the one before (spelt out, they
   * would take a minute). */
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      guint id = say (texts[i], "focus", langs[i]);
      g_assert_true (wait_until (has_started, GUINT_TO_POINTER (id)));
    }
  {
    guint id = say ("好。", "focus", "zh_CN");
    g_assert_true (wait_until (has_ended, GUINT_TO_POINTER (id)));
  }
}

/* The claim file's fields, as claimguidectl sends them. */
static GVariant *
claim_fields (const char *path)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) keys = NULL;
  GVariantBuilder b;
  g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL));
  keys = g_key_file_get_keys (kf, "Claim", NULL, NULL);
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *v = g_key_file_get_string (kf, "Claim", keys[i], NULL);
      g_variant_builder_add (&b, "{ss}", keys[i], v);
    }
  return g_variant_builder_end (&b);
}

static void
test_check_same_as_claimcheck (void)
{
  g_autofree char *samples = g_build_filename (g_getenv ("CLAIMGUIDE_SOURCE_ROOT"), "rules", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (samples, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    for (int l = 0; l < 2; l++)
      {
        const char *lang = l == 0 ? "en" : "zh_CN";
        g_autofree char *path = g_build_filename (samples, name, NULL);
        g_autofree char *expected = NULL, *name_out = NULL, *json = NULL, *text = NULL;
        g_autoptr(GError) error = NULL;
        gboolean ok;
        int status_code = 0;
        const char *argv[] = { g_getenv ("CLAIMCHECK"), "--json", "--today", "2025-11-03",
                               "--lang", lang, path, NULL };
        GVariantBuilder opts;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                     NULL, &expected, NULL, &status_code, &error));
        g_variant_builder_init (&opts, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add (&opts, "{sv}", "today", g_variant_new_string ("2025-11-03"));
        g_variant_builder_add (&opts, "{sv}", "language", g_variant_new_string (lang));
        g_assert_true (cg_dbus_claims1_call_check_sync (t.claims, "chaonan-elderly-accident",
                                                        claim_fields (path), g_variant_builder_end (&opts),
                                                        &ok, &name_out, &json, &text, NULL, &error));
        g_assert_no_error (error);
        g_strchomp (expected);
        g_assert_cmpstr (json, ==, expected);
        g_assert_cmpint (ok, ==, WEXITSTATUS (status_code) == 0);
        n++;
      }
  g_assert_cmpuint (n, >=, 2);
}

/* ---- notifications ---- */

static GSubprocess *fake_server;

static void
start_fake_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  fake_server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                  g_getenv ("FAKE_NOTIFICATIONS"), NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fake_server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_cmpstr (line, ==, "ready");
}

static GVariant *
recorded (void)
{
  g_autoptr(GError) error = NULL;
  GVariant *r = g_dbus_connection_call_sync (t.conn, "org.freedesktop.Notifications",
                                             "/org/freedesktop/Notifications",
                                             "org.claimguide.Test.Notifications", "GetRecorded",
                                             NULL, G_VARIANT_TYPE ("(a(ussas))"), 0, -1, NULL, &error);
  g_assert_no_error (error);
  return r;
}

static gboolean
has_recorded (gconstpointer data)
{
  g_autoptr(GVariant) r = recorded ();
  g_autoptr(GVariant) list = g_variant_get_child_value (r, 0);
  /* Let the bus breathe between polls. */
  g_usleep (20000);
  return g_variant_n_children (list) >= GPOINTER_TO_UINT (data);
}

/* A hospital claim with the discharge before the admission: made-up person. */
static GVariant *
bad_claim (void)
{
  GVariantBuilder b;
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&b, "{ss}", "claim_type", "住院");
  g_variant_builder_add (&b, "{ss}", "accident_date", "2025-09-20");
  g_variant_builder_add (&b, "{ss}", "admission_date", "2025-09-20");
  g_variant_builder_add (&b, "{ss}", "discharge_date", "2025-09-10");
  return g_variant_builder_end (&b);
}

static guint
check_announced (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *json = NULL, *text = NULL;
  gboolean ok;
  guint before = t.started->len;
  GVariantBuilder opts;

  g_variant_builder_init (&opts, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&opts, "{sv}", "announce", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&opts, "{sv}", "today", g_variant_new_string ("2025-11-03"));
  g_assert_true (cg_dbus_claims1_call_check_sync (t.claims, "chaonan-elderly-accident", bad_claim (),
                                                  g_variant_builder_end (&opts), &ok, &name, &json,
                                                  &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ok);
  return before;
}

static gboolean
started_more_than (gconstpointer data)
{
  return t.started->len > GPOINTER_TO_UINT (data);
}

static gboolean
notifications_off (gconstpointer data)
{
  g_autoptr(GVariant) st = status ();
  gboolean on = TRUE;
  g_variant_lookup (st, "notifications", "b", &on);
  if (on)
    g_usleep (20000);
  return !on;
}

static void
test_no_notification_server_still_speaks (void)
{
  guint before = check_announced ();
  Heard *h;
  g_assert_true (wait_until (started_more_than, GUINT_TO_POINTER (before)));
  h = g_ptr_array_index (t.started, before);
  g_assert_nonnull (strstr (h->text, "发送前有"));
  g_assert_true (wait_until (notifications_off, NULL));
}

static void
test_notifications_recorded (void)
{
  g_autoptr(GVariant) r = NULL, list = NULL;
  g_autoptr(GVariant) actions = NULL;
  g_autofree const char **acts = NULL;
  const char *summary, *body;
  guint32 id;
  guint before;
  const Heard *said;
  g_autoptr(GError) error = NULL;

  start_fake_notifications ();
  before = check_announced ();
  g_assert_true (wait_until (has_recorded, GUINT_TO_POINTER (1)));
  g_assert_true (wait_until (started_more_than, GUINT_TO_POINTER (before)));
  said = g_ptr_array_index (t.started, before);

  r = recorded ();
  list = g_variant_get_child_value (r, 0);
  g_variant_get_child (list, g_variant_n_children (list) - 1, "(u&s&s@as)", &id, &summary, &body, &actions);
  acts = g_variant_get_strv (actions, NULL);
  g_assert_cmpstr (summary, ==, "理赔检查好了");
  g_assert_cmpstr (body, ==, said->text);
  g_assert_cmpuint (g_strv_length ((char **) acts), ==, 4);
  g_assert_cmpstr (acts[0], ==, "repeat");
  g_assert_cmpstr (acts[2], ==, "check-again");

  /* Repeat says it again. */
  before = t.started->len;
  g_dbus_connection_call_sync (t.conn, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                               "org.claimguide.Test.Notifications", "InvokeAction",
                               g_variant_new ("(us)", id, "repeat"), NULL, 0, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_until (started_more_than, GUINT_TO_POINTER (before)));
  g_assert_cmpstr (((Heard *) g_ptr_array_index (t.started, before))->text, ==, body);

  /* Check again checks again: another notification. */
  g_dbus_connection_call_sync (t.conn, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                               "org.claimguide.Test.Notifications", "InvokeAction",
                               g_variant_new ("(us)", id, "check-again"), NULL, 0, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_until (has_recorded, GUINT_TO_POINTER (2)));

  g_subprocess_force_exit (fake_server);
  g_subprocess_wait (fake_server, NULL, NULL);
  g_clear_object (&fake_server);
  cg_dbus_speech1_call_stop_sync (t.speech, NULL, NULL);
}

/* ---- profiles ---- */

static gboolean
profile_changes_above (gconstpointer data)
{
  return t.profile_changes > GPOINTER_TO_UINT (data);
}

static void
write_user_profile (const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (t.user_profiles, name, NULL);
  g_autofree char *tmp = g_strconcat (path, ".new", NULL);
  /* Written aside and renamed in, as editors do. */
  g_assert_true (g_file_set_contents (tmp, text, -1, NULL));
  g_assert_cmpint (g_rename (tmp, path), ==, 0);
}

static void
test_profiles_reload_and_refuse (void)
{
  g_autofree char *lang = NULL, *path = g_build_filename (t.user_profiles, "default.profile", NULL);
  guint changes = t.profile_changes;
  g_autoptr(GVariant) st = NULL;
  g_autofree const char **problems = NULL;

  write_user_profile ("default.profile", "[Speech]\nLanguage=en\n");
  g_assert_true (wait_until (profile_changes_above, GUINT_TO_POINTER (changes)));
  lang = status_string ("language");
  g_assert_cmpstr (lang, ==, "en");

  changes = t.profile_changes;
  write_user_profile ("default.profile", "# a mistake on line 3\n[Speech]\nRate=fast\n");
  g_assert_true (wait_until (profile_changes_above, GUINT_TO_POINTER (changes)));
  g_assert_nonnull (t.last_problems);
  g_assert_cmpuint (g_strv_length (t.last_problems), ==, 1);
  g_assert_true (g_str_has_prefix (t.last_problems[0], path));
  g_assert_nonnull (strstr (t.last_problems[0], ":3:"));
  g_assert_nonnull (strstr (t.last_problems[0], "Rate"));
  g_free (lang);
  lang = status_string ("language");
  g_assert_cmpstr (lang, ==, "en"); /* the last good one stays */
  st = status ();
  g_assert_true (g_variant_lookup (st, "profile-problems", "^a&s", &problems));
  g_assert_cmpuint (g_strv_length ((char **) problems), ==, 1);

  changes = t.profile_changes;
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (wait_until (profile_changes_above, GUINT_TO_POINTER (changes)));
  g_free (lang);
  lang = status_string ("language");
  g_assert_cmpstr (lang, ==, "zh_CN");
}

static void
test_profile_use_is_remembered (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *state = g_build_filename (t.tmp, "state", "claimguide", "state", NULL);
  g_autofree char *saved = NULL;

  g_assert_true (cg_dbus_profiles1_call_use_profile_sync (t.profiles, "hard-of-hearing", NULL, &error));
  g_assert_no_error (error);
  profile = status_string ("profile");
  g_assert_cmpstr (profile, ==, "hard-of-hearing");
  g_assert_true (g_file_get_contents (state, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "hard-of-hearing"));
  g_assert_true (cg_dbus_profiles1_call_use_profile_sync (t.profiles, "default", NULL, &error));
}

int
main (int argc, char **argv)
{
  int status_code;

  g_test_init (&argc, &argv, NULL);
  set_up ();
  g_test_add_func ("/daemon/activation", test_activation);
  g_test_add_func ("/daemon/speech/wav-grows-with-text", test_wav_grows_with_text);
  g_test_add_func ("/daemon/speech/languages", test_languages_speak);
  g_test_add_func ("/daemon/speech/focus-interrupts", test_focus_interrupts);
  g_test_add_func ("/daemon/speech/prompts-in-order", test_prompts_in_order);
  g_test_add_func ("/daemon/speech/notify-never-cuts", test_notify_never_cuts);
  g_test_add_func ("/daemon/speech/focus-drops-stale-focus", test_focus_drops_stale_focus);
  g_test_add_func ("/daemon/speech/started-signal-has-text", test_started_signal_has_text);
  g_test_add_func ("/daemon/speech/normalize", test_normalize_method);
  g_test_add_func ("/daemon/speech/long-words", test_long_words);
  g_test_add_func ("/daemon/malformed-calls", test_malformed_calls);
  g_test_add_func ("/daemon/check/same-as-claimcheck", test_check_same_as_claimcheck);
  g_test_add_func ("/daemon/notifications/no-server", test_no_notification_server_still_speaks);
  g_test_add_func ("/daemon/notifications/recorded", test_notifications_recorded);
  g_test_add_func ("/daemon/profiles/reload-and-refuse", test_profiles_reload_and_refuse);
  g_test_add_func ("/daemon/profiles/use-is-remembered", test_profile_use_is_remembered);
  status_code = g_test_run ();

  g_clear_object (&t.daemon);
  g_clear_object (&t.speech);
  g_clear_object (&t.claims);
  g_clear_object (&t.profiles);
  g_clear_object (&t.conn);
  g_test_dbus_down (t.bus);
  g_clear_object (&t.bus);
  if (status_code == 0)
    cg_remove_tree (t.tmp, NULL);
  g_ptr_array_unref (t.started);
  g_array_unref (t.ended);
  g_strfreev (t.last_problems);
  g_free (t.tmp);
  g_free (t.wav);
  g_free (t.user_profiles);
  return status_code;
}
