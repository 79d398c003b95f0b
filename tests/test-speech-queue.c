/* test-speech-queue: the order in which utterances are said.
 *
 * CgSpeechQueue is pure logic: each case pushes a sequence of utterances and
 * checks what push() answered (cut or not), what was dropped unsaid and the
 * order in which the rest comes out.  A sequence is written as tokens:
 *
 *   P3  push prompt 3      F4  push focus 4      N5  push notify 5
 *   .   pop one now (the synthesiser took the next utterance)
 *
 * Whatever is left at the end is popped; the popped ids, in order, must be
 * the expected pop order.  The same sequence is also run with clear() at the
 * end instead of popping, which must drop the rest in that same order. */
#include "cg-speech-queue.h"

#include <string.h>

typedef struct {
  const char *name;
  const char *steps;   /* tokens, as above */
  const char *popped;  /* ids in the order they come out */
  const char *dropped; /* ids dropped unsaid by the pushes, in order */
} Sequence;

static const Sequence sequences[] = {
  { "empty", "", "", "" },
  { "prompts-in-order", "P1 P2 P3", "1 2 3", "" },
  { "notifies-in-order", "N1 N2 N3", "1 2 3", "" },
  { "prompt-before-notify", "N1 N2 P3", "3 1 2", "" },
  { "prompts-and-notifies", "P1 N2 P3 N4 P5", "1 3 5 2 4", "" },
  { "focus-alone", "F1", "1", "" },
  { "focus-supersedes-focus", "F1 F2 F3", "3", "1 2" },
  { "mixed", "P1 N2 P3 F4 F5 P6", "5 1 3 6 2", "4" },
  { "mixed-focus-after-notify", "N1 F2 P3 N4 F5", "5 3 1 4", "2" },
  { "mixed-two-drops", "P1 F2 P3 F4 N5 F6 P7", "6 1 3 7 5", "2 4" },
  { "focus-keeps-notify", "F1 N2 F3 N4 P5", "3 5 2 4", "1" },
  /* What is being said is not waiting: a focus utterance cuts it (push
   * answers TRUE) but does not drop it. */
  { "spoken-focus-not-dropped", "F1 . F2 P3 . F4", "1 2 4 3", "" },
  { "pops-between", "P1 N2 . P3 . . N4 F5", "1 3 2 5 4", "" },
  { "pop-empty", ". . P1 .", "1", "" },
};

static CgUtterance *
utterance_for (const char *token)
{
  CgPriority priority;
  guint64 id = 0;

  switch (token[0])
    {
    case 'F': priority = CG_PRIORITY_FOCUS; break;
    case 'P': priority = CG_PRIORITY_PROMPT; break;
    case 'N': priority = CG_PRIORITY_NOTIFY; break;
    default: g_assert_not_reached ();
    }
  g_assert_true (g_ascii_string_to_unsigned (token + 1, 10, 1, G_MAXUINT, &id, NULL));
  /* Neutral words: the test output holds nothing anyone typed. */
  return cg_utterance_new ((guint) id, priority, CG_LANG_EN, "a field", "a field");
}

static void
append_id (GString *s, guint id)
{
  if (s->len > 0)
    g_string_append_c (s, ' ');
  g_string_append_printf (s, "%u", id);
}

static char *
ids_of (GPtrArray *utterances)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < utterances->len; i++)
    append_id (s, ((CgUtterance *) g_ptr_array_index (utterances, i))->id);
  return g_string_free (s, FALSE);
}

/* Pushes @steps; pops at each "."; the ids popped go to @popped. */
static void
run_steps (CgSpeechQueue *queue, const char *steps, GString *popped, GPtrArray *dropped)
{
  g_auto(GStrv) tokens = g_strsplit (steps, " ", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *t = tokens[i];
      if (*t == '\0')
        continue;
      if (g_str_equal (t, "."))
        {
          g_autoptr(CgUtterance) utt = cg_speech_queue_pop (queue);
          if (utt != NULL)
            append_id (popped, utt->id);
          continue;
        }

      CgUtterance *utt = utterance_for (t);
      gboolean focus = utt->priority == CG_PRIORITY_FOCUS;
      guint before = cg_speech_queue_length (queue);
      guint n_dropped = dropped->len;
      gboolean cut = cg_speech_queue_push (queue, utt, dropped);

      /* Only focus speech cuts, and only focus speech is dropped. */
      g_assert_cmpint (cut, ==, focus);
      if (!focus)
        g_assert_cmpuint (dropped->len, ==, n_dropped);
      for (guint j = n_dropped; j < dropped->len; j++)
        g_assert_cmpint (((CgUtterance *) g_ptr_array_index (dropped, j))->priority, ==,
                         CG_PRIORITY_FOCUS);
      g_assert_cmpuint (cg_speech_queue_length (queue), ==,
                        before + 1 - (dropped->len - n_dropped));
    }
}

static void
test_sequence_popped (gconstpointer data)
{
  const Sequence *seq = data;
  g_autoptr(CgSpeechQueue) queue = cg_speech_queue_new ();
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);
  g_autoptr(GString) popped = g_string_new (NULL);
  g_autofree char *dropped_ids = NULL;
  CgUtterance *utt;

  run_steps (queue, seq->steps, popped, dropped);
  while ((utt = cg_speech_queue_pop (queue)) != NULL)
    {
      append_id (popped, utt->id);
      cg_utterance_free (utt);
    }
  g_assert_cmpuint (cg_speech_queue_length (queue), ==, 0);
  g_assert_null (cg_speech_queue_pop (queue));

  dropped_ids = ids_of (dropped);
  g_assert_cmpstr (popped->str, ==, seq->popped);
  g_assert_cmpstr (dropped_ids, ==, seq->dropped);
}

static void
test_sequence_cleared (gconstpointer data)
{
  const Sequence *seq = data;
  g_autoptr(CgSpeechQueue) queue = cg_speech_queue_new ();
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);
  g_autoptr(GPtrArray) cleared = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);
  g_autoptr(GString) popped = g_string_new (NULL);
  g_autofree char *dropped_ids = NULL, *cleared_ids = NULL;
  guint waiting;

  run_steps (queue, seq->steps, popped, dropped);
  waiting = cg_speech_queue_length (queue);
  cg_speech_queue_clear (queue, cleared);
  g_assert_cmpuint (cleared->len, ==, waiting);
  g_assert_cmpuint (cg_speech_queue_length (queue), ==, 0);
  g_assert_null (cg_speech_queue_pop (queue));

  /* What was popped along the way, then what clear dropped: the pop order. */
  cleared_ids = ids_of (cleared);
  if (popped->len > 0 && *cleared_ids != '\0')
    g_string_append_c (popped, ' ');
  g_string_append (popped, cleared_ids);
  dropped_ids = ids_of (dropped);
  g_assert_cmpstr (popped->str, ==, seq->popped);
  g_assert_cmpstr (dropped_ids, ==, seq->dropped);

  /* The queue is still usable after clear. */
  g_assert_false (cg_speech_queue_push (queue, utterance_for ("P99"), dropped));
  g_assert_cmpuint (cg_speech_queue_length (queue), ==, 1);
}

static void
test_prompt_never_cuts (void)
{
  g_autoptr(CgSpeechQueue) queue = cg_speech_queue_new ();
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);

  for (guint id = 1; id <= 5; id++)
    {
      g_assert_false (cg_speech_queue_push (
        queue, cg_utterance_new (id, CG_PRIORITY_PROMPT, CG_LANG_ZH_CN, "a", "a"), dropped));
      g_assert_cmpuint (cg_speech_queue_length (queue), ==, id);
    }
  g_assert_cmpuint (dropped->len, ==, 0);
  for (guint id = 1; id <= 5; id++)
    {
      g_autoptr(CgUtterance) utt = cg_speech_queue_pop (queue);
      g_assert_nonnull (utt);
      g_assert_cmpuint (utt->id, ==, id);
      g_assert_cmpint (utt->priority, ==, CG_PRIORITY_PROMPT);
    }
}

static void
test_focus_cuts (void)
{
  g_autoptr(CgSpeechQueue) queue = cg_speech_queue_new ();
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);
  g_autoptr(CgUtterance) first = NULL;

  /* On an empty queue too: something may be being said. */
  g_assert_true (cg_speech_queue_push (
    queue, cg_utterance_new (1, CG_PRIORITY_FOCUS, CG_LANG_EN, "one", "one"), dropped));
  g_assert_cmpuint (dropped->len, ==, 0);
  g_assert_false (cg_speech_queue_push (
    queue, cg_utterance_new (2, CG_PRIORITY_PROMPT, CG_LANG_EN, "two", "two"), dropped));
  g_assert_false (cg_speech_queue_push (
    queue, cg_utterance_new (3, CG_PRIORITY_NOTIFY, CG_LANG_EN, "three", "three"), dropped));
  g_assert_true (cg_speech_queue_push (
    queue, cg_utterance_new (4, CG_PRIORITY_FOCUS, CG_LANG_YUE, "four", "four"), dropped));

  /* The waiting focus utterance is stale: dropped whole, text and all. */
  g_assert_cmpuint (dropped->len, ==, 1);
  {
    const CgUtterance *gone = g_ptr_array_index (dropped, 0);
    g_assert_cmpuint (gone->id, ==, 1);
    g_assert_cmpstr (gone->text, ==, "one");
    g_assert_cmpstr (gone->words, ==, "one");
  }
  g_assert_cmpuint (cg_speech_queue_length (queue), ==, 3);

  first = cg_speech_queue_pop (queue);
  g_assert_cmpuint (first->id, ==, 4);
  g_assert_cmpint (first->priority, ==, CG_PRIORITY_FOCUS);
  g_assert_cmpint (first->lang, ==, CG_LANG_YUE);
  g_assert_cmpstr (first->text, ==, "four");
}

static void
test_notify_never_cuts (void)
{
  g_autoptr(CgSpeechQueue) queue = cg_speech_queue_new ();
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);
  g_autoptr(CgUtterance) a = NULL, b = NULL, c = NULL;

  g_assert_false (cg_speech_queue_push (
    queue, cg_utterance_new (1, CG_PRIORITY_NOTIFY, CG_LANG_EN, "n", "n"), dropped));
  g_assert_false (cg_speech_queue_push (
    queue, cg_utterance_new (2, CG_PRIORITY_PROMPT, CG_LANG_EN, "p", "p"), dropped));
  g_assert_false (cg_speech_queue_push (
    queue, cg_utterance_new (3, CG_PRIORITY_NOTIFY, CG_LANG_EN, "n", "n"), dropped));
  g_assert_cmpuint (dropped->len, ==, 0);

  a = cg_speech_queue_pop (queue);
  b = cg_speech_queue_pop (queue);
  c = cg_speech_queue_pop (queue);
  g_assert_cmpuint (a->id, ==, 2);
  g_assert_cmpuint (b->id, ==, 1);
  g_assert_cmpuint (c->id, ==, 3);
  g_assert_null (cg_speech_queue_pop (queue));
}

static void
test_clear_empty (void)
{
  g_autoptr(CgSpeechQueue) queue = cg_speech_queue_new ();
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);

  cg_speech_queue_clear (queue, dropped);
  g_assert_cmpuint (dropped->len, ==, 0);
  g_assert_cmpuint (cg_speech_queue_length (queue), ==, 0);
  g_assert_null (cg_speech_queue_pop (queue));
  cg_speech_queue_free (NULL);
}

/* Freeing a queue with utterances still waiting frees them (ASan checks). */
static void
test_free_with_waiting (void)
{
  CgSpeechQueue *queue = cg_speech_queue_new ();
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_utterance_free);

  cg_speech_queue_push (queue, utterance_for ("P1"), dropped);
  cg_speech_queue_push (queue, utterance_for ("N2"), dropped);
  cg_speech_queue_push (queue, utterance_for ("F3"), dropped);
  g_assert_cmpuint (cg_speech_queue_length (queue), ==, 3);
  cg_speech_queue_free (queue);
}

static void
test_priority_names (void)
{
  static const struct {
    const char *name;
    CgPriority priority;
  } known[] = {
    { "focus", CG_PRIORITY_FOCUS },
    { "prompt", CG_PRIORITY_PROMPT },
    { "notify", CG_PRIORITY_NOTIFY },
  };
  static const char *const unknown[] = {
    "", "Focus", "PROMPT", "notify ", " focus", "urgent", "low", "0", "focusx", "prom",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      CgPriority p = (CgPriority) 99;
      g_assert_true (cg_priority_from_string (known[i].name, &p));
      g_assert_cmpint (p, ==, known[i].priority);
      g_assert_cmpstr (cg_priority_to_string (p), ==, known[i].name);
      /* and back again */
      g_assert_true (cg_priority_from_string (cg_priority_to_string (known[i].priority), &p));
      g_assert_cmpint (p, ==, known[i].priority);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      CgPriority p = CG_PRIORITY_NOTIFY;
      g_assert_false (cg_priority_from_string (unknown[i], &p));
      g_assert_cmpint (p, ==, CG_PRIORITY_NOTIFY); /* left alone */
    }
  {
    CgPriority p = CG_PRIORITY_FOCUS;
    g_assert_false (cg_priority_from_string (NULL, &p));
    g_assert_cmpint (p, ==, CG_PRIORITY_FOCUS);
  }
}

static void
test_priority_out_of_range (void)
{
  if (!g_test_undefined ())
    {
      g_test_skip ("checks a programming error");
      return;
    }
  g_test_expect_message ("claimguided", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpstr (cg_priority_to_string ((CgPriority) 7), ==, "prompt");
  g_test_assert_expected_messages ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/speech-queue/prompt-never-cuts", test_prompt_never_cuts);
  g_test_add_func ("/speech-queue/focus-cuts", test_focus_cuts);
  g_test_add_func ("/speech-queue/notify-never-cuts", test_notify_never_cuts);
  g_test_add_func ("/speech-queue/clear-empty", test_clear_empty);
  g_test_add_func ("/speech-queue/free-with-waiting", test_free_with_waiting);
  for (gsize i = 0; i < G_N_ELEMENTS (sequences); i++)
    {
      g_autofree char *popped = g_strdup_printf ("/speech-queue/sequence/popped/%s",
                                                 sequences[i].name);
      g_autofree char *cleared = g_strdup_printf ("/speech-queue/sequence/cleared/%s",
                                                  sequences[i].name);
      g_test_add_data_func (popped, &sequences[i], test_sequence_popped);
      g_test_add_data_func (cleared, &sequences[i], test_sequence_cleared);
    }
  g_test_add_func ("/priority/names", test_priority_names);
  g_test_add_func ("/priority/out-of-range", test_priority_out_of_range);
  return g_test_run ();
}
