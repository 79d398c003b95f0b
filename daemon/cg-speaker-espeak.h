/* The eSpeak NG backend: synthesis on its own thread, to the sound device or
 * to a WAV file. */
#pragma once

#include "cg-speaker.h"

G_BEGIN_DECLS

#define CG_TYPE_SPEAKER_ESPEAK (cg_speaker_espeak_get_type ())
G_DECLARE_FINAL_TYPE (CgSpeakerEspeak, cg_speaker_espeak, CG, SPEAKER_ESPEAK, CgSpeaker)

/* @data_dir: the eSpeak NG data folder to use (see cg-voices.h).
 * @wav_path: speak to this WAV file; NULL for the sound device, falling back
 * to @fallback_wav_path while there is none. */
CgSpeaker *cg_speaker_espeak_new (const char *data_dir, const char *wav_path,
                                  const char *fallback_wav_path, GError **error);

/* From the next utterance on, speak to the WAV file @wav_path, or to the
 * sound device when NULL. */
void        cg_speaker_espeak_set_wav_path (CgSpeakerEspeak *self, const char *wav_path);

/* The eSpeak NG voice for @lang: never "cmn", which reads Han characters as
 * English-spoken pinyin on eSpeak NG 1.51. */
const char *cg_espeak_voice_for (CgLang lang);

G_END_DECLS
