/* cg-normalize-zh: numbers, amounts, dates and times in Chinese words, for Mandarin
 * (simplified characters) and Cantonese (the characters that differ in traditional form:
 * 兩 點 萬 億, and 毫 for 角). Both eSpeak NG voices read either form. */
#include <string.h>

#include "cg-normalize-private.h"

typedef struct {
  const char *digit[10];   /* in amounts */
  const char *spell[10];   /* digit by digit */
  const char *two;         /* a bare 2 before a measure word */
  const char *section[4];  /* every four digits */
  const char *point;       /* decimal point, and o'clock */
  const char *jiao;        /* a tenth of a yuan */
} ZhWords;

static const ZhWords mandarin = {
  .digit = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" },
  /* 1 is 幺 when digits are read one by one, as on the phone (eSpeak: j'Au55). */
  .spell = { "零", "幺", "二", "三", "四", "五", "六", "七", "八", "九" },
  .two = "两",
  .section = { "", "万", "亿", "万亿" },
  .point = "点",
  .jiao = "角",
};

static const ZhWords cantonese = {
  .digit = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" },
  .spell = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" },
  .two = "兩",
  .section = { "", "萬", "億", "萬億" },
  .point = "點",
  .jiao = "毫",
};

static const char *const zh_units[4] = { "", "十", "百", "千" };

/* Years are read digit by digit with 〇 (二〇二五年), as they are written in Chinese. */
static const char *const zh_year_digit[10] = {
  "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

#define ZH_PAUSE "，"

/* Words after which a bare 2 is 两: the brief's list, the same in traditional characters,
 * and a few more counted things (years, weeks, hours, doses, and 万 千 百 as in 两万元).
 * Not 月 (二月 is February), 号, 楼, 级, 床 (numbers, not counts). */
static const char *const liang_measures[] = {
  "天", "个", "次", "人", "份", "张", "项", "件", "位", "周", "小时", "岁", "元",
  "個", "張", "項", "週", "小時", "歲",
  "年", "星期", "分钟", "分鐘", "钟头", "鐘頭", "倍", "种", "種", "条", "條", "本", "家",
  "名", "盒", "瓶", "片", "粒", "支", "套", "块", "塊", "角", "毛", "毫", "点", "點",
  "千", "百", "万", "萬", "亿", "億",
};
/* Cantonese also counts days with 日 (兩日) and dollars with 蚊. */
static const char *const liang_measures_yue[] = { "日", "蚊" };
static const char *const liang_exceptions[] = { "年级", "年級" };

static const ZhWords *
words_for (CgLang lang)
{
  return lang == CG_LANG_YUE ? &cantonese : &mandarin;
}

static gboolean
starts_with (const gunichar *next, const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p), next++)
    if (*next != g_utf8_get_char (p))
      return FALSE;
  return TRUE;
}

static gboolean
starts_with_any (const gunichar *next, const char *const *words, gsize n)
{
  for (gsize k = 0; k < n; k++)
    if (starts_with (next, words[k]))
      return TRUE;
  return FALSE;
}

static gboolean
zh_takes_liang (CgLang lang, gunichar prev, const gunichar next[4])
{
  if (prev == 0x7B2C /* 第: 第2步 is 第二步 */
      || starts_with_any (next, liang_exceptions, G_N_ELEMENTS (liang_exceptions)))
    return FALSE;
  if (lang == CG_LANG_YUE
      && starts_with_any (next, liang_measures_yue, G_N_ELEMENTS (liang_measures_yue)))
    return TRUE;
  return starts_with_any (next, liang_measures, G_N_ELEMENTS (liang_measures));
}

/* An integer of up to 16 digits: 10 十, 105 一百零五, 1010 一千零一十, 110000 十一万,
 * 100500 十万零五百, 101000 十万一千. One 零 stands for any zeros before a nonzero digit
 * (within a section, or a whole skipped section); zeros ending a section are silent. */
static void
zh_integer (GString *out, const ZhWords *w, const char *digits, gboolean liang)
{
  gsize len = strlen (digits);
  gboolean zero = FALSE, any = FALSE, section_any = FALSE;

  if (liang && g_str_equal (digits, "2"))
    {
      g_string_append (out, w->two);
      return;
    }
  if (len == 1 && digits[0] == '0')
    {
      g_string_append (out, w->digit[0]);
      return;
    }
  for (gsize k = 0; k < len; k++)
    {
      gsize pos = len - 1 - k, unit = pos % 4;
      int d = digits[k] - '0';
      if (d == 0)
        zero = TRUE;
      else
        {
          if (zero && any)
            g_string_append (out, w->digit[0]);
          /* 十 not 一十 at the start: 10 十, 110000 十一万; but 1010 一千零一十. */
          if (!(d == 1 && unit == 1 && !any))
            g_string_append (out, w->digit[d]);
          g_string_append (out, zh_units[unit]);
          zero = FALSE;
          any = section_any = TRUE;
        }
      if (unit == 0 && section_any)
        {
          g_string_append (out, w->section[MIN (pos / 4, 3)]);
          section_any = zero = FALSE;
        }
    }
}

static void
zh_number (GString *out, CgLang lang, const CgNum *num, gboolean liang)
{
  const ZhWords *w = words_for (lang);

  zh_integer (out, w, num->int_digits, liang && num->frac_digits[0] == '\0');
  if (num->frac_digits[0] != '\0')
    {
      g_string_append (out, w->point);
      for (const char *p = num->frac_digits; *p != '\0'; p++)
        g_string_append (out, w->digit[*p - '0']);
    }
  if (num->mult != CG_MULT_NONE)
    g_string_append (out, w->section[num->mult == CG_MULT_WAN ? 1 : 2]);
}

static void
zh_ordinal (GString *out, CgLang lang, const char *digits)
{
  g_string_append (out, "第");
  zh_integer (out, words_for (lang), digits, FALSE);
}

/* Yuan, then 角 (毫) and 分 from the first two decimals: ¥3000.50 三千元五角,
 * ¥3000.05 三千元零五分, ¥0.50 五角, ¥2 两元, ¥0.20 两角 (两 as in 两毛). With 万 or more
 * than two decimals it is the number and 元: 三点五万元. */
static void
zh_money (GString *out, CgLang lang, const CgNum *yuan)
{
  const ZhWords *w = words_for (lang);
  const char *f = yuan->frac_digits;
  gsize n_frac = strlen (f);
  int jiao = n_frac > 0 ? f[0] - '0' : 0, fen = n_frac > 1 ? f[1] - '0' : 0;
  gboolean has_yuan = !g_str_equal (yuan->int_digits, "0");

  if (yuan->mult != CG_MULT_NONE || n_frac > 2)
    {
      zh_number (out, lang, yuan, TRUE);
      g_string_append (out, "元");
      return;
    }
  if (has_yuan || (jiao == 0 && fen == 0))
    {
      zh_integer (out, w, yuan->int_digits, TRUE);
      g_string_append (out, "元");
    }
  if (jiao > 0)
    {
      g_string_append (out, jiao == 2 ? w->two : w->digit[jiao]);
      g_string_append (out, w->jiao);
    }
  if (fen > 0)
    {
      if (jiao == 0 && has_yuan)
        g_string_append (out, w->digit[0]);
      g_string_append (out, w->digit[fen]);
      g_string_append (out, "分");
    }
}

static void
zh_percent (GString *out, CgLang lang, const CgNum *num)
{
  g_string_append (out, "百分之");
  zh_number (out, lang, num, FALSE);
}

static void
zh_year (GString *out, int year)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%d", year);
  for (const char *p = buf; *p != '\0'; p++)
    g_string_append (out, zh_year_digit[*p - '0']);
}

static void
zh_small (GString *out, CgLang lang, int v)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%d", v);
  zh_integer (out, words_for (lang), buf, FALSE);
}

/* 二〇二五年三月十四日; any part may be missing. Days are always 日, also when typed 号. */
static void
zh_date (GString *out, CgLang lang, int year, int month, int day)
{
  if (year > 0)
    {
      zh_year (out, year);
      g_string_append (out, "年");
    }
  if (month > 0)
    {
      zh_small (out, lang, month);
      g_string_append (out, "月");
    }
  if (day > 0)
    {
      zh_small (out, lang, day);
      g_string_append (out, "日");
    }
}

/* 2025-02-30 is not a date: 二〇二五，二，三十 (the year digit by digit, the other two as
 * numbers, a pause between). */
static void
zh_bad_date (GString *out, CgLang lang, int year, int month, int day)
{
  zh_year (out, year);
  g_string_append (out, ZH_PAUSE);
  zh_small (out, lang, month);
  g_string_append (out, ZH_PAUSE);
  zh_small (out, lang, day);
}

/* 14:30 十四点三十分, 9:05 九点零五分, 9:00 九点, 2:00 两点 (the usual reading of the hour),
 * 9:30:05 九点三十分零五秒. */
static void
zh_time (GString *out, CgLang lang, int hour, int minute, int second)
{
  const ZhWords *w = words_for (lang);

  if (hour == 2)
    g_string_append (out, w->two);
  else
    zh_small (out, lang, hour);
  g_string_append (out, w->point);
  if (minute > 0 || second > 0)
    {
      if (minute < 10)
        g_string_append (out, w->digit[0]);
      if (minute > 0)
        zh_small (out, lang, minute);
      g_string_append (out, "分");
    }
  if (second > 0)
    {
      if (second < 10)
        g_string_append (out, w->digit[0]);
      zh_small (out, lang, second);
      g_string_append (out, "秒");
    }
}

/* 幺三八，零零幺三，八零零零; the check digit X is 叉 (eSpeak: ts.h'A55, cha1). */
static void
zh_digits (GString *out, CgLang lang, const char *grouped)
{
  const ZhWords *w = words_for (lang);

  for (const char *p = grouped; *p != '\0'; p++)
    {
      if (*p == ' ')
        g_string_append (out, ZH_PAUSE);
      else if (*p == 'X')
        g_string_append (out, "叉");
      else
        g_string_append (out, w->spell[*p - '0']);
    }
}

static void
zh_point (GString *out, CgLang lang)
{
  g_string_append (out, words_for (lang)->point);
}

const CgNormalizer cg_normalize_zh = {
  .number = zh_number,
  .ordinal = zh_ordinal,
  .money = zh_money,
  .percent = zh_percent,
  .date = zh_date,
  .bad_date = zh_bad_date,
  .time = zh_time,
  .digits = zh_digits,
  .point = zh_point,
  .takes_liang = zh_takes_liang,
};
