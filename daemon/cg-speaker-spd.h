/* The Speech Dispatcher backend: used while a screen reader (Orca) runs, so
 * that its speech and ours queue in one place and never overlap.  Messages
 * go at MESSAGE priority, Orca's own, so neither cuts the other. */
#pragma once

#include "cg-speaker.h"

G_BEGIN_DECLS

#define CG_TYPE_SPEAKER_SPD (cg_speaker_spd_get_type ())
G_DECLARE_FINAL_TYPE (CgSpeakerSpd, cg_speaker_spd, CG, SPEAKER_SPD, CgSpeaker)

/* Connects on first use; until then, and whenever it cannot, it reports
 * itself unavailable and the daemon speaks with eSpeak NG itself. */
CgSpeaker *cg_speaker_spd_new (void);

G_END_DECLS
