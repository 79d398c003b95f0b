/* Masking personal data for a helper's eyes (daemon/cg-mask.c), by kind and
 * by the scheme's fields.  Made-up numbers only (tools/fake-ids). */
#include <locale.h>
#include <string.h>

#include "claimrules.h"
#include "cg-mask.h"

#define FAKE_ID    "440514195511304189"
#define FAKE_ID_X  "44051419551130412X" /* a made-up ID ending in the check character X */
#define FAKE_CARD  "6228480000000007"
#define FAKE_PHONE "13800138033"

static void
check (CgMaskKind kind, const char *value, const char *masked)
{
  g_autofree char *got = cg_mask_value (kind, value);
  g_assert_cmpstr (got, ==, masked);
}

static void
test_id (void)
{
  check (CG_MASK_ID, FAKE_ID, "4405**********4189");
  check (CG_MASK_ID, FAKE_ID_X, "4405**********412X");
  check (CG_MASK_ID, "44051419551130412x", "4405**********412X");
  /* As people type it: spaces, full-width digits. */
  check (CG_MASK_ID, "4405 1419 5511 3041 89", "4405**********4189");
  check (CG_MASK_ID, "４４０５１４１９５５１１３０４１８９", "4405**********4189");
  /* One digit short: still shows that it is short. */
  check (CG_MASK_ID, "44051419551130418", "4405*********0418");
  /* Half typed: nothing kept. */
  check (CG_MASK_ID, "4405141955", "**********");
  check (CG_MASK_ID, "张三", "****");
  check (CG_MASK_ID, "", "");
}

static void
test_card_phone (void)
{
  check (CG_MASK_CARD, FAKE_CARD, "****0007");
  check (CG_MASK_CARD, "6228 4800 0000 0007", "****0007");
  check (CG_MASK_CARD, "622848", "****");
  check (CG_MASK_PHONE, FAKE_PHONE, "*******8033");
  check (CG_MASK_PHONE, "138-0013-8033", "*******8033");
  check (CG_MASK_PHONE, "1380013803", "******3803");
  check (CG_MASK_PHONE, "138", "***");
}

static void
test_name (void)
{
  check (CG_MASK_NAME, "林小梅", "林**");
  check (CG_MASK_NAME, " 张三 ", "张*");
  check (CG_MASK_NAME, "欧阳 娜娜", "欧***");
  check (CG_MASK_NAME, "Wang Xiaomei", "W.");
  check (CG_MASK_NAME, "lin", "L.");
  /* An ID typed into the name box is no name. */
  check (CG_MASK_NAME, FAKE_ID, "****");
  check (CG_MASK_NAME, "—", "****");
}

static void
test_other_kinds (void)
{
  check (CG_MASK_WHOLE, "汕头市潮南区井都镇", "****");
  check (CG_MASK_WHOLE, "", "");
  check (CG_MASK_DIGITS, "井都镇12号", "井都镇**号");
  check (CG_MASK_SHOW, "2025-01-06", "2025-01-06");
}

static void
test_digit_runs (void)
{
  g_autofree char *a = cg_mask_digit_runs ("电话138 0013 8033，日期2025-01-06，赔3000元，第2步");
  g_autofree char *b = cg_mask_digit_runs ("身份证" FAKE_ID "。卡号" FAKE_CARD);
  g_autofree char *c = cg_mask_digit_runs ("4405-1419-5511-3041-89 and 2025-1-6");
  g_autofree char *d = cg_mask_digit_runs ("4405-14-19, 1955-11-30");

  g_assert_cmpstr (a, ==, "电话*** **** ****，日期2025-01-06，赔3000元，第2步");
  g_assert_cmpstr (b, ==, "身份证******************。卡号****************");
  g_assert_cmpstr (c, ==, "****-****-****-****-** and 2025-1-6");
  /* Shaped like a date but none: masked. */
  g_assert_cmpstr (d, ==, "****-**-**, 1955-11-30");
}

static void
test_text (void)
{
  const char *const values[] = { "林小梅", FAKE_ID, "是", NULL };
  const char *const masks[] = { "林**", "4405**********4189", "*", NULL };
  g_autofree char *said = cg_mask_text ("被保险人姓名，林小梅。身份证号码，" FAKE_ID "。是", values, masks);

  g_assert_cmpstr (said, ==, "被保险人姓名，林**。身份证号码，4405**********4189。是");
}

/* By the scheme: which fields are personal is its to say. */
static void
test_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrScheme) s = cr_scheme_load ("chaonan-elderly-accident", &error);
  static const struct { const char *field, *value, *masked; } cases[] = {
    { "claimant_name", "林小梅", "林**" },
    { "account_holder", "Lin Xiaomei", "L." },
    { "beneficiary_name", "陈大文", "陈**" },
    { "id_number", FAKE_ID, "4405**********4189" },
    { "beneficiary_id_number", FAKE_ID_X, "4405**********412X" },
    { "phone", FAKE_PHONE, "*******8033" },
    { "bank_card", FAKE_CARD, "****0007" },
    /* Not personal: shown when it reads as its type... */
    { "accident_date", "2025-01-06", "2025-01-06" },
    { "accident_date", "2025年1月6日", "2025年1月6日" },
    { "claim_type", "住院", "住院" },
    { "hospital_level", "二级", "二级" },
    { "prior_allowance_days", "3", "3" },
    { "disability_grades", "3;5", "3;5" },
    { "documents", "hospital_certificate;expense_list", "hospital_certificate;expense_list" },
    /* Items split at Han separators, never inside a character. */
    { "documents", "住院证明（有医院红章）、医疗费用清单，病历", "住院证明（有医院红章）、医疗费用清单，病历" },
    /* ...and its digits masked when it does not. */
    { "accident_date", FAKE_ID, "******************" },
    { "claim_type", FAKE_PHONE, "***********" },
    { "prior_allowance_days", FAKE_PHONE, "***********" },
    { "disability_grades", "3;" FAKE_PHONE, "*;***********" },
    /* Free text: its digits. */
    { "hospital_name", "潮南区第2人民医院", "潮南区第*人民医院" },
    { "accident_place", "井都镇" FAKE_PHONE, "井都镇***********" },
  };

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const CrField *f = cr_scheme_lookup_field (s, cases[i].field);
      g_autofree char *got = NULL;
      g_assert_nonnull (f);
      got = cg_mask_field_value (f, cases[i].value);
      g_assert_cmpstr (got, ==, cases[i].masked);
    }
  /* A field the scheme does not know: masked whole. */
  {
    g_autofree char *got = cg_mask_field_value (NULL, "whatever 12");
    g_assert_cmpstr (got, ==, "****");
  }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mask/id", test_id);
  g_test_add_func ("/mask/card-phone", test_card_phone);
  g_test_add_func ("/mask/name", test_name);
  g_test_add_func ("/mask/other-kinds", test_other_kinds);
  g_test_add_func ("/mask/digit-runs", test_digit_runs);
  g_test_add_func ("/mask/text", test_text);
  g_test_add_func ("/mask/fields", test_fields);
  return g_test_run ();
}
