#include "cg-profile.h"
#include "cg-colour.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "claimrules.h"
#include "cr-keyfile.h"

typedef enum {
  KIND_TEXT,     /* localized */
  KIND_CHOICE,   /* one of choices */
  KIND_INT,
  KIND_NUMBER,
  KIND_BOOL,
  KIND_VOICE,
  KIND_COLOUR,
  KIND_KEY,
  KIND_OUTPUT,
} Kind;

typedef struct {
  const char *group;
  const char *key;
  Kind kind;
  const char *choices; /* ;-separated */
  double min, max;
} Setting;

static const Setting settings[] = {
  { "Profile", "Title", KIND_TEXT },
  { "Profile", "Description", KIND_TEXT },
  { "Speech", "Language", KIND_CHOICE, "zh_CN;yue;en" },
  { "Speech", "Voice", KIND_VOICE },
  { "Speech", "Rate", KIND_INT, NULL, 80, 450 },
  { "Speech", "Pitch", KIND_INT, NULL, 0, 100 },
  { "Speech", "Range", KIND_INT, NULL, 0, 100 },
  { "Speech", "Volume", KIND_INT, NULL, 0, 200 },
  { "Speech", "WordGap", KIND_INT, NULL, 0, 100 },
  { "Speech", "Output", KIND_OUTPUT },
  { "Speech", "Verbosity", KIND_CHOICE, "brief;normal;full" },
  { "Speech", "EchoCharacters", KIND_BOOL },
  { "Speech", "EchoWords", KIND_BOOL },
  { "Lens", "TextSize", KIND_INT, NULL, 18, 144 },
  { "Lens", "Foreground", KIND_COLOUR },
  { "Lens", "Background", KIND_COLOUR },
  { "Lens", "Position", KIND_CHOICE, "bottom;beside" },
  { "Lens", "PageZoom", KIND_NUMBER, NULL, 1.0, 3.0 },
  { "Keys", "NextStep", KIND_KEY },
  { "Keys", "PreviousStep", KIND_KEY },
  { "Keys", "Repeat", KIND_KEY },
  { "Keys", "WhereAmI", KIND_KEY },
  { "Keys", "CheckNow", KIND_KEY },
  { "Keys", "Help", KIND_KEY },
  { "Keys", "AllowHelper", KIND_KEY },
  { "Keys", "DenyHelper", KIND_KEY },
  { "Keys", "Refill", KIND_KEY },
  { "Privacy", "KeepDrafts", KIND_BOOL },
  { "Privacy", "HelperAllowed", KIND_BOOL },
};

static const char *const groups[] = { "Profile", "Speech", "Lens", "Keys", "Privacy", NULL };
static const char *const text_langs[] = { "en", "zh_CN", NULL };
static const char *const key_actions[CG_N_KEYS] = {
  "NextStep", "PreviousStep", "Repeat", "WhereAmI", "CheckNow", "Help", "AllowHelper", "DenyHelper",
  "Refill",
};

#define MIN_CONTRAST 4.5

const char *
cg_key_action_to_string (CgKeyAction action)
{
  g_return_val_if_fail (action < CG_N_KEYS, NULL);
  return key_actions[action];
}

void
cg_profile_free (CgProfile *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p->title[0]);
  g_free (p->title[1]);
  g_free (p->voice.variant);
  g_free (p->output_file);
  g_free (p->lens_foreground);
  g_free (p->lens_background);
  g_free (p->lens_position);
  for (int i = 0; i < CG_N_KEYS; i++)
    g_free (p->keys[i]);
  g_clear_pointer (&p->settings, g_key_file_unref);
  g_clear_pointer (&p->files, g_ptr_array_unref);
  g_free (p);
}

/* ---- Values ---- */

/* A key as <Control><Alt>Page_Down: modifiers in angle brackets, then one key
 * name; or a function key F1 to F24 alone.  Returns it with the modifiers in
 * one order, so that two spellings of one key compare equal; NULL if it is
 * not a key a person could press without typing a character. */
static char *
canonical_key (const char *s)
{
  static const char *const mods[] = { "<Control>", "<Alt>", "<Super>", "<Shift>" };
  gboolean have[G_N_ELEMENTS (mods)] = { FALSE };
  GString *out;

  for (gboolean again = TRUE; again;)
    {
      again = FALSE;
      for (gsize i = 0; i < G_N_ELEMENTS (mods); i++)
        if (g_str_has_prefix (s, mods[i]))
          {
            s += strlen (mods[i]);
            have[i] = again = TRUE;
          }
    }
  if (*s == '\0' || strlen (s) > 32)
    return NULL;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return NULL;
  /* Shift alone only types a capital: a key needs Control, Alt or Super,
   * unless it is a function key. */
  if (!have[0] && !have[1] && !have[2])
    {
      char *end = NULL;
      guint64 n = s[0] == 'F' && g_ascii_isdigit (s[1]) ? g_ascii_strtoull (s + 1, &end, 10) : 0;
      if (n < 1 || n > 24 || *end != '\0')
        return NULL;
    }
  out = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (mods); i++)
    if (have[i])
      g_string_append (out, mods[i]);
  g_string_append (out, s);
  return g_string_free (out, FALSE);
}

static gboolean
in_list (const char *value, const char *list)
{
  g_auto(GStrv) items = g_strsplit (list, ";", -1);
  return g_strv_contains ((const char *const *) items, value);
}

static gboolean
check_value (CrKeyFile *kf, const Setting *s, const char *const *variants, GError **error)
{
  g_autofree char *v = NULL, *canonical = NULL;
  gint64 i;
  gboolean b;

  switch (s->kind)
    {
    case KIND_TEXT:
      {
        g_auto(GStrv) texts = NULL;
        return cr_key_file_get_localized (kf, s->group, s->key, text_langs, FALSE, &texts, error);
      }
    case KIND_INT:
      return cr_key_file_get_int (kf, s->group, s->key, FALSE, (gint64) s->min, (gint64) s->max,
                                  &i, error);
    case KIND_BOOL:
      return cr_key_file_get_bool (kf, s->group, s->key, FALSE, &b, error);
    default:
      break;
    }

  if (!cr_key_file_get_string (kf, s->group, s->key, FALSE, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  switch (s->kind)
    {
    case KIND_CHOICE:
      if (!in_list (v, s->choices))
        {
          g_autofree char *shown = g_strdelimit (g_strdup (s->choices), ";", ',');
          return cr_key_file_fail (kf, error, s->group, s->key, "%s is not one of: %s", v, shown);
        }
      break;
    case KIND_NUMBER:
      {
        char *end = NULL;
        double d = g_ascii_strtod (v, &end);
        if (end == v || *end != '\0' || !(d >= s->min && d <= s->max))
          return cr_key_file_fail (kf, error, s->group, s->key,
                                   "%s is not a number from %.1f to %.1f", v, s->min, s->max);
      }
      break;
    case KIND_VOICE:
      if (!g_str_equal (v, "plain") && (variants == NULL || !g_strv_contains (variants, v)))
        {
          g_autofree char *known = variants != NULL ? g_strjoinv (", ", (char **) variants) : NULL;
          return cr_key_file_fail (kf, error, s->group, s->key,
                                   "there is no voice %s (there are: plain%s%s)", v,
                                   known != NULL && *known ? ", " : "", known ? known : "");
        }
      break;
    case KIND_COLOUR:
      {
        guint8 rgb[3];
        if (!cg_colour_parse (v, rgb))
          return cr_key_file_fail (kf, error, s->group, s->key,
                                   "%s is not a colour written as #RRGGBB", v);
      }
      break;
    case KIND_KEY:
      if ((canonical = canonical_key (v)) == NULL)
        return cr_key_file_fail (kf, error, s->group, s->key,
                                 "%s is not a key such as <Control><Alt>Page_Down or F9", v);
      break;
    case KIND_OUTPUT:
      if (!g_str_equal (v, "sound") &&
          !(g_str_has_prefix (v, "file:") && g_path_is_absolute (v + 5) &&
            g_str_has_suffix (v, ".wav")))
        return cr_key_file_fail (kf, error, s->group, s->key,
                                 "%s is neither sound nor file:/absolute/path.wav", v);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
check_keys_differ (CrKeyFile *kf, GError **error)
{
  GKeyFile *k = cr_key_file_get_key_file (kf);
  for (int a = 0; a < CG_N_KEYS; a++)
    for (int b = 0; b < a; b++)
      {
        g_autofree char *ra = g_key_file_get_string (k, "Keys", key_actions[a], NULL);
        g_autofree char *rb = g_key_file_get_string (k, "Keys", key_actions[b], NULL);
        g_autofree char *va = ra != NULL ? canonical_key (ra) : NULL;
        g_autofree char *vb = rb != NULL ? canonical_key (rb) : NULL;
        if (va != NULL && vb != NULL && g_str_equal (va, vb))
          return cr_key_file_fail (kf, error, "Keys", key_actions[a],
                                   "%s is already the key for %s", ra, key_actions[b]);
      }
  return TRUE;
}

static gboolean
check_file (CrKeyFile *kf, const char *const *variants, GError **error)
{
  GKeyFile *k = cr_key_file_get_key_file (kf);
  g_auto(GStrv) found = g_key_file_get_groups (k, NULL);

  for (guint i = 0; found[i] != NULL; i++)
    {
      g_autoptr(GStrvBuilder) allowed = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) localized = g_strv_builder_new ();
      g_auto(GStrv) allowed_v = NULL, localized_v = NULL;

      if (!g_strv_contains (groups, found[i]))
        return cr_key_file_fail (kf, error, found[i], NULL,
                                 "unknown group (a profile has [Profile], [Speech], [Lens], "
                                 "[Keys] and [Privacy])");
      for (gsize j = 0; j < G_N_ELEMENTS (settings); j++)
        if (g_str_equal (settings[j].group, found[i]))
          g_strv_builder_add (settings[j].kind == KIND_TEXT ? localized : allowed, settings[j].key);
      allowed_v = g_strv_builder_end (allowed);
      localized_v = g_strv_builder_end (localized);
      if (!cr_key_file_check_keys (kf, found[i], (const char *const *) allowed_v,
                                   (const char *const *) localized_v, text_langs, error))
        return FALSE;
    }
  for (gsize j = 0; j < G_N_ELEMENTS (settings); j++)
    if (!check_value (kf, &settings[j], variants, error))
      return FALSE;
  return check_keys_differ (kf, error);
}

GKeyFile *
cg_profile_parse_data (const char *data, gsize len, const char *name, const char *const *variants,
                       GError **error)
{
  g_autoptr(CrKeyFile) kf = cr_key_file_new_from_data (data, len, name, error);
  if (kf == NULL || !check_file (kf, variants, error))
    return NULL;
  return g_key_file_ref (cr_key_file_get_key_file (kf));
}

GKeyFile *
cg_profile_parse_file (const char *path, const char *const *variants, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!cr_read_file (path, &data, &len, error))
    return NULL;
  return cg_profile_parse_data (data, len, path, variants, error);
}

/* ---- Merging ---- */

static void
overlay (GKeyFile *into, GKeyFile *from)
{
  g_auto(GStrv) gs = g_key_file_get_groups (from, NULL);
  for (guint i = 0; gs[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (from, gs[i], NULL, NULL);
      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *v = g_key_file_get_value (from, gs[i], keys[j], NULL);
          g_key_file_set_value (into, gs[i], keys[j], v);
        }
    }
}

/* A value read as check_value read it (cr_key_file_get_string: unescaped,
 * then stripped), so that what passed the checks is what is used. */
static char *
get (GKeyFile *k, const char *group, const char *key)
{
  char *v = g_key_file_get_string (k, group, key, NULL);
  return v != NULL ? g_strstrip (v) : NULL;
}

static int
get_int (GKeyFile *k, const char *group, const char *key)
{
  g_autofree char *v = get (k, group, key);
  gint64 n = 0;
  if (v != NULL)
    g_ascii_string_to_signed (v, 10, G_MININT, G_MAXINT, &n, NULL);
  return (int) n;
}

static gboolean
get_bool (GKeyFile *k, const char *group, const char *key)
{
  g_autofree char *v = get (k, group, key);
  return g_strcmp0 (v, "true") == 0;
}

CgProfile *
cg_profile_merge (const char *name, GPtrArray *layers, guint first_own, GPtrArray *files,
                  GError **error)
{
  g_autoptr(CgProfile) p = g_new0 (CgProfile, 1);
  GKeyFile *k;

  p->name = g_strdup (name);
  p->settings = k = g_key_file_new ();
  p->files = g_ptr_array_ref (files);
  for (guint i = 0; i < layers->len; i++)
    overlay (k, g_ptr_array_index (layers, i));

  for (gsize j = 0; j < G_N_ELEMENTS (settings); j++)
    if (settings[j].kind != KIND_TEXT && !g_key_file_has_key (k, settings[j].group, settings[j].key, NULL))
      {
        g_set_error (error, CR_ERROR, CR_ERROR_INVALID,
                     "profile %s: [%s] %s is set nowhere (the shipped default profile must "
                     "set every key)", name, settings[j].group, settings[j].key);
        return NULL;
      }

  /* A profile's title is its own: the default's would name it "Default". */
  for (guint i = first_own; i < layers->len; i++)
    {
      GKeyFile *own = g_ptr_array_index (layers, i);
      if (g_key_file_has_key (own, "Profile", "Title", NULL))
        {
          g_free (p->title[0]);
          g_free (p->title[1]);
          p->title[0] = get (own, "Profile", "Title");
          p->title[1] = g_key_file_get_locale_string (own, "Profile", "Title", "zh_CN", NULL);
        }
    }
  if (p->title[0] == NULL)
    p->title[0] = g_strdup (name);
  if (p->title[1] == NULL)
    p->title[1] = g_strdup (p->title[0]);
  {
    g_autofree char *lang = get (k, "Speech", "Language");
    cg_lang_from_string (lang, &p->language);
  }
  {
    g_autofree char *voice = get (k, "Speech", "Voice");
    p->voice.variant = g_str_equal (voice, "plain") ? NULL : g_steal_pointer (&voice);
  }
  p->voice.rate = get_int (k, "Speech", "Rate");
  p->voice.pitch = get_int (k, "Speech", "Pitch");
  p->voice.range = get_int (k, "Speech", "Range");
  p->voice.volume = get_int (k, "Speech", "Volume");
  p->voice.word_gap = get_int (k, "Speech", "WordGap");
  {
    g_autofree char *out = get (k, "Speech", "Output");
    if (g_str_has_prefix (out, "file:"))
      p->output_file = g_strdup (out + 5);
  }
  {
    g_autofree char *verb = get (k, "Speech", "Verbosity");
    p->verbosity = g_str_equal (verb, "brief") ? CG_VERBOSITY_BRIEF
                   : g_str_equal (verb, "full") ? CG_VERBOSITY_FULL
                                                : CG_VERBOSITY_NORMAL;
  }
  p->echo_characters = get_bool (k, "Speech", "EchoCharacters");
  p->echo_words = get_bool (k, "Speech", "EchoWords");
  p->lens_text_size = get_int (k, "Lens", "TextSize");
  p->lens_foreground = get (k, "Lens", "Foreground");
  p->lens_background = get (k, "Lens", "Background");
  p->lens_position = get (k, "Lens", "Position");
  {
    g_autofree char *zoom = get (k, "Lens", "PageZoom");
    p->page_zoom = g_ascii_strtod (zoom, NULL);
  }
  for (int a = 0; a < CG_N_KEYS; a++)
    {
      g_autofree char *raw = get (k, "Keys", key_actions[a]);
      p->keys[a] = canonical_key (raw);
    }
  for (int a = 0; a < CG_N_KEYS; a++)
    for (int b = 0; b < a; b++)
      if (g_str_equal (p->keys[a], p->keys[b]))
        {
          g_set_error (error, CR_ERROR, CR_ERROR_INVALID,
                       "profile %s: %s is the key for both %s and %s", name, p->keys[a],
                       key_actions[b], key_actions[a]);
          return NULL;
        }
  p->keep_drafts = get_bool (k, "Privacy", "KeepDrafts");
  p->helper_allowed = get_bool (k, "Privacy", "HelperAllowed");

  if (cg_contrast_ratio (p->lens_foreground, p->lens_background) < MIN_CONTRAST)
    {
      g_set_error (error, CR_ERROR, CR_ERROR_INVALID,
                   "profile %s: the lens colours %s on %s have a contrast of %.1f:1; "
                   "text needs at least %.1f:1 to be read", name, p->lens_foreground,
                   p->lens_background,
                   cg_contrast_ratio (p->lens_foreground, p->lens_background), MIN_CONTRAST);
      return NULL;
    }
  return g_steal_pointer (&p);
}

GHashTable *
cg_profile_dup_settings (const CgProfile *profile)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) gs = g_key_file_get_groups (profile->settings, NULL);
  for (guint i = 0; gs[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (profile->settings, gs[i], NULL, NULL);
      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        g_hash_table_insert (out, g_strdup_printf ("%s.%s", gs[i], keys[j]),
                             g_key_file_get_value (profile->settings, gs[i], keys[j], NULL));
    }
  return out;
}
