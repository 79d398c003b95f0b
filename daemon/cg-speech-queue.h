/* The order in which utterances are spoken.  Pure logic, no sound: the
 * speech controller asks it what to do and the unit tests check its answers.
 *
 * - focus:  goes first; drops focus speech still waiting (it is stale now)
 *           and cuts what is being said, whatever it is;
 * - prompt: after waiting focus speech and earlier prompts;
 * - notify: at the end; never cuts. */
#pragma once

#include "cg-utterance.h"

G_BEGIN_DECLS

typedef struct _CgSpeechQueue CgSpeechQueue;

CgSpeechQueue *cg_speech_queue_new    (void);
void           cg_speech_queue_free   (CgSpeechQueue *queue);

/* Takes @utt.  Utterances removed unsaid are appended to @dropped (owned by
 * it).  Returns TRUE when the one being said now must be cut. */
gboolean       cg_speech_queue_push   (CgSpeechQueue *queue, CgUtterance *utt,
                                       GPtrArray *dropped);
/* The next utterance to say, or NULL; the caller owns it. */
CgUtterance   *cg_speech_queue_pop    (CgSpeechQueue *queue);
void           cg_speech_queue_clear  (CgSpeechQueue *queue, GPtrArray *dropped);
guint          cg_speech_queue_length (CgSpeechQueue *queue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgSpeechQueue, cg_speech_queue_free)

G_END_DECLS
