/* fuzz-profile: any bytes as a profile file are loaded or refused with an
 * error, never a crash.  A file that loads is merged as claimguided merges
 * it: as a profile of its own over the shipped default, and as the default
 * itself; a profile that merges must be usable (its getters, its keys said
 * aloud) and keep the rules the merge promises (keys set and different,
 * readable lens colours, values in range). */
#include <stdlib.h>

#include "cg-colour.h"
#include "cg-present.h"
#include "cg-profile.h"
#include "cg-voices.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static GStrv variants;
static GKeyFile *shipped_default;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = cg_voices_list_variants (FUZZ_VOICES, &error);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_strv_builder_add (b, ((CgVoiceVariant *) found->pdata[i])->name);
  variants = g_strv_builder_end (b);
  shipped_default = cg_profile_parse_file (FUZZ_PROFILES "/default.profile",
                                           (const char *const *) variants, &error);
  g_assert_no_error (error);
  return 0;
}

static void
use (const CgProfile *p)
{
  g_autoptr(GHashTable) settings = cg_profile_dup_settings (p);
  GHashTableIter iter;
  gpointer k, v;

  g_assert_nonnull (p->name);
  g_assert_nonnull (p->title[0]);
  g_assert_nonnull (p->title[1]);
  g_assert_cmpint (p->language, <, CG_N_LANGS);
  g_assert_nonnull (cg_lang_to_string (p->language));
  g_assert_nonnull (cg_lang_text_language (p->language));
  g_assert_true (p->verbosity <= CG_VERBOSITY_FULL);
  g_assert_true (p->page_zoom >= 1.0 && p->page_zoom <= 3.0);
  g_assert_true (p->lens_text_size >= 18 && p->lens_text_size <= 144);
  g_assert_true (p->voice.rate >= 80 && p->voice.rate <= 450);
  g_assert_true (p->voice.pitch >= 0 && p->voice.pitch <= 100);
  g_assert_true (p->voice.range >= 0 && p->voice.range <= 100);
  g_assert_true (p->voice.volume >= 0 && p->voice.volume <= 200);
  g_assert_true (p->voice.word_gap >= 0 && p->voice.word_gap <= 100);
  g_assert_true (cg_contrast_ratio (p->lens_foreground, p->lens_background) >= 4.5);
  g_assert_nonnull (p->lens_position);
  g_assert_true (p->output_file == NULL || g_path_is_absolute (p->output_file));
  for (int a = 0; a < CG_N_KEYS; a++)
    {
      g_assert_nonnull (p->keys[a]);
      g_assert_nonnull (cg_key_action_to_string (a));
      for (int b = 0; b < a; b++)
        g_assert_cmpstr (p->keys[a], !=, p->keys[b]);
      for (CgLang l = 0; l < CG_N_LANGS; l++)
        g_free (cg_present_keys (p->keys[a], l));
    }
  g_hash_table_iter_init (&iter, settings);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_assert_true (k != NULL && v != NULL);
  g_assert_true (p->files != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) kf = cg_profile_parse_data ((const char *) data, size, "fuzz.profile",
                                                  (const char *const *) variants, &error);

  g_assert_true ((kf == NULL) != (error == NULL));
  if (kf == NULL)
    {
      g_assert_nonnull (error->message);
      return 0;
    }
  for (int as_default = 0; as_default < 2; as_default++)
    {
      g_autoptr(GPtrArray) layers = g_ptr_array_new ();
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) merge_error = NULL;
      g_autoptr(CgProfile) p = NULL;

      if (!as_default)
        {
          g_ptr_array_add (layers, shipped_default);
          g_ptr_array_add (files, g_strdup (FUZZ_PROFILES "/default.profile"));
        }
      g_ptr_array_add (layers, kf);
      g_ptr_array_add (files, g_strdup ("fuzz.profile"));
      p = cg_profile_merge (as_default ? "default" : "fuzz", layers, as_default ? 0 : 1, files,
                            &merge_error);
      g_assert_true ((p == NULL) != (merge_error == NULL));
      if (p != NULL)
        use (p);
    }
  return 0;
}
