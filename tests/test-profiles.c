/* test-profiles: profile files are checked line by line, merged over the
 * default, layered shipped < system < user, remembered, and read again when
 * they change, keeping the last good version of a file with a mistake.
 *
 * argv[1] is the project's source root (profiles/ and voices/ are below it).
 * The layering tests work in temporary folders, removed at the end.  Nothing
 * printed names the person running the tests: paths below the temporary
 * folder are shown as $TMP. */
#include "cg-colour.h"
#include "cg-profiles.h"
#include "cg-voices.h"
#include "claimrules.h"

#include <glib/gstdio.h>
#include <string.h>

/* The shipped voice variants (voices/). */
static const char *const voice_names[] = { "senior", "senior-bright", "senior-clear", NULL };

static char *source_root;
static char *profiles_src; /* source_root/profiles */

/* ---- What the daemon's code logs ---- */

/* Warnings and messages of the claimguided domain (a refused file is a
 * warning, which GTest would make fatal): kept here for the tests to check,
 * not printed.  Anything else goes to GLib's writer, fatal as usual. */
static GPtrArray *logged;

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  g_autofree char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      char **into = g_str_equal (fields[i].key, "GLIB_DOMAIN") ? &domain
                    : g_str_equal (fields[i].key, "MESSAGE")   ? &message
                                                               : NULL;
      if (into == NULL || *into != NULL)
        continue;
      *into = fields[i].length < 0 ? g_strdup (fields[i].value)
                                   : g_strndup (fields[i].value, (gsize) fields[i].length);
    }
  if (g_strcmp0 (domain, "claimguided") == 0 && message != NULL &&
      (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO)) != 0)
    {
      g_ptr_array_add (logged, g_steal_pointer (&message));
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static guint
count_logged (const char *words)
{
  guint n = 0;
  for (guint i = 0; i < logged->len; i++)
    n += strstr (g_ptr_array_index (logged, i), words) != NULL;
  return n;
}

/* ---- Temporary layers ---- */

typedef struct {
  char *root;
  char *shipped; /* a copy of profiles/ */
  char *system;
  char *user;
  char *state_file;
  CgProfiles *profiles;
  guint changed; /* "changed" signals seen */
} Layers;

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
copy_profiles (const char *from, const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (from, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (from, name, NULL);
      g_autofree char *text = NULL;
      if (!g_str_has_suffix (name, ".profile"))
        continue;
      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      write_file (to, name, text);
    }
}

static void
layers_setup (Layers *l, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  l->root = g_dir_make_tmp ("claimguide-profiles-XXXXXX", &error);
  g_assert_no_error (error);
  l->shipped = g_build_filename (l->root, "shipped", NULL);
  l->system = g_build_filename (l->root, "system", NULL);
  l->user = g_build_filename (l->root, "user", NULL);
  /* Its folder does not exist yet: remembering a choice makes it. */
  l->state_file = g_build_filename (l->root, "state", "claimguide", "state.ini", NULL);
  g_assert_cmpint (g_mkdir (l->shipped, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (l->system, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (l->user, 0700), ==, 0);
  copy_profiles (profiles_src, l->shipped);
  g_ptr_array_set_size (logged, 0);
}

static void
layers_teardown (Layers *l, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&l->profiles);
  /* Events of the monitors just gone, so that no test sees another's. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (cg_remove_tree (l->root, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (l->root, G_FILE_TEST_EXISTS));
  g_free (l->root);
  g_free (l->shipped);
  g_free (l->system);
  g_free (l->user);
  g_free (l->state_file);
  g_ptr_array_set_size (logged, 0);
}

static void
on_changed (CgProfiles *profiles, gpointer data)
{
  Layers *l = data;
  l->changed++;
}

static CgProfiles *
layers_open (Layers *l)
{
  const char *const dirs[] = { l->shipped, l->system, l->user, NULL };
  g_autoptr(GError) error = NULL;
  CgProfiles *p = cg_profiles_new (dirs, l->state_file, voice_names, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_signal_connect (p, "changed", G_CALLBACK (on_changed), l);
  return p;
}

/* @text with the temporary folder written as $TMP. */
static char *
shown (const Layers *l, const char *text)
{
  GString *s = g_string_new (text);
  g_string_replace (s, l->root, "$TMP", 0);
  return g_string_free (s, FALSE);
}

static int
active_rate (Layers *l)
{
  const CgProfile *p = cg_profiles_get_active (l->profiles);
  g_assert_nonnull (p);
  return p->voice.rate;
}

static gboolean
on_guard (gpointer data)
{
  gboolean *timed_out = data;
  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Layers *l, gconstpointer data);

/* Spins the main context until "changed" has fired (again) and @done holds,
 * for at most 5 s.  FALSE when it timed out. */
static gboolean
wait_for_change (Layers *l, Condition done, gconstpointer data)
{
  guint start = l->changed;
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add_seconds (5, on_guard, &timed_out);

  while (!timed_out && !(l->changed > start && done (l, data)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (guard);
  return !timed_out;
}

static gboolean
monitors_missing (void)
{
  return count_logged ("will need a restart") > 0;
}

/* ---- Voices ---- */

static void
test_voice_names_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (source_root, "voices", NULL);
  g_autoptr(GPtrArray) found = cg_voices_list_variants (dir, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, g_strv_length ((char **) voice_names));
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (((CgVoiceVariant *) g_ptr_array_index (found, i))->name, ==, voice_names[i]);
}

/* ---- The shipped profiles ---- */

static void
test_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("claimguide-state-XXXXXX", &error);
  g_autofree char *state_file = NULL;
  const char *const dirs[] = { profiles_src, NULL };
  g_autoptr(CgProfiles) profiles = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const CgProfile *def, *shared, *low;
  const char *entry;

  g_assert_no_error (error);
  g_ptr_array_set_size (logged, 0);
  state_file = g_build_filename (tmp, "state.ini", NULL);
  profiles = cg_profiles_new (dirs, state_file, voice_names, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profiles);
  g_assert_cmpstrv (cg_profiles_get_problems (profiles), ((const char *const[]) { NULL }));

  /* Every *.profile of the folder is a profile, and each checks on its own. */
  dir = g_dir_open (profiles_src, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".profile"))
      {
        g_autofree char *path = g_build_filename (profiles_src, entry, NULL);
        g_autoptr(GKeyFile) kf = cg_profile_parse_file (path, voice_names, &error);
        g_assert_no_error (error);
        g_assert_nonnull (kf);
        g_ptr_array_add (files, g_strndup (entry, strlen (entry) - strlen (".profile")));
      }
  names = cg_profiles_list (profiles);
  g_assert_cmpuint (names->len, ==, files->len);
  g_assert_cmpuint (names->len, >=, 4);
  for (guint i = 0; i < files->len; i++)
    {
      guint at;
      g_assert_true (g_ptr_array_find_with_equal_func (names, g_ptr_array_index (files, i),
                                                        g_str_equal, &at));
    }
  for (guint i = 1; i < names->len; i++)
    g_assert_cmpint (strcmp (g_ptr_array_index (names, i - 1), g_ptr_array_index (names, i)), <, 0);

  def = cg_profiles_get_active (profiles);
  g_assert_nonnull (def);
  g_assert_true (def == cg_profiles_lookup (profiles, CG_PROFILE_DEFAULT));
  g_assert_cmpstr (def->name, ==, "default");
  g_assert_cmpint (def->language, ==, CG_LANG_ZH_CN);
  g_assert_cmpstr (def->voice.variant, ==, "senior");
  g_assert_cmpstr (def->title[0], ==, "Default");
  g_assert_cmpstr (def->title[1], ==, "默认");
  g_assert_null (def->output_file);
  g_assert_true (def->keep_drafts);
  g_assert_true (def->helper_allowed);
  g_assert_cmpuint (def->files->len, ==, 1);

  shared = cg_profiles_lookup (profiles, "shared-computer");
  g_assert_nonnull (shared);
  g_assert_false (shared->keep_drafts);
  g_assert_false (shared->helper_allowed);
  /* what it leaves out comes from the default */
  g_assert_cmpstr (shared->voice.variant, ==, def->voice.variant);
  g_assert_cmpint (shared->voice.rate, ==, def->voice.rate);

  low = cg_profiles_lookup (profiles, "low-vision");
  g_assert_nonnull (low);
  g_assert_cmpint (low->lens_text_size, >, def->lens_text_size);
  g_assert_cmpfloat (low->page_zoom, >, def->page_zoom);

  for (guint i = 0; i < names->len; i++)
    {
      const CgProfile *p = cg_profiles_lookup (profiles, g_ptr_array_index (names, i));
      double contrast;

      g_assert_nonnull (p);
      g_assert_cmpstr (p->name, ==, g_ptr_array_index (names, i));
      contrast = cg_contrast_ratio (p->lens_foreground, p->lens_background);
      g_test_message ("%s: %s on %s, %.1f:1, %d pt", p->name, p->lens_foreground,
                      p->lens_background, contrast, p->lens_text_size);
      g_assert_cmpfloat (contrast, >=, 7.0);
      g_assert_cmpint (p->lens_text_size, >=, 30);
      g_assert_nonnull (p->title[0]);
      g_assert_nonnull (p->title[1]);
      for (int a = 0; a < CG_N_KEYS; a++)
        g_assert_nonnull (p->keys[a]);
    }

  /* Nothing was chosen, so nothing was written. */
  g_assert_false (g_file_test (state_file, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (logged->len, ==, 0);

  g_clear_object (&profiles);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (cg_remove_tree (tmp, &error));
  g_assert_no_error (error);
}

static void
test_contrast (void)
{
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#FFFFFF", "#000000"), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#000000", "#FFFFFF"), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#336699", "#336699"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#ffff00", "#000000"),
                                  cg_contrast_ratio ("#FFFF00", "#000000"), 1e-9);
  g_assert_cmpfloat (cg_contrast_ratio ("#FFFF00", "#000000"), >, 18.0);
  g_assert_cmpfloat (cg_contrast_ratio ("#777777", "#888888"), <, 4.5);
  /* What is not a colour reads as no contrast at all. */
  g_assert_cmpfloat (cg_contrast_ratio ("red", "#000000"), ==, 0.0);
  g_assert_cmpfloat (cg_contrast_ratio ("#FFFFFF", "#00000"), ==, 0.0);
  g_assert_cmpfloat (cg_contrast_ratio ("#GGGGGG", "#000000"), ==, 0.0);
}

/* ---- Checking one file ---- */

typedef struct {
  const char *text;
  int line;         /* of the mistake */
  const char *key;  /* how the message names where, or NULL */
  const char *what; /* words the message must hold */
} Mistake;

static const Mistake mistakes[] = {
  { "[Profile]\nTitle=Mine\nTitle[zh_CN]=我的\n\n[Colours]\nText=#FFFFFF\n",
    5, "[Colours]", "unknown group" },
  { "[Speech]\nRate=150\n[speech]\nPitch=40\n", 3, "[speech]", "unknown group" },
  { "[Speech]\nRate=150\nSpeed=fast\n", 3, "[Speech] Speed", "unknown key" },
  { "[Profile]\nTitle=Mine\nTitle[zh_CN]=我的\nTitle[fr]=Le mien\n",
    4, "[Profile] Title[fr]", "unknown key" },
  { "[Speech]\nRate=20\n", 2, "[Speech] Rate", "not a whole number from 80 to 450" },
  { "[Speech]\nRate=451\n", 2, "[Speech] Rate", "from 80 to 450" },
  { "[Speech]\nRate=1e2\n", 2, "[Speech] Rate", "not a whole number" },
  { "[Speech]\nLanguage=fr\n", 2, "[Speech] Language", "fr is not one of: zh_CN,yue,en" },
  { "[Speech]\nRate=150\nVoice=nosuch\n", 3, "[Speech] Voice",
    "there is no voice nosuch (there are: plain, senior, senior-bright, senior-clear)" },
  { "[Speech]\nVoice=Senior\n", 2, "[Speech] Voice", "there is no voice Senior" },
  { "[Speech]\nVoice=\n", 2, "[Speech] Voice", "the value is empty" },
  { "[Lens]\nTextSize=40\nForeground=red\n", 3, "[Lens] Foreground",
    "red is not a colour written as #RRGGBB" },
  { "[Lens]\nBackground=#00000\n", 2, "[Lens] Background", "not a colour" },
  { "[Lens]\nTextSize=12\n", 2, "[Lens] TextSize", "from 18 to 144" },
  { "[Lens]\nPageZoom=5\n", 2, "[Lens] PageZoom", "not a number from 1.0 to 3.0" },
  { "[Lens]\nPosition=top\n", 2, "[Lens] Position", "top is not one of: bottom,beside" },
  { "[Speech]\nOutput=file:relative.wav\n", 2, "[Speech] Output",
    "file:relative.wav is neither sound nor file:/absolute/path.wav" },
  { "[Speech]\nOutput=file:/tmp/speech.mp3\n", 2, "[Speech] Output", "neither sound nor" },
  { "[Speech]\nVerbosity=chatty\n", 2, "[Speech] Verbosity", "chatty is not one of" },
  { "[Speech]\nEchoWords=yes\n", 2, "[Speech] EchoWords", "neither true nor false" },
  { "[Privacy]\nKeepDrafts=false\nHelperAllowed=maybe\n", 3, "[Privacy] HelperAllowed",
    "neither true nor false" },
  { "[Keys]\nNextStep=a\n", 2, "[Keys] NextStep", "a is not a key such as" },
  { "[Keys]\nHelp=<Control>\n", 2, "[Keys] Help", "is not a key" },
  { "[Keys]\nHelp=<Shift>a\n", 2, "[Keys] Help", "<Shift>a is not a key" },
  { "[Keys]\nHelp=F1abc\n", 2, "[Keys] Help", "F1abc is not a key" },
  { "[Keys]\nHelp=F25\n", 2, "[Keys] Help", "F25 is not a key" },
  { "[Keys]\nNextStep=<Control><Alt>x\nRepeat=<Alt><Control>x\n", 3, "[Keys] Repeat",
    "<Alt><Control>x is already the key for NextStep" },
  { "[Keys]\nRepeat=<Control><Alt>Page Down\n", 2, "[Keys] Repeat", "is not a key" },
  { "[Keys]\nNextStep=<Control><Alt>n\nRepeat=<Control><Alt>n\n", 3, "[Keys] Repeat",
    "<Control><Alt>n is already the key for NextStep" },
  { "# mine\n[Profile]\nTitle=Mine\n", 3, "[Profile] Title", "Title[zh_CN]= is missing" },
  { "[Profile]\nTitle[zh_CN]=我的\n", 1, "[Profile] Title", "English text" },
  { "[Speech]\nRate=150\nPitch=40\nRate=160\n", 4, "Rate", "already set in [Speech] at line 2" },
  { "[Speech]\nRate=150\n\n[Speech]\nPitch=40\n", 4, "[Speech]", "already at line 1" },
  { "[Profile]\nTitle=\xff\xfe\n", 2, NULL, "not valid UTF-8" },
  { "Rate=150\n[Speech]\n", 1, NULL, "a key before the first [Group]" },
  { "[Speech]\nRate=150\nPitch\n", 3, NULL, "expected Key=value" },
};

static void
test_mistake (gconstpointer data)
{
  const Mistake *m = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) kf = cg_profile_parse_data (m->text, strlen (m->text), "test.profile",
                                                  voice_names, &error);
  g_autofree char *where = g_strdup_printf ("test.profile:%d: ", m->line);

  g_assert_null (kf);
  g_assert_nonnull (error);
  g_assert_true (error->domain == CR_ERROR);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, where));
  if (m->key != NULL)
    g_assert_nonnull (strstr (error->message, m->key));
  g_assert_nonnull (strstr (error->message, m->what));
}

static const char *const good_texts[] = {
  "",
  "# nothing but a comment\n",
  "[Speech]\nVoice=plain\n",
  "[Speech]\nVoice=senior-bright\nRate=80\n",
  "[Speech]\nVoice=senior-clear\nRate=450\nVolume=0\n",
  "[Speech]\r\nRate=150\r\n",
  "[Speech]\nOutput=file:/tmp/claimguide-speech.wav\n",
  "[Speech]\nOutput=sound\nLanguage=yue\nVerbosity=brief\n",
  "[Lens]\nPageZoom=1.0\nTextSize=144\nForeground=#ffff00\nPosition=beside\n",
  "[Keys]\nNextStep=F9\nPreviousStep=<Shift><Control>F8\nHelp=<Super>h\n",
  "[Profile]\nTitle=Mine\nTitle[zh_CN]=我的\nDescription=x\nDescription[zh_CN]=x\n",
  "[Privacy]\nKeepDrafts=false\nHelperAllowed=true\n",
};

static void
test_good_texts (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (good_texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GKeyFile) kf = cg_profile_parse_data (good_texts[i], strlen (good_texts[i]),
                                                      "good.profile", voice_names, &error);
      g_assert_no_error (error);
      g_assert_nonnull (kf);
    }
}

static void
test_parse_file_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) kf = cg_profile_parse_file ("/nonexistent/claimguide/x.profile",
                                                  voice_names, &error);
  g_assert_null (kf);
  g_assert_error (error, CR_ERROR, CR_ERROR_FILE);
}

/* Without the variants, only "plain" is a voice. */
static void
test_no_variants (void)
{
  const char text[] = "[Speech]\nVoice=senior\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) kf = cg_profile_parse_data (text, strlen (text), "test.profile", NULL, &error);

  g_assert_null (kf);
  g_assert_nonnull (strstr (error->message, "(there are: plain)"));
}

/* ---- Merging ---- */

static GKeyFile *
shipped_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (profiles_src, "default.profile", NULL);
  GKeyFile *kf = cg_profile_parse_file (path, voice_names, &error);
  g_assert_no_error (error);
  return kf;
}

static CgProfile *
merge_over_default (const char *name, const char *text, GError **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_key_file_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  GKeyFile *own = cg_profile_parse_data (text, strlen (text), name, voice_names, &parse_error);

  g_assert_no_error (parse_error);
  g_ptr_array_add (layers, shipped_default ());
  g_ptr_array_add (layers, own);
  g_ptr_array_add (files, g_strdup ("default.profile"));
  g_ptr_array_add (files, g_strdup (name));
  return cg_profile_merge (name, layers, 1, files, error);
}

static void
test_merge_faint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgProfile) p = merge_over_default (
    "faint", "[Lens]\nForeground=#777777\nBackground=#888888\n", &error);
  g_autofree char *contrast = g_strdup_printf ("contrast of %.1f:1",
                                               cg_contrast_ratio ("#777777", "#888888"));

  g_assert_null (p);
  g_assert_error (error, CR_ERROR, CR_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "faint"));
  g_assert_nonnull (strstr (error->message, "#777777 on #888888"));
  g_assert_nonnull (strstr (error->message, contrast));
  g_assert_nonnull (strstr (error->message, "4.5:1"));
}

static void
test_merge_faint_one_colour (void)
{
  /* Only the foreground changes, but over the default's black it is too dark. */
  g_autoptr(GError) error = NULL;
  g_autoptr(CgProfile) p = merge_over_default ("dim", "[Lens]\nForeground=#333333\n", &error);

  g_assert_null (p);
  g_assert_error (error, CR_ERROR, CR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "#333333 on #000000"));
  g_assert_nonnull (strstr (error->message, "contrast"));
}

static void
test_merge_partial (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) def_kf = shipped_default ();
  g_autoptr(CgProfile) p = merge_over_default (
    "partial",
    "[Speech]\nRate=200\nVoice=plain\nOutput=file:/tmp/claimguide-test.wav\n"
    "[Lens]\nForeground=#FFFF00\n",
    &error);
  g_autoptr(GHashTable) settings = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->name, ==, "partial");
  /* what it names */
  g_assert_cmpint (p->voice.rate, ==, 200);
  g_assert_null (p->voice.variant); /* plain */
  g_assert_cmpstr (p->output_file, ==, "/tmp/claimguide-test.wav");
  g_assert_cmpstr (p->lens_foreground, ==, "#FFFF00");
  /* what it leaves out, from the default */
  g_assert_cmpint (p->language, ==, CG_LANG_ZH_CN);
  g_assert_cmpint (p->voice.pitch, ==, g_key_file_get_integer (def_kf, "Speech", "Pitch", NULL));
  g_assert_cmpint (p->voice.range, ==, g_key_file_get_integer (def_kf, "Speech", "Range", NULL));
  g_assert_cmpint (p->voice.volume, ==, g_key_file_get_integer (def_kf, "Speech", "Volume", NULL));
  g_assert_cmpint (p->voice.word_gap, ==,
                   g_key_file_get_integer (def_kf, "Speech", "WordGap", NULL));
  g_assert_cmpint (p->lens_text_size, ==, g_key_file_get_integer (def_kf, "Lens", "TextSize", NULL));
  g_assert_cmpstr (p->lens_background, ==, "#000000");
  g_assert_cmpstr (p->lens_position, ==, "bottom");
  g_assert_cmpfloat_with_epsilon (p->page_zoom, 1.5, 1e-9);
  g_assert_cmpint (p->verbosity, ==, CG_VERBOSITY_NORMAL);
  g_assert_false (p->echo_characters);
  g_assert_true (p->echo_words);
  g_assert_true (p->keep_drafts);
  g_assert_true (p->helper_allowed);
  for (int a = 0; a < CG_N_KEYS; a++)
    {
      g_autofree char *k = g_key_file_get_string (def_kf, "Keys", cg_key_action_to_string (a),
                                                  NULL);
      g_assert_cmpstr (p->keys[a], ==, k);
    }
  g_assert_cmpuint (p->files->len, ==, 2);

  settings = cg_profile_dup_settings (p);
  g_assert_cmpstr (g_hash_table_lookup (settings, "Speech.Rate"), ==, "200");
  g_assert_cmpstr (g_hash_table_lookup (settings, "Speech.Language"), ==, "zh_CN");
  g_assert_cmpstr (g_hash_table_lookup (settings, "Lens.Foreground"), ==, "#FFFF00");
  g_assert_cmpstr (g_hash_table_lookup (settings, "Keys.NextStep"), ==, "<Control><Alt>Page_Down");
}

/* The default's key for one action given to another in a later layer: each
 * file is fine on its own, together they clash. */
static void
test_merge_keys_clash (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgProfile) p = merge_over_default ("clash", "[Keys]\nHelp=<Control><Alt>r\n", &error);

  g_assert_null (p);
  g_assert_error (error, CR_ERROR, CR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "<Control><Alt>r is the key for both"));
}

/* Values are used as they were checked: unescaped and stripped.  A key with
 * a space after it crashed the merge (found by tests/fuzz/fuzz-profile). */
static void
test_merge_spaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgProfile) p = merge_over_default (
    "spaces",
    "[Speech]\nLanguage=en \nRate=\\s120 \nVoice=senior-clear\t\nOutput=file:/tmp/claimguide-test.wav \n"
    "EchoWords=false \n[Keys]\nHelp=<Control><Alt>x \nNextStep=F9\\s\n[Privacy]\nKeepDrafts=\\sfalse\n",
    &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpint (p->language, ==, CG_LANG_EN);
  g_assert_cmpint (p->voice.rate, ==, 120);
  g_assert_cmpstr (p->voice.variant, ==, "senior-clear");
  g_assert_cmpstr (p->output_file, ==, "/tmp/claimguide-test.wav");
  g_assert_false (p->echo_words);
  g_assert_cmpstr (p->keys[CG_KEY_HELP], ==, "<Control><Alt>x");
  g_assert_cmpstr (p->keys[CG_KEY_NEXT_STEP], ==, "F9");
  g_assert_false (p->keep_drafts);
}

static void
test_merge_without_default (void)
{
  const char text[] = "[Speech]\nRate=200\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_key_file_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CgProfile) p = NULL;

  g_ptr_array_add (layers, cg_profile_parse_data (text, strlen (text), "alone", voice_names, &error));
  g_assert_no_error (error);
  g_ptr_array_add (files, g_strdup ("alone.profile"));
  p = cg_profile_merge ("alone", layers, 0, files, &error);
  g_assert_null (p);
  g_assert_error (error, CR_ERROR, CR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is set nowhere"));
}

/* ---- Layers ---- */

static void
test_layers_user_default (Layers *l, gconstpointer data)
{
  g_autofree char *user_file = g_build_filename (l->user, "default.profile", NULL);
  const CgProfile *def, *low, *hoh;
  g_autoptr(GHashTable) settings = NULL;

  write_file (l->system, "default.profile", "[Speech]\nVolume=120\nRate=180\n");
  write_file (l->user, "default.profile", "[Speech]\nRate=200\n");
  l->profiles = layers_open (l);
  g_assert_cmpstrv (cg_profiles_get_problems (l->profiles), ((const char *const[]) { NULL }));

  def = cg_profiles_get_active (l->profiles);
  g_assert_cmpstr (def->name, ==, "default");
  g_assert_cmpint (def->voice.rate, ==, 200);   /* the user's, over the system's 180 */
  g_assert_cmpint (def->voice.volume, ==, 120); /* the system's */
  /* the rest as shipped */
  g_assert_cmpint (def->language, ==, CG_LANG_ZH_CN);
  g_assert_cmpstr (def->voice.variant, ==, "senior");
  g_assert_cmpint (def->voice.pitch, ==, 45);
  g_assert_cmpint (def->lens_text_size, ==, 32);
  g_assert_cmpstr (def->lens_foreground, ==, "#FFFFFF");
  g_assert_cmpstr (def->title[1], ==, "默认");
  g_assert_true (def->keep_drafts);
  g_assert_cmpuint (def->files->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (def->files, 2), ==, user_file);
  settings = cg_profile_dup_settings (def);
  g_assert_cmpstr (g_hash_table_lookup (settings, "Speech.Rate"), ==, "200");

  /* A profile that leaves the rate out takes the default's, user layer and all;
   * one that names it keeps its own. */
  low = cg_profiles_lookup (l->profiles, "low-vision");
  g_assert_cmpint (low->voice.rate, ==, 200);
  g_assert_cmpint (low->lens_text_size, ==, 48);
  hoh = cg_profiles_lookup (l->profiles, "hard-of-hearing");
  g_assert_cmpint (hoh->voice.rate, ==, 125);
  g_assert_cmpuint (logged->len, ==, 0);
}

static void
test_layers_new_profile (Layers *l, gconstpointer data)
{
  g_autofree char *path = g_build_filename (l->user, "grandma.profile", NULL);
  g_autoptr(GPtrArray) names = NULL;
  const CgProfile *p, *def;
  guint at;

  write_file (l->user, "grandma.profile",
              "[Profile]\nTitle=Grandma\nTitle[zh_CN]=奶奶\n\n[Lens]\nTextSize=40\n");
  l->profiles = layers_open (l);

  names = cg_profiles_list (l->profiles);
  g_assert_true (g_ptr_array_find_with_equal_func (names, "grandma", g_str_equal, &at));
  g_assert_cmpuint (at, ==, 1); /* sorted: default, grandma, hard-of-hearing, ... */
  g_assert_cmpuint (names->len, ==, 5);

  p = cg_profiles_lookup (l->profiles, "grandma");
  def = cg_profiles_lookup (l->profiles, "default");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->title[0], ==, "Grandma");
  g_assert_cmpstr (p->title[1], ==, "奶奶");
  g_assert_cmpint (p->lens_text_size, ==, 40);
  g_assert_cmpint (p->language, ==, def->language);
  g_assert_cmpstr (p->voice.variant, ==, def->voice.variant);
  g_assert_cmpint (p->voice.rate, ==, def->voice.rate);
  g_assert_cmpint (p->voice.pitch, ==, def->voice.pitch);
  g_assert_cmpstr (p->lens_foreground, ==, def->lens_foreground);
  g_assert_cmpstr (p->lens_background, ==, def->lens_background);
  g_assert_cmpint (p->keep_drafts, ==, def->keep_drafts);
  for (int a = 0; a < CG_N_KEYS; a++)
    g_assert_cmpstr (p->keys[a], ==, def->keys[a]);
  g_assert_cmpstr (g_ptr_array_index (p->files, p->files->len - 1), ==, path);
  g_assert_cmpuint (logged->len, ==, 0);
}

static char *
remembered (const char *state_file)
{
  g_autoptr(GKeyFile) k = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_key_file_load_from_file (k, state_file, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return g_key_file_get_string (k, "Daemon", "Profile", NULL);
}

static void
test_layers_use (Layers *l, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  const CgProfile *p;

  l->profiles = layers_open (l);
  g_assert_cmpstr (cg_profiles_get_active (l->profiles)->name, ==, "default");

  g_assert_true (cg_profiles_use (l->profiles, "low-vision", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (l->changed, ==, 1);
  p = cg_profiles_get_active (l->profiles);
  g_assert_cmpstr (p->name, ==, "low-vision");
  g_assert_cmpint (p->lens_text_size, ==, 48);
  saved = remembered (l->state_file);
  g_assert_cmpstr (saved, ==, "low-vision");

  /* An unknown name changes nothing. */
  g_assert_false (cg_profiles_use (l->profiles, "nosuch", &error));
  g_assert_error (error, CR_ERROR, CR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cg_profiles_use (l->profiles, "", &error));
  g_assert_error (error, CR_ERROR, CR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (l->changed, ==, 1);
  g_assert_cmpstr (cg_profiles_get_active (l->profiles)->name, ==, "low-vision");
  g_clear_pointer (&saved, g_free);
  saved = remembered (l->state_file);
  g_assert_cmpstr (saved, ==, "low-vision");

  /* A new start over the same state file starts with the choice. */
  g_clear_object (&l->profiles);
  l->profiles = layers_open (l);
  g_assert_cmpstr (cg_profiles_get_active (l->profiles)->name, ==, "low-vision");
  g_assert_cmpint (cg_profiles_get_active (l->profiles)->lens_text_size, ==, 48);

  g_assert_true (cg_profiles_use (l->profiles, CG_PROFILE_DEFAULT, &error));
  g_assert_no_error (error);
  g_clear_pointer (&saved, g_free);
  saved = remembered (l->state_file);
  g_assert_cmpstr (saved, ==, "default");
  g_assert_cmpuint (logged->len, ==, 0);
}

static void
test_layers_remembered_gone (Layers *l, gconstpointer data)
{
  g_autofree char *dir = g_path_get_dirname (l->state_file);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (dir, "state.ini", "[Daemon]\nProfile=gone\n");
  l->profiles = layers_open (l);
  g_assert_cmpstr (cg_profiles_get_active (l->profiles)->name, ==, "default");
  g_assert_cmpuint (count_logged ("Profile gone is gone"), ==, 1);
}

/* Files with mistakes at the start: left out, said, and the rest loads. */
static void
test_layers_refused_at_start (Layers *l, gconstpointer data)
{
  g_autofree char *bad_default = g_build_filename (l->user, "default.profile", NULL);
  g_autofree char *bad_low = g_build_filename (l->user, "low-vision.profile", NULL);
  g_autofree char *where_default = g_strconcat (bad_default, ":2: [Speech] Rate", NULL);
  g_autofree char *where_low = g_strconcat (bad_low, ":3: [Lens] TextSize", NULL);
  const char *const *problems;
  guint n_default = 0, n_low = 0;

  write_file (l->user, "default.profile", "[Speech]\nRate=abc\n");
  write_file (l->user, "low-vision.profile", "[Lens]\nPageZoom=2.5\nTextSize=400\n");
  l->profiles = layers_open (l);

  problems = cg_profiles_get_problems (l->profiles);
  g_assert_cmpuint (g_strv_length ((char **) problems), ==, 2);
  for (guint i = 0; problems[i] != NULL; i++)
    {
      g_autofree char *s = shown (l, problems[i]);
      g_test_message ("%s", s);
      n_default += g_str_has_prefix (problems[i], where_default);
      n_low += g_str_has_prefix (problems[i], where_low);
    }
  g_assert_cmpuint (n_default, ==, 1);
  g_assert_cmpuint (n_low, ==, 1);
  g_assert_cmpint (cg_profiles_get_active (l->profiles)->voice.rate, ==, 150);
  /* the whole file is left out, the PageZoom it got right too */
  g_assert_cmpint (cg_profiles_lookup (l->profiles, "low-vision")->lens_text_size, ==, 48);
  g_assert_cmpfloat_with_epsilon (cg_profiles_lookup (l->profiles, "low-vision")->page_zoom, 2.0,
                                  1e-9);
  g_assert_cmpuint (count_logged ("it is left out"), ==, 2);
}

static void
test_layers_no_default (Layers *l, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgProfiles) profiles = NULL;
  const char *const only_system[] = { l->system, NULL };
  const char *const only_user[] = { l->user, NULL };
  g_autofree char *msg = NULL;

  profiles = cg_profiles_new (only_system, l->state_file, voice_names, &error);
  g_assert_null (profiles);
  g_assert_error (error, CR_ERROR, CR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no usable default.profile"));
  g_clear_error (&error);

  /* A default with a mistake: the error says which line. */
  write_file (l->user, "default.profile", "[Speech]\n\nRate=abc\n");
  profiles = cg_profiles_new (only_user, l->state_file, voice_names, &error);
  g_assert_null (profiles);
  g_assert_error (error, CR_ERROR, CR_ERROR_NOT_FOUND);
  msg = shown (l, error->message);
  g_test_message ("%s", msg);
  g_assert_nonnull (strstr (error->message, "default.profile:3: [Speech] Rate"));
  g_assert_cmpuint (count_logged ("it is left out"), ==, 1);
}

/* ---- Reading again ---- */

static void
test_reload_manual (Layers *l, gconstpointer data)
{
  g_autofree char *path = g_build_filename (l->user, "default.profile", NULL);
  g_autofree char *where = g_strconcat (path, ":3:", NULL);
  g_autofree char *low_path = g_build_filename (l->user, "low-vision.profile", NULL);
  const char *const *problems;

  l->profiles = layers_open (l);
  g_assert_cmpint (active_rate (l), ==, 150);

  write_file (l->user, "default.profile", "[Speech]\nRate=210\n");
  cg_profiles_reload (l->profiles);
  g_assert_cmpuint (l->changed, ==, 1);
  g_assert_cmpint (active_rate (l), ==, 210);
  g_assert_cmpint (cg_profiles_lookup (l->profiles, "low-vision")->voice.rate, ==, 210);
  g_assert_cmpstrv (cg_profiles_get_problems (l->profiles), ((const char *const[]) { NULL }));

  /* A mistake on line 3: said, and the last good version stays. */
  write_file (l->user, "default.profile", "[Speech]\n# the helpdesk typed a word\nRate=abc\n");
  cg_profiles_reload (l->profiles);
  g_assert_cmpuint (l->changed, ==, 2);
  problems = cg_profiles_get_problems (l->profiles);
  g_assert_cmpuint (g_strv_length ((char **) problems), ==, 1);
  {
    g_autofree char *s = shown (l, problems[0]);
    g_test_message ("%s", s);
  }
  g_assert_true (g_str_has_prefix (problems[0], where));
  g_assert_nonnull (strstr (problems[0], "[Speech] Rate"));
  g_assert_cmpint (active_rate (l), ==, 210);
  g_assert_cmpint (cg_profiles_lookup (l->profiles, "low-vision")->voice.rate, ==, 210);
  g_assert_cmpuint (count_logged ("its last good version stays"), ==, 1);

  /* Put right: the problem goes. */
  write_file (l->user, "default.profile", "[Speech]\nRate=220\n");
  cg_profiles_reload (l->profiles);
  g_assert_cmpint (active_rate (l), ==, 220);
  g_assert_cmpstrv (cg_profiles_get_problems (l->profiles), ((const char *const[]) { NULL }));

  /* Each file fine on its own, too faint together: the profile as it was stays. */
  write_file (l->user, "low-vision.profile", "[Lens]\nForeground=#777777\nBackground=#888888\n");
  cg_profiles_reload (l->profiles);
  problems = cg_profiles_get_problems (l->profiles);
  g_assert_cmpuint (g_strv_length ((char **) problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "contrast"));
  g_assert_cmpstr (cg_profiles_lookup (l->profiles, "low-vision")->lens_foreground, ==, "#FFFF00");
  g_assert_cmpuint (count_logged ("Profile low-vision refused"), ==, 1);

  g_assert_cmpint (g_unlink (low_path), ==, 0);
  cg_profiles_reload (l->profiles);
  g_assert_cmpstrv (cg_profiles_get_problems (l->profiles), ((const char *const[]) { NULL }));
}

static gboolean
rate_is (Layers *l, gconstpointer data)
{
  return active_rate (l) == GPOINTER_TO_INT (data);
}

static gboolean
has_profile (Layers *l, gconstpointer data)
{
  return cg_profiles_lookup (l->profiles, data) != NULL;
}

static gboolean
active_is (Layers *l, gconstpointer data)
{
  return g_str_equal (cg_profiles_get_active (l->profiles)->name, data);
}

static gboolean
has_problems (Layers *l, gconstpointer data)
{
  return g_strv_length ((char **) cg_profiles_get_problems (l->profiles)) == GPOINTER_TO_UINT (data);
}

static void
test_reload_automatic (Layers *l, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *grandma = g_build_filename (l->user, "grandma.profile", NULL);

  l->profiles = layers_open (l);
  if (monitors_missing ())
    {
      g_test_skip ("no file monitors here");
      return;
    }
  g_assert_cmpint (active_rate (l), ==, 150);

  /* A changed file. */
  write_file (l->user, "default.profile", "[Speech]\nRate=230\n");
  g_assert_true (wait_for_change (l, rate_is, GINT_TO_POINTER (230)));
  g_assert_cmpint (active_rate (l), ==, 230);

  /* A file with a mistake: the last good version stays. */
  write_file (l->user, "default.profile", "[Speech]\nRate=230\nRate=240\n");
  g_assert_true (wait_for_change (l, has_problems, GUINT_TO_POINTER (1)));
  g_assert_cmpint (active_rate (l), ==, 230);

  /* A new profile. */
  write_file (l->user, "grandma.profile",
              "[Profile]\nTitle=Grandma\nTitle[zh_CN]=奶奶\n[Speech]\nRate=100\n");
  g_assert_true (wait_for_change (l, has_profile, "grandma"));
  g_assert_true (cg_profiles_use (l->profiles, "grandma", &error));
  g_assert_no_error (error);
  g_assert_cmpint (active_rate (l), ==, 100);

  /* The active profile's file removed: back to the default. */
  g_assert_cmpint (g_unlink (grandma), ==, 0);
  g_assert_true (wait_for_change (l, active_is, CG_PROFILE_DEFAULT));
  g_assert_null (cg_profiles_lookup (l->profiles, "grandma"));
  g_assert_cmpuint (count_logged ("Profile grandma is gone"), ==, 1);
}

int
main (int argc, char **argv)
{
  int rc;

  logged = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  source_root = g_strdup (argc > 1 ? argv[1] : ".");
  profiles_src = g_build_filename (source_root, "profiles", NULL);
  g_assert_true (g_file_test (profiles_src, G_FILE_TEST_IS_DIR));

  g_test_add_func ("/profiles/voice-names-shipped", test_voice_names_shipped);
  g_test_add_func ("/profiles/shipped", test_shipped);
  g_test_add_func ("/profiles/contrast", test_contrast);
  g_test_add_func ("/profiles/parse/good", test_good_texts);
  g_test_add_func ("/profiles/parse/file-missing", test_parse_file_missing);
  g_test_add_func ("/profiles/parse/no-variants", test_no_variants);
  for (gsize i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autofree char *name = g_strdup_printf ("/profiles/parse/mistake/%02zu", i);
      g_test_add_data_func (name, &mistakes[i], test_mistake);
    }
  g_test_add_func ("/profiles/merge/faint", test_merge_faint);
  g_test_add_func ("/profiles/merge/faint-one-colour", test_merge_faint_one_colour);
  g_test_add_func ("/profiles/merge/partial", test_merge_partial);
  g_test_add_func ("/profiles/merge/keys-clash", test_merge_keys_clash);
  g_test_add_func ("/profiles/merge/spaces", test_merge_spaces);
  g_test_add_func ("/profiles/merge/without-default", test_merge_without_default);

#define ADD_LAYERS(path, func) \
  g_test_add (path, Layers, NULL, layers_setup, func, layers_teardown)
  ADD_LAYERS ("/profiles/layers/user-default", test_layers_user_default);
  ADD_LAYERS ("/profiles/layers/new-profile", test_layers_new_profile);
  ADD_LAYERS ("/profiles/layers/use", test_layers_use);
  ADD_LAYERS ("/profiles/layers/remembered-gone", test_layers_remembered_gone);
  ADD_LAYERS ("/profiles/layers/refused-at-start", test_layers_refused_at_start);
  ADD_LAYERS ("/profiles/layers/no-default", test_layers_no_default);
  ADD_LAYERS ("/profiles/reload/manual", test_reload_manual);
  ADD_LAYERS ("/profiles/reload/automatic", test_reload_automatic);
#undef ADD_LAYERS

  rc = g_test_run ();
  g_free (profiles_src);
  g_free (source_root);
  g_ptr_array_unref (logged);
  return rc;
}
