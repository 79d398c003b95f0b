/* cg-normalize: finds the numbers, amounts, dates, times and digit strings in a text and
 * has the language's speaker (cg-normalize-zh.c, cg-normalize-en.c) say them in words.
 *
 * The text is decoded once into units (character as written, character folded to ASCII
 * where it has a full-width form). At each unit the matchers below are tried in order; a
 * match appends its words and moves past what it read, anything else passes through. A
 * matcher that starts on a digit always consumes the whole digit run, and looks ahead at
 * most a few runs, so the whole pass is linear. */
#include "cg-normalize.h"

#include <string.h>

#include "cg-normalize-private.h"
#include "claimrules.h"

enum {
  CH_YEN = 0x00A5,   /* ¥; ￥ folds to it */
  CH_WAN = 0x4E07,   /* 万 */
  CH_WAN_T = 0x842C, /* 萬 */
  CH_YI = 0x4EBF,    /* 亿 */
  CH_YI_T = 0x5104,  /* 億 */
  CH_YUAN = 0x5143,  /* 元 */
  CH_NIAN = 0x5E74,  /* 年 */
  CH_YUE = 0x6708,   /* 月 */
  CH_RI = 0x65E5,    /* 日 */
  CH_HAO = 0x53F7,   /* 号 */
  CH_HAO_T = 0x865F, /* 號 */
};

typedef struct {
  gunichar c; /* as written; U+FFFD for a byte that is not UTF-8 */
  gunichar f; /* folded: full-width forms as ASCII, ￥ as ¥, the ideographic space as ' ' */
} Unit;

typedef struct {
  const Unit *u;
  gsize n;
  CgLang lang;
  const CgNormalizer *say;
  GString *words; /* the words of the current match */
} Scan;

typedef gsize (*Matcher) (Scan *s, gsize i);

/* ---- Decoding ---- */

static gunichar
fold (gunichar c)
{
  if (c >= 0xFF01 && c <= 0xFF5E)
    return c - 0xFF01 + 0x21;
  if (c == 0xFFE5)
    return CH_YEN;
  if (c == 0x3000)
    return ' ';
  return c;
}

static GArray *
decode (const char *text)
{
  gsize len = strlen (text);
  const char *p = text, *end = text + len;
  GArray *units = g_array_sized_new (FALSE, FALSE, sizeof (Unit), len);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      Unit u;
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          u.c = u.f = 0xFFFD;
          p++;
        }
      else
        {
          u.c = c;
          u.f = fold (c);
          p = g_utf8_next_char (p);
        }
      g_array_append_val (units, u);
    }
  return units;
}

/* ---- Looking at the text ---- */

static gunichar
at (const Scan *s, gsize i)
{
  return i < s->n ? s->u[i].f : 0;
}

static gboolean
is_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_ascii_letter (gunichar c)
{
  return c < 0x80 && g_ascii_isalpha ((char) c);
}

static gboolean
digit_at (const Scan *s, gsize i)
{
  return is_digit (at (s, i));
}

/* The length of the digit run at @i. */
static gsize
run_at (const Scan *s, gsize i)
{
  gsize j = i;
  while (digit_at (s, j))
    j++;
  return j - i;
}

/* The value of @len (at most 9) digits at @i. */
static int
value_at (const Scan *s, gsize i, gsize len)
{
  int v = 0;
  for (gsize k = 0; k < len; k++)
    v = v * 10 + (int) (at (s, i + k) - '0');
  return v;
}

static void
copy_digits (const Scan *s, gsize i, gsize len, char *buf)
{
  for (gsize k = 0; k < len; k++)
    buf[k] = (char) at (s, i + k);
  buf[len] = '\0';
}

/* Whether the ASCII word @lower (lower case) is at @i, as a whole word. */
static gboolean
ascii_word_at (const Scan *s, gsize i, const char *lower)
{
  gsize len = strlen (lower);

  if (i > 0 && is_ascii_letter (at (s, i - 1)))
    return FALSE;
  for (gsize k = 0; k < len; k++)
    {
      gunichar c = at (s, i + k);
      if (!is_ascii_letter (c) || g_ascii_tolower ((char) c) != lower[k])
        return FALSE;
    }
  return !is_ascii_letter (at (s, i + len));
}

static gboolean
is_real_date (int year, int month, int day)
{
  CrDay d;
  return year >= 1900 && year <= 2099 && cr_day_from_ymd (year, month, day, &d);
}

/* ---- Parts of amounts ---- */

/* ¥, ￥, RMB or CNY at @i: its length, or 0. */
static gsize
currency_sign_at (const Scan *s, gsize i)
{
  if (at (s, i) == CH_YEN)
    return 1;
  if (ascii_word_at (s, i, "rmb") || ascii_word_at (s, i, "cny"))
    return 3;
  return 0;
}

/* 元, yuan, RMB or CNY after an amount, maybe after one space: its length, or 0. */
static gsize
yuan_suffix_at (const Scan *s, gsize j)
{
  gsize k = at (s, j) == ' ' ? j + 1 : j;

  if (at (s, k) == CH_YUAN)
    return k + 1 - j;
  if (ascii_word_at (s, k, "yuan"))
    return k + 4 - j;
  if (ascii_word_at (s, k, "rmb") || ascii_word_at (s, k, "cny"))
    return k + 3 - j;
  return 0;
}

static CgMult
mult_at (const Scan *s, gsize j)
{
  switch (at (s, j))
    {
    case CH_WAN:
    case CH_WAN_T:
      return CG_MULT_WAN;
    case CH_YI:
    case CH_YI_T:
      return CG_MULT_YI;
    default:
      return CG_MULT_NONE;
    }
}

/* Whether the digits at @i are money or a quantity: after a currency sign, or before
 * 元, 万, %, a decimal point or a thousands group. */
static gboolean
in_amount (const Scan *s, gsize i, gsize len)
{
  gsize b = (i > 0 && at (s, i - 1) == ' ') ? i - 1 : i;
  gsize j = i + len;

  if (b > 0 && at (s, b - 1) == CH_YEN)
    return TRUE;
  if (b >= 3 && currency_sign_at (s, b - 3) == 3)
    return TRUE;
  if (mult_at (s, j) != CG_MULT_NONE || at (s, j) == '%' || yuan_suffix_at (s, j) > 0)
    return TRUE;
  return (at (s, j) == '.' && digit_at (s, j + 1)) || (at (s, j) == ',' && run_at (s, j + 1) == 3);
}

/* An amount as written at @i: 3, 3000, 3,000, 1,234,567, 3.5, 0.75, 3,000.50. Thousands
 * groups are taken only as real ones (1,234 but not 1,2 or 1,2345). Runs longer than
 * CG_NUM_MAX_INT and runs of two or more digits starting with 0 are not amounts.
 * Returns the length read, or 0. */
static gsize
parse_number (const Scan *s, gsize i, CgNum *num, gboolean *grouped)
{
  gsize len = run_at (s, i), j = i + len, n_int = len;

  memset (num, 0, sizeof *num);
  *grouped = FALSE;
  if (len == 0 || len > CG_NUM_MAX_INT || (len > 1 && at (s, i) == '0'))
    return 0;
  copy_digits (s, i, len, num->int_digits);
  if (len <= 3 && at (s, i) != '0')
    while (at (s, j) == ',' && run_at (s, j + 1) == 3 && n_int + 3 <= CG_NUM_MAX_INT)
      {
        copy_digits (s, j + 1, 3, num->int_digits + n_int);
        n_int += 3;
        j += 4;
        *grouped = TRUE;
      }
  if (at (s, j) == '.')
    {
      gsize n_frac = run_at (s, j + 1);
      if (n_frac >= 1 && n_frac <= CG_NUM_MAX_FRAC)
        {
          copy_digits (s, j + 1, n_frac, num->frac_digits);
          j += 1 + n_frac;
        }
    }
  return j - i;
}

/* Appends the @len digits at @i to @g, starting a new group (after a space) every
 * sizes[k] digits; the last size repeats. */
static void
add_digits (GString *g, const Scan *s, gsize i, gsize len, const gsize *sizes, guint n_sizes)
{
  guint k = 0;
  gsize left = 0;

  for (gsize p = 0; p < len; p++)
    {
      if (left == 0)
        {
          if (g->len > 0)
            g_string_append_c (g, ' ');
          left = sizes[MIN (k, n_sizes - 1)];
          k++;
        }
      g_string_append_c (g, (char) at (s, i + p));
      left--;
    }
}

/* Appends the @len digits at @i to @g as one group. */
static void
add_group (GString *g, const Scan *s, gsize i, gsize len)
{
  add_digits (g, s, i, len, &len, 1);
}

static void
say_digits_in_fours (Scan *s, gsize i, gsize len)
{
  static const gsize four[] = { 4 };
  g_autoptr (GString) g = g_string_new (NULL);

  add_digits (g, s, i, len, four, 1);
  s->say->digits (s->words, s->lang, g->str);
}

static void
say_plain_number (Scan *s, gsize i, gsize len)
{
  CgNum num;

  memset (&num, 0, sizeof num);
  copy_digits (s, i, len, num.int_digits);
  s->say->number (s->words, s->lang, &num, FALSE);
}

/* ---- Dates and times ---- */

/* 2025-03-14, 2025/3/14, 2025.3.14. The same shape that is not a real date (2025-02-30)
 * is read as three numbers with pauses, so that nobody hears a date that does not exist. */
static gsize
match_dashed_date (Scan *s, gsize i)
{
  gunichar sep = at (s, i + 4);
  gsize m = i + 5, d, end, n_m, n_d;

  if (run_at (s, i) != 4 || (sep != '-' && sep != '/' && sep != '.'))
    return 0;
  n_m = run_at (s, m);
  if (n_m < 1 || n_m > 2 || at (s, m + n_m) != sep)
    return 0;
  d = m + n_m + 1;
  n_d = run_at (s, d);
  if (n_d < 1 || n_d > 2)
    return 0;
  end = d + n_d;
  if (at (s, end) == sep && digit_at (s, end + 1))
    return 0;

  int year = value_at (s, i, 4), month = value_at (s, m, n_m), day = value_at (s, d, n_d);
  if (is_real_date (year, month, day))
    s->say->date (s->words, s->lang, year, month, day);
  else
    s->say->bad_date (s->words, s->lang, year, month, day);
  return end - i;
}

/* M月 or M月D日 (号, 號) at @i; with @year (0 if not known) the day must be real in that
 * year, else in some year. Returns the length read, 0 if no month; *day is 0 if the day
 * part is missing or not real. */
static gsize
month_day_at (const Scan *s, gsize i, int year, int *month, int *day)
{
  gsize n_m = run_at (s, i), d, n_d;
  gunichar after;

  *month = *day = 0;
  if (n_m < 1 || n_m > 2 || at (s, i + n_m) != CH_YUE)
    return 0;
  int m = value_at (s, i, n_m);
  if (m < 1 || m > 12)
    return 0;
  *month = m;
  d = i + n_m + 1;
  n_d = run_at (s, d);
  after = at (s, d + n_d);
  if (n_d < 1 || n_d > 2 || (after != CH_RI && after != CH_HAO && after != CH_HAO_T))
    return d - i;
  int v = value_at (s, d, n_d);
  if (!is_real_date (year ? year : 2000 /* a leap year: 2月29日 */, m, v))
    return d - i;
  *day = v;
  return d + n_d + 1 - i;
}

/* 2025年3月14日, 2025年3月14号, 2025年3月, 2025年, 3月14日, 3月. A year before 年 is read
 * digit by digit; what is not a real date is read as written, part by part. */
static gsize
match_han_date (Scan *s, gsize i)
{
  int year = 0, month, day;
  gsize j = i, used;

  if (run_at (s, i) == 4 && at (s, i) != '0' && at (s, i + 4) == CH_NIAN)
    {
      year = value_at (s, i, 4);
      j = i + 5;
    }
  used = month_day_at (s, j, year, &month, &day);
  if (year == 0 && used == 0)
    return 0;
  s->say->date (s->words, s->lang, year, month, day);
  return j + used - i;
}

/* 20250314, when it is a real date and not an amount (¥20250314, 20250314元). */
static gsize
match_compact_date (Scan *s, gsize i)
{
  if (run_at (s, i) != 8 || in_amount (s, i, 8))
    return 0;
  int year = value_at (s, i, 4), month = value_at (s, i + 4, 2), day = value_at (s, i + 6, 2);
  if (!is_real_date (year, month, day))
    return 0;
  s->say->date (s->words, s->lang, year, month, day);
  return 8;
}

/* 14 March 2025: the way the rules core writes a date in English
 * (cr_day_to_words), so that a report read aloud keeps its dates. */
static gsize
match_worded_date (Scan *s, gsize i)
{
  static const char *const months[] = { "january", "february", "march", "april", "may", "june",
                                        "july", "august", "september", "october", "november",
                                        "december" };
  gsize day_len = run_at (s, i), j;

  if (day_len < 1 || day_len > 2 || at (s, i + day_len) != ' ')
    return 0;
  j = i + day_len + 1;
  for (int m = 0; m < 12; m++)
    {
      gsize mlen = strlen (months[m]);
      int day = value_at (s, i, day_len), year;
      if (!ascii_word_at (s, j, months[m]) || at (s, j + mlen) != ' ' ||
          run_at (s, j + mlen + 1) != 4)
        continue;
      year = value_at (s, j + mlen + 1, 4);
      if (!is_real_date (year, m + 1, day))
        return 0;
      s->say->date (s->words, s->lang, year, m + 1, day);
      return j + mlen + 1 + 4 - i;
    }
  return 0;
}

/* H:MM or H:MM:SS, H 0-23. Not 1:2 (a ratio), which is read as two numbers. */
static gsize
match_time (Scan *s, gsize i)
{
  gsize n_h = run_at (s, i), m = i + n_h + 1, end = m + 2;
  int second = -1;

  if (n_h < 1 || n_h > 2 || at (s, i + n_h) != ':' || run_at (s, m) != 2)
    return 0;
  if (at (s, end) == ':' && run_at (s, end + 1) == 2)
    {
      second = value_at (s, end + 1, 2);
      end += 3;
    }
  if (at (s, end) == ':' && digit_at (s, end + 1))
    return 0;
  int hour = value_at (s, i, n_h), minute = value_at (s, m, 2);
  if (hour > 23 || minute > 59 || second > 59)
    return 0;
  s->say->time (s->words, s->lang, hour, minute, second);
  return end - i;
}

/* ---- Digit strings written in groups ---- */

/* A mobile written 138 0013 8000 or 138-0013-8000. */
static gsize
match_spaced_mobile (Scan *s, gsize i)
{
  gunichar sep = at (s, i + 3);
  g_autoptr (GString) g = NULL;

  if (run_at (s, i) != 3 || at (s, i) != '1' || (sep != ' ' && sep != '-'))
    return 0;
  if (run_at (s, i + 4) != 4 || at (s, i + 8) != sep || run_at (s, i + 9) != 4)
    return 0;
  if (at (s, i + 13) == sep && digit_at (s, i + 14))
    return 0;
  g = g_string_new (NULL);
  add_group (g, s, i, 3);
  add_group (g, s, i + 4, 4);
  add_group (g, s, i + 9, 4);
  s->say->digits (s->words, s->lang, g->str);
  return 13;
}

/* A bank card written in groups of four: 6222 0212 3456 7890 (123), 16 to 19 digits. */
static gsize
match_spaced_card (Scan *s, gsize i)
{
  gunichar sep = at (s, i + 4);
  gsize j = i, total = 0, len;
  guint groups = 0;
  g_autoptr (GString) g = NULL;

  if (run_at (s, i) != 4 || (sep != ' ' && sep != '-'))
    return 0;
  for (;;)
    {
      len = run_at (s, j);
      total += len;
      groups++;
      j += len;
      if (len != 4 || groups == 5 || at (s, j) != sep || !digit_at (s, j + 1))
        break;
      j++;
    }
  if (len > 4 || total < 16 || total > 19 || (at (s, j) == sep && digit_at (s, j + 1)))
    return 0;
  g = g_string_new (NULL);
  for (gsize k = i; k < j; k += 5)
    add_group (g, s, k, MIN (4, j - k));
  s->say->digits (s->words, s->lang, g->str);
  return j - i;
}

/* A landline with its area code: 0754-88881234, 020 12345678. The area code is one group,
 * the local number is read in groups of four. */
static gsize
match_landline (Scan *s, gsize i)
{
  gsize n_area = run_at (s, i), local = i + n_area + 1, n_local;
  gunichar sep = at (s, i + n_area);
  static const gsize four[] = { 4 };
  g_autoptr (GString) g = NULL;

  if (at (s, i) != '0' || n_area < 3 || n_area > 4 || (sep != '-' && sep != ' '))
    return 0;
  n_local = run_at (s, local);
  if (n_local < 7 || n_local > 8)
    return 0;
  g = g_string_new (NULL);
  add_group (g, s, i, n_area);
  add_digits (g, s, local, n_local, four, 1);
  s->say->digits (s->words, s->lang, g->str);
  return local + n_local - i;
}

/* ---- Numbers ---- */

/* 1.2.3 (a section or version number, an address): the parts one by one, each as a number
 * (or digit by digit if it starts with 0), joined by the word for "point". */
static gsize
match_dotted (Scan *s, gsize i)
{
  gsize j = i + run_at (s, i), len = 0;
  guint parts = 1;

  if (j - i > CG_NUM_MAX_INT)
    return 0;
  while (at (s, j) == '.' && (len = run_at (s, j + 1)) >= 1 && len <= CG_NUM_MAX_INT)
    {
      j += 1 + len;
      parts++;
    }
  if (parts < 3)
    return 0;
  for (gsize k = i; k < j; k += len + 1)
    {
      len = run_at (s, k);
      if (k > i)
        s->say->point (s->words, s->lang);
      if (len > 1 && at (s, k) == '0')
        say_digits_in_fours (s, k, len);
      else
        say_plain_number (s, k, len);
    }
  return j - i;
}

/* Whether the run of digits is an identifier rather than a quantity: 9 or more digits,
 * unless all but the first two are zeros (100000000 is an amount, 一亿), and a mobile
 * (11 digits starting with 1) always. */
static gboolean
is_identifier (const char *digits)
{
  gsize len = strlen (digits);

  if (len < 9)
    return FALSE;
  if (len == 11 && digits[0] == '1')
    return TRUE;
  for (gsize k = 2; k < len; k++)
    if (digits[k] != '0')
      return TRUE;
  return FALSE;
}

/* st, nd, rd, th after a number: 1st, 22nd. */
static gsize
ordinal_suffix_at (const Scan *s, gsize j)
{
  static const char *const suffixes[] = { "st", "nd", "rd", "th" };
  for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
    if (ascii_word_at (s, j, suffixes[k]))
      return 2;
  return 0;
}

static gboolean
takes_liang (const Scan *s, gsize i, gsize j, const CgNum *num, gboolean plain)
{
  gunichar next[4] = { at (s, j), at (s, j + 1), at (s, j + 2), 0 };

  if (s->say->takes_liang == NULL || !plain || !g_str_equal (num->int_digits, "2"))
    return FALSE;
  return s->say->takes_liang (s->lang, i > 0 ? at (s, i - 1) : 0, next);
}

/* A number, with what follows it: 70% (a percentage), 3万 and 3.5亿, 3000元 and
 * 3,000 yuan (money), 1st (an ordinal). */
static gsize
match_number (Scan *s, gsize i)
{
  CgNum num;
  gboolean grouped, plain;
  gsize j = i + parse_number (s, i, &num, &grouped), k;

  if (j == i)
    return 0;
  plain = !grouped && num.frac_digits[0] == '\0';
  if (at (s, j) == '%')
    {
      s->say->percent (s->words, s->lang, &num);
      return j + 1 - i;
    }
  gboolean liang = takes_liang (s, i, j, &num, plain);
  num.mult = mult_at (s, j);
  if (num.mult != CG_MULT_NONE)
    j++;
  if ((k = yuan_suffix_at (s, j)) > 0)
    {
      s->say->money (s->words, s->lang, &num);
      return j + k - i;
    }
  if (plain && num.mult == CG_MULT_NONE)
    {
      if ((k = ordinal_suffix_at (s, j)) > 0)
        {
          s->say->ordinal (s->words, s->lang, num.int_digits);
          return j + k - i;
        }
      if (is_identifier (num.int_digits))
        return 0;
    }
  s->say->number (s->words, s->lang, &num, liang);
  return j - i;
}

/* Any digit run left: digit by digit. A mobile (11 digits starting with 1) in groups
 * 3-4-4, a resident ID (17 digits then a digit or X) 6-8-4, anything else (bank cards,
 * accounts, codes starting with 0) in groups of four from the left. */
static gsize
match_digit_string (Scan *s, gsize i)
{
  static const gsize mobile[] = { 3, 4 }, id[] = { 6, 8, 4 }, four[] = { 4 };
  gsize len = run_at (s, i);
  gunichar x = at (s, i + len);
  gboolean check_x = len == 17 && (x == 'X' || x == 'x') && !is_ascii_letter (at (s, i + len + 1));
  g_autoptr (GString) g = g_string_new (NULL);

  if (len == 11 && at (s, i) == '1')
    add_digits (g, s, i, len, mobile, G_N_ELEMENTS (mobile));
  else if (len == 18 || check_x)
    add_digits (g, s, i, len, id, G_N_ELEMENTS (id));
  else
    add_digits (g, s, i, len, four, G_N_ELEMENTS (four));
  if (check_x)
    g_string_append_c (g, 'X');
  s->say->digits (s->words, s->lang, g->str);
  return len + (check_x ? 1 : 0);
}

/* ¥3000.50, ￥3,000, RMB 500, ¥3万: the amount after a currency sign. */
static gsize
match_money (Scan *s, gsize i)
{
  CgNum num;
  gboolean grouped;
  gsize j = i + currency_sign_at (s, i), n;

  if (j == i)
    return 0;
  if (at (s, j) == ' ')
    j++;
  if ((n = parse_number (s, j, &num, &grouped)) == 0)
    return 0;
  j += n;
  num.mult = mult_at (s, j);
  if (num.mult != CG_MULT_NONE)
    j++;
  j += yuan_suffix_at (s, j);
  s->say->money (s->words, s->lang, &num);
  return j - i;
}

/* In order: the first that matches wins. match_digit_string takes any digit run. */
static const Matcher digit_matchers[] = {
  match_dashed_date, match_han_date,  match_compact_date, match_worded_date, match_time,
  match_spaced_mobile, match_spaced_card, match_landline, match_dotted,
  match_number,      match_digit_string,
};

static gsize
match_at (Scan *s, gsize i)
{
  g_string_truncate (s->words, 0);
  if (digit_at (s, i))
    {
      for (guint k = 0; k < G_N_ELEMENTS (digit_matchers); k++)
        {
          gsize used = digit_matchers[k](s, i);
          if (used > 0)
            return used;
          g_string_truncate (s->words, 0);
        }
    }
  return match_money (s, i);
}

/* ---- Output ---- */

static gboolean
ends_in_word (const GString *out)
{
  if (out->len == 0)
    return FALSE;
  return g_unichar_isalnum (g_utf8_get_char (g_utf8_find_prev_char (out->str, out->str + out->len)));
}

/* Appends the words of the match that ends before @next. English words get a space
 * where they meet a letter or digit; Chinese gets none. */
static void
emit (const Scan *s, GString *out, gsize next)
{
  gboolean spaced = s->lang == CG_LANG_EN;

  if (spaced && ends_in_word (out))
    g_string_append_c (out, ' ');
  g_string_append_len (out, s->words->str, s->words->len);
  if (spaced && next < s->n && g_unichar_isalnum (s->u[next].c))
    g_string_append_c (out, ' ');
}

char *
cg_normalize (const char *text, CgLang lang)
{
  g_return_val_if_fail (text != NULL, g_strdup (""));
  g_return_val_if_fail ((guint) lang < CG_N_LANGS, g_strdup (text));

  g_autoptr (GArray) units = decode (text);
  g_autoptr (GString) words = g_string_new (NULL);
  GString *out = g_string_sized_new (strlen (text) * 2 + 16);
  Scan s = {
    .u = (const Unit *) (gpointer) units->data,
    .n = units->len,
    .lang = lang,
    .say = lang == CG_LANG_EN ? &cg_normalize_en : &cg_normalize_zh,
    .words = words,
  };

  for (gsize i = 0; i < s.n;)
    {
      gsize used = match_at (&s, i);
      if (used > 0)
        {
          emit (&s, out, i + used);
          i += used;
        }
      else
        {
          g_string_append_unichar (out, s.u[i].c);
          i++;
        }
    }
  return g_string_free (out, FALSE);
}
