/* One thing to say: the text as given, the words for the synthesiser, how
 * urgent it is and in which language. */
#pragma once

#include "cg-lang.h"

G_BEGIN_DECLS

typedef enum {
  CG_PRIORITY_FOCUS,  /* cuts what is being said; supersedes older focus speech */
  CG_PRIORITY_PROMPT, /* waits its turn, in order */
  CG_PRIORITY_NOTIFY, /* waits for everything else; never cuts a sentence */
} CgPriority;

gboolean    cg_priority_from_string (const char *name, CgPriority *out);
const char *cg_priority_to_string   (CgPriority priority);

typedef struct {
  guint id;
  CgPriority priority;
  CgLang lang;
  char *text;  /* as given */
  char *words; /* as handed to the synthesiser */
} CgUtterance;

CgUtterance *cg_utterance_new  (guint id, CgPriority priority, CgLang lang,
                                const char *text, const char *words);
void         cg_utterance_free (CgUtterance *utt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgUtterance, cg_utterance_free)

G_END_DECLS
