/* bench-onset: when sound starts, as heard on a PulseAudio monitor.
 *
 * Usage: bench-onset [--device SOURCE] [--frag-ms N] [--seconds N]
 *        bench-onset --wav FILE.wav
 *
 * Records SOURCE (default nullsink.monitor) through pa_simple at 22,050 Hz,
 * mono, 16 bit, and finds each onset: a sample louder than 300 (absolute)
 * after at least 120 ms of samples no louder than that.  It prints "ready"
 * once the stream runs, records until SIGTERM, SIGINT or --seconds, then
 * prints one line per onset:
 *
 *   onset READ_US EST_US
 *
 * both CLOCK_MONOTONIC microseconds (g_get_monotonic_time, the clock of
 * bench-speak).  READ_US is when the read holding the onset returned: the
 * sample had reached us by then, late by at most one fragment (the rest of
 * the fragment had to come too) plus any wait for the CPU.  EST_US places the
 * onset by its sample position instead: the stream runs on the sink's clock
 * (the null sink renders by CLOCK_MONOTONIC), so sample k arrives at
 * T0 + k / rate, with T0 the smallest (return time - samples so far / rate)
 * over the reads in the 3 s around the onset, the read that waited least.
 * That takes out the fragment and the waits, but the null sink renders (and
 * so hands the monitor) up to one block, its latency, ahead, so EST_US can
 * come that much early.  A click written at a known time was heard, by
 * READ_US, 0.2-2.7 ms (median 1.2) after the write with 1 ms fragments and 0.3 or 5.3 ms
 * after with 5 ms ones; by EST_US, 2.7-5 ms before it: READ_US is the one to
 * quote, with the fragment as its resolution.
 *
 * With --wav it prints the milliseconds before the file's first sound (the
 * synthesiser's own leading silence) and before its first sample that is not
 * zero, or -1 -1 when it has no sound. */
#include <glib.h>
#include <pulse/error.h>
#include <pulse/simple.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE 22050
#define THRESHOLD 300
#define SILENCE_SAMPLES (RATE * 120 / 1000)
#define WINDOW_US (3 * G_USEC_PER_SEC)

typedef struct {
  gint64 returned; /* monotonic µs */
  guint64 end;     /* samples read so far */
} Read;

typedef struct {
  guint64 pos;  /* the onset's sample number */
  gsize read;   /* index of the read that held it */
} Onset;

static volatile sig_atomic_t stop;

static void
on_signal (int sig)
{
  stop = 1;
}

/* Finds onsets in @n samples; @quiet counts the silent samples before them. */
static void
scan (const gint16 *s, gsize n, guint64 first, guint64 *quiet, GArray *onsets, gsize read)
{
  for (gsize i = 0; i < n; i++)
    {
      if (abs (s[i]) > THRESHOLD)
        {
          if (*quiet >= SILENCE_SAMPLES)
            {
              Onset o = { first + i, read };
              g_array_append_val (onsets, o);
            }
          *quiet = 0;
        }
      else
        (*quiet)++;
    }
}

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

/* The leading silence of a 16-bit mono WAV file, in milliseconds. */
static int
wav_lead (const char *path)
{
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize len, at = 12;
  guint32 rate = 0;

  if (!g_file_get_contents (path, (char **) &data, &len, &error))
    {
      fprintf (stderr, "bench-onset: %s\n", error->message);
      return 2;
    }
  if (len < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    {
      fprintf (stderr, "bench-onset: %s is not a WAV file\n", path);
      return 2;
    }
  while (at + 8 <= len)
    {
      guint32 size = le32 (data + at + 4);
      const guint8 *body = data + at + 8;
      gsize avail = MIN (size, len - at - 8);

      if (memcmp (data + at, "fmt ", 4) == 0 && avail >= 16)
        {
          if ((body[0] | (body[1] << 8)) != 1 || (body[2] | (body[3] << 8)) != 1 ||
              (body[14] | (body[15] << 8)) != 16)
            {
              fprintf (stderr, "bench-onset: %s is not 16-bit mono PCM\n", path);
              return 2;
            }
          rate = le32 (body + 4);
        }
      else if (memcmp (data + at, "data", 4) == 0 && rate > 0)
        {
          gssize nonzero = -1;
          for (gsize i = 0; i + 1 < avail; i += 2)
            {
              gint16 v = (gint16) (body[i] | (body[i + 1] << 8));
              if (v != 0 && nonzero < 0)
                nonzero = (gssize) i / 2;
              if (abs (v) > THRESHOLD)
                {
                  printf ("%.1f %.1f\n", (i / 2) * 1000.0 / rate, nonzero * 1000.0 / rate);
                  return 0;
                }
            }
          printf ("-1 -1\n");
          return 0;
        }
      at += 8 + (gsize) size + (size & 1);
    }
  fprintf (stderr, "bench-onset: %s has no samples\n", path);
  return 2;
}

int
main (int argc, char **argv)
{
  const char *device = "nullsink.monitor";
  int frag_ms = 5, seconds = 900;
  const pa_sample_spec spec = { .format = PA_SAMPLE_S16LE, .rate = RATE, .channels = 1 };
  pa_buffer_attr attr = { .maxlength = (guint32) -1, .tlength = (guint32) -1,
                          .prebuf = (guint32) -1, .minreq = (guint32) -1 };
  g_autoptr(GArray) reads = g_array_sized_new (FALSE, FALSE, sizeof (Read), 1 << 16);
  g_autoptr(GArray) onsets = g_array_new (FALSE, FALSE, sizeof (Onset));
  struct sigaction sa = { 0 };
  g_autofree gint16 *buf = NULL;
  guint64 got = 0, quiet = 0;
  gint64 deadline, worst = 0;
  pa_simple *rec;
  size_t frag;
  int err = 0;

  for (int a = 1; a < argc; a++)
    {
      if (strcmp (argv[a], "--wav") == 0 && a + 1 < argc)
        return wav_lead (argv[a + 1]);
      else if (strcmp (argv[a], "--device") == 0 && a + 1 < argc)
        device = argv[++a];
      else if (strcmp (argv[a], "--frag-ms") == 0 && a + 1 < argc)
        frag_ms = atoi (argv[++a]);
      else if (strcmp (argv[a], "--seconds") == 0 && a + 1 < argc)
        seconds = atoi (argv[++a]);
      else
        {
          fprintf (stderr, "usage: bench-onset [--device SOURCE] [--frag-ms N] [--seconds N]\n"
                           "       bench-onset --wav FILE.wav\n");
          return 2;
        }
    }
  if (frag_ms < 1 || seconds < 1)
    {
      fprintf (stderr, "bench-onset: --frag-ms and --seconds take a positive number\n");
      return 2;
    }

  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);

  frag = (size_t) RATE * frag_ms / 1000 * 2;
  attr.fragsize = (guint32) frag;
  buf = g_malloc (frag);
  rec = pa_simple_new (NULL, "claimguide-bench", PA_STREAM_RECORD, device, "onset logger", &spec,
                       NULL, &attr, &err);
  if (rec == NULL)
    {
      fprintf (stderr, "bench-onset: cannot record %s: %s\n", device, pa_strerror (err));
      return 1;
    }
  deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!stop && g_get_monotonic_time () < deadline)
    {
      Read r;
      if (pa_simple_read (rec, buf, frag, &err) < 0)
        {
          fprintf (stderr, "bench-onset: reading %s: %s\n", device, pa_strerror (err));
          pa_simple_free (rec);
          return 1;
        }
      r.returned = g_get_monotonic_time ();
      scan (buf, frag / 2, got, &quiet, onsets, reads->len);
      got += frag / 2;
      r.end = got;
      if (reads->len > 0)
        worst = MAX (worst, r.returned - g_array_index (reads, Read, reads->len - 1).returned);
      g_array_append_val (reads, r);
      if (reads->len == 1)
        {
          printf ("ready\n");
          fflush (stdout);
        }
    }
  pa_simple_free (rec);

  for (guint i = 0; i < onsets->len; i++)
    {
      const Onset *o = &g_array_index (onsets, Onset, i);
      const Read *at = &g_array_index (reads, Read, o->read);
      double t0 = G_MAXDOUBLE;

      for (guint j = 0; j < reads->len; j++)
        {
          const Read *r = &g_array_index (reads, Read, j);
          if (r->returned < at->returned - WINDOW_US || r->returned > at->returned + WINDOW_US)
            continue;
          t0 = MIN (t0, r->returned - r->end * (double) G_USEC_PER_SEC / RATE);
        }
      printf ("onset %" G_GINT64_FORMAT " %.0f\n", at->returned,
              t0 + o->pos * (double) G_USEC_PER_SEC / RATE);
    }
  fprintf (stderr, "bench-onset: %u reads of %d ms, %u onsets, longest wait between reads %.1f ms\n",
           reads->len, frag_ms, onsets->len, worst / 1000.0);
  return 0;
}
