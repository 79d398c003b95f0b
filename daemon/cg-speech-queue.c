#include "cg-speech-queue.h"

struct _CgSpeechQueue {
  GQueue items; /* of CgUtterance, in the order they will be said */
};

CgSpeechQueue *
cg_speech_queue_new (void)
{
  CgSpeechQueue *queue = g_new0 (CgSpeechQueue, 1);
  g_queue_init (&queue->items);
  return queue;
}

void
cg_speech_queue_free (CgSpeechQueue *queue)
{
  if (queue == NULL)
    return;
  g_queue_clear_full (&queue->items, (GDestroyNotify) cg_utterance_free);
  g_free (queue);
}

static void
drop_focus_speech (CgSpeechQueue *queue, GPtrArray *dropped)
{
  GList *l = queue->items.head;
  while (l != NULL)
    {
      GList *next = l->next;
      CgUtterance *utt = l->data;
      if (utt->priority == CG_PRIORITY_FOCUS)
        {
          g_queue_delete_link (&queue->items, l);
          g_ptr_array_add (dropped, utt);
        }
      l = next;
    }
}

/* Inserts @utt before the first waiting utterance of a lower priority. */
static void
insert_by_priority (CgSpeechQueue *queue, CgUtterance *utt)
{
  for (GList *l = queue->items.head; l != NULL; l = l->next)
    {
      CgUtterance *other = l->data;
      if (other->priority > utt->priority)
        {
          g_queue_insert_before (&queue->items, l, utt);
          return;
        }
    }
  g_queue_push_tail (&queue->items, utt);
}

gboolean
cg_speech_queue_push (CgSpeechQueue *queue, CgUtterance *utt, GPtrArray *dropped)
{
  g_return_val_if_fail (queue != NULL && utt != NULL, FALSE);

  if (utt->priority == CG_PRIORITY_FOCUS)
    drop_focus_speech (queue, dropped);
  insert_by_priority (queue, utt);
  return utt->priority == CG_PRIORITY_FOCUS;
}

CgUtterance *
cg_speech_queue_pop (CgSpeechQueue *queue)
{
  return g_queue_pop_head (&queue->items);
}

void
cg_speech_queue_clear (CgSpeechQueue *queue, GPtrArray *dropped)
{
  CgUtterance *utt;
  while ((utt = g_queue_pop_head (&queue->items)) != NULL)
    g_ptr_array_add (dropped, utt);
}

guint
cg_speech_queue_length (CgSpeechQueue *queue)
{
  return queue->items.length;
}
