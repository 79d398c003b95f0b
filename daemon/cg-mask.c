/* Personal data masked for a helper's eyes (see cg-mask.h). */
#include "cg-mask.h"

#include <string.h>

#define WHOLE "****"

/* 0-9 as ASCII or full width; -1 for anything else. */
static int
digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return (int) (c - '0');
  if (c >= 0xFF10 && c <= 0xFF19)
    return (int) (c - 0xFF10);
  return -1;
}

static gboolean
has_digit (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (digit_value (g_utf8_get_char (p)) >= 0)
      return TRUE;
  return FALSE;
}

/* The digits of @value as ASCII, and with @id the check character X too. */
static GString *
significant (const char *value, gboolean id)
{
  GString *s = g_string_new (NULL);
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int d = digit_value (c);
      if (d >= 0)
        g_string_append_c (s, (char) ('0' + d));
      else if (id && (c == 'X' || c == 'x' || c == 0xFF38 || c == 0xFF58))
        g_string_append_c (s, 'X');
    }
  return s;
}

static void
append_stars (GString *out, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_string_append_c (out, '*');
}

/* Keeps the first @head and last @tail characters of @sig when it has at
 * least @min of them, the rest starred (@stars: that many stars instead of
 * one per character, or 0).  Too short: all starred. */
static char *
keep_ends (GString *sig, gsize head, gsize tail, gsize min, gsize stars)
{
  GString *out = g_string_new (NULL);

  if (sig->len == 0)
    g_string_append (out, WHOLE);
  else if (sig->len < min)
    append_stars (out, stars > 0 ? stars : sig->len);
  else
    {
      g_string_append_len (out, sig->str, head);
      append_stars (out, stars > 0 ? stars : sig->len - head - tail);
      g_string_append_len (out, sig->str + sig->len - tail, tail);
    }
  g_string_free (sig, TRUE);
  return g_string_free (out, FALSE);
}

/* 张** for a name written in Han characters, W. for one in letters; a name
 * with a digit in it is something else typed there, masked whole. */
static char *
mask_name (const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  gunichar first;
  GString *out;

  if (has_digit (trimmed))
    return g_strdup (WHOLE);
  first = g_utf8_get_char (trimmed);
  out = g_string_new (NULL);
  if (g_unichar_get_script (first) == G_UNICODE_SCRIPT_HAN)
    {
      g_string_append_unichar (out, first);
      for (const char *p = g_utf8_next_char (trimmed); *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (!g_unichar_isspace (c) && c != 0x00B7 && c != 0x30FB)
            g_string_append_c (out, '*');
        }
    }
  else if (g_unichar_isalpha (first))
    {
      g_string_append_unichar (out, g_unichar_toupper (first));
      g_string_append_c (out, '.');
    }
  else
    g_string_append (out, WHOLE);
  return g_string_free (out, FALSE);
}

static char *
mask_digits (const char *value)
{
  GString *out = g_string_new (NULL);
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (digit_value (c) >= 0)
        g_string_append_c (out, '*');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

CgMaskKind
cg_mask_kind_for_field (const CrField *field)
{
  if (field == NULL)
    return CG_MASK_WHOLE;
  switch (cr_field_get_personal (field))
    {
    case CR_PERSONAL_ID:
      return CG_MASK_ID;
    case CR_PERSONAL_MOBILE:
      return CG_MASK_PHONE;
    case CR_PERSONAL_BANK_CARD:
      return CG_MASK_CARD;
    case CR_PERSONAL_NAME:
      return CG_MASK_NAME;
    case CR_PERSONAL_OTHER:
      return CG_MASK_WHOLE;
    case CR_PERSONAL_NONE:
    default:
      break;
    }
  return cr_field_get_field_type (field) == CR_FIELD_TEXT ? CG_MASK_DIGITS : CG_MASK_SHOW;
}

char *
cg_mask_value (CgMaskKind kind, const char *value)
{
  if (value == NULL || value[0] == '\0')
    return g_strdup ("");
  switch (kind)
    {
    case CG_MASK_SHOW:
      return g_strdup (value);
    case CG_MASK_DIGITS:
      return mask_digits (value);
    case CG_MASK_ID:
      return keep_ends (significant (value, TRUE), 4, 4, 12, 0);
    case CG_MASK_CARD:
      return keep_ends (significant (value, FALSE), 0, 4, 12, 4);
    case CG_MASK_PHONE:
      return keep_ends (significant (value, FALSE), 0, 4, 7, 0);
    case CG_MASK_NAME:
      return mask_name (value);
    case CG_MASK_WHOLE:
    default:
      return g_strdup (WHOLE);
    }
}

/* Whether a value of a shown kind reads as its type. */
static gboolean
reads_as_type (const CrField *field, CrFieldType type, const char *value)
{
  CrDay day;
  gint64 fen;

  switch (type)
    {
    case CR_FIELD_DATE:
      return cr_parse_date (value, &day);
    case CR_FIELD_MONEY:
      return cr_parse_money (value, &fen);
    case CR_FIELD_CHOICE:
      return cr_field_match_choice (field, value) != NULL;
    case CR_FIELD_INTEGER:
      {
        /* A whole number of a few digits (days, a grade), no more. */
        g_autoptr(GString) digits = significant (value, FALSE);
        return digits->len > 0 && digits->len <= 4;
      }
    case CR_FIELD_BOOLEAN:
      return !has_digit (value) || g_utf8_strlen (value, -1) <= 2;
    case CR_FIELD_LIST:
      {
        /* By character: g_strsplit_set splits at bytes, and the bytes
         * of 、 and ， cut Han characters into invalid UTF-8. */
        g_auto(GStrv) items = g_regex_split_simple ("[;,、， ]", value, 0, 0);
        for (guint i = 0; items[i] != NULL; i++)
          if (items[i][0] != '\0' &&
              !reads_as_type (field, cr_field_match_choice (field, items[i]) != NULL
                                       ? CR_FIELD_CHOICE : CR_FIELD_INTEGER, items[i]))
            return FALSE;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

char *
cg_mask_field_value (const CrField *field, const char *value)
{
  CgMaskKind kind = cg_mask_kind_for_field (field);

  if (kind == CG_MASK_SHOW && value != NULL && value[0] != '\0' &&
      !reads_as_type (field, cr_field_get_field_type (field), value))
    kind = CG_MASK_DIGITS;
  return cg_mask_value (kind, value);
}

/* ---- Free text ---- */

/* A run of digits from @p: digits with single spaces or hyphens between.
 * Sets the end, the number of digits and whether it is shaped like a date,
 * 2025-01-06. */
static const char *
scan_run (const char *p, guint *n_digits, gboolean *is_date)
{
  guint groups[8] = { 0 }, n_groups = 1;
  gboolean only_hyphens = TRUE;
  const char *end = p;

  *n_digits = 0;
  for (const char *q = p; *q;)
    {
      gunichar c = g_utf8_get_char (q);
      if (digit_value (c) >= 0)
        {
          (*n_digits)++;
          if (n_groups <= G_N_ELEMENTS (groups))
            groups[n_groups - 1]++;
          q = g_utf8_next_char (q);
          end = q;
          continue;
        }
      if ((c == ' ' || c == '-') && digit_value (g_utf8_get_char (q + 1)) >= 0)
        {
          only_hyphens &= c == '-';
          n_groups++;
          q++;
          continue;
        }
      break;
    }
  *is_date = only_hyphens && n_groups == 3 && groups[0] == 4 && groups[1] >= 1 &&
             groups[1] <= 2 && groups[2] >= 1 && groups[2] <= 2;
  return end;
}

char *
cg_mask_digit_runs (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p)
    {
      if (digit_value (g_utf8_get_char (p)) >= 0)
        {
          guint n;
          gboolean date;
          const char *end = scan_run (p, &n, &date);
          if (date)
            {
              /* A real date, not an ID cut up to look like one. */
              g_autofree char *run = g_strndup (p, end - p);
              CrDay day;
              date = cr_parse_date (run, &day);
            }
          if (n >= 7 && !date)
            {
              g_autofree char *run = g_strndup (p, end - p);
              g_autofree char *masked = mask_digits (run);
              g_string_append (out, masked);
            }
          else
            g_string_append_len (out, p, end - p);
          p = end;
          continue;
        }
      {
        const char *next = g_utf8_next_char (p);
        g_string_append_len (out, p, next - p);
        p = next;
      }
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  const char *value;
  const char *mask;
} Pair;

static gint
longer_first (gconstpointer a, gconstpointer b)
{
  gsize la = strlen (((const Pair *) a)->value), lb = strlen (((const Pair *) b)->value);
  return la < lb ? 1 : la > lb ? -1 : 0;
}

char *
cg_mask_text (const char *text, const char *const *values, const char *const *masks)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autoptr(GString) s = g_string_new (text);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (g_utf8_strlen (values[i], -1) >= 2 && g_strcmp0 (values[i], masks[i]) != 0)
      {
        Pair p = { values[i], masks[i] };
        g_array_append_val (pairs, p);
      }
  g_array_sort (pairs, longer_first);
  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *p = &g_array_index (pairs, Pair, i);
      g_string_replace (s, p->value, p->mask, 0);
    }
  return cg_mask_digit_runs (s->str);
}
