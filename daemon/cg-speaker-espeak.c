#include "cg-speaker-espeak.h"

#include <espeak-ng/speak_lib.h>
#include <gio/gio.h>
#include <string.h>

#include "cg-sink.h"

#define SYNTH_BUFFER_MS 20           /* eSpeak hands over sound 20 ms at a time */
#define RETRY_SOUND_US (10 * G_USEC_PER_SEC)

typedef struct {
  CgSpeakerEspeak *owner;
  guint id;
  char *voice;
  char *words;
  CgVoiceSettings settings; /* variant not used: it is in voice */
  gint cancel;              /* atomic */
  gboolean started;         /* worker only */
  gboolean failed;          /* worker only */
  gboolean quit;
} Job;

struct _CgSpeakerEspeak {
  CgSpeaker parent;

  GMainContext *context;
  GThread *thread;
  GAsyncQueue *jobs;

  GMutex lock; /* guards current, output and the wanted WAV path */
  Job *current;
  char *output;
  gboolean wav_path_changed;
  char *wanted_wav_path;

  /* Worker thread only, after construction. */
  char *wav_path;
  char *fallback_wav_path;
  CgSink *sound;
  CgSink *wav;
  CgSink *current_sink; /* the sink of the utterance being synthesised */
  gint64 last_sound_try;
  char *voice_loaded;
};

G_DEFINE_FINAL_TYPE (CgSpeakerEspeak, cg_speaker_espeak, CG_TYPE_SPEAKER)

const char *
cg_espeak_voice_for (CgLang lang)
{
  switch (lang)
    {
    case CG_LANG_ZH_CN: return "cmn-latn-pinyin";
    case CG_LANG_YUE: return "yue";
    case CG_LANG_EN:
    case CG_N_LANGS: break;
    }
  return "en";
}

static void
job_free (Job *job)
{
  g_free (job->voice);
  g_free (job->words);
  g_free (job);
}

/* ---- Messages from the worker to the main context ---- */

typedef struct {
  CgSpeakerEspeak *self;
  guint id;
  gboolean finished;
  gboolean interrupted;
} Message;

static gboolean
deliver (gpointer data)
{
  Message *msg = data;
  if (msg->finished)
    cg_speaker_emit_finished (CG_SPEAKER (msg->self), msg->id, msg->interrupted);
  else
    cg_speaker_emit_started (CG_SPEAKER (msg->self), msg->id);
  return G_SOURCE_REMOVE;
}

static void
message_free (gpointer data)
{
  Message *msg = data;
  g_object_unref (msg->self);
  g_free (msg);
}

static void
post (CgSpeakerEspeak *self, guint id, gboolean finished, gboolean interrupted)
{
  Message *msg = g_new0 (Message, 1);
  msg->self = g_object_ref (self);
  msg->id = id;
  msg->finished = finished;
  msg->interrupted = interrupted;
  g_main_context_invoke_full (self->context, G_PRIORITY_HIGH, deliver, msg, message_free);
}

/* ---- The worker ---- */

static void
set_output (CgSpeakerEspeak *self, const char *output)
{
  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->output, output) != 0)
    {
      g_free (self->output);
      self->output = g_strdup (output);
      g_message ("Speech goes to %s", output);
    }
  g_mutex_unlock (&self->lock);
}

/* The sink for the next utterance: the WAV file when asked for one, else the
 * sound device, else (while there is none) the fallback WAV file. */
static CgSink *
choose_sink (CgSpeakerEspeak *self)
{
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->lock);
  if (self->wav_path_changed)
    {
      self->wav_path_changed = FALSE;
      g_free (self->wav_path);
      self->wav_path = g_steal_pointer (&self->wanted_wav_path);
      g_clear_pointer (&self->wav, cg_sink_free);
    }
  g_mutex_unlock (&self->lock);

  if (self->wav_path != NULL)
    {
      if (self->wav == NULL)
        {
          self->wav = cg_sink_wav_new (self->wav_path, &error);
          if (self->wav == NULL)
            {
              g_warning ("%s", error->message);
              return NULL;
            }
        }
      set_output (self, self->wav->description);
      return self->wav;
    }
  if (self->sound != NULL && !cg_sink_begin (self->sound, &error))
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
      g_clear_pointer (&self->sound, cg_sink_free);
    }
  if (self->sound == NULL && g_get_monotonic_time () - self->last_sound_try > RETRY_SOUND_US)
    {
      self->last_sound_try = g_get_monotonic_time ();
      self->sound = cg_sink_pulse_new ("claimguided", &error);
      if (self->sound == NULL)
        g_message ("%s", error->message);
      g_clear_error (&error);
    }
  if (self->sound != NULL)
    {
      set_output (self, self->sound->description);
      return self->sound;
    }
  if (self->wav == NULL && self->fallback_wav_path != NULL)
    {
      self->wav = cg_sink_wav_new (self->fallback_wav_path, &error);
      if (self->wav == NULL)
        g_warning ("%s", error->message);
    }
  if (self->wav != NULL)
    set_output (self, self->wav->description);
  return self->wav;
}

void
cg_speaker_espeak_set_wav_path (CgSpeakerEspeak *self, const char *wav_path)
{
  g_mutex_lock (&self->lock);
  if (g_strcmp0 (wav_path, self->wanted_wav_path) != 0 || !self->wav_path_changed)
    {
      g_free (self->wanted_wav_path);
      self->wanted_wav_path = g_strdup (wav_path);
      self->wav_path_changed = TRUE;
    }
  g_mutex_unlock (&self->lock);
}

static int
on_synth (short *wav, int numsamples, espeak_EVENT *events)
{
  Job *job = events != NULL ? events->user_data : NULL;
  g_autoptr(GError) error = NULL;

  if (job == NULL || g_atomic_int_get (&job->cancel) || job->failed)
    return 1;
  if (wav == NULL || numsamples <= 0)
    return 0;
  if (!job->started)
    {
      /* eSpeak NG opens with up to 50 ms of exact silence: played, it would
       * only delay the first word.  Skip it. */
      while (numsamples > 0 && *wav == 0)
        {
          wav++;
          numsamples--;
        }
      if (numsamples == 0)
        return 0;
    }
  if (!cg_sink_write (job->owner->current_sink, wav, (gsize) numsamples, &job->cancel, &error))
    {
      g_warning ("%s", error->message);
      job->failed = TRUE;
      return 1;
    }
  if (!job->started)
    {
      job->started = TRUE;
      post (job->owner, job->id, FALSE, FALSE);
    }
  return g_atomic_int_get (&job->cancel) ? 1 : 0;
}

static void
apply_voice (CgSpeakerEspeak *self, Job *job)
{
  if (g_strcmp0 (self->voice_loaded, job->voice) != 0)
    {
      if (espeak_SetVoiceByName (job->voice) != EE_OK)
        {
          g_warning ("eSpeak NG has no voice %s; using its language's plain voice", job->voice);
          g_autofree char *base = g_strndup (job->voice, strcspn (job->voice, "+"));
          espeak_SetVoiceByName (base);
        }
      g_free (self->voice_loaded);
      self->voice_loaded = g_strdup (job->voice);
    }
  espeak_SetParameter (espeakRATE, job->settings.rate, 0);
  espeak_SetParameter (espeakPITCH, job->settings.pitch, 0);
  espeak_SetParameter (espeakRANGE, job->settings.range, 0);
  espeak_SetParameter (espeakVOLUME, job->settings.volume, 0);
  espeak_SetParameter (espeakWORDGAP, job->settings.word_gap, 0);
}

static void
say_job (CgSpeakerEspeak *self, Job *job)
{
  g_autoptr(GError) error = NULL;
  CgSink *sink = choose_sink (self);

  if (sink == NULL || !cg_sink_begin (sink, &error))
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      job->failed = TRUE;
      return;
    }
  apply_voice (self, job);
  self->current_sink = sink;
  espeak_Synth (job->words, strlen (job->words) + 1, 0, POS_CHARACTER, 0,
                espeakCHARS_UTF8, NULL, job);
  if (!job->failed)
    cg_sink_finish (sink, &job->cancel);
  self->current_sink = NULL;
}

static gpointer
worker (gpointer data)
{
  CgSpeakerEspeak *self = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (self->jobs);
      gboolean interrupted;

      if (job->quit)
        {
          job_free (job);
          return NULL;
        }
      if (!g_atomic_int_get (&job->cancel))
        say_job (self, job);
      interrupted = g_atomic_int_get (&job->cancel) || job->failed;

      g_mutex_lock (&self->lock);
      if (self->current == job)
        self->current = NULL;
      g_mutex_unlock (&self->lock);
      post (self, job->id, TRUE, interrupted);
      job_free (job);
    }
}

/* ---- CgSpeaker ---- */

/* eSpeak NG 1.51 (Debian 12's) overruns a stack buffer on a long word: "a."
 * and 170 letters, or "s'" 70 times, and the daemon is gone (found by
 * tests/fuzz/fuzz-dbus; text read off a web form could do it).  No word said
 * aloud is that long, so a run of more than this many bytes with no space in
 * it is cut with one.  Han characters are words of their own to eSpeak: they
 * end a run and are never cut apart. */
#define MAX_WORD_BYTES 40

static char *
cut_long_words (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);
  gsize run = 0;

  for (const char *p = text; *p != '\0';)
    {
      const char *next = g_utf8_find_next_char (p, NULL);
      gunichar c = g_utf8_get_char_validated (p, next - p);
      gboolean ends_run = c < 0xfffffffe &&
                          (g_unichar_isspace (c) || g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN);

      if (ends_run)
        run = 0;
      else
        {
          if (run + (gsize) (next - p) > MAX_WORD_BYTES)
            {
              g_string_append_c (out, ' ');
              run = 0;
            }
          run += (gsize) (next - p);
        }
      g_string_append_len (out, p, next - p);
      p = next;
    }
  return g_string_free (out, FALSE);
}

static void
cg_speaker_espeak_speak (CgSpeaker *speaker, const CgUtterance *utt, const CgVoiceSettings *voice)
{
  CgSpeakerEspeak *self = CG_SPEAKER_ESPEAK (speaker);
  Job *job = g_new0 (Job, 1);

  job->owner = self;
  job->id = utt->id;
  job->voice = voice->variant != NULL
                 ? g_strconcat (cg_espeak_voice_for (utt->lang), "+", voice->variant, NULL)
                 : g_strdup (cg_espeak_voice_for (utt->lang));
  job->words = cut_long_words (utt->words);
  job->settings = *voice;
  job->settings.variant = NULL;

  g_mutex_lock (&self->lock);
  if (self->current != NULL)
    g_atomic_int_set (&self->current->cancel, 1);
  self->current = job;
  g_mutex_unlock (&self->lock);
  g_async_queue_push (self->jobs, job);
}

static void
cg_speaker_espeak_stop (CgSpeaker *speaker)
{
  CgSpeakerEspeak *self = CG_SPEAKER_ESPEAK (speaker);

  g_mutex_lock (&self->lock);
  if (self->current != NULL)
    g_atomic_int_set (&self->current->cancel, 1);
  g_mutex_unlock (&self->lock);
}

static char *
cg_speaker_espeak_dup_output (CgSpeaker *speaker)
{
  CgSpeakerEspeak *self = CG_SPEAKER_ESPEAK (speaker);
  char *out;

  g_mutex_lock (&self->lock);
  out = g_strdup (self->output != NULL ? self->output : "sound");
  g_mutex_unlock (&self->lock);
  return out;
}

static void
cg_speaker_espeak_dispose (GObject *object)
{
  CgSpeakerEspeak *self = CG_SPEAKER_ESPEAK (object);

  if (self->thread != NULL)
    {
      Job *quit = g_new0 (Job, 1);
      quit->quit = TRUE;
      cg_speaker_espeak_stop (CG_SPEAKER (self));
      g_async_queue_push (self->jobs, quit);
      g_thread_join (g_steal_pointer (&self->thread));
      espeak_Terminate ();
    }
  G_OBJECT_CLASS (cg_speaker_espeak_parent_class)->dispose (object);
}

static void
cg_speaker_espeak_finalize (GObject *object)
{
  CgSpeakerEspeak *self = CG_SPEAKER_ESPEAK (object);

  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_clear_pointer (&self->sound, cg_sink_free);
  g_clear_pointer (&self->wav, cg_sink_free);
  g_free (self->wav_path);
  g_free (self->wanted_wav_path);
  g_free (self->fallback_wav_path);
  g_free (self->voice_loaded);
  g_free (self->output);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cg_speaker_espeak_parent_class)->finalize (object);
}

static void
cg_speaker_espeak_class_init (CgSpeakerEspeakClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CgSpeakerClass *speaker_class = CG_SPEAKER_CLASS (klass);

  object_class->dispose = cg_speaker_espeak_dispose;
  object_class->finalize = cg_speaker_espeak_finalize;
  speaker_class->speak = cg_speaker_espeak_speak;
  speaker_class->stop = cg_speaker_espeak_stop;
  speaker_class->dup_output = cg_speaker_espeak_dup_output;
}

static void
cg_speaker_espeak_init (CgSpeakerEspeak *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->jobs = g_async_queue_new ();
  self->last_sound_try = G_MININT64 / 2;
}

CgSpeaker *
cg_speaker_espeak_new (const char *data_dir, const char *wav_path, const char *fallback_wav_path,
                       GError **error)
{
  g_autoptr(CgSpeakerEspeak) self = g_object_new (CG_TYPE_SPEAKER_ESPEAK, NULL);

  cg_speaker_set_name (CG_SPEAKER (self), "espeak");
  if (espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, SYNTH_BUFFER_MS, data_dir,
                         espeakINITIALIZE_DONT_EXIT) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "eSpeak NG cannot start with its data in %s", data_dir ? data_dir : "the default place");
      return NULL;
    }
  espeak_SetSynthCallback (on_synth);
  if (wav_path != NULL)
    {
      self->wav_path = g_strdup (wav_path);
      self->wav = cg_sink_wav_new (wav_path, error);
      if (self->wav == NULL)
        {
          espeak_Terminate ();
          return NULL;
        }
      self->output = g_strdup (wav_path);
    }
  self->fallback_wav_path = g_strdup (fallback_wav_path);
  self->thread = g_thread_new ("espeak", worker, self);
  return CG_SPEAKER (g_steal_pointer (&self));
}
