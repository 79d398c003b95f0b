/* Where synthesised samples go: the sound device or a WAV file.
 *
 * A sink is used from the synthesis thread only.  Writes are paced at the
 * speed of playback, so "finished" means heard, for a file too; every wait
 * looks at @cancel (set from another thread) at least every 10 ms. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CG_SINK_RATE 22050 /* eSpeak NG's output: 16-bit mono */

typedef struct _CgSink CgSink;

typedef struct {
  /* An utterance begins: the sink may reopen what it lost. */
  gboolean (*begin) (CgSink *sink, GError **error);
  gboolean (*write) (CgSink *sink, const gint16 *samples, gsize n, const gint *cancel,
                     GError **error);
  /* Waits until what was written has been heard, or until *@cancel; then
   * throws away what was not heard. */
  void     (*finish) (CgSink *sink, const gint *cancel);
  void     (*free) (CgSink *sink);
} CgSinkClass;

struct _CgSink {
  const CgSinkClass *klass;
  char *description; /* "sound", or the WAV file's path */
};

/* The default sound device, through PulseAudio (or PipeWire's PulseAudio
 * server); fails when there is none. */
CgSink  *cg_sink_pulse_new (const char *app_name, GError **error);
/* A WAV file, truncated and then grown utterance by utterance; its header is
 * right after each utterance. */
CgSink  *cg_sink_wav_new   (const char *path, GError **error);

gboolean cg_sink_begin     (CgSink *sink, GError **error);
gboolean cg_sink_write     (CgSink *sink, const gint16 *samples, gsize n,
                            const gint *cancel, GError **error);
void     cg_sink_finish    (CgSink *sink, const gint *cancel);
void     cg_sink_free      (CgSink *sink);

/* Sleeps until @deadline (monotonic µs) or *@cancel, in steps of 10 ms at most. */
void     cg_sink_sleep_until (gint64 deadline, const gint *cancel);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgSink, cg_sink_free)

G_END_DECLS
