/* bench-speak: asks for speech at known times, for bench-onset to hear.
 *
 * Usage: bench-speak [--rounds N] [--warmup N] [--gap MIN_MS MAX_MS] [--lang L]
 *                    [--priority P] [--idle-after-stop MS] [--spawn 'COMMAND ARG...']
 *                    [--click] [--seed N] TEXT...
 *
 * Each round calls org.claimguide.Speech1.Speak (TEXT, P, L) on the session
 * bus ("dbus"); with --idle-after-stop, it also calls Stop and MS later Speak
 * ("dbus-idle": the daemon has nothing to cut when the call comes); with
 * --spawn, it also runs COMMAND ARG... TEXT ("spawn": eSpeak NG's own
 * command, say); with --click, it also writes a click, loud from its first
 * sample, through a PulseAudio stream set up as the daemon's ("click": what
 * the sound server and this way of measuring add by themselves).  The kinds
 * take turns, and which goes first rotates from round to round.  Calls start
 * MIN_MS to MAX_MS apart, at random so that they do not keep in step with
 * the recorder's fragments (after a click, 400 ms to 400 + MAX_MS - MIN_MS),
 * and never sooner than 200 ms after the last one was seen to end.  The
 * texts are taken in turn, the same sequence for every kind.  Prints one line
 * per call, times in CLOCK_MONOTONIC microseconds (g_get_monotonic_time), -1
 * when not seen:
 *
 *   dbus       CALL_US REPLY_US STARTED_US ENDED_US TEXT_INDEX
 *   dbus-idle  CALL_US REPLY_US STARTED_US ENDED_US TEXT_INDEX
 *   spawn      CALL_US EXIT_US  -1         EXIT_US  TEXT_INDEX
 *   click      CALL_US -1       -1         END_US   0
 *
 * CALL_US is taken just before the Speak call, the fork or the first write;
 * STARTED_US is when the daemon's UtteranceStarted signal arrived (its first
 * samples were handed to PulseAudio); ENDED_US when UtteranceEnded did,
 * waited for until the next call is due.  Warm-up calls are printed with
 * "warm-" before the kind. */
#include <fcntl.h>
#include <gio/gio.h>
#include <pulse/error.h>
#include <pulse/simple.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUS_NAME "org.claimguide.Daemon"
#define OBJECT_PATH "/org/claimguide/Daemon"
#define SPEECH_IFACE "org.claimguide.Speech1"
#define AFTER_END_US (200 * 1000)

enum { KIND_DBUS, KIND_DBUS_IDLE, KIND_SPAWN, KIND_CLICK, N_KINDS };
static const char *const kind_names[] = { "dbus", "dbus-idle", "spawn", "click" };

/* The click's stream is set up as claimguided's (daemon/cg-sink-pulse.c). */
#define CLICK_RATE 22050
#define PIECE (CLICK_RATE / 100)
#define CLICK_GAP_MS 400

typedef struct {
  gint64 started;
  gint64 ended;
} Times;

static GMutex lock;
static GCond changed;
static GHashTable *times; /* id → Times, under lock */

static Times *
times_for (guint id)
{
  Times *t = g_hash_table_lookup (times, GUINT_TO_POINTER (id));
  if (t == NULL)
    {
      t = g_new (Times, 1);
      t->started = t->ended = -1;
      g_hash_table_insert (times, GUINT_TO_POINTER (id), t);
    }
  return t;
}

/* Runs on GDBus's own thread as each message arrives, before any main loop
 * would see it: the time is the arrival's. */
static GDBusMessage *
filter (GDBusConnection *connection, GDBusMessage *message, gboolean incoming, gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  const char *member;
  GVariant *body;
  gboolean started;
  guint id;

  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_SIGNAL ||
      g_strcmp0 (g_dbus_message_get_interface (message), SPEECH_IFACE) != 0)
    return message;
  member = g_dbus_message_get_member (message);
  started = g_strcmp0 (member, "UtteranceStarted") == 0;
  body = g_dbus_message_get_body (message);
  if ((!started && g_strcmp0 (member, "UtteranceEnded") != 0) || body == NULL ||
      g_variant_n_children (body) < 1)
    return message;
  g_variant_get_child (body, 0, "u", &id);

  g_mutex_lock (&lock);
  if (started)
    times_for (id)->started = now;
  else
    times_for (id)->ended = now;
  g_cond_broadcast (&changed);
  g_mutex_unlock (&lock);
  return message;
}

static void
sleep_until (gint64 when)
{
  gint64 left;
  while ((left = when - g_get_monotonic_time ()) > 0)
    g_usleep (left);
}

static gboolean
stop_daemon_speech (GDBusConnection *bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    bus, BUS_NAME, OBJECT_PATH, SPEECH_IFACE, "Stop", NULL, NULL,
    G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, &error);
  if (reply == NULL)
    fprintf (stderr, "bench-speak: Stop: %s\n", error->message);
  return reply != NULL;
}

/* Speaks @text; waits for it to end until @due, the next call's time. */
static gboolean
call_daemon (GDBusConnection *bus, const char *text, const char *priority, const char *lang,
             int index, const char *kind, gint64 due, gint64 *call, gint64 *ended)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 replied;
  Times seen;
  guint id;

  *call = g_get_monotonic_time ();
  reply = g_dbus_connection_call_sync (bus, BUS_NAME, OBJECT_PATH, SPEECH_IFACE, "Speak",
                                       g_variant_new ("(sss)", text, priority, lang),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       -1, NULL, &error);
  replied = g_get_monotonic_time ();
  if (reply == NULL)
    {
      fprintf (stderr, "bench-speak: Speak: %s\n", error->message);
      return FALSE;
    }
  g_variant_get (reply, "(u)", &id);

  g_mutex_lock (&lock);
  while (times_for (id)->ended < 0 && g_cond_wait_until (&changed, &lock, due))
    ;
  seen = *times_for (id);
  g_mutex_unlock (&lock);
  *ended = seen.ended;
  printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
          " %d\n", kind, *call, replied, seen.started, seen.ended, index);
  fflush (stdout);
  return TRUE;
}

static gboolean
call_spawn (char **command, const char *text, int index, const char *kind, gint64 *call,
            gint64 *ended)
{
  guint n = g_strv_length (command);
  g_autofree char **argv = g_new0 (char *, n + 2);
  int status;
  pid_t pid;

  memcpy (argv, command, n * sizeof *argv);
  argv[n] = (char *) text;
  *call = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    {
      perror ("bench-speak: fork");
      return FALSE;
    }
  if (pid == 0)
    {
      /* Only async-signal-safe calls here: GDBus has a thread running. */
      int null = open ("/dev/null", O_WRONLY);
      if (null >= 0)
        dup2 (null, STDOUT_FILENO);
      prctl (PR_SET_PDEATHSIG, SIGTERM);
      execvp (argv[0], argv);
      _exit (127);
    }
  if (waitpid (pid, &status, 0) < 0)
    {
      perror ("bench-speak: waitpid");
      return FALSE;
    }
  *ended = g_get_monotonic_time ();
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      fprintf (stderr, "bench-speak: %s failed (status %d)\n", argv[0], status);
      return FALSE;
    }
  printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " -1 %" G_GINT64_FORMAT " %d\n",
          kind, *call, *ended, *ended, index);
  fflush (stdout);
  return TRUE;
}

static pa_simple *
click_open (void)
{
  const pa_sample_spec spec = { .format = PA_SAMPLE_S16LE, .rate = CLICK_RATE, .channels = 1 };
  const pa_buffer_attr attr = { .maxlength = (guint32) -1, .tlength = CLICK_RATE * 2 * 40 / 1000,
                                .prebuf = 2 * PIECE, .minreq = 2 * PIECE,
                                .fragsize = (guint32) -1 };
  int err = 0;
  pa_simple *stream = pa_simple_new (NULL, "claimguide-bench", PA_STREAM_PLAYBACK, NULL, "click",
                                     &spec, NULL, &attr, &err);
  if (stream == NULL)
    fprintf (stderr, "bench-speak: --click: no sound server: %s\n", pa_strerror (err));
  return stream;
}

/* 50 ms of a loud square wave from the first sample, then 100 ms of silence,
 * written 10 ms at a time as the daemon writes. */
static gboolean
call_click (pa_simple *stream, const char *kind, gint64 *call, gint64 *ended)
{
  gint16 loud[PIECE], quiet[PIECE] = { 0 };
  int err = 0;

  for (int i = 0; i < PIECE; i++)
    loud[i] = i % 20 < 10 ? 8000 : -8000;
  *call = g_get_monotonic_time ();
  for (int k = 0; k < 15; k++)
    if (pa_simple_write (stream, k < 5 ? loud : quiet, sizeof loud, &err) < 0)
      {
        fprintf (stderr, "bench-speak: --click: %s\n", pa_strerror (err));
        return FALSE;
      }
  *ended = *call + 150 * 1000;
  printf ("%s %" G_GINT64_FORMAT " -1 -1 %" G_GINT64_FORMAT " 0\n", kind, *call, *ended);
  fflush (stdout);
  return TRUE;
}

int
main (int argc, char **argv)
{
  int rounds = 30, warmup = 2, gap_min = 1500, gap_max = 2500, seed = 1, stop_lead = -1;
  const char *lang = "zh_CN", *priority = "focus", *spawn = NULL;
  g_auto(GStrv) command = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) matched = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  int kinds[N_KINDS] = { KIND_DBUS }, n_kinds = 1;
  gboolean click = FALSE;
  pa_simple *click_stream = NULL;
  gint64 next;

  for (int a = 1; a < argc; a++)
    {
      const char *o = argv[a];
      if (strcmp (o, "--rounds") == 0 && a + 1 < argc)
        rounds = atoi (argv[++a]);
      else if (strcmp (o, "--warmup") == 0 && a + 1 < argc)
        warmup = atoi (argv[++a]);
      else if (strcmp (o, "--gap") == 0 && a + 2 < argc)
        {
          gap_min = atoi (argv[++a]);
          gap_max = atoi (argv[++a]);
        }
      else if (strcmp (o, "--lang") == 0 && a + 1 < argc)
        lang = argv[++a];
      else if (strcmp (o, "--priority") == 0 && a + 1 < argc)
        priority = argv[++a];
      else if (strcmp (o, "--spawn") == 0 && a + 1 < argc)
        spawn = argv[++a];
      else if (strcmp (o, "--idle-after-stop") == 0 && a + 1 < argc)
        stop_lead = atoi (argv[++a]);
      else if (strcmp (o, "--click") == 0)
        click = TRUE;
      else if (strcmp (o, "--seed") == 0 && a + 1 < argc)
        seed = atoi (argv[++a]);
      else if (o[0] == '-')
        {
          fprintf (stderr, "bench-speak: unknown option %s\n", o);
          return 2;
        }
      else
        g_ptr_array_add (texts, (gpointer) o);
    }
  if (texts->len == 0 || rounds < 1 || warmup < 0 || gap_min < 1 || gap_max < gap_min ||
      stop_lead >= gap_min)
    {
      fprintf (stderr, "usage: bench-speak [--rounds N] [--warmup N] [--gap MIN_MS MAX_MS] "
                       "[--lang L] [--priority P] [--idle-after-stop MS] [--spawn 'COMMAND ARG...'] "
                       "[--click] [--seed N] TEXT...\n");
      return 2;
    }
  if (spawn != NULL && !g_shell_parse_argv (spawn, NULL, &command, &error))
    {
      fprintf (stderr, "bench-speak: --spawn: %s\n", error->message);
      return 2;
    }

  times = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      fprintf (stderr, "bench-speak: no session bus: %s\n", error->message);
      return 1;
    }
  g_dbus_connection_add_filter (bus, filter, NULL, NULL);
  /* Synchronous, so the bus routes the signals before the first call. */
  matched = g_dbus_connection_call_sync (
    bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch",
    g_variant_new ("(s)", "type='signal',sender='" BUS_NAME "',interface='" SPEECH_IFACE "'"),
    NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (matched == NULL)
    {
      fprintf (stderr, "bench-speak: AddMatch: %s\n", error->message);
      return 1;
    }

  rand = g_rand_new_with_seed ((guint32) seed);
  if (stop_lead >= 0)
    kinds[n_kinds++] = KIND_DBUS_IDLE;
  if (command != NULL)
    kinds[n_kinds++] = KIND_SPAWN;
  if (click)
    {
      kinds[n_kinds++] = KIND_CLICK;
      if ((click_stream = click_open ()) == NULL)
        return 1;
    }
  next = g_get_monotonic_time () + gap_min * (gint64) 1000;
  for (int r = 0; r < warmup + rounds; r++)
    {
      int index = r % (int) texts->len;
      const char *text = g_ptr_array_index (texts, index);

      for (int k = 0; k < n_kinds; k++)
        {
          int kind = kinds[(r + k) % n_kinds];
          g_autofree char *name = g_strconcat (r < warmup ? "warm-" : "", kind_names[kind], NULL);
          /* A click is 50 ms of sound: the next call can come sooner. */
          gint64 gap = ((kind == KIND_CLICK ? CLICK_GAP_MS - gap_min : 0) +
                        g_rand_int_range (rand, gap_min, gap_max + 1)) * (gint64) 1000;
          gint64 call, ended;
          gboolean ok;

          if (kind == KIND_DBUS_IDLE)
            {
              sleep_until (next - stop_lead * (gint64) 1000);
              if (!stop_daemon_speech (bus))
                return 1;
            }
          sleep_until (next);
          if (kind == KIND_SPAWN)
            ok = call_spawn (command, text, index, name, &call, &ended);
          else if (kind == KIND_CLICK)
            ok = call_click (click_stream, name, &call, &ended);
          else
            ok = call_daemon (bus, text, priority, lang, index, name, next + gap, &call, &ended);
          if (!ok)
            return 1;
          next = MAX (call + gap, ended + AFTER_END_US);
        }
    }
  sleep_until (next);
  g_clear_pointer (&click_stream, pa_simple_free);
  g_hash_table_destroy (times);
  return 0;
}
