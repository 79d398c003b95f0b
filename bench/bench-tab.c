/* bench-tab: presses Tab at known times, for bench-onset to hear what follows.
 *
 * Usage: bench-tab [--count N] [--warmup N] [--gap MIN_MS MAX_MS] [--quiet-ms MS]
 *                  [--max-wait-ms MS] [--keys SPEC] [--monitor SOURCE] [--xdotool]
 *                  [--no-trace] [--seed N]
 *
 * Presses WARMUP + N keys (Tab by default; --keys "Tab*22,shift+Tab*10"
 * gives the sequence, repeated when too short) through the XTEST extension
 * (XTestFakeKeyEvent: press, then release, on the X display of $DISPLAY), or
 * with --xdotool by running `xdotool key KEY` (the time taken just before the
 * spawn).  Keys come MIN_MS to MAX_MS apart (default 1500 2500, at random),
 * and never before SOURCE (default nullsink.monitor, recorded here in 10 ms
 * pieces) has been silent (no sample louder than 300) for MS (default 400):
 * speech that a key cuts leaves no silence before the next speech, so its
 * start could not be seen; after MAX_WAIT_MS (default 8000) from the last key
 * the key is pressed anyway.  Prints one line per event, times in
 * CLOCK_MONOTONIC microseconds (g_get_monotonic_time, bench-onset's clock):
 *
 *   tab    T_US KEY INDEX WARM SENT_US SYNCED_US
 *
 * T_US is taken just before the key press is queued; SENT_US after the press
 * was flushed to the X server, SYNCED_US after the release was and the
 * server answered (XSync), or with --xdotool when xdotool exited.  WARM is 1
 * for the warm-up keys.  Unless --no-trace, it also listens, on GDBus's own
 * thread so that the time is the message's arrival, to:
 *
 *   focus  T_US SENDER PATH     object:state-changed:focused (to 1) on the
 *                               accessibility bus (any client's listener makes
 *                               the apps send it; this adds none)
 *   present T_US                org.claimguide.Reader1.PresentControl, the
 *                               plugin's call to the daemon, seen on the session
 *                               bus as a monitor (BecomeMonitor)
 *   started T_US ID             org.claimguide.Speech1.UtteranceStarted: the
 *                               daemon handed the first samples to PulseAudio
 *
 * After the last key it waits for that key's speech to end, then exits. */
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <gio/gio.h>
#include <pulse/error.h>
#include <pulse/simple.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

#define RATE 22050
#define THRESHOLD 300
#define PIECE_SAMPLES (RATE / 100)

static gint64 last_loud;      /* atomic: monotonic µs of the last read with sound */
static gint recorder_ok = -1; /* atomic: -1 starting, 0 failed, 1 running */
static GMutex out_lock;

static void
out (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static void
out (const char *fmt, ...)
{
  va_list ap;
  g_mutex_lock (&out_lock);
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
  g_mutex_unlock (&out_lock);
}

/* ---- Silence on the monitor ---- */

static gpointer
recorder (gpointer data)
{
  const char *device = data;
  const pa_sample_spec spec = { .format = PA_SAMPLE_S16LE, .rate = RATE, .channels = 1 };
  pa_buffer_attr attr = { .maxlength = (guint32) -1, .tlength = (guint32) -1,
                          .prebuf = (guint32) -1, .minreq = (guint32) -1,
                          .fragsize = PIECE_SAMPLES * 2 };
  gint16 buf[PIECE_SAMPLES];
  int err = 0;
  pa_simple *rec = pa_simple_new (NULL, "claimguide-bench", PA_STREAM_RECORD, device,
                                  "bench-tab pacing", &spec, NULL, &attr, &err);

  if (rec == NULL)
    {
      fprintf (stderr, "bench-tab: cannot record %s: %s\n", device, pa_strerror (err));
      g_atomic_int_set (&recorder_ok, 0);
      return NULL;
    }
  g_atomic_int_set (&recorder_ok, 1);
  for (;;)
    {
      gboolean loud = FALSE;
      if (pa_simple_read (rec, buf, sizeof buf, &err) < 0)
        {
          fprintf (stderr, "bench-tab: reading %s: %s\n", device, pa_strerror (err));
          g_atomic_int_set (&recorder_ok, 0);
          break;
        }
      for (guint i = 0; i < PIECE_SAMPLES && !loud; i++)
        loud = abs (buf[i]) > THRESHOLD;
      if (loud)
        __atomic_store_n (&last_loud, g_get_monotonic_time (), __ATOMIC_RELAXED);
    }
  pa_simple_free (rec);
  return NULL;
}

/* ---- Tracing: the focus event, the plugin's call, the daemon's start ---- */

static GDBusMessage *
on_a11y_message (GDBusConnection *c, GDBusMessage *msg, gboolean incoming, gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  GVariant *body;
  const char *detail = NULL;
  gint32 detail1 = 0;

  if (!incoming || g_dbus_message_get_message_type (msg) != G_DBUS_MESSAGE_TYPE_SIGNAL ||
      g_strcmp0 (g_dbus_message_get_member (msg), "StateChanged") != 0 ||
      g_strcmp0 (g_dbus_message_get_interface (msg), "org.a11y.atspi.Event.Object") != 0)
    return msg;
  body = g_dbus_message_get_body (msg);
  if (body == NULL || g_variant_n_children (body) < 2)
    return msg;
  g_variant_get_child (body, 0, "&s", &detail);
  g_variant_get_child (body, 1, "i", &detail1);
  if (g_strcmp0 (detail, "focused") == 0 && detail1 == 1)
    out ("focus %" G_GINT64_FORMAT " %s %s\n", now, g_dbus_message_get_sender (msg),
         g_dbus_message_get_path (msg));
  return msg;
}

/* The monitor connection must never answer what it sees: everything but
 * the reply to BecomeMonitor is taken here. */
static GDBusMessage *
on_session_message (GDBusConnection *c, GDBusMessage *msg, gboolean incoming, gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  GDBusMessageType type = g_dbus_message_get_message_type (msg);
  const char *member = g_dbus_message_get_member (msg);

  if (!incoming || type == G_DBUS_MESSAGE_TYPE_METHOD_RETURN || type == G_DBUS_MESSAGE_TYPE_ERROR)
    return msg;
  if (type == G_DBUS_MESSAGE_TYPE_METHOD_CALL && g_strcmp0 (member, "PresentControl") == 0)
    out ("present %" G_GINT64_FORMAT "\n", now);
  else if (type == G_DBUS_MESSAGE_TYPE_SIGNAL && g_strcmp0 (member, "UtteranceStarted") == 0)
    {
      GVariant *body = g_dbus_message_get_body (msg);
      guint32 id = 0;
      if (body != NULL && g_variant_is_of_type (body, G_VARIANT_TYPE ("(ussss)")))
        g_variant_get_child (body, 0, "u", &id);
      out ("started %" G_GINT64_FORMAT " %u\n", now, id);
    }
  g_object_unref (msg);
  return NULL;
}

static GDBusConnection *
connect_bus (const char *address, GError **error)
{
  return g_dbus_connection_new_for_address_sync (
    address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
               G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, error);
}

static gboolean
start_trace (GDBusConnection **a11y, GDBusConnection **monitor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *session_address = NULL;
  g_autofree char *a11y_address = g_strdup (g_getenv ("CLAIMGUIDE_A11Y_ADDRESS"));
  const char *rules[] = {
    "type='method_call',interface='org.claimguide.Reader1',member='PresentControl'",
    "type='signal',interface='org.claimguide.Speech1',member='UtteranceStarted'",
    NULL };

  session_address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (session_address == NULL)
    goto failed;
  if (a11y_address == NULL || a11y_address[0] == '\0')
    {
      g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      if (session == NULL)
        goto failed;
      reply = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus",
                                           "org.a11y.Bus", "GetAddress", NULL,
                                           G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                           NULL, &error);
      if (reply == NULL)
        goto failed;
      g_free (a11y_address);
      g_variant_get (reply, "(s)", &a11y_address);
      g_clear_pointer (&reply, g_variant_unref);
    }
  *a11y = connect_bus (a11y_address, &error);
  if (*a11y == NULL)
    goto failed;
  g_dbus_connection_add_filter (*a11y, on_a11y_message, NULL, NULL);
  reply = g_dbus_connection_call_sync (
    *a11y, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch",
    g_variant_new ("(s)", "type='signal',interface='org.a11y.atspi.Event.Object',"
                          "member='StateChanged',arg0='focused'"),
    NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  if (reply == NULL)
    goto failed;
  g_clear_pointer (&reply, g_variant_unref);

  *monitor = connect_bus (session_address, &error);
  if (*monitor == NULL)
    goto failed;
  g_dbus_connection_add_filter (*monitor, on_session_message, NULL, NULL);
  reply = g_dbus_connection_call_sync (
    *monitor, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Monitoring",
    "BecomeMonitor", g_variant_new ("(^asu)", rules, 0), NULL, G_DBUS_CALL_FLAGS_NONE, 5000,
    NULL, &error);
  if (reply == NULL)
    goto failed;
  return TRUE;

failed:
  fprintf (stderr, "bench-tab: cannot trace: %s\n", error->message);
  return FALSE;
}

/* ---- Keys ---- */

typedef struct {
  char *name;        /* as printed, and for xdotool */
  KeyCode code;
  KeyCode shift;     /* 0: none */
} Key;

static gboolean
parse_keys (Display *dpy, const char *spec, GArray *keys)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *star = strchr (parts[i], '*');
      int times = star != NULL ? atoi (star + 1) : 1;
      const char *name;
      gboolean shifted = FALSE;
      Key k = { 0 };

      if (star != NULL)
        *star = '\0';
      name = g_strstrip (parts[i]);
      if (times < 1)
        return FALSE;
      if (g_ascii_strncasecmp (name, "shift+", 6) == 0)
        {
          shifted = TRUE;
          k.shift = dpy != NULL ? XKeysymToKeycode (dpy, XK_Shift_L) : 0;
          if (dpy != NULL && k.shift == 0)
            return FALSE;
          name += 6;
        }
      if (dpy != NULL)
        {
          KeySym sym = XStringToKeysym (name);
          if (sym == NoSymbol || (k.code = XKeysymToKeycode (dpy, sym)) == 0)
            {
              fprintf (stderr, "bench-tab: no key %s\n", name);
              return FALSE;
            }
        }
      k.name = g_strdup_printf ("%s%s", shifted ? "shift+" : "", name);
      for (int t = 0; t < times; t++)
        {
          Key copy = k;
          copy.name = g_strdup (k.name);
          g_array_append_val (keys, copy);
        }
      g_free (k.name);
    }
  return keys->len > 0;
}

static void
press_xtest (Display *dpy, const Key *k, gint64 *sent, gint64 *synced)
{
  if (k->shift)
    XTestFakeKeyEvent (dpy, k->shift, True, CurrentTime);
  XTestFakeKeyEvent (dpy, k->code, True, CurrentTime);
  XFlush (dpy);
  *sent = g_get_monotonic_time ();
  XTestFakeKeyEvent (dpy, k->code, False, CurrentTime);
  if (k->shift)
    XTestFakeKeyEvent (dpy, k->shift, False, CurrentTime);
  XSync (dpy, False);
  *synced = g_get_monotonic_time ();
}

static gboolean
press_xdotool (const Key *k, gint64 *sent, gint64 *synced)
{
  char *argv[] = { "xdotool", "key", "--clearmodifiers", k->name, NULL };
  pid_t pid;
  int status;

  if (posix_spawnp (&pid, "xdotool", NULL, NULL, argv, environ) != 0)
    return FALSE;
  *sent = g_get_monotonic_time ();
  waitpid (pid, &status, 0);
  *synced = g_get_monotonic_time ();
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* Nothing here needs a main loop: GDBus calls the filters on its own thread. */
static void
sleep_until (gint64 until)
{
  gint64 now;
  while ((now = g_get_monotonic_time ()) < until)
    g_usleep (MIN (until - now, 10000));
}

int
main (int argc, char **argv)
{
  int count = 30, warmup = 1, gap_min = 1500, gap_max = 2500, quiet_ms = 400;
  int max_wait_ms = 8000;
  const char *spec = "Tab", *device = "nullsink.monitor";
  gboolean use_xdotool = FALSE, trace = TRUE;
  guint32 seed = 7;
  g_autoptr(GArray) keys = g_array_new (FALSE, TRUE, sizeof (Key));
  g_autoptr(GDBusConnection) a11y = NULL;
  g_autoptr(GDBusConnection) monitor = NULL;
  g_autoptr(GRand) rand = NULL;
  Display *dpy = NULL;
  gint64 last = 0, started;

  for (int a = 1; a < argc; a++)
    {
      if (strcmp (argv[a], "--count") == 0 && a + 1 < argc)
        count = atoi (argv[++a]);
      else if (strcmp (argv[a], "--warmup") == 0 && a + 1 < argc)
        warmup = atoi (argv[++a]);
      else if (strcmp (argv[a], "--gap") == 0 && a + 2 < argc)
        {
          gap_min = atoi (argv[++a]);
          gap_max = atoi (argv[++a]);
        }
      else if (strcmp (argv[a], "--quiet-ms") == 0 && a + 1 < argc)
        quiet_ms = atoi (argv[++a]);
      else if (strcmp (argv[a], "--max-wait-ms") == 0 && a + 1 < argc)
        max_wait_ms = atoi (argv[++a]);
      else if (strcmp (argv[a], "--keys") == 0 && a + 1 < argc)
        spec = argv[++a];
      else if (strcmp (argv[a], "--monitor") == 0 && a + 1 < argc)
        device = argv[++a];
      else if (strcmp (argv[a], "--seed") == 0 && a + 1 < argc)
        seed = (guint32) atoi (argv[++a]);
      else if (strcmp (argv[a], "--xdotool") == 0)
        use_xdotool = TRUE;
      else if (strcmp (argv[a], "--no-trace") == 0)
        trace = FALSE;
      else
        {
          fprintf (stderr, "usage: bench-tab [--count N] [--warmup N] [--gap MIN_MS MAX_MS] "
                           "[--quiet-ms MS] [--max-wait-ms MS] [--keys SPEC] [--monitor SOURCE] "
                           "[--xdotool] [--no-trace] [--seed N]\n");
          return 2;
        }
    }
  if (count < 1 || warmup < 0 || gap_min < 0 || gap_max < gap_min || quiet_ms < 0)
    {
      fprintf (stderr, "bench-tab: bad numbers\n");
      return 2;
    }
  rand = g_rand_new_with_seed (seed);

  if (!use_xdotool)
    {
      int ev, er, maj, min;
      dpy = XOpenDisplay (NULL);
      if (dpy == NULL)
        {
          fprintf (stderr, "bench-tab: cannot open the display %s\n", g_getenv ("DISPLAY"));
          return 1;
        }
      if (!XTestQueryExtension (dpy, &ev, &er, &maj, &min))
        {
          fprintf (stderr, "bench-tab: the X server has no XTEST\n");
          return 1;
        }
    }
  if (!parse_keys (dpy, spec, keys))
    {
      fprintf (stderr, "bench-tab: cannot use the keys %s\n", spec);
      return 2;
    }
  if (trace && !start_trace (&a11y, &monitor))
    return 1;
  g_thread_unref (g_thread_new ("recorder", recorder, (gpointer) device));
  while (g_atomic_int_get (&recorder_ok) < 0)
    g_usleep (1000);
  if (g_atomic_int_get (&recorder_ok) == 0)
    return 1;
  sleep_until (g_get_monotonic_time () + 300000);  /* let the recorder see what plays now */
  started = g_get_monotonic_time ();

  for (int i = 0; i < warmup + count; i++)
    {
      const Key *k = &g_array_index (keys, Key, (guint) i % keys->len);
      gint64 gap = (gint64) g_rand_int_range (rand, gap_min, gap_max + 1) * 1000;
      gint64 t, sent = -1, synced = -1, now;

      /* The gap, then silence, or at most MAX_WAIT_MS after the last key. */
      sleep_until (last + gap);
      for (;;)
        {
          now = g_get_monotonic_time ();
          if (now - __atomic_load_n (&last_loud, __ATOMIC_RELAXED) >= (gint64) quiet_ms * 1000 ||
              now - (last > 0 ? last : started) >= (gint64) max_wait_ms * 1000)
            break;
          if (g_atomic_int_get (&recorder_ok) == 0)
            return 1;
          g_usleep (2000);
        }
      t = g_get_monotonic_time ();
      if (use_xdotool)
        {
          if (!press_xdotool (k, &sent, &synced))
            {
              fprintf (stderr, "bench-tab: xdotool key %s failed\n", k->name);
              return 1;
            }
        }
      else
        press_xtest (dpy, k, &sent, &synced);
      last = t;
      out ("tab %" G_GINT64_FORMAT " %s %d %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", t,
           k->name, i, i < warmup, sent, synced);
    }
  /* What the last key brought. */
  sleep_until (last + (gint64) gap_max * 1000);
  for (gint64 end = g_get_monotonic_time () + (gint64) max_wait_ms * 1000;
       g_get_monotonic_time () < end &&
       g_get_monotonic_time () - __atomic_load_n (&last_loud, __ATOMIC_RELAXED) < (gint64) quiet_ms * 1000;)
    g_usleep (5000);
  g_mutex_lock (&out_lock);
  fflush (stdout);
  g_mutex_unlock (&out_lock);
  if (dpy != NULL)
    XCloseDisplay (dpy);
  for (guint i = 0; i < keys->len; i++)
    g_free (g_array_index (keys, Key, i).name);
  return 0;
}
