/* The one voice: turns text into words, keeps the queue, and hands one
 * utterance at a time to the backend in force (eSpeak NG, or Speech
 * Dispatcher while a screen reader runs). */
#pragma once

#include "cg-speaker.h"
#include "cg-utterance.h"

G_BEGIN_DECLS

#define CG_SPEECH_MAX_TEXT 65536 /* bytes */

#define CG_TYPE_SPEECH (cg_speech_get_type ())
G_DECLARE_FINAL_TYPE (CgSpeech, cg_speech, CG, SPEECH, GObject)

CgSpeech   *cg_speech_new               (CgSpeaker *speaker);
/* The backend used while a screen reader runs; NULL for none. */
void        cg_speech_set_shared_speaker (CgSpeech *self, CgSpeaker *speaker);
void        cg_speech_set_screen_reader (CgSpeech *self, gboolean running);
gboolean    cg_speech_get_screen_reader (CgSpeech *self);
void        cg_speech_set_voice         (CgSpeech *self, const CgVoiceSettings *voice);

/* Queues @text; returns the utterance's id. */
guint       cg_speech_say               (CgSpeech *self, const char *text, CgPriority priority,
                                         CgLang lang);
/* Stops speaking and forgets what waits. */
void        cg_speech_stop              (CgSpeech *self);

gboolean    cg_speech_is_speaking       (CgSpeech *self);
guint       cg_speech_get_queued        (CgSpeech *self);
/* The backend in force now. */
CgSpeaker  *cg_speech_get_speaker       (CgSpeech *self);

G_END_DECLS
