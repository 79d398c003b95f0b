/* The WAV sink: what a machine without speakers would have said. */
#include "cg-sink.h"

#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

/* How far the file may run ahead of the clock: a cut utterance leaves at
 * most this much unheard sound in the file. */
#define LEAD_US (20 * 1000)

typedef struct {
  CgSink parent;
  FILE *file;
  guint32 data_bytes;  /* samples in the file so far, in bytes */
  gint64 started;      /* monotonic time of the utterance's first sample */
  guint64 utt_samples; /* samples of this utterance */
} CgSinkWav;

static void
put_le32 (guint8 *p, guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static gboolean
write_header (CgSinkWav *self, GError **error)
{
  guint8 h[44];
  memcpy (h, "RIFF", 4);
  put_le32 (h + 4, 36 + self->data_bytes);
  memcpy (h + 8, "WAVEfmt ", 8);
  put_le32 (h + 16, 16);
  put_le32 (h + 20, 1 | (1 << 16));        /* PCM, one channel */
  put_le32 (h + 24, CG_SINK_RATE);
  put_le32 (h + 28, CG_SINK_RATE * 2);     /* bytes a second */
  put_le32 (h + 32, 2 | (16 << 16));       /* block align, bits per sample */
  memcpy (h + 36, "data", 4);
  put_le32 (h + 40, self->data_bytes);
  if (fseek (self->file, 0, SEEK_SET) != 0 || fwrite (h, 1, sizeof h, self->file) != sizeof h ||
      fseek (self->file, 0, SEEK_END) != 0 || fflush (self->file) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot write %s: %s", self->parent.description, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
wav_begin (CgSink *sink, GError **error)
{
  CgSinkWav *self = (CgSinkWav *) sink;
  self->started = g_get_monotonic_time ();
  self->utt_samples = 0;
  return TRUE;
}

static gboolean
wav_write (CgSink *sink, const gint16 *samples, gsize n, const gint *cancel, GError **error)
{
  CgSinkWav *self = (CgSinkWav *) sink;
  guint8 buf[4096];
  gsize done = 0;

  if ((guint64) self->data_bytes + n * 2 > G_MAXUINT32 - 64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "%s has reached the 4 GiB a WAV file can hold", sink->description);
      return FALSE;
    }
  while (done < n)
    {
      gsize chunk = MIN (n - done, sizeof buf / 2);
      for (gsize i = 0; i < chunk; i++)
        {
          guint16 v = (guint16) samples[done + i];
          buf[2 * i] = v & 0xff;
          buf[2 * i + 1] = v >> 8;
        }
      if (fwrite (buf, 2, chunk, self->file) != chunk)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "cannot write %s: %s", sink->description, g_strerror (saved));
          return FALSE;
        }
      done += chunk;
    }
  self->data_bytes += n * 2;
  self->utt_samples += n;
  /* Keep pace with a listener: no further ahead of the clock than LEAD_US. */
  cg_sink_sleep_until (self->started + (gint64) (self->utt_samples * G_USEC_PER_SEC / CG_SINK_RATE) -
                         LEAD_US,
                       cancel);
  return TRUE;
}

static void
wav_finish (CgSink *sink, const gint *cancel)
{
  CgSinkWav *self = (CgSinkWav *) sink;
  g_autoptr(GError) error = NULL;

  cg_sink_sleep_until (self->started + (gint64) (self->utt_samples * G_USEC_PER_SEC / CG_SINK_RATE),
                       cancel);
  if (!write_header (self, &error))
    g_warning ("%s", error->message);
}

static void
wav_free (CgSink *sink)
{
  CgSinkWav *self = (CgSinkWav *) sink;
  if (self->file != NULL)
    fclose (self->file);
  g_free (self);
}

static const CgSinkClass wav_class = {
  .begin = wav_begin,
  .write = wav_write,
  .finish = wav_finish,
  .free = wav_free,
};

CgSink *
cg_sink_wav_new (const char *path, GError **error)
{
  g_autoptr(CgSink) sink = NULL;
  CgSinkWav *self = g_new0 (CgSinkWav, 1);

  self->parent.klass = &wav_class;
  self->parent.description = g_strdup (path);
  sink = &self->parent;
  self->file = fopen (path, "w+be");
  if (self->file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot write the speech file %s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (!write_header (self, error))
    return NULL;
  return g_steal_pointer (&sink);
}
