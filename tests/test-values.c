/* test-values: dates, money, ID numbers, mobiles and bank cards as people type them. */
#include "claimrules.h"

#include <string.h>

static void
test_dates (void)
{
  static const struct { const char *typed; const char *iso; } ok[] = {
    { "2025-03-14", "2025-03-14" },
    { "2025/3/14", "2025-03-14" },
    { "2025.3.14", "2025-03-14" },
    { "2025年3月14日", "2025-03-14" },
    { "2025年3月14号", "2025-03-14" },
    { "2025年03月04日", "2025-03-04" },
    { "20250314", "2025-03-14" },
    { "２０２５－０３－１４", "2025-03-14" },
    { "２０２５年３月１４日", "2025-03-14" },
    { " 2025 / 3 / 14 ", "2025-03-14" },
    { "2024-02-29", "2024-02-29" },
    { "1900-03-01", "1900-03-01" },
  };
  static const char *const bad[] = {
    "", "2025-02-29", "2025-13-01", "2025-00-10", "2025-3-32", "25-03-14", "2025-03/14",
    "2025年3月", "March 14 2025", "2025-03-14x", "2025--03-14", "202503140", "二〇二五年三月",
    "2025-003-14", "1700-01-01",
  };
  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      CrDay d;
      g_test_message ("date %s", ok[i].typed);
      g_assert_true (cr_parse_date (ok[i].typed, &d));
      g_autofree char *iso = cr_day_to_iso (d);
      g_assert_cmpstr (iso, ==, ok[i].iso);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      CrDay d;
      g_test_message ("not a date: %s", bad[i]);
      g_assert_false (cr_parse_date (bad[i], &d));
    }
}

static void
test_days (void)
{
  CrDay d;
  int y, m, dd;

  g_assert_true (cr_day_from_ymd (1970, 1, 1, &d));
  g_assert_cmpint (d, ==, 0);
  g_assert_cmpint (cr_day_weekday (d), ==, 4); /* Thursday */
  g_assert_true (cr_day_from_ymd (2025, 10, 11, &d));
  g_assert_cmpint (cr_day_weekday (d), ==, 6); /* a Saturday made a working day */
  /* Round trips over four centuries, leap rules included. */
  CrDay a, b;
  cr_day_from_ymd (1800, 1, 1, &a);
  cr_day_from_ymd (2200, 12, 31, &b);
  for (d = a; d <= b; d++)
    {
      CrDay back;
      cr_day_to_ymd (d, &y, &m, &dd);
      g_assert_true (cr_day_from_ymd (y, m, dd, &back));
      g_assert_cmpint (back, ==, d);
    }
  g_assert_false (cr_day_from_ymd (2100, 2, 29, &d));
  g_assert_true (cr_day_from_ymd (2000, 2, 29, &d));
}

static void
test_money (void)
{
  static const struct { const char *typed; gint64 fen; } ok[] = {
    { "3000", 300000 }, { "3,000", 300000 }, { "¥3,000.50", 300050 }, { "￥3000.5", 300050 },
    { "3000元", 300000 }, { "３，０００元", 300000 }, { "1,234,567.89", 123456789 },
    { "0.05", 5 }, { "RMB 30", 3000 }, { "30 yuan", 3000 }, { "3000元整", 300000 },
  };
  static const char *const bad[] = {
    "", "元", "3,00", "30,00,000", ",300", "3000.", "3000.123", "-3000", "3千", "abc",
    "3 000.5.1", "1,2345",
  };
  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      gint64 fen = -1;
      g_test_message ("money %s", ok[i].typed);
      g_assert_true (cr_parse_money (ok[i].typed, &fen));
      g_assert_cmpint (fen, ==, ok[i].fen);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 fen;
      g_test_message ("not money: %s", bad[i]);
      g_assert_false (cr_parse_money (bad[i], &fen));
    }
}

static void
test_resident_ids (void)
{
  /* Made-up people; check characters computed per GB 11643-1999. */
  static const struct { const char *typed; CrIdStatus status; const char *birth; } cases[] = {
    { "440514195503101234", CR_ID_OK, "1955-03-10" },
    { "44051419550310104X", CR_ID_OK, "1955-03-10" },
    { "44051419550310104x", CR_ID_OK, "1955-03-10" },       /* lower-case x */
    { "４４０５１４１９５５０３１０１２３４", CR_ID_OK, "1955-03-10" }, /* full width */
    { "440514 19550310 1234", CR_ID_OK, "1955-03-10" },      /* grouped */
    { "440514195503101235", CR_ID_BAD_CHECKSUM, "1955-03-10" },
    { "440514195503101040", CR_ID_BAD_CHECKSUM, "1955-03-10" },
    { "44051419550310123", CR_ID_BAD_FORMAT, NULL },          /* 17 characters */
    { "440514550310123", CR_ID_BAD_FORMAT, NULL },            /* old 15-digit form */
    { "440514195502301234", CR_ID_BAD_FORMAT, NULL },         /* 30 February */
    { "44051419550310123Y", CR_ID_BAD_FORMAT, NULL },
    { "X40514195503101234", CR_ID_BAD_FORMAT, NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char normal[19];
      CrDay birth = 0;
      g_test_message ("id case %u", i);
      g_assert_cmpint (cr_resident_id_check (cases[i].typed, normal, &birth), ==, cases[i].status);
      if (cases[i].birth != NULL)
        {
          g_autofree char *iso = cr_day_to_iso (birth);
          g_assert_cmpstr (iso, ==, cases[i].birth);
          g_assert_cmpuint (strlen (normal), ==, 18);
        }
    }
}

static void
test_mobiles (void)
{
  static const struct { const char *typed; const char *normal; } cases[] = {
    { "13800138000", "13800138000" }, { "138 0013 8000", "13800138000" },
    { "138-0013-8000", "13800138000" }, { "+86 138 0013 8000", "13800138000" },
    { "１３８００１３８０００", "13800138000" }, { "19912345678", "19912345678" },
    { "12800138000", NULL }, { "1380013800", NULL }, { "138001380001", NULL },
    { "23800138000", NULL }, { "1380013800a", NULL }, { "", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char normal[12];
      g_test_message ("mobile case %u", i);
      g_assert_cmpint (cr_mobile_check (cases[i].typed, normal), ==, cases[i].normal != NULL);
      if (cases[i].normal != NULL)
        g_assert_cmpstr (normal, ==, cases[i].normal);
    }
}

static void
test_bank_cards (void)
{
  static const struct { const char *typed; CrCardStatus status; } cases[] = {
    { "6228480012345671", CR_CARD_OK },
    { "6228 4800 1234 5671", CR_CARD_OK },
    { "6228480012345672", CR_CARD_BAD_CHECKSUM },
    { "6228480012345617", CR_CARD_BAD_CHECKSUM }, /* two digits swapped */
    { "4111111111111111", CR_CARD_OK },
    { "6212260000000000009", CR_CARD_BAD_CHECKSUM },
    { "622848001234567", CR_CARD_BAD_FORMAT },    /* 15 digits */
    { "62284800123456710000", CR_CARD_BAD_FORMAT }, /* 20 digits */
    { "6228-4800-1234-567a", CR_CARD_BAD_FORMAT },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char normal[20];
      g_test_message ("card case %u", i);
      g_assert_cmpint (cr_bank_card_check (cases[i].typed, normal), ==, cases[i].status);
    }
}

/* Lists through a whole check: the papers field of the shipped scheme. */
static void
test_lists (gconstpointer srcdir)
{
  static const struct { const char *typed; const char *missing; } cases[] = {
    { "death certificate; hukou_cancellation; beneficiary ID card", "" },
    { "死亡证明、户籍注销证明、受益人身份证明", "" },
    { "death_certificate hukou_cancellation beneficiary_id", "" },
    { "Death certificate, proof the household registration was cancelled", "beneficiary_id" },
    { "death_certificate；户口注销证明", "beneficiary_id" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (srcdir, "rules", "schemes",
                                            "chaonan-elderly-accident.scheme", NULL);
  g_autoptr(CrScheme) s = cr_scheme_new_from_file (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CrClaim) claim = cr_claim_new ();
      g_test_message ("papers: %s", cases[i].typed);
      cr_claim_set (claim, "claim_type", "death");
      cr_claim_set (claim, "documents", cases[i].typed);
      g_autoptr(CrReport) r = cr_check_claim (s, NULL, claim, 20000, "en");
      for (guint j = 0; j < cr_report_get_n_problems (r); j++)
        g_assert_cmpstr (cr_report_get_problem (r, j)->field, !=, "documents");
      g_autofree char *missing = g_strjoinv (";", (char **) cr_report_get_documents_missing (r));
      g_assert_cmpstr (missing, ==, cases[i].missing);
    }
}

/* What the plugin uses to recognise a form and its claim type. */
static void
test_choice_lookup (gconstpointer srcdir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *schemes = g_build_filename (srcdir, "rules", "schemes", NULL);
  g_autofree char *path = g_build_filename (schemes, "chaonan-elderly-accident.scheme", NULL);
  g_autoptr(CrScheme) s = cr_scheme_new_from_file (path, &error);
  g_assert_no_error (error);
  const CrField *f = cr_scheme_lookup_field (s, "claim_type");

  g_assert_cmpstr (cr_field_match_choice (f, "意外住院津贴"), ==, "hospital");
  g_assert_cmpstr (cr_field_match_choice (f, "  Accidental DEATH "), ==, "death");
  g_assert_cmpstr (cr_field_match_choice (f, "ｄｉｓａｂｉｌｉｔｙ"), ==, "disability");
  g_assert_null (cr_field_match_choice (f, "lottery"));
  g_assert_null (cr_field_match_choice (cr_scheme_lookup_field (s, "phone"), "death"));
  g_assert_cmpstr (cr_field_get_choice_label (f, "hospital", "zh_CN"), ==, "意外住院津贴");
  g_assert_null (cr_field_get_choice_label (f, "lottery", "en"));

  g_autofree char *key = cr_text_key ("  ＩＤ Number：");
  g_assert_cmpstr (key, ==, "id number:");
  g_assert_null (cr_text_key ("\xff"));

  g_setenv ("CLAIMRULES_SCHEME_PATH", schemes, TRUE);
  g_auto(GStrv) ids = cr_scheme_list_ids ();
  g_assert_true (g_strv_contains ((const char *const *) ids, "chaonan-elderly-accident"));
  for (guint i = 0; ids[i] != NULL; i++)
    for (guint j = i + 1; ids[j] != NULL; j++)
      g_assert_cmpstr (ids[i], !=, ids[j]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/values/lists", argc > 1 ? argv[1] : ".", test_lists);
  g_test_add_data_func ("/values/choice-lookup", argc > 1 ? argv[1] : ".", test_choice_lookup);
  g_test_add_func ("/values/dates", test_dates);
  g_test_add_func ("/values/days", test_days);
  g_test_add_func ("/values/money", test_money);
  g_test_add_func ("/values/resident-ids", test_resident_ids);
  g_test_add_func ("/values/mobiles", test_mobiles);
  g_test_add_func ("/values/bank-cards", test_bank_cards);
  return g_test_run ();
}
