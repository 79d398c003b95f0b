/* A speech backend: eSpeak NG to a sink, or Speech Dispatcher.
 *
 * The speech controller hands it one utterance at a time (never a second
 * before "finished" of the first).  A backend emits, in the main context,
 * "started" when the first sound of the utterance goes out and "finished"
 * when it has been heard or cut; stop() cuts what is being said. */
#pragma once

#include <glib-object.h>

#include "cg-utterance.h"

G_BEGIN_DECLS

/* How to speak, from the active profile. */
typedef struct {
  char *variant; /* a voice variant from voices/, such as "senior"; NULL for none */
  int rate;      /* words a minute, 80 to 450 */
  int pitch;     /* 0 to 100 */
  int range;     /* 0 to 100 */
  int volume;    /* 0 to 200, 100 is normal */
  int word_gap;  /* extra pause between words, in units of 10 ms */
} CgVoiceSettings;

#define CG_TYPE_SPEAKER (cg_speaker_get_type ())
G_DECLARE_DERIVABLE_TYPE (CgSpeaker, cg_speaker, CG, SPEAKER, GObject)

struct _CgSpeakerClass {
  GObjectClass parent_class;

  void        (*speak)  (CgSpeaker *self, const CgUtterance *utt, const CgVoiceSettings *voice);
  void        (*stop)   (CgSpeaker *self);
  /* "sound", or the path of the WAV file speech goes to. */
  char       *(*dup_output) (CgSpeaker *self);
  /* Optional: get ready to speak soon (connect), without blocking. */
  void        (*prepare) (CgSpeaker *self);
};

void        cg_speaker_speak           (CgSpeaker *self, const CgUtterance *utt,
                                        const CgVoiceSettings *voice);
void        cg_speaker_stop            (CgSpeaker *self);
char       *cg_speaker_dup_output      (CgSpeaker *self);
void        cg_speaker_prepare         (CgSpeaker *self);
const char *cg_speaker_get_name        (CgSpeaker *self);

/* FALSE while the backend cannot speak (Speech Dispatcher unreachable). */
gboolean    cg_speaker_is_available    (CgSpeaker *self);

/* For backends. */
void        cg_speaker_set_name        (CgSpeaker *self, const char *name);
void        cg_speaker_set_available   (CgSpeaker *self, gboolean available);
void        cg_speaker_emit_started    (CgSpeaker *self, guint id);
void        cg_speaker_emit_finished   (CgSpeaker *self, guint id, gboolean interrupted);

G_END_DECLS
