#include "cg-speaker-spd.h"

#include <libspeechd.h>
#include <string.h>

#include "cg-speaker-espeak.h"

struct _CgSpeakerSpd {
  CgSpeaker parent;
  GMainContext *context;
  SPDConnection *conn;
  char *mandarin_voice; /* Speech Dispatcher's "zh" is eSpeak's broken cmn */
  guint id;             /* utterance being said, 0 for none */
  int msg_id;
  gboolean started;
};

G_DEFINE_FINAL_TYPE (CgSpeakerSpd, cg_speaker_spd, CG_TYPE_SPEAKER)

/* libspeechd's callbacks carry no user pointer and run on its own thread. */
static GMutex instance_lock;
static CgSpeakerSpd *instance;

typedef struct {
  CgSpeakerSpd *self;
  int msg_id;
  SPDNotificationType type;
} Event;

static void
event_free (gpointer data)
{
  Event *ev = data;
  g_object_unref (ev->self);
  g_free (ev);
}

static gboolean
deliver (gpointer data)
{
  Event *ev = data;
  CgSpeakerSpd *self = ev->self;

  if (self->id == 0 || ev->msg_id != self->msg_id)
    return G_SOURCE_REMOVE;
  if (ev->type == SPD_EVENT_BEGIN && !self->started)
    {
      self->started = TRUE;
      cg_speaker_emit_started (CG_SPEAKER (self), self->id);
    }
  else if (ev->type == SPD_EVENT_END || ev->type == SPD_EVENT_CANCEL)
    {
      guint id = self->id;
      self->id = 0;
      cg_speaker_emit_finished (CG_SPEAKER (self), id, ev->type == SPD_EVENT_CANCEL);
    }
  return G_SOURCE_REMOVE;
}

static void
on_event (size_t msg_id, size_t client_id, SPDNotificationType type)
{
  g_mutex_lock (&instance_lock);
  if (instance != NULL)
    {
      Event *ev = g_new0 (Event, 1);
      ev->self = g_object_ref (instance);
      ev->msg_id = (int) msg_id;
      ev->type = type;
      g_main_context_invoke_full (instance->context, G_PRIORITY_HIGH, deliver, ev, event_free);
    }
  g_mutex_unlock (&instance_lock);
}

static char *
find_mandarin_voice (SPDConnection *conn)
{
  SPDVoice **voices = spd_list_synthesis_voices (conn);
  char *found = NULL;
  for (guint i = 0; voices != NULL && voices[i] != NULL && found == NULL; i++)
    if (voices[i]->name != NULL && strstr (voices[i]->name, "Pinyin") != NULL)
      found = g_strdup (voices[i]->name);
  if (voices != NULL)
    free_spd_voices (voices);
  return found;
}

static gboolean
ensure_connection (CgSpeakerSpd *self)
{
  char *error = NULL;

  if (self->conn != NULL)
    return TRUE;
  self->conn = spd_open2 ("claimguide", "speech", NULL, SPD_MODE_THREADED, NULL, TRUE, &error);
  if (self->conn == NULL)
    {
      g_message ("Speech Dispatcher cannot be reached (%s); speaking with eSpeak NG",
                 error ? error : "no reason given");
      free (error);
      cg_speaker_set_available (CG_SPEAKER (self), FALSE);
      return FALSE;
    }
  self->conn->callback_begin = on_event;
  self->conn->callback_end = on_event;
  self->conn->callback_cancel = on_event;
  spd_set_notification_on (self->conn, SPD_BEGIN);
  spd_set_notification_on (self->conn, SPD_END);
  spd_set_notification_on (self->conn, SPD_CANCEL);
  self->mandarin_voice = find_mandarin_voice (self->conn);
  return TRUE;
}

static void
cg_speaker_spd_speak (CgSpeaker *speaker, const CgUtterance *utt, const CgVoiceSettings *voice)
{
  CgSpeakerSpd *self = CG_SPEAKER_SPD (speaker);
  static const char *const langs[] = { [CG_LANG_ZH_CN] = "zh", [CG_LANG_YUE] = "yue", [CG_LANG_EN] = "en" };

  self->id = utt->id;
  self->started = FALSE;
  if (!ensure_connection (self))
    {
      self->id = 0;
      cg_speaker_emit_finished (speaker, utt->id, TRUE);
      return;
    }
  spd_set_language (self->conn, langs[utt->lang]);
  if (utt->lang == CG_LANG_ZH_CN && self->mandarin_voice != NULL)
    spd_set_synthesis_voice (self->conn, self->mandarin_voice);
  /* eSpeak's words a minute (80-450, 175 normal) onto Speech Dispatcher's -100..100. */
  spd_set_voice_rate (self->conn, CLAMP ((voice->rate - 175) * 100 / 275, -100, 100));
  spd_set_voice_pitch (self->conn, CLAMP ((voice->pitch - 50) * 2, -100, 100));
  spd_set_volume (self->conn, CLAMP (voice->volume - 100, -100, 100));

  self->msg_id = spd_say (self->conn, SPD_MESSAGE, utt->words);
  if (self->msg_id < 0)
    {
      g_message ("Speech Dispatcher refused a message; speaking with eSpeak NG");
      g_clear_pointer (&self->conn, spd_close);
      cg_speaker_set_available (speaker, FALSE);
      self->id = 0;
      cg_speaker_emit_finished (speaker, utt->id, TRUE);
    }
}

static void
cg_speaker_spd_stop (CgSpeaker *speaker)
{
  CgSpeakerSpd *self = CG_SPEAKER_SPD (speaker);
  if (self->conn != NULL && self->id != 0)
    spd_cancel (self->conn);
}

static char *
cg_speaker_spd_dup_output (CgSpeaker *speaker)
{
  return g_strdup ("speech-dispatcher");
}

static void
cg_speaker_spd_dispose (GObject *object)
{
  CgSpeakerSpd *self = CG_SPEAKER_SPD (object);
  g_mutex_lock (&instance_lock);
  if (instance == self)
    instance = NULL;
  g_mutex_unlock (&instance_lock);
  g_clear_pointer (&self->conn, spd_close);
  G_OBJECT_CLASS (cg_speaker_spd_parent_class)->dispose (object);
}

static void
cg_speaker_spd_finalize (GObject *object)
{
  CgSpeakerSpd *self = CG_SPEAKER_SPD (object);
  g_free (self->mandarin_voice);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (cg_speaker_spd_parent_class)->finalize (object);
}

static void
cg_speaker_spd_class_init (CgSpeakerSpdClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cg_speaker_spd_dispose;
  G_OBJECT_CLASS (klass)->finalize = cg_speaker_spd_finalize;
  CG_SPEAKER_CLASS (klass)->speak = cg_speaker_spd_speak;
  CG_SPEAKER_CLASS (klass)->stop = cg_speaker_spd_stop;
  CG_SPEAKER_CLASS (klass)->dup_output = cg_speaker_spd_dup_output;
}

static void
cg_speaker_spd_init (CgSpeakerSpd *self)
{
  self->context = g_main_context_ref_thread_default ();
}

CgSpeaker *
cg_speaker_spd_new (void)
{
  CgSpeakerSpd *self = g_object_new (CG_TYPE_SPEAKER_SPD, NULL);
  cg_speaker_set_name (CG_SPEAKER (self), "speech-dispatcher");
  g_mutex_lock (&instance_lock);
  instance = self; /* the last one made gets the events */
  g_mutex_unlock (&instance_lock);
  return CG_SPEAKER (self);
}
