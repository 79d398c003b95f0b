#include "cg-sink.h"

gboolean
cg_sink_begin (CgSink *sink, GError **error)
{
  return sink->klass->begin == NULL || sink->klass->begin (sink, error);
}

gboolean
cg_sink_write (CgSink *sink, const gint16 *samples, gsize n, const gint *cancel,
               GError **error)
{
  return sink->klass->write (sink, samples, n, cancel, error);
}

void
cg_sink_finish (CgSink *sink, const gint *cancel)
{
  sink->klass->finish (sink, cancel);
}

void
cg_sink_free (CgSink *sink)
{
  if (sink == NULL)
    return;
  g_free (sink->description);
  sink->klass->free (sink);
}

void
cg_sink_sleep_until (gint64 deadline, const gint *cancel)
{
  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      if (left <= 0 || g_atomic_int_get (cancel))
        return;
      g_usleep (MIN (left, 10 * 1000));
    }
}
