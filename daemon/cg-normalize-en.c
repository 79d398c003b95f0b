/* cg-normalize-en: numbers, amounts, dates and times in English words, British style
 * (the default en voice of eSpeak NG is en-gb): "one hundred and five". */
#include <string.h>

#include "cg-normalize-private.h"

static const char *const en_ones[20] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
  "nineteen",
};

static const char *const en_tens[10] = {
  "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

static const char *const en_scales[] = {
  "", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion", "sextillion",
};

static const char *const en_months[12] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

static const struct {
  const char *cardinal, *ordinal;
} en_irregular[] = {
  { "one", "first" }, { "two", "second" }, { "three", "third" }, { "five", "fifth" },
  { "eight", "eighth" }, { "nine", "ninth" }, { "twelve", "twelfth" },
};

/* A number with 万 or 亿 applied: 3.5万 is int "35000", frac "". */
typedef struct {
  char int_digits[CG_NUM_MAX_INT + 8 + 1];
  char frac_digits[CG_NUM_MAX_INT + CG_NUM_MAX_FRAC + 8 + 1];
} EnValue;

/* Appends @word, after a space unless at the start. */
static void
en_add (GString *w, const char *word)
{
  if (w->len > 0 && w->str[w->len - 1] != ' ')
    g_string_append_c (w, ' ');
  g_string_append (w, word);
}

static void
en_below_100 (GString *w, guint v)
{
  if (v < 20)
    {
      en_add (w, en_ones[v]);
      return;
    }
  en_add (w, en_tens[v / 10]);
  if (v % 10 != 0)
    {
      g_string_append_c (w, '-');
      g_string_append (w, en_ones[v % 10]);
    }
}

/* 1 to 999: "three hundred and forty-five". */
static void
en_below_1000 (GString *w, guint v)
{
  if (v >= 100)
    {
      en_below_100 (w, v / 100);
      en_add (w, "hundred");
      if (v % 100 != 0)
        en_add (w, "and");
    }
  if (v % 100 != 0)
    en_below_100 (w, v % 100);
}

static void
en_spell (GString *w, const char *digits)
{
  for (const char *p = digits; *p != '\0'; p++)
    en_add (w, en_ones[*p - '0']);
}

/* "twelve thousand three hundred and forty-five"; "one thousand and five" (British "and"
 * before a last group below a hundred). */
static void
en_integer (GString *w, const char *digits)
{
  gsize len = strlen (digits), n_groups = (len + 2) / 3, first = len - 3 * (n_groups - 1);
  gboolean higher = FALSE;

  if (n_groups > G_N_ELEMENTS (en_scales))
    {
      en_spell (w, digits);
      return;
    }
  for (gsize g = 0, start = 0; g < n_groups; g++)
    {
      gsize n = g == 0 ? first : 3, scale = n_groups - 1 - g;
      guint v = 0;
      for (gsize k = start; k < start + n; k++)
        v = v * 10 + (guint) (digits[k] - '0');
      start += n;
      if (v == 0)
        continue;
      if (scale == 0 && higher && v < 100)
        en_add (w, "and");
      en_below_1000 (w, v);
      if (scale > 0)
        en_add (w, en_scales[scale]);
      higher = TRUE;
    }
  if (!higher)
    en_add (w, "zero");
}

static void
en_small (GString *w, int v)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%d", v);
  en_integer (w, buf);
}

/* "first", "twenty-second", "hundredth": the cardinal with its last word made ordinal. */
static void
en_ordinal (GString *w, CgLang lang, const char *digits)
{
  g_autoptr (GString) c = g_string_new (NULL);
  const char *last;

  en_integer (c, digits);
  last = c->str + c->len;
  while (last > c->str && last[-1] != ' ' && last[-1] != '-')
    last--;
  for (guint k = 0; k < G_N_ELEMENTS (en_irregular); k++)
    if (g_str_equal (last, en_irregular[k].cardinal))
      {
        g_string_truncate (c, (gsize) (last - c->str));
        g_string_append (c, en_irregular[k].ordinal);
        en_add (w, c->str);
        return;
      }
  if (c->str[c->len - 1] == 'y')
    {
      g_string_truncate (c, c->len - 1);
      g_string_append (c, "ieth");
    }
  else
    g_string_append (c, "th");
  en_add (w, c->str);
}

/* Applies 万 (10^4) or 亿 (10^8) by moving the decimal point. */
static void
en_value (const CgNum *num, EnValue *v)
{
  gsize places = num->mult == CG_MULT_WAN ? 4 : num->mult == CG_MULT_YI ? 8 : 0;
  g_autoptr (GString) all = g_string_new (num->int_digits);
  gsize point = all->len + places, start = 0;

  g_string_append (all, num->frac_digits);
  while (all->len < point)
    g_string_append_c (all, '0');
  while (start + 1 < point && all->str[start] == '0')
    start++;
  memcpy (v->int_digits, all->str + start, point - start);
  v->int_digits[point - start] = '\0';
  g_strlcpy (v->frac_digits, all->str + point, sizeof v->frac_digits);
  if (places > 0) /* 3.50万 is 35000, not 35000.0 */
    for (gsize n = strlen (v->frac_digits); n > 0 && v->frac_digits[n - 1] == '0'; n--)
      v->frac_digits[n - 1] = '\0';
}

static void
en_decimal (GString *w, const EnValue *v)
{
  en_integer (w, v->int_digits);
  if (v->frac_digits[0] != '\0')
    {
      en_add (w, "point");
      en_spell (w, v->frac_digits);
    }
}

static void
en_number (GString *w, CgLang lang, const CgNum *num, gboolean liang)
{
  EnValue v;

  en_value (num, &v);
  en_decimal (w, &v);
}

/* "three thousand yuan and fifty fen", "fifty fen", "one yuan". More than two decimals:
 * "three point one four one yuan". */
static void
en_money (GString *w, CgLang lang, const CgNum *yuan)
{
  EnValue v;
  gsize n_frac;
  guint fen;
  gboolean has_yuan;

  en_value (yuan, &v);
  n_frac = strlen (v.frac_digits);
  if (n_frac > 2)
    {
      en_decimal (w, &v);
      en_add (w, "yuan");
      return;
    }
  fen = n_frac == 0 ? 0 : (guint) (v.frac_digits[0] - '0') * 10;
  if (n_frac == 2)
    fen += (guint) (v.frac_digits[1] - '0');
  has_yuan = !g_str_equal (v.int_digits, "0");
  if (has_yuan || fen == 0)
    {
      en_integer (w, v.int_digits);
      en_add (w, "yuan");
    }
  if (fen > 0)
    {
      if (has_yuan)
        en_add (w, "and");
      en_below_100 (w, fen);
      en_add (w, "fen");
    }
}

static void
en_percent (GString *w, CgLang lang, const CgNum *num)
{
  en_number (w, lang, num, FALSE);
  en_add (w, "percent");
}

/* 2000 "two thousand", 2005 "two thousand and five", 2010 "twenty ten", 1955 "nineteen
 * fifty-five", 1905 "nineteen oh five", 1900 "nineteen hundred". */
static void
en_year (GString *w, int year)
{
  int hi = year / 100, lo = year % 100;

  if (year < 1000 || year > 9999 || year % 1000 < 10)
    {
      en_small (w, year);
      return;
    }
  en_below_100 (w, (guint) hi);
  if (lo == 0)
    en_add (w, "hundred");
  else if (lo < 10)
    {
      en_add (w, "oh");
      en_below_100 (w, (guint) lo);
    }
  else
    en_below_100 (w, (guint) lo);
}

static void
en_month (GString *w, int month)
{
  if (month >= 1 && month <= 12)
    en_add (w, en_months[month - 1]);
}

/* "the fourteenth of March twenty twenty-five", "March twenty twenty-five", "March". */
static void
en_date (GString *w, CgLang lang, int year, int month, int day)
{
  if (day > 0)
    {
      char buf[16];
      g_snprintf (buf, sizeof buf, "%d", day);
      en_add (w, "the");
      en_ordinal (w, lang, buf);
      en_add (w, "of");
    }
  en_month (w, month);
  if (year > 0)
    en_year (w, year);
}

/* 2025-02-30 is not a date: "twenty twenty-five, two, thirty". */
static void
en_bad_date (GString *w, CgLang lang, int year, int month, int day)
{
  en_year (w, year);
  g_string_append_c (w, ',');
  en_small (w, month);
  g_string_append_c (w, ',');
  en_small (w, day);
}

/* 14:30 "fourteen thirty", 9:05 "nine oh five", 9:00 "nine o'clock", 14:00 "fourteen
 * hundred", 0:00 "midnight"; seconds: "nine thirty and five seconds". */
static void
en_time (GString *w, CgLang lang, int hour, int minute, int second)
{
  if (minute > 0)
    {
      en_small (w, hour);
      if (minute < 10)
        en_add (w, "oh");
      en_small (w, minute);
    }
  else if (hour == 0)
    en_add (w, "midnight");
  else
    {
      en_small (w, hour);
      en_add (w, hour <= 12 ? "o'clock" : "hundred");
    }
  if (second > 0)
    {
      en_add (w, "and");
      en_small (w, second);
      en_add (w, second == 1 ? "second" : "seconds");
    }
}

/* "one three eight, zero zero one three, eight zero zero zero"; the check digit X is "X". */
static void
en_digits (GString *w, CgLang lang, const char *grouped)
{
  for (const char *p = grouped; *p != '\0'; p++)
    {
      if (*p == ' ')
        g_string_append_c (w, ',');
      else if (*p == 'X')
        en_add (w, "X");
      else
        en_add (w, en_ones[*p - '0']);
    }
}

static void
en_point (GString *w, CgLang lang)
{
  en_add (w, "point");
}

const CgNormalizer cg_normalize_en = {
  .number = en_number,
  .ordinal = en_ordinal,
  .money = en_money,
  .percent = en_percent,
  .date = en_date,
  .bad_date = en_bad_date,
  .time = en_time,
  .digits = en_digits,
  .point = en_point,
  .takes_liang = NULL,
};
