#include "cg-speaker.h"

typedef struct {
  char *name;
  gboolean unavailable;
} CgSpeakerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CgSpeaker, cg_speaker, G_TYPE_OBJECT)

enum { SIGNAL_STARTED, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
cg_speaker_finalize (GObject *object)
{
  CgSpeakerPrivate *priv = cg_speaker_get_instance_private (CG_SPEAKER (object));
  g_free (priv->name);
  G_OBJECT_CLASS (cg_speaker_parent_class)->finalize (object);
}

static void
cg_speaker_class_init (CgSpeakerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cg_speaker_finalize;

  /* CgSpeaker::started: (guint id) the first sound of the utterance is out. */
  signals[SIGNAL_STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);
  /* CgSpeaker::finished: (guint id, gboolean interrupted) */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
cg_speaker_init (CgSpeaker *self)
{
}

void
cg_speaker_speak (CgSpeaker *self, const CgUtterance *utt, const CgVoiceSettings *voice)
{
  g_return_if_fail (CG_IS_SPEAKER (self));
  CG_SPEAKER_GET_CLASS (self)->speak (self, utt, voice);
}

void
cg_speaker_stop (CgSpeaker *self)
{
  g_return_if_fail (CG_IS_SPEAKER (self));
  CG_SPEAKER_GET_CLASS (self)->stop (self);
}

char *
cg_speaker_dup_output (CgSpeaker *self)
{
  g_return_val_if_fail (CG_IS_SPEAKER (self), NULL);
  return CG_SPEAKER_GET_CLASS (self)->dup_output (self);
}

void
cg_speaker_prepare (CgSpeaker *self)
{
  g_return_if_fail (CG_IS_SPEAKER (self));
  if (CG_SPEAKER_GET_CLASS (self)->prepare != NULL)
    CG_SPEAKER_GET_CLASS (self)->prepare (self);
}

const char *
cg_speaker_get_name (CgSpeaker *self)
{
  CgSpeakerPrivate *priv = cg_speaker_get_instance_private (self);
  return priv->name;
}

void
cg_speaker_set_name (CgSpeaker *self, const char *name)
{
  CgSpeakerPrivate *priv = cg_speaker_get_instance_private (self);
  g_free (priv->name);
  priv->name = g_strdup (name);
}

void
cg_speaker_emit_started (CgSpeaker *self, guint id)
{
  g_signal_emit (self, signals[SIGNAL_STARTED], 0, id);
}

void
cg_speaker_emit_finished (CgSpeaker *self, guint id, gboolean interrupted)
{
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, id, interrupted);
}

gboolean
cg_speaker_is_available (CgSpeaker *self)
{
  CgSpeakerPrivate *priv = cg_speaker_get_instance_private (self);
  return !priv->unavailable;
}

void
cg_speaker_set_available (CgSpeaker *self, gboolean available)
{
  CgSpeakerPrivate *priv = cg_speaker_get_instance_private (self);
  priv->unavailable = !available;
}
