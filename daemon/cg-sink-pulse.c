/* The sound device, through PulseAudio's simple API.
 *
 * The stream is opened once and kept, so an utterance starts without a
 * round of stream set-up; a small buffer keeps a cut short.  Writes go in
 * pieces of 10 ms, so a cut is seen within one piece plus the buffer. */
#include "cg-sink.h"

#include <gio/gio.h>
#include <pulse/error.h>
#include <pulse/simple.h>

#define PIECE (CG_SINK_RATE / 100)                  /* 10 ms of samples */
#define TARGET_BYTES (CG_SINK_RATE * 2 * 40 / 1000) /* 40 ms buffered at most */

typedef struct {
  CgSink parent;
  char *app_name;
  pa_simple *stream;
} CgSinkPulse;

static gboolean
pulse_open (CgSinkPulse *self, GError **error)
{
  const pa_sample_spec spec = { .format = PA_SAMPLE_S16LE, .rate = CG_SINK_RATE, .channels = 1 };
  const pa_buffer_attr attr = {
    .maxlength = (guint32) -1,
    .tlength = TARGET_BYTES,
    .prebuf = 2 * PIECE, /* start playing once 10 ms (2 bytes a sample) is there */
    .minreq = 2 * PIECE,
    .fragsize = (guint32) -1,
  };
  int err = 0;

  self->stream = pa_simple_new (NULL, self->app_name, PA_STREAM_PLAYBACK, NULL, "speech",
                                &spec, NULL, &attr, &err);
  if (self->stream == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "no sound device: %s",
                   pa_strerror (err));
      return FALSE;
    }
  return TRUE;
}

static void
pulse_close (CgSinkPulse *self)
{
  g_clear_pointer (&self->stream, pa_simple_free);
}

static gboolean
pulse_begin (CgSink *sink, GError **error)
{
  CgSinkPulse *self = (CgSinkPulse *) sink;
  return self->stream != NULL || pulse_open (self, error);
}

static gboolean
pulse_write (CgSink *sink, const gint16 *samples, gsize n, const gint *cancel, GError **error)
{
  CgSinkPulse *self = (CgSinkPulse *) sink;

  for (gsize done = 0; done < n && !g_atomic_int_get (cancel);)
    {
      gsize piece = MIN (n - done, PIECE);
      int err = 0;
      if (pa_simple_write (self->stream, samples + done, piece * 2, &err) < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "the sound device went away: %s",
                       pa_strerror (err));
          pulse_close (self); /* the next utterance tries again */
          return FALSE;
        }
      done += piece;
    }
  return TRUE;
}

/* Writes are paced by the server's buffer (TARGET_BYTES), so at most that much
 * is still to be heard here: draining blocks for about 40 ms, and a cut
 * throws it away at once. */
static void
pulse_finish (CgSink *sink, const gint *cancel)
{
  CgSinkPulse *self = (CgSinkPulse *) sink;
  int err = 0;

  if (self->stream == NULL)
    return;
  if (g_atomic_int_get (cancel))
    pa_simple_flush (self->stream, &err);
  else if (pa_simple_drain (self->stream, &err) < 0)
    {
      g_warning ("the sound device went away: %s", pa_strerror (err));
      pulse_close (self);
    }
}

static void
pulse_free (CgSink *sink)
{
  CgSinkPulse *self = (CgSinkPulse *) sink;
  pulse_close (self);
  g_free (self->app_name);
  g_free (self);
}

static const CgSinkClass pulse_class = {
  .begin = pulse_begin,
  .write = pulse_write,
  .finish = pulse_finish,
  .free = pulse_free,
};

CgSink *
cg_sink_pulse_new (const char *app_name, GError **error)
{
  g_autoptr(CgSink) sink = NULL;
  CgSinkPulse *self = g_new0 (CgSinkPulse, 1);

  self->parent.klass = &pulse_class;
  self->parent.description = g_strdup ("sound");
  self->app_name = g_strdup (app_name);
  sink = &self->parent;
  if (!pulse_open (self, error))
    return NULL;
  return g_steal_pointer (&sink);
}
