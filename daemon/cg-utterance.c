#include "cg-utterance.h"

static const char *const priority_names[] = {
  [CG_PRIORITY_FOCUS] = "focus",
  [CG_PRIORITY_PROMPT] = "prompt",
  [CG_PRIORITY_NOTIFY] = "notify",
};

gboolean
cg_priority_from_string (const char *name, CgPriority *out)
{
  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (priority_names); i++)
    if (g_str_equal (name, priority_names[i]))
      {
        *out = (CgPriority) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cg_priority_to_string (CgPriority priority)
{
  g_return_val_if_fail (priority < G_N_ELEMENTS (priority_names), "prompt");
  return priority_names[priority];
}

CgUtterance *
cg_utterance_new (guint id, CgPriority priority, CgLang lang, const char *text,
                  const char *words)
{
  CgUtterance *utt = g_new0 (CgUtterance, 1);
  utt->id = id;
  utt->priority = priority;
  utt->lang = lang;
  utt->text = g_strdup (text);
  utt->words = g_strdup (words);
  return utt;
}

void
cg_utterance_free (CgUtterance *utt)
{
  if (utt == NULL)
    return;
  g_free (utt->text);
  g_free (utt->words);
  g_free (utt);
}
