/* test-normalize: numbers, amounts, dates, times and digit strings as words for eSpeak NG.
 * All numbers here are made up. */
#include "cg-normalize.h"

#include <locale.h>
#include <string.h>

typedef struct {
  const char *input;
  const char *expected;
} Case;

#define DATE_ZH "二〇二五年三月十四日"

static const Case mandarin[] = {
  /* integers */
  { "0", "零" },
  { "10", "十" },
  { "11", "十一" },
  { "20", "二十" },
  { "105", "一百零五" },
  { "1010", "一千零一十" },
  { "10000", "一万" },
  { "12345", "一万二千三百四十五" },
  { "100000000", "一亿" },
  { "3,000", "三千" },
  { "1,234,567", "一百二十三万四千五百六十七" },
  { "110000", "十一万" },
  { "100500", "十万零五百" },
  { "101000", "十万一千" },
  { "100,001,000", "一亿零一千" },
  { "100001000", "幺零零零，零幺零零，零" },
  { "1,2", "一,二" },
  { "1,2345", "一,二千三百四十五" },
  /* a bare 2 before a measure word */
  { "2天", "两天" },
  { "2个", "两个" },
  { "2次", "两次" },
  { "2人", "两人" },
  { "2份", "两份" },
  { "2张", "两张" },
  { "2项", "两项" },
  { "2件", "两件" },
  { "2位", "两位" },
  { "2周", "两周" },
  { "2小时", "两小时" },
  { "2岁", "两岁" },
  { "2元", "两元" },
  { "2个月", "两个月" },
  { "2万元", "两万元" },
  { "第2步", "第二步" },
  { "2月", "二月" },
  { "12天", "十二天" },
  { "2.5天", "二点五天" },
  { "2年级", "二年级" },
  /* decimals */
  { "3.5", "三点五" },
  { "0.75", "零点七五" },
  { "1,234.5", "一千二百三十四点五" },
  { "第1.2.3条", "第一点二点三条" },
  /* money */
  { "3,000元", "三千元" },
  { "¥3000.50", "三千元五角" },
  { "￥3000.05", "三千元零五分" },
  { "3000.56元", "三千元五角六分" },
  { "RMB 500", "五百元" },
  { "¥0.50", "五角" },
  { "¥0.05", "五分" },
  { "¥0", "零元" },
  { "3万元", "三万元" },
  { "3万", "三万" },
  { "3.5万元", "三点五万元" },
  { "¥3,000", "三千元" },
  { "¥3000元", "三千元" },
  { "¥2", "两元" },
  { "100000000元", "一亿元" },
  { "13800138000元", "一百三十八亿零一十三万八千元" },
  /* percent */
  { "70%", "百分之七十" },
  { "12.5%", "百分之十二点五" },
  { "７０％", "百分之七十" },
  /* dates */
  { "2025-03-14", DATE_ZH },
  { "2025/3/14", DATE_ZH },
  { "2025.3.14", DATE_ZH },
  { "2025年3月14日", DATE_ZH },
  { "2025年3月14号", DATE_ZH },
  { "20250314", DATE_ZH },
  { "２０２５－０３－１４", DATE_ZH },
  { "2025年", "二〇二五年" },
  { "2025年3月", "二〇二五年三月" },
  { "3月14日", "三月十四日" },
  { "3月2日", "三月二日" },
  { "2024-02-29", "二〇二四年二月二十九日" },
  { "2025-02-30", "二〇二五，二，三十" },
  { "2025年2月30日", "二〇二五年二月三十日" },
  { "2025年13月", "二〇二五年十三月" },
  { "¥20250314", "二千零二十五万零三百一十四元" },
  { "20250314元", "二千零二十五万零三百一十四元" },
  { "20250230", "二千零二十五万零二百三十" },
  /* times */
  { "14:30", "十四点三十分" },
  { "9:05", "九点零五分" },
  { "9:00", "九点" },
  { "2:00", "两点" },
  { "１４：３０", "十四点三十分" },
  { "9:30:05", "九点三十分零五秒" },
  { "1:2", "一:二" },
  { "25:00", "二十五:零零" },
  /* digit strings */
  { "13800138000", "幺三八，零零幺三，八零零零" },
  { "138 0013 8000", "幺三八，零零幺三，八零零零" },
  { "138-0013-8000", "幺三八，零零幺三，八零零零" },
  { "440514195503101234", "四四零五幺四，幺九五五零三幺零，幺二三四" },
  { "44051419550310123X", "四四零五幺四，幺九五五零三幺零，幺二三叉" },
  { "44051419550310123x", "四四零五幺四，幺九五五零三幺零，幺二三叉" },
  { "6222021234567890", "六二二二，零二幺二，三四五六，七八九零" },
  { "6222021234567890123", "六二二二，零二幺二，三四五六，七八九零，幺二三" },
  { "6222 0212 3456 7890", "六二二二，零二幺二，三四五六，七八九零" },
  { "6222 0212 3456 7890 123", "六二二二，零二幺二，三四五六，七八九零，幺二三" },
  { "123456789", "幺二三四，五六七八，九" },
  { "0754-88881234", "零七五四，八八八八，幺二三四" },
  { "020 12345678", "零二零，幺二三四，五六七八" },
  { "007", "零零七" },
  /* mixed text */
  { "住院3天", "住院三天" },
  { "住院2天，花费３，０００元。", "住院两天，花费三千元。" },
  { "A4纸", "A四纸" },
  { "1st", "第一" },
  { "电话：0754-88881234，手机：138 0013 8000",
    "电话：零七五四，八八八八，幺二三四，手机：幺三八，零零幺三，八零零零" },
  { "于2025年3月14日14:30出院", "于" DATE_ZH "十四点三十分出院" },
  { "没有数字", "没有数字" },
  { "", "" },
};

static const Case cantonese[] = {
  { "0", "零" },
  { "10", "十" },
  { "11", "十一" },
  { "105", "一百零五" },
  { "1010", "一千零一十" },
  { "10000", "一萬" },
  { "12345", "一萬二千三百四十五" },
  { "100000000", "一億" },
  { "1,234,567", "一百二十三萬四千五百六十七" },
  { "110000", "十一萬" },
  { "2日", "兩日" },
  { "2天", "兩天" },
  { "2個", "兩個" },
  { "2个", "兩个" },
  { "2小時", "兩小時" },
  { "2元", "兩元" },
  { "第2步", "第二步" },
  { "2月", "二月" },
  { "3月2日", "三月二日" },
  { "12日", "十二日" },
  { "3.5", "三點五" },
  { "0.75", "零點七五" },
  { "¥3000.50", "三千元五毫" },
  { "￥3000.05", "三千元零五分" },
  { "3000.56元", "三千元五毫六分" },
  { "¥0.50", "五毫" },
  { "3万元", "三萬元" },
  { "RMB 500", "五百元" },
  { "70%", "百分之七十" },
  { "12.5%", "百分之十二點五" },
  { "2025-03-14", DATE_ZH },
  { "2025/3/14", DATE_ZH },
  { "2025.3.14", DATE_ZH },
  { "2025年3月14日", DATE_ZH },
  { "2025年3月14号", DATE_ZH },
  { "20250314", DATE_ZH },
  { "2025年", "二〇二五年" },
  { "2025-02-30", "二〇二五，二，三十" },
  { "14:30", "十四點三十分" },
  { "9:05", "九點零五分" },
  { "9:00", "九點" },
  { "13800138000", "一三八，零零一三，八零零零" },
  { "138 0013 8000", "一三八，零零一三，八零零零" },
  { "44051419550310123X", "四四零五一四，一九五五零三一零，一二三叉" },
  { "0754-88881234", "零七五四，八八八八，一二三四" },
  { "住院3日", "住院三日" },
};

#define DATE_EN "the fourteenth of March twenty twenty-five"

static const Case english[] = {
  { "0", "zero" },
  { "12", "twelve" },
  { "105", "one hundred and five" },
  { "12345", "twelve thousand three hundred and forty-five" },
  { "3,000", "three thousand" },
  { "1000000", "one million" },
  { "1000005", "one million and five" },
  { "1,234,567", "one million two hundred and thirty-four thousand five hundred and sixty-seven" },
  { "100000000", "one hundred million" },
  { "3.5", "three point five" },
  { "0.75", "zero point seven five" },
  { "3,000元", "three thousand yuan" },
  { "¥3000.50", "three thousand yuan and fifty fen" },
  { "￥3000.05", "three thousand yuan and five fen" },
  { "¥0.50", "fifty fen" },
  { "RMB 500", "five hundred yuan" },
  { "1元", "one yuan" },
  { "3万元", "thirty thousand yuan" },
  { "¥3.5万", "thirty-five thousand yuan" },
  { "70%", "seventy percent" },
  { "12.5%", "twelve point five percent" },
  { "2025-03-14", DATE_EN },
  { "2025/3/14", DATE_EN },
  { "2025.3.14", DATE_EN },
  { "2025年3月14日", DATE_EN },
  { "2025年3月14号", DATE_EN },
  { "20250314", DATE_EN },
  /* As the rules core writes a date in English reports. */
  { "14 March 2025", DATE_EN },
  { "paid by 1 October 2025.", "paid by the first of October twenty twenty-five." },
  { "30 February 2025", "thirty February two thousand and twenty-five" }, /* not a date */
  { "2000-01-01", "the first of January two thousand" },
  { "2005-06-02", "the second of June two thousand and five" },
  { "2010-12-31", "the thirty-first of December twenty ten" },
  { "1955-03-10", "the tenth of March nineteen fifty-five" },
  { "1905-11-22", "the twenty-second of November nineteen oh five" },
  { "1900-05-03", "the third of May nineteen hundred" },
  { "2025-02-30", "twenty twenty-five, two, thirty" },
  { "2025年3月", "March twenty twenty-five" },
  { "3月14日", "the fourteenth of March" },
  { "14:30", "fourteen thirty" },
  { "9:05", "nine oh five" },
  { "9:00", "nine o'clock" },
  { "14:00", "fourteen hundred" },
  { "13800138000", "one three eight, zero zero one three, eight zero zero zero" },
  { "138 0013 8000", "one three eight, zero zero one three, eight zero zero zero" },
  { "44051419550310123X",
    "four four zero five one four, one nine five five zero three one zero, one two three X" },
  { "0754-88881234", "zero seven five four, eight eight eight eight, one two three four" },
  { "paid 3000 yuan", "paid three thousand yuan" },
  { "paid3000yuan", "paid three thousand yuan" },
  { "room 12, bed 3.", "room twelve, bed three." },
  { "the 1st and the 22nd", "the first and the twenty-second" },
  { "住院3天", "住院 three 天" },
  { "no numbers", "no numbers" },
};

static void
check_cases (const Case *cases, gsize n, CgLang lang)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *got = cg_normalize (cases[i].input, lang);
      g_test_message ("%s: \"%s\" -> \"%s\"", cg_lang_to_string (lang), cases[i].input, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_mandarin (void)
{
  check_cases (mandarin, G_N_ELEMENTS (mandarin), CG_LANG_ZH_CN);
}

static void
test_cantonese (void)
{
  check_cases (cantonese, G_N_ELEMENTS (cantonese), CG_LANG_YUE);
}

static void
test_english (void)
{
  check_cases (english, G_N_ELEMENTS (english), CG_LANG_EN);
}

/* Valid UTF-8, and not one ASCII or full-width digit left. */
static void
assert_spoken (const char *input, const char *got)
{
  if (!g_utf8_validate (got, -1, NULL))
    g_error ("not UTF-8 for \"%s\"", input);
  for (const char *p = got; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_ascii_isdigit (*p) || (c >= 0xFF10 && c <= 0xFF19))
        g_error ("a digit left in \"%s\" -> \"%s\"", input, got);
    }
}

static void
assert_spoken_in_all (const char *input)
{
  for (CgLang lang = 0; lang < CG_N_LANGS; lang++)
    {
      g_autofree char *got = cg_normalize (input, lang);
      assert_spoken (input, got);
    }
}

static void
test_mixed (void)
{
  static const char *const inputs[] = {
    "您于2025年3月14日14:30住院，共2天，花费¥3,000.50（自付12.5%）。",
    "身份证440514195503101234，手机13800138000，银行卡6222 0212 3456 7890 123。",
    "Call 0754-88881234 or 138-0013-8000 before 2025/3/14 9:05.",
    "１２３４５６７８９０１２３４５６７８９０ ￥１，２３４．５６ ２０２５．０３．１４",
    "1.2.3.4.5 1,2,3 1:2:3 12:345 -5 +86 3-5天 1/2 00.5 0,5 9999999999999999",
    "2025-02-30 2025-13-01 1800-01-01 2025年13月 20251301 99:99 3.14159265358979323846264338327950288",
    "1,234,567,890,123,456,789 ¥ RMB CNY yuan 元 万 % 第 X x",
    "1234567890123456789012345678901234567890X",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_spoken_in_all (inputs[i]);
}

static const char *const alphabet[] = {
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1", "2", "5", "9",
  "-", "/", ".", ":", ",", " ", "年", "月", "日", "号", "元", "万", "¥", "%",
  "０", "２", "９", "％", "￥", "：", "，", "X", "a", "st", "RMB", "天", "第",
};

static void
test_random (void)
{
  for (guint n = 0; n < 2000; n++)
    {
      g_autoptr (GString) input = g_string_new (NULL);
      gint32 len = g_test_rand_int_range (0, 40);
      for (gint32 k = 0; k < len; k++)
        g_string_append (input, alphabet[g_test_rand_int_range (0, G_N_ELEMENTS (alphabet))]);
      assert_spoken_in_all (input->str);
    }
}

/* 64 KiB of digits and separators, and one run of 64 KiB digits: linear time. */
static void
test_long (void)
{
  static const char pattern[] = "2025-03-14 13800138000,1,234.5%¥3000/9:05.";
  g_autoptr (GString) mixed = g_string_new (NULL);
  g_autofree char *digits = g_malloc (64 * 1024 + 1);

  while (mixed->len < 64 * 1024)
    g_string_append (mixed, pattern);
  for (gsize k = 0; k < 64 * 1024; k++)
    digits[k] = (char) ('0' + k % 10);
  digits[64 * 1024] = '\0';
  assert_spoken_in_all (mixed->str);
  assert_spoken_in_all (digits);
}

static void
test_invalid_utf8 (void)
{
  static const char *const inputs[] = {
    "\xff", "12\xc3", "\xe4\xb8", "¥\xe4\xb8" "3", "2025年\x80" "3月", "\xc0\xaf" "12",
    "1\xed\xa0\x80" "2", "13800138000\xf8", "\xef\xbc" "3",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_spoken_in_all (inputs[i]);

  g_autofree char *got = cg_normalize ("a\xff" "3", CG_LANG_ZH_CN);
  g_assert_cmpstr (got, ==, "a\xef\xbf\xbd三");
}

int
main (int argc, char **argv)
{
  /* The random strings are the same on every run unless --seed is given. */
  g_autofree char **args = g_new0 (char *, argc + 2);
  gboolean seeded = FALSE;
  int n_args = 0;

  for (int i = 0; i < argc; i++)
    {
      seeded = seeded || g_str_has_prefix (argv[i], "--seed");
      args[n_args++] = argv[i];
    }
  if (!seeded)
    args[n_args++] = (char *) "--seed=R02S1d6e3c2b9a8f7e6d5c4b3a2918070605";
  argv = args;
  setlocale (LC_ALL, "");
  g_test_init (&n_args, &argv, NULL);

  g_test_add_func ("/normalize/mandarin", test_mandarin);
  g_test_add_func ("/normalize/cantonese", test_cantonese);
  g_test_add_func ("/normalize/english", test_english);
  g_test_add_func ("/normalize/mixed", test_mixed);
  g_test_add_func ("/normalize/random", test_random);
  g_test_add_func ("/normalize/long", test_long);
  g_test_add_func ("/normalize/invalid-utf8", test_invalid_utf8);
  return g_test_run ();
}
