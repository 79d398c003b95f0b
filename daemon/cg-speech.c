#include "cg-speech.h"

#include "cg-normalize.h"
#include "cg-speech-queue.h"

struct _CgSpeech {
  GObject parent;

  CgSpeaker *own;    /* eSpeak NG */
  CgSpeaker *shared; /* Speech Dispatcher, or NULL */
  gboolean screen_reader;
  CgVoiceSettings voice;

  CgSpeechQueue *queue;
  CgUtterance *current;
  CgSpeaker *current_speaker; /* the one saying current */
  guint next_id;
};

G_DEFINE_FINAL_TYPE (CgSpeech, cg_speech, G_TYPE_OBJECT)

enum { SIGNAL_STARTED, SIGNAL_ENDED, N_SIGNALS };
static guint signals[N_SIGNALS];

CgSpeaker *
cg_speech_get_speaker (CgSpeech *self)
{
  if (self->screen_reader && self->shared != NULL && cg_speaker_is_available (self->shared))
    return self->shared;
  return self->own;
}

static void
end_all (CgSpeech *self, GPtrArray *dropped)
{
  for (guint i = 0; i < dropped->len; i++)
    {
      CgUtterance *utt = g_ptr_array_index (dropped, i);
      g_signal_emit (self, signals[SIGNAL_ENDED], 0, utt->id, TRUE);
    }
}

static void
start_next (CgSpeech *self)
{
  if (self->current != NULL)
    return;
  self->current = cg_speech_queue_pop (self->queue);
  if (self->current == NULL)
    return;
  g_set_object (&self->current_speaker, cg_speech_get_speaker (self));
  cg_speaker_speak (self->current_speaker, self->current, &self->voice);
}

static void
on_started (CgSpeaker *speaker, guint id, gpointer data)
{
  CgSpeech *self = data;
  if (self->current != NULL && self->current->id == id && speaker == self->current_speaker)
    g_signal_emit (self, signals[SIGNAL_STARTED], 0, self->current);
}

static void
on_finished (CgSpeaker *speaker, guint id, gboolean interrupted, gpointer data)
{
  CgSpeech *self = data;
  g_autoptr(CgUtterance) done = NULL;

  if (self->current == NULL || self->current->id != id || speaker != self->current_speaker)
    return;
  done = g_steal_pointer (&self->current);
  if (!cg_speaker_is_available (speaker) && speaker != self->own)
    {
      /* The shared backend failed before a word: say it ourselves, now. */
      self->current = g_steal_pointer (&done);
      g_set_object (&self->current_speaker, self->own);
      cg_speaker_speak (self->own, self->current, &self->voice);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ENDED], 0, done->id, interrupted);
  start_next (self);
}

static void
connect_speaker (CgSpeech *self, CgSpeaker *speaker)
{
  g_signal_connect_object (speaker, "started", G_CALLBACK (on_started), self, 0);
  g_signal_connect_object (speaker, "finished", G_CALLBACK (on_finished), self, 0);
}

guint
cg_speech_say (CgSpeech *self, const char *text, CgPriority priority, CgLang lang)
{
  g_autofree char *words = cg_normalize (text, lang);
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);
  guint id = ++self->next_id;

  if (id == 0)
    id = ++self->next_id;
  if (cg_speech_queue_push (self->queue, cg_utterance_new (id, priority, lang, text, words), dropped) &&
      self->current != NULL)
    cg_speaker_stop (self->current_speaker);
  end_all (self, dropped);
  start_next (self);
  return id;
}

void
cg_speech_stop (CgSpeech *self)
{
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);
  cg_speech_queue_clear (self->queue, dropped);
  end_all (self, dropped);
  if (self->current != NULL)
    cg_speaker_stop (self->current_speaker);
}

gboolean
cg_speech_is_speaking (CgSpeech *self)
{
  return self->current != NULL;
}

guint
cg_speech_get_queued (CgSpeech *self)
{
  return cg_speech_queue_length (self->queue);
}

void
cg_speech_set_voice (CgSpeech *self, const CgVoiceSettings *voice)
{
  g_free (self->voice.variant);
  self->voice = *voice;
  self->voice.variant = g_strdup (voice->variant);
}

static void
switch_speaker (CgSpeech *self, CgSpeaker *before)
{
  /* What is being said goes on where it is; the next utterance goes to the new one. */
  if (before != cg_speech_get_speaker (self))
    g_message ("Speech now goes through %s", cg_speaker_get_name (cg_speech_get_speaker (self)));
}

void
cg_speech_set_screen_reader (CgSpeech *self, gboolean running)
{
  CgSpeaker *before = cg_speech_get_speaker (self);
  self->screen_reader = running;
  if (running && self->shared != NULL)
    cg_speaker_prepare (self->shared); /* eSpeak NG speaks until it is ready */
  switch_speaker (self, before);
}

gboolean
cg_speech_get_screen_reader (CgSpeech *self)
{
  return self->screen_reader;
}

void
cg_speech_set_shared_speaker (CgSpeech *self, CgSpeaker *speaker)
{
  CgSpeaker *before = cg_speech_get_speaker (self);
  if (speaker != NULL)
    connect_speaker (self, speaker);
  g_set_object (&self->shared, speaker);
  switch_speaker (self, before);
}

static void
cg_speech_dispose (GObject *object)
{
  CgSpeech *self = CG_SPEECH (object);
  g_clear_object (&self->current_speaker);
  g_clear_object (&self->own);
  g_clear_object (&self->shared);
  G_OBJECT_CLASS (cg_speech_parent_class)->dispose (object);
}

static void
cg_speech_finalize (GObject *object)
{
  CgSpeech *self = CG_SPEECH (object);
  g_clear_pointer (&self->current, cg_utterance_free);
  cg_speech_queue_free (self->queue);
  g_free (self->voice.variant);
  G_OBJECT_CLASS (cg_speech_parent_class)->finalize (object);
}

static void
cg_speech_class_init (CgSpeechClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cg_speech_dispose;
  G_OBJECT_CLASS (klass)->finalize = cg_speech_finalize;

  /* CgSpeech::utterance-started: (const CgUtterance *utt) */
  signals[SIGNAL_STARTED] = g_signal_new ("utterance-started", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_POINTER);
  /* CgSpeech::utterance-ended: (guint id, gboolean interrupted) */
  signals[SIGNAL_ENDED] = g_signal_new ("utterance-ended", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
cg_speech_init (CgSpeech *self)
{
  self->queue = cg_speech_queue_new ();
  self->voice.rate = 175;
  self->voice.pitch = 50;
  self->voice.range = 50;
  self->voice.volume = 100;
}

CgSpeech *
cg_speech_new (CgSpeaker *speaker)
{
  CgSpeech *self = g_object_new (CG_TYPE_SPEECH, NULL);
  /* One eSpeak NG per process: its library is process-wide. */
  connect_speaker (self, speaker);
  self->own = g_object_ref (speaker);
  return self;
}
