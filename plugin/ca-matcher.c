/* ca-matcher.c: is this a claim form, and which control is which field?
 *
 * Every label and synonym of every field, in every language of each scheme,
 * is folded once into a key (label_key).  A control's label is folded the
 * same way and looked up: an exact key first (a hash table), else the
 * longest key found inside it (a list, longest first), so a page costs
 * controls × keys at most.  Form maps' [Labels] come before both, on a form
 * the map names by its title or address. */
#include "ca-matcher.h"

#include <string.h>

#include "ca-reader.h"

/* A key counts inside a longer label only when it has this many Han
 * characters, or this many ASCII ones (spaces left out): "name" inside
 * "beneficiary name" does, a two-letter key would be found everywhere.  An
 * ASCII key must also be a whole word there: "name" is not in "username". */
#define MIN_HAN_INSIDE   2
#define MIN_ASCII_INSIDE 4


/* A key that may be found inside a longer label. */
typedef struct {
  char    *key;
  gsize    bytes;
  guint    chars;
  guint    field;       /* index in the scheme */
  gboolean word_start;  /* begins with an ASCII letter or digit: must begin a word */
  gboolean word_end;
} InsideKey;

typedef struct {
  CrScheme   *scheme;
  GHashTable *exact;    /* key -> field index + 1, the first field in form order */
  GArray     *inside;   /* InsideKey, longest first, then form order */
} SchemeIndex;

typedef struct {
  const CaFormMap *map;     /* borrowed from CaMatcher.maps */
  guint        scheme;      /* index in CaMatcher.schemes */
  GPtrArray   *titles;      /* GPatternSpec*, casefolded */
  GPtrArray   *addresses;
  GHashTable  *labels;      /* key -> field index + 1 */
  GPtrArray   *send_names;  /* folded, or NULL for the defaults */
} MapIndex;

struct _CaMatcher {
  GPtrArray *schemes;       /* SchemeIndex* */
  GPtrArray *map_array;     /* a reference to the caller's CaFormMap* array, or NULL */
  GPtrArray *maps;          /* MapIndex* */
  GPtrArray *default_send;  /* folded */
};

/* What the Send button of a claim form is called when no map says. */
static const char *const default_send_names[] = {
  "提交", "提交申请", "发送", "send", "submit", "submit claim", "確認提交", "确认提交", NULL,
};

/* ---- Building ---- */

static void
inside_key_clear (gpointer p)
{
  g_free (((InsideKey *) p)->key);
}

static void
scheme_index_free (gpointer p)
{
  SchemeIndex *si = p;

  g_hash_table_unref (si->exact);
  g_array_unref (si->inside);
  cr_scheme_unref (si->scheme);
  g_free (si);
}

static void
map_index_free (gpointer p)
{
  MapIndex *mi = p;

  g_ptr_array_unref (mi->titles);
  g_ptr_array_unref (mi->addresses);
  g_hash_table_unref (mi->labels);
  g_clear_pointer (&mi->send_names, g_ptr_array_unref);
  g_free (mi);
}

static int
compare_inside (gconstpointer a, gconstpointer b)
{
  const InsideKey *ka = a, *kb = b;

  if (ka->chars != kb->chars)
    return ka->chars > kb->chars ? -1 : 1;
  if (ka->field != kb->field)
    return ka->field < kb->field ? -1 : 1;
  return strcmp (ka->key, kb->key);
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c);
}

static void
index_text (SchemeIndex *si, guint field, const char *text)
{
  g_autofree char *key = ca_label_key (text);
  guint han = 0, ascii = 0, chars = 0;
  InsideKey k;

  if (key == NULL)
    return;
  if (!g_hash_table_contains (si->exact, key))
    g_hash_table_insert (si->exact, g_strdup (key), GUINT_TO_POINTER (field + 1));
  for (const char *p = key; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      chars++;
      if (c < 0x80 && c != ' ')
        ascii++;
      else if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
        han++;
    }
  if (han < MIN_HAN_INSIDE && ascii < MIN_ASCII_INSIDE)
    return;
  k.bytes = strlen (key);
  k.chars = chars;
  k.field = field;
  k.word_start = is_word_char (key[0]);
  k.word_end = is_word_char (key[k.bytes - 1]);
  k.key = g_steal_pointer (&key);
  g_array_append_val (si->inside, k);
}

static SchemeIndex *
scheme_index_new (CrScheme *scheme)
{
  SchemeIndex *si = g_new0 (SchemeIndex, 1);
  const char *const *langs = cr_scheme_get_languages (scheme);
  guint n = cr_scheme_get_n_fields (scheme);

  si->scheme = cr_scheme_ref (scheme);
  si->exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  si->inside = g_array_new (FALSE, FALSE, sizeof (InsideKey));
  g_array_set_clear_func (si->inside, inside_key_clear);
  /* Form order first: a key two fields share is the earlier field's. */
  for (guint f = 0; f < n; f++)
    {
      const CrField *field = cr_scheme_get_field (scheme, f);

      for (guint l = 0; langs != NULL && langs[l] != NULL; l++)
        {
          const char *const *syn = cr_field_get_synonyms (field, langs[l]);

          index_text (si, f, cr_field_get_label (field, langs[l]));
          for (guint s = 0; syn != NULL && syn[s] != NULL; s++)
            index_text (si, f, syn[s]);
        }
    }
  g_array_sort (si->inside, compare_inside);
  return si;
}

static GPtrArray *
compile_patterns (GStrv patterns)
{
  GPtrArray *specs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_pattern_spec_free);

  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (patterns[i], -1);
      g_ptr_array_add (specs, g_pattern_spec_new (folded));
    }
  return specs;
}

static GPtrArray *
fold_names (const char *const *names)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      char *key = ca_label_key (names[i]);
      if (key != NULL)
        g_ptr_array_add (out, key);
    }
  return out;
}

static GPtrArray *
copy_names (const GPtrArray *names)
{
  GPtrArray *out = g_ptr_array_new_full (names->len, g_free);

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (out, g_strdup (names->pdata[i]));
  return out;
}

/* NULL when none of the matcher's schemes is the map's. */
static MapIndex *
map_index_new (const CaMatcher *matcher, const CaFormMap *map)
{
  MapIndex *mi;
  GHashTableIter iter;
  gpointer key, value;
  guint s;

  for (s = 0; s < matcher->schemes->len; s++)
    {
      const SchemeIndex *si = matcher->schemes->pdata[s];
      if (g_strcmp0 (cr_scheme_get_id (si->scheme), map->scheme) == 0)
        break;
    }
  if (s == matcher->schemes->len)
    return NULL;

  mi = g_new0 (MapIndex, 1);
  mi->map = map;
  mi->scheme = s;
  mi->titles = compile_patterns (map->titles);
  mi->addresses = compile_patterns (map->addresses);
  mi->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (map->labels != NULL)
    {
      const CrScheme *scheme = ((const SchemeIndex *) matcher->schemes->pdata[s])->scheme;

      g_hash_table_iter_init (&iter, map->labels);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          /* Folded again by this file's label_key, in case the two differ. */
          char *k = ca_label_key (key);

          for (guint f = 0; k != NULL && f < cr_scheme_get_n_fields (scheme); f++)
            if (strcmp (cr_field_get_name (cr_scheme_get_field (scheme, f)), value) == 0)
              {
                g_hash_table_replace (mi->labels, g_steal_pointer (&k), GUINT_TO_POINTER (f + 1));
                break;
              }
          g_free (k);
        }
    }
  if (map->send_names != NULL && map->send_names[0] != NULL)
    mi->send_names = fold_names ((const char *const *) map->send_names);
  return mi;
}

CaMatcher *
ca_matcher_new (GPtrArray *schemes, GPtrArray *maps)
{
  CaMatcher *matcher = g_new0 (CaMatcher, 1);

  matcher->schemes = g_ptr_array_new_with_free_func (scheme_index_free);
  for (guint i = 0; schemes != NULL && i < schemes->len; i++)
    if (schemes->pdata[i] != NULL)
      g_ptr_array_add (matcher->schemes, scheme_index_new (schemes->pdata[i]));
  matcher->maps = g_ptr_array_new_with_free_func (map_index_free);
  if (maps != NULL)
    {
      matcher->map_array = g_ptr_array_ref (maps);
      for (guint i = 0; i < maps->len; i++)
        {
          MapIndex *mi = maps->pdata[i] != NULL ? map_index_new (matcher, maps->pdata[i]) : NULL;
          if (mi != NULL)
            g_ptr_array_add (matcher->maps, mi);
        }
    }
  matcher->default_send = fold_names (default_send_names);
  return matcher;
}

void
ca_matcher_free (CaMatcher *matcher)
{
  if (matcher == NULL)
    return;
  g_ptr_array_unref (matcher->maps);
  g_clear_pointer (&matcher->map_array, g_ptr_array_unref);
  g_ptr_array_unref (matcher->schemes);
  g_ptr_array_unref (matcher->default_send);
  g_free (matcher);
}

void
ca_match_free (CaMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->scheme);
  g_free (match->map);
  g_clear_pointer (&match->field_for, g_hash_table_unref);
  g_clear_pointer (&match->send_names, g_ptr_array_unref);
  g_free (match);
}

/* ---- Looking up ---- */

/* Whether @k is in @key as a whole word where it begins or ends with one. */
static gboolean
contains_key (const char *key, const InsideKey *k)
{
  for (const char *at = strstr (key, k->key); at != NULL; at = strstr (at + 1, k->key))
    {
      if (k->word_start && at > key && is_word_char (at[-1]))
        continue;
      if (k->word_end && is_word_char (at[k->bytes]))
        continue;
      return TRUE;
    }
  return FALSE;
}

/* The field of @si that @key (a label_key, @bytes long) names, or -1.
 * *quality: G_MAXUINT for an exact match, else the length in characters of
 * the key found inside. */
static int
scheme_lookup (const SchemeIndex *si, const char *key, gsize bytes, guint *quality)
{
  gpointer v = g_hash_table_lookup (si->exact, key);

  if (v != NULL)
    {
      *quality = G_MAXUINT;
      return (int) GPOINTER_TO_UINT (v) - 1;
    }
  for (guint i = 0; i < si->inside->len; i++)
    {
      const InsideKey *k = &g_array_index (si->inside, InsideKey, i);

      if (k->bytes < bytes && contains_key (key, k))
        {
          *quality = k->chars;
          return (int) k->field;
        }
    }
  *quality = 0;
  return -1;
}

const char *
ca_matcher_field_for_label (CaMatcher *matcher, const char *scheme, const char *label)
{
  g_autofree char *key = NULL;
  const char *best = NULL;
  guint best_quality = 0;
  gsize bytes;

  g_return_val_if_fail (matcher != NULL, NULL);
  key = ca_label_key (label);
  if (key == NULL)
    return NULL;
  bytes = strlen (key);
  for (guint s = 0; s < matcher->schemes->len; s++)
    {
      const SchemeIndex *si = matcher->schemes->pdata[s];
      guint quality;
      int f;

      if (scheme != NULL && g_strcmp0 (cr_scheme_get_id (si->scheme), scheme) != 0)
        continue;
      f = scheme_lookup (si, key, bytes, &quality);
      /* Ties: the earlier scheme. */
      if (f >= 0 && quality > best_quality)
        {
          best = cr_field_get_name (cr_scheme_get_field (si->scheme, (guint) f));
          best_quality = quality;
        }
    }
  return best;
}

static gboolean
patterns_match (GPtrArray *specs, const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL || specs->len == 0)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < specs->len; i++)
    if (g_pattern_spec_match_string (specs->pdata[i], folded))
      return TRUE;
  return FALSE;
}

/* The field of every control for scheme @s (-1 for none) into @fields, and
 * how many different fields were found.  @mi: the map whose [Labels] apply. */
static guint
match_scheme (const CaMatcher *matcher, guint s, const MapIndex *mi, char *const *keys,
              const gsize *bytes, guint n, int *fields)
{
  const SchemeIndex *si = matcher->schemes->pdata[s];
  g_autofree gboolean *seen = g_new0 (gboolean, cr_scheme_get_n_fields (si->scheme) + 1);
  guint distinct = 0;

  for (guint i = 0; i < n; i++)
    {
      gpointer v;
      guint quality;
      int f;

      if (keys[i] == NULL)
        f = -1;
      else if (mi != NULL && (v = g_hash_table_lookup (mi->labels, keys[i])) != NULL)
        f = (int) GPOINTER_TO_UINT (v) - 1;
      else
        f = scheme_lookup (si, keys[i], bytes[i], &quality);
      fields[i] = f;
      if (f >= 0 && !seen[f])
        {
          seen[f] = TRUE;
          distinct++;
        }
    }
  return distinct;
}

CaMatch *
ca_matcher_match (CaMatcher *matcher, const char *title, const char *address,
                  const char *const *ids, const char *const *labels, guint n)
{
  g_autoptr(CaMatch) match = g_new0 (CaMatch, 1);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_full (n, g_free);
  g_autofree gsize *bytes = g_new0 (gsize, n + 1);
  g_autofree int *fields = g_new0 (int, n + 1);
  const MapIndex *chosen_map = NULL;
  int chosen = -1;
  guint best_count = 0;
  int best = -1;

  g_return_val_if_fail (matcher != NULL, NULL);
  g_return_val_if_fail (n == 0 || (ids != NULL && labels != NULL), NULL);

  match->field_for = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < n; i++)
    {
      char *key = labels[i] != NULL && labels[i][0] != '\0' ? ca_label_key (labels[i]) : NULL;
      g_ptr_array_add (keys, key);
      bytes[i] = key != NULL ? strlen (key) : 0;
    }

  /* A map whose title or address names the form: the first that does, and
   * that finds its MinFields when it gives one. */
  for (guint m = 0; m < matcher->maps->len && chosen < 0; m++)
    {
      const MapIndex *mi = matcher->maps->pdata[m];
      guint count;

      if (!patterns_match (mi->titles, title) && !patterns_match (mi->addresses, address))
        continue;
      count = match_scheme (matcher, mi->scheme, mi, (char *const *) keys->pdata, bytes, n,
                            fields);
      if (count >= mi->map->min_fields)
        {
          chosen = (int) mi->scheme;
          chosen_map = mi;
          match->matched = count;
        }
    }

  /* Else the scheme with the most different fields, if it has enough. */
  if (chosen < 0)
    {
      for (guint s = 0; s < matcher->schemes->len; s++)
        {
          guint count = match_scheme (matcher, s, NULL, (char *const *) keys->pdata, bytes, n,
                                      fields);
          if (count > best_count)
            {
              best_count = count;
              best = (int) s;
            }
        }
      match->matched = best_count;
      if (best >= 0 && best_count >= CA_MATCHER_MIN_FIELDS)
        {
          chosen = best;
          /* fields[] holds the last scheme's: this one's again. */
          match_scheme (matcher, (guint) chosen, NULL, (char *const *) keys->pdata, bytes, n,
                        fields);
        }
    }

  if (chosen >= 0)
    {
      const SchemeIndex *si = matcher->schemes->pdata[chosen];

      match->scheme = g_strdup (cr_scheme_get_id (si->scheme));
      match->n_fields = cr_scheme_get_n_fields (si->scheme);
      if (chosen_map != NULL)
        match->map = g_strdup (chosen_map->map->name);
      for (guint i = 0; i < n; i++)
        if (fields[i] >= 0 && ids[i] != NULL)
          g_hash_table_replace (match->field_for, g_strdup (ids[i]),
                                g_strdup (cr_field_get_name (cr_scheme_get_field (si->scheme,
                                                                                  (guint) fields[i]))));
    }
  match->send_names = copy_names (chosen_map != NULL && chosen_map->send_names != NULL
                                    ? chosen_map->send_names
                                    : matcher->default_send);
  return g_steal_pointer (&match);
}
