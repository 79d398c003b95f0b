/* The words for a control on a form: cg-present.c. */
#include "cg-present.h"

#include "cg-error.h"

static CgControl
control (const char *label, CgKind kind, const char *value)
{
  CgControl c = { 0 };
  c.label = g_strdup (label);
  c.kind = kind;
  c.value = g_strdup (value);
  return c;
}

static void
test_words (void)
{
  static const struct {
    const char *label;
    CgKind kind;
    const char *value;
    int checked;     /* -1: not checkable */
    gboolean required;
    const char *error;
    const char *placeholder;
    CgLang lang;
    CgVerbosity verbosity;
    const char *said;
  } cases[] = {
    { "出险日期 *", CG_KIND_DATE, "2025-03-14", -1, TRUE, NULL, NULL, CG_LANG_ZH_CN,
      CG_VERBOSITY_NORMAL, "出险日期，日期，必填，2025-03-14。" },
    { "出险日期：", CG_KIND_DATE, "", -1, FALSE, NULL, "年-月-日", CG_LANG_ZH_CN,
      CG_VERBOSITY_NORMAL, "出险日期，日期，空白。格式：年-月-日。" },
    { "出险日期", CG_KIND_DATE, "", -1, FALSE, NULL, "年-月-日", CG_LANG_ZH_CN,
      CG_VERBOSITY_BRIEF, "出险日期，空白。" },
    { "Phone:", CG_KIND_TEXT, "138", -1, TRUE, "Enter all 11 digits of the mobile number",
      NULL, CG_LANG_EN, CG_VERBOSITY_NORMAL,
      "Phone, text box, must be filled, 138. To fix: Enter all 11 digits of the mobile number." },
    { "Hospital report", CG_KIND_CHECK, "", 1, FALSE, NULL, NULL, CG_LANG_EN,
      CG_VERBOSITY_BRIEF, "Hospital report, tick box, ticked." },
    { "出院小结", CG_KIND_CHECK, "", 0, FALSE, NULL, NULL, CG_LANG_YUE,
      CG_VERBOSITY_NORMAL, "出院小结，勾选框，没有勾选。" },
    { "提交", CG_KIND_BUTTON, "", -1, FALSE, NULL, NULL, CG_LANG_ZH_CN, CG_VERBOSITY_NORMAL,
      "提交，按钮。" },
    { "", CG_KIND_TEXT, "", -1, FALSE, NULL, NULL, CG_LANG_EN, CG_VERBOSITY_NORMAL,
      "A field with no name, text box, empty." },
    { "PIN", CG_KIND_PASSWORD, "1234", -1, FALSE, NULL, NULL, CG_LANG_EN, CG_VERBOSITY_NORMAL,
      "PIN, password, 4 characters typed." },
    /* Long labels are cut to about six words before the value. */
    { "The full name of the person who had the accident as on the ID card", CG_KIND_TEXT, "",
      -1, FALSE, NULL, NULL, CG_LANG_EN, CG_VERBOSITY_BRIEF,
      "The full name of the person, empty." },
    { "请填写被保险人在身份证上登记的完整姓名", CG_KIND_TEXT, "", -1, FALSE, NULL, NULL,
      CG_LANG_ZH_CN, CG_VERBOSITY_BRIEF, "请填写被保险人在身份证上，空白。" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CgControl) c = control (cases[i].label, cases[i].kind, cases[i].value);
      c.has_checked = cases[i].checked >= 0;
      c.checked = cases[i].checked == 1;
      c.required = cases[i].required;
      c.invalid = cases[i].error != NULL;
      c.error = g_strdup (cases[i].error);
      c.placeholder = g_strdup (cases[i].placeholder);
      g_autofree char *said = cg_present_control (&c, cases[i].lang, cases[i].verbosity);
      g_assert_cmpstr (said, ==, cases[i].said);
    }
}

static void
test_from_variant (void)
{
  static const struct { const char *dict; int code; } cases[] = {
    { "{'label': <'Name'>, 'kind': <'text'>, 'value': <'x'>, 'required': <true>}", -1 },
    { "{'label': <'Name'>}", CG_ERROR_INVALID_ARGUMENT },
    { "{'kind': <'text'>}", CG_ERROR_INVALID_ARGUMENT },
    { "{'label': <'Name'>, 'kind': <'hologram'>}", CG_ERROR_INVALID_ARGUMENT },
    { "{'label': <'Name'>, 'kind': <'text'>, 'colour': <'red'>}", CG_ERROR_INVALID_ARGUMENT },
    { "{'label': <'Name'>, 'kind': <'text'>, 'required': <'yes'>}", CG_ERROR_INVALID_ARGUMENT },
    { "{'label': <42>, 'kind': <'text'>}", CG_ERROR_INVALID_ARGUMENT },
    { "{'label': <'0123456789012345678901234567890123456789'>, 'kind': <'text'>}",
      CG_ERROR_TOO_LARGE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) dict = g_variant_ref_sink (g_variant_parse (G_VARIANT_TYPE_VARDICT,
                                                      cases[i].dict, NULL, NULL, &error));
      g_auto(CgControl) c = { 0 };
      g_assert_no_error (error);
      gboolean ok = cg_control_from_variant (&c, dict, 32, &error);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (c.label, ==, "Name");
          g_assert_true (c.required);
        }
      else
        {
          g_assert_error (error, CG_ERROR, cases[i].code);
          g_assert_false (ok);
          g_assert_null (c.label);
        }
    }
}

static void
test_keys (void)
{
  g_autofree char *en = cg_present_keys ("<Control><Alt>h", CG_LANG_EN);
  g_autofree char *zh = cg_present_keys ("<Control><Alt>Page_Down", CG_LANG_ZH_CN);
  g_assert_cmpstr (en, ==, "Control Alt H");
  g_assert_cmpstr (zh, ==, "Ctrl加Alt加Page Down");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/present/words", test_words);
  g_test_add_func ("/present/from-variant", test_from_variant);
  g_test_add_func ("/present/keys", test_keys);
  return g_test_run ();
}
