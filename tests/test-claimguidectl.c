/* claimguidectl against a claimguided started by hand on a private bus: the
 * commands and their exit codes, the fallback to a WAV file with no sound
 * device, real sound through a PulseAudio null sink, and what reaches the
 * log. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cg-voices.h"
#include "daemon/test-session.h"

#define GUARD_US (30 * G_USEC_PER_SEC)

/* Made-up numbers (tools/fake-ids), valid-looking: never a real person's. */
#define FAKE_ID "440514195503101234"
#define FAKE_PHONE "13800138000"

static char *tmp;
static GTestDBus *bus;

typedef struct {
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
ctl (Run *r, const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLAIMGUIDECTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r->out, &r->err, &wait_status, &error));
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
}

#define CTL(r, ...) ctl (r, (const char *const[]){ __VA_ARGS__, NULL })

/* ---- the daemon, by hand ---- */

typedef struct {
  GSubprocess *proc;
  char *log;
} Daemon;

static gboolean
name_has_owner (void)
{
  g_autoptr(GDBusConnection) c = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) r = g_dbus_connection_call_sync (
    c, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
    g_variant_new ("(s)", "org.claimguide.Daemon"), G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);
  gboolean owned = FALSE;
  if (r != NULL)
    g_variant_get (r, "(b)", &owned);
  return owned;
}

static void
daemon_start (Daemon *d, gboolean debug, const char *speech_to)
{
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  gint64 until = g_get_monotonic_time () + GUARD_US;

  d->log = g_build_filename (tmp, debug ? "daemon-debug.log" : "daemon.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (l, d->log);
  g_subprocess_launcher_set_stdout_file_path (l, d->log);
  if (debug)
    g_subprocess_launcher_setenv (l, "G_MESSAGES_DEBUG", "all", TRUE);
  else
    g_subprocess_launcher_unsetenv (l, "G_MESSAGES_DEBUG");
  /* Speech Dispatcher only where the test asks for it (speech_to "spd"). */
  if (g_strcmp0 (speech_to, "spd") == 0)
    d->proc = g_subprocess_launcher_spawn (l, &error, g_getenv ("CLAIMGUIDED"), NULL);
  else if (speech_to != NULL)
    d->proc = g_subprocess_launcher_spawn (l, &error, g_getenv ("CLAIMGUIDED"), "--no-speech-dispatcher",
                                           "--speech-to", speech_to, NULL);
  else
    d->proc = g_subprocess_launcher_spawn (l, &error, g_getenv ("CLAIMGUIDED"), "--no-speech-dispatcher",
                                           NULL);
  g_assert_no_error (error);
  while (!name_has_owner ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, until);
      g_usleep (10000);
    }
}

/* Stops the daemon and returns what it wrote to its log. */
static char *
daemon_stop (Daemon *d)
{
  char *log = NULL;
  g_subprocess_send_signal (d->proc, SIGTERM);
  g_assert_true (g_subprocess_wait (d->proc, NULL, NULL));
  g_assert_true (g_subprocess_get_if_exited (d->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (d->proc), ==, 0);
  g_assert_true (g_file_get_contents (d->log, &log, NULL, NULL));
  g_clear_object (&d->proc);
  g_clear_pointer (&d->log, g_free);
  /* The sanitizer build reports here. */
  g_assert_null (strstr (log, "LeakSanitizer"));
  g_assert_null (strstr (log, "runtime error:"));
  return log;
}

/* ---- tests ---- */

static void
test_unreachable (void)
{
  g_auto (Run) r = { 0 };
  g_autofree char *saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  /* A bus, but no daemon on it and none to activate. */
  CTL (&r, "status");
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "cannot reach claimguided"));
  run_clear (&r);

  /* No bus at all. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  CTL (&r, "say", "好");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.err, "cannot reach claimguided"));
}

static void
test_usage (void)
{
  g_auto (Run) r = { 0 };
  const char *commands[] = { "status", "say", "stop", "check", "profile", "voices", "monitor" };

  CTL (&r, "--help");
  g_assert_cmpint (r.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (Run) h = { 0 };
      g_assert_nonnull (strstr (r.out, commands[i]));
      CTL (&h, commands[i], "--help");
      g_assert_cmpint (h.status, ==, 0);
      g_assert_nonnull (strstr (h.out, commands[i]));
    }
  run_clear (&r);
  CTL (&r, "frobnicate");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown command"));
  run_clear (&r);
  CTL (&r, "say", "--lang");
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
  CTL (&r, "profile", "show");
  g_assert_cmpint (r.status, ==, 2);
}

static void
test_commands (void)
{
  Daemon d = { 0 };
  g_autofree char *wav = g_build_filename (tmp, "ctl.wav", NULL);
  g_autofree char *log = NULL;
  g_autofree char *sample = g_build_filename (g_getenv ("CLAIMGUIDE_SOURCE_ROOT"), "rules", "samples",
                                              "hospital-mistakes.claim", NULL);

  daemon_start (&d, FALSE, wav);
  {
    g_auto (Run) r = { 0 };
    CTL (&r, "status");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "profile: default"));
    g_assert_nonnull (strstr (r.out, "backend: espeak"));
  }
  {
    g_auto (Run) r = { 0 };
    CTL (&r, "say", "--dry-run", "--lang", "zh_CN", "电话", FAKE_PHONE);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "电话 幺三八，零零幺三，八零零零\n");
  }
  {
    g_auto (Run) r = { 0 };
    CTL (&r, "say", "--dry-run", "--lang", "en", "It pays ¥3000.50");
    g_assert_cmpstr (r.out, ==, "It pays three thousand yuan and fifty fen\n");
  }
  {
    g_auto (Run) r = { 0 };
    CTL (&r, "say", "--lang", "klingon", "x");
    g_assert_cmpint (r.status, ==, 4);
    g_assert_nonnull (strstr (r.err, "unknown language"));
  }
  {
    g_auto (Run) r = { 0 };
    CTL (&r, "say", "--wait", "好。");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpuint (cg_test_count_sound (wav, 44), >, 0);
  }
  {
    g_auto (Run) r = { 0 }, c = { 0 };
    const char *argv[] = { g_getenv ("CLAIMCHECK"), "--today", "2025-11-03", "--lang", "zh_CN",
                           sample, NULL };
    g_autofree char *expected = NULL;
    int wait_status = 0;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &expected, NULL, &wait_status, NULL));
    CTL (&r, "check", "--today", "2025-11-03", "--lang", "zh_CN", sample);
    g_assert_cmpstr (r.out, ==, expected);
    g_assert_cmpint (r.status, ==, WEXITSTATUS (wait_status));
    CTL (&c, "check", "/nonexistent.claim");
    g_assert_cmpint (c.status, ==, 2);
  }
  {
    g_auto (Run) r = { 0 };
    CTL (&r, "profile", "list");
    g_assert_nonnull (strstr (r.out, "* default"));
    g_assert_nonnull (strstr (r.out, "shared-computer"));
    run_clear (&r);
    CTL (&r, "profile", "show", "shared-computer");
    g_assert_nonnull (strstr (r.out, "Privacy.KeepDrafts=false\n"));
    g_assert_nonnull (strstr (r.out, "Speech.Language=zh_CN\n"));
    run_clear (&r);
    CTL (&r, "profile", "use", "nobody");
    g_assert_cmpint (r.status, ==, 4);
    g_assert_nonnull (strstr (r.err, "no profile"));
    run_clear (&r);
    CTL (&r, "voices");
    g_assert_nonnull (strstr (r.out, "senior"));
    g_assert_nonnull (strstr (r.out, "cmn-latn-pinyin"));
  }
  {
    /* monitor prints each utterance as it starts, one a line. */
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) mon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                   g_getenv ("CLAIMGUIDECTL"), "monitor", NULL);
    g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (mon));
    g_auto (Run) r = { 0 };
    g_autofree char *line = NULL;
    g_assert_no_error (error);
    g_usleep (300000); /* let it subscribe; a late line would only make the test wait */
    CTL (&r, "say", "--wait", "--lang", "yue", "第2步");
    line = g_data_input_stream_read_line (in, NULL, NULL, &error);
    g_assert_cmpstr (line, ==, "prompt\tyue\t第2步");
    g_subprocess_force_exit (mon);
  }
  log = daemon_stop (&d);
  /* At the default level nothing said reaches the log. */
  g_assert_null (strstr (log, "第2步"));
  g_assert_null (strstr (log, "好。"));
  g_assert_null (strstr (log, "Saying"));
}

static void
test_debug_log_masks_digits (void)
{
  Daemon d = { 0 };
  g_autofree char *wav = g_build_filename (tmp, "debug.wav", NULL);
  g_autofree char *log = NULL;
  g_auto (Run) r = { 0 };

  daemon_start (&d, TRUE, wav);
  CTL (&r, "say", "--wait", "身份证" FAKE_ID "，电话" FAKE_PHONE);
  g_assert_cmpint (r.status, ==, 0);
  log = daemon_stop (&d);
  g_assert_nonnull (strstr (log, "Saying"));
  g_assert_nonnull (strstr (log, "身份证##################"));
  g_assert_null (strstr (log, FAKE_ID));
  g_assert_null (strstr (log, FAKE_PHONE));
  g_assert_null (strstr (log, "5503101234"));
}

static void
test_no_sound_device_falls_back_to_wav (void)
{
  Daemon d = { 0 };
  g_autofree char *fallback = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "claimguide", "speech.wav", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("PULSE_SERVER"));
  g_autofree char *log = NULL;
  g_auto (Run) r = { 0 };

  g_setenv ("PULSE_SERVER", "unix:/nonexistent/pulse", TRUE);
  daemon_start (&d, FALSE, NULL);
  CTL (&r, "say", "--wait", "没有音箱也要说。");
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  CTL (&r, "status");
  g_assert_nonnull (strstr (r.out, fallback));
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (fallback, &st), ==, 0);
    g_test_message ("the fallback file has %ld bytes", (long) st.st_size);
  }
  g_assert_cmpuint (cg_test_count_sound (fallback, 44), >, 22050 / 2);
  log = daemon_stop (&d);
  g_assert_nonnull (strstr (log, "no sound device"));
  if (saved != NULL)
    g_setenv ("PULSE_SERVER", saved, TRUE);
  else
    g_unsetenv ("PULSE_SERVER");
}

/* A private PulseAudio server with a null sink; PULSE_SERVER points at it. */
static GSubprocess *
pulse_start (void)
{
  g_autofree char *pulse = g_find_program_in_path ("pulseaudio");
  g_autofree char *dir = g_build_filename (tmp, "pulse", NULL);
  g_autofree char *conf = g_build_filename (dir, "null.pa", NULL);
  g_autofree char *socket = g_build_filename (dir, "native", NULL);
  g_autofree char *server = g_strconcat ("unix:", socket, NULL);
  g_autofree char *pa_conf = NULL;
  g_autoptr(GSubprocessLauncher) l = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *pa;
  gint64 until = g_get_monotonic_time () + GUARD_US;

  if (pulse == NULL)
    return NULL;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_unlink (socket);
  pa_conf = g_strdup_printf ("load-module module-native-protocol-unix auth-anonymous=1 socket=%s\n"
                             "load-module module-null-sink sink_name=nullsink\n"
                             "set-default-sink nullsink\nset-default-source nullsink.monitor\n",
                             socket);
  g_assert_true (g_file_set_contents (conf, pa_conf, -1, NULL));
  g_setenv ("PULSE_SERVER", server, TRUE);
  /* Made after the environment is set: a launcher copies it. */
  l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  pa = g_subprocess_launcher_spawn (l, &error, pulse, "-n", "-F", conf, "--daemonize=no",
                                    "--exit-idle-time=-1", "--disable-shm=yes", NULL);
  g_assert_no_error (error);
  while (!g_file_test (socket, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, until);
      g_usleep (20000);
    }
  g_usleep (200000);
  return pa;
}

static void
pulse_stop (GSubprocess *pa)
{
  g_subprocess_force_exit (pa);
  g_subprocess_wait (pa, NULL, NULL);
  g_unsetenv ("PULSE_SERVER");
}

static void
test_sound_device (void)
{
  g_autofree char *raw = g_build_filename (tmp, "monitor.raw", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) pa = pulse_start (), rec = NULL;
  g_autoptr(GSubprocessLauncher) l = NULL;
  g_autoptr(GError) error = NULL;
  g_auto (Run) r = { 0 };
  Daemon d = { 0 };

  if (pa == NULL)
    {
      g_test_skip ("no pulseaudio to make a null sink with");
      return;
    }
  l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_stdout_file_path (l, raw);
  rec = g_subprocess_launcher_spawn (l, &error, "parec", "--format=s16le", "--rate=22050",
                                     "--channels=1", "-d", "nullsink.monitor", NULL);
  g_assert_no_error (error);

  daemon_start (&d, FALSE, NULL);
  CTL (&r, "say", "--wait", "声音从音箱出来。");
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  CTL (&r, "status");
  g_assert_nonnull (strstr (r.out, "output: sound"));
  log = daemon_stop (&d);
  g_usleep (300000);
  g_subprocess_send_signal (rec, SIGTERM);
  g_subprocess_wait (rec, NULL, NULL);
  g_test_message ("%zu samples of sound reached the sound device", cg_test_count_sound (raw, 0));
  g_assert_cmpuint (cg_test_count_sound (raw, 0), >, 22050 / 2);
  pulse_stop (pa);
}

static void
set_screen_reader (gboolean running)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) c = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    c, "org.claimguide.Daemon", "/org/claimguide/Daemon", "org.claimguide.Speech1",
    "SetScreenReader", g_variant_new ("(b)", running), NULL, 0, -1, NULL, &error);
  g_assert_no_error (error);
}

/* Beside a screen reader, speech goes through Speech Dispatcher (a real one,
 * on the null sink), and back to eSpeak NG when it has gone. */
static void
test_speech_dispatcher (void)
{
  g_autofree char *spd = g_find_program_in_path ("speech-dispatcher");
  g_autofree char *module = g_strdup ("/usr/lib/speech-dispatcher-modules/sd_espeak-ng");
  g_autofree char *conf_dir = g_build_filename (tmp, "speechd", NULL);
  g_autofree char *conf = g_build_filename (conf_dir, "speechd.conf", NULL);
  g_autofree char *logs = g_build_filename (tmp, "speechd-log", NULL);
  g_autofree char *sock_dir = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "speech-dispatcher", NULL);
  g_autofree char *sock = g_build_filename (sock_dir, "speechd.sock", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) pa = NULL, sd = NULL;
  g_autoptr(GSubprocessLauncher) l = NULL;
  g_autoptr(GError) error = NULL;
  g_auto (Run) r = { 0 };
  Daemon d = { 0 };
  gint64 until = g_get_monotonic_time () + GUARD_US;

  if (spd == NULL || !g_file_test (module, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no speech-dispatcher with its eSpeak NG module");
      return;
    }
  pa = pulse_start ();
  if (pa == NULL)
    {
      g_test_skip ("no pulseaudio for Speech Dispatcher to play into");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (conf_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (logs, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (sock_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (conf, "AudioOutputMethod \"pulse\"\n"
                                      "AddModule \"espeak-ng\" \"sd_espeak-ng\" \"espeak-ng.conf\"\n"
                                      "DefaultModule espeak-ng\n", -1, NULL));
  l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  sd = g_subprocess_launcher_spawn (l, &error, spd, "-s", "-t", "0", "-C", conf_dir, "-L", logs,
                                    "-c", "unix_socket", "-S", sock, NULL);
  g_assert_no_error (error);
  while (!g_file_test (sock, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, until);
      g_usleep (20000);
    }

  daemon_start (&d, FALSE, "spd");
  set_screen_reader (TRUE);
  /* It connects in the background; eSpeak NG speaks meanwhile. */
  until = g_get_monotonic_time () + GUARD_US;
  for (;;)
    {
      CTL (&r, "status");
      if (strstr (r.out, "backend: speech-dispatcher") != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, until);
      run_clear (&r);
      g_usleep (50000);
    }
  g_assert_nonnull (strstr (r.out, "screen-reader: yes"));
  run_clear (&r);
  CTL (&r, "say", "--wait", "--lang", "en", "Beside a screen reader.");
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);

  /* Speech Dispatcher goes away: the daemon speaks itself, without a gap. */
  g_subprocess_force_exit (sd);
  g_subprocess_wait (sd, NULL, NULL);
  CTL (&r, "say", "--wait", "--lang", "en", "Still speaking.");
  g_assert_cmpint (r.status, ==, 0);
  run_clear (&r);
  set_screen_reader (FALSE);
  CTL (&r, "status");
  g_assert_nonnull (strstr (r.out, "backend: espeak"));
  log = daemon_stop (&d);
  pulse_stop (pa);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp = cg_test_session_dirs ("claimguidectl-test");
  g_unsetenv ("PULSE_SERVER");
  bus = cg_test_session_bus (tmp, NULL);

  g_test_add_func ("/claimguidectl/usage", test_usage);
  g_test_add_func ("/claimguidectl/unreachable", test_unreachable);
  g_test_add_func ("/claimguidectl/commands", test_commands);
  g_test_add_func ("/claimguidectl/debug-log-masks-digits", test_debug_log_masks_digits);
  g_test_add_func ("/claimguidectl/no-sound-device-falls-back-to-wav", test_no_sound_device_falls_back_to_wav);
  g_test_add_func ("/claimguidectl/sound-device", test_sound_device);
  g_test_add_func ("/claimguidectl/speech-dispatcher", test_speech_dispatcher);
  status = g_test_run ();

  g_test_dbus_down (bus);
  g_object_unref (bus);
  if (status == 0)
    cg_remove_tree (tmp, NULL);
  g_free (tmp);
  return status;
}
