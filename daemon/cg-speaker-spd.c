#include "cg-speaker-spd.h"

#include <gio/gio.h>
#include <libspeechd.h>
#include <stdlib.h>
#include <string.h>

#include "cg-speaker-espeak.h"

struct _CgSpeakerSpd {
  CgSpeaker parent;
  GMainContext *context;
  SPDConnection *conn;
  gboolean connecting;
  GCancellable *cancellable;
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

/* The name Speech Dispatcher's eSpeak NG module gives cmn-latn-pinyin.  Named
 * outright: listing the voices sends some 13,000 lines (every voice with
 * every variant) and takes seconds. */
#define MANDARIN_VOICE "Chinese (Mandarin, latin as Pinyin)"

typedef struct {
  SPDConnection *conn;
} Connected;

static void
connected_free (Connected *c)
{
  if (c->conn != NULL)
    spd_close (c->conn);
  g_free (c);
}

/* Connecting, and asking for the voices, can take seconds while Speech
 * Dispatcher starts its synthesis module: a thread does it. */
static void
connect_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  char *error = NULL;
  Connected *c = g_new0 (Connected, 1);

  c->conn = spd_open2 ("claimguide", "speech", NULL, SPD_MODE_THREADED, NULL, TRUE, &error);
  if (c->conn == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "%s",
                               error ? error : "no reason given");
      free (error);
      connected_free (c);
      return;
    }
  c->conn->callback_begin = on_event;
  c->conn->callback_end = on_event;
  c->conn->callback_cancel = on_event;
  spd_set_notification_on (c->conn, SPD_BEGIN);
  spd_set_notification_on (c->conn, SPD_END);
  spd_set_notification_on (c->conn, SPD_CANCEL);
  g_task_return_pointer (task, c, (GDestroyNotify) connected_free);
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer data)
{
  CgSpeakerSpd *self = CG_SPEAKER_SPD (source);
  g_autoptr(GError) error = NULL;
  Connected *c = g_task_propagate_pointer (G_TASK (result), &error);

  self->connecting = FALSE;
  if (c == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Speech Dispatcher cannot be reached (%s); speaking with eSpeak NG",
                   error->message);
      return;
    }
  self->conn = g_steal_pointer (&c->conn);
  connected_free (c);
  cg_speaker_set_available (CG_SPEAKER (self), TRUE);
  g_message ("Speech Dispatcher is ready");
}

static void
cg_speaker_spd_prepare (CgSpeaker *speaker)
{
  CgSpeakerSpd *self = CG_SPEAKER_SPD (speaker);
  g_autoptr(GTask) task = NULL;

  if (self->conn != NULL || self->connecting)
    return;
  self->connecting = TRUE;
  task = g_task_new (self, self->cancellable, on_connected, NULL);
  g_task_run_in_thread (task, connect_in_thread);
}

/* Speech Dispatcher failed: speak with eSpeak NG until prepared again. */
static void
lose_connection (CgSpeakerSpd *self, const char *why)
{
  g_message ("%s; speaking with eSpeak NG", why);
  g_clear_pointer (&self->conn, spd_close);
  cg_speaker_set_available (CG_SPEAKER (self), FALSE);
}

static void
cg_speaker_spd_speak (CgSpeaker *speaker, const CgUtterance *utt, const CgVoiceSettings *voice)
{
  CgSpeakerSpd *self = CG_SPEAKER_SPD (speaker);
  static const char *const langs[] = { [CG_LANG_ZH_CN] = "zh", [CG_LANG_YUE] = "yue", [CG_LANG_EN] = "en" };

  self->id = utt->id;
  self->started = FALSE;
  if (self->conn == NULL)
    {
      self->id = 0;
      cg_speaker_emit_finished (speaker, utt->id, TRUE);
      return;
    }
  spd_set_language (self->conn, langs[utt->lang]);
  if (utt->lang == CG_LANG_ZH_CN)
    spd_set_synthesis_voice (self->conn, MANDARIN_VOICE);
  /* eSpeak's words a minute (80-450, 175 normal) onto Speech Dispatcher's -100..100. */
  spd_set_voice_rate (self->conn, CLAMP ((voice->rate - 175) * 100 / 275, -100, 100));
  spd_set_voice_pitch (self->conn, CLAMP ((voice->pitch - 50) * 2, -100, 100));
  spd_set_volume (self->conn, CLAMP (voice->volume - 100, -100, 100));

  self->msg_id = spd_say (self->conn, SPD_MESSAGE, utt->words);
  if (self->msg_id < 0)
    {
      lose_connection (self, "Speech Dispatcher refused a message");
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
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->conn, spd_close);
  G_OBJECT_CLASS (cg_speaker_spd_parent_class)->dispose (object);
}

static void
cg_speaker_spd_finalize (GObject *object)
{
  CgSpeakerSpd *self = CG_SPEAKER_SPD (object);
  g_clear_object (&self->cancellable);
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
  CG_SPEAKER_CLASS (klass)->prepare = cg_speaker_spd_prepare;
}

static void
cg_speaker_spd_init (CgSpeakerSpd *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
}

CgSpeaker *
cg_speaker_spd_new (void)
{
  CgSpeakerSpd *self = g_object_new (CG_TYPE_SPEAKER_SPD, NULL);
  cg_speaker_set_name (CG_SPEAKER (self), "speech-dispatcher");
  cg_speaker_set_available (CG_SPEAKER (self), FALSE); /* until prepared */
  g_mutex_lock (&instance_lock);
  instance = self; /* the last one made gets the events */
  g_mutex_unlock (&instance_lock);
  return CG_SPEAKER (self);
}
