/* test-scheme-errors: a scheme with a mistake is refused with its file, the
 * line of the mistake and what is wrong.  Each case changes one line of the
 * shipped scheme. */
#include "claimrules.h"

#include <stdlib.h>
#include <string.h>

static char *scheme_text;

typedef struct {
  const char *find;     /* a line of the shipped scheme, whole */
  const char *replace;  /* what the helpdesk typed instead */
  const char *what;     /* words the error must contain */
} Mistake;

static const Mistake mistakes[] = {
  { "Type=cn-mobile", "Type=phone", "not a field type" },
  { "Kind=min-age", "Kind=minimum-age", "not a kind of check" },
  { "Days=180", "Days=one hundred and eighty", "whole number" },
  { "Values=2;3;", "Values=2;4;", "not one of the choices" },
  { "Other=admission_date", "Other=leaving_date", "no field is called" },
  { "When=claim_type=disability;", "When=claim_type=injury;", "not one of the choices" },
  { "Severity=warning", "Severity=maybe", "neither error nor warning" },
  { "Amount=3000", "Amount=three thousand", "not an amount of money" },
  { "Shares=100;90;80;70;60;50;40;30;20;10;", "Shares=100;90;80", "one share per grade" },
  { "Several=raise-one-grade", "Several=sum", "neither most-severe nor raise-one-grade" },
  { "Rule=per-day", "Rule=daily", "not a rule" },
  { "Message=Enter the date of the accident.", "Mesage=Enter the date of the accident.",
    "unknown key" },
  { "Message[zh_CN]=填出事的日期。", "# no Chinese", "Message[zh_CN]= is missing" },
  { "Label[zh_CN]=出险日期", "Label[zh_CN]=出险日期\nLabel[zh_CN]=事故日期", "already set" },
  { "Documents=ticket;", "Documents=train_ticket;", "not one of the choices" },
  { "ReviewWorkingDays=3", "ReviewWorkingDays=-3", "whole number" },
  { "[Choice vehicle=air]", "[Choice vehicle=rocket]", "not among the Choices" },
  { "Prefixes=440514;", "Prefixes=4405AB;", "digits only" },
  { "Max=10", "Max=0", "Max is below Min" },
  { "Field=vehicle", "Field=vehicle\nStrict=true", "unknown key" },
  { "PerDay=30", "PerDay=30\nAmounts=motor:1", "does not take this key" },
  { "[Field phone]", "[Field phone", "group header" },
  { "[Field phone]", "[Gadget phone]", "unknown group" },
  { "Type=date", "Type=date\nChoices=a;b;", "only a choice field takes Choices" },
  { "Synonyms[zh_CN]=三级;三甲;三级甲等;三级乙等;", "Synonyms[zh_CN]=三级;三甲;二级;",
    "would name both 2 and 3" },
  { "Type=cn-mobile", "Type=cn-mobile\nPersonal=other", "personal by its type" },
  { "Type=text\nPersonal=name\nLabel=Name of the beneficiary",
    "Type=text\nPersonal=secret\nLabel=Name of the beneficiary", "not name or other" },
};

/* 1-based line of @needle's start in @text. */
static int
line_of (const char *text, const char *needle)
{
  const char *at = strstr (text, needle);
  int line = 1;
  g_assert_nonnull (at);
  for (const char *p = text; p < at; p++)
    line += *p == '\n';
  return line;
}

static void
test_shipped_loads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrScheme) s = cr_scheme_new_from_data (scheme_text, strlen (scheme_text),
                                                    "chaonan.scheme", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cr_scheme_get_id (s), ==, "chaonan-elderly-accident");
  g_assert_cmpuint (cr_scheme_get_n_fields (s), ==, 21);
  const CrField *f = cr_scheme_lookup_field (s, "discharge_date");
  g_assert_cmpstr (cr_field_get_label (f, "zh_CN"), ==, "出院日期");
  g_assert_cmpstr (cr_field_get_label (f, "en"), ==, "Date you left hospital");
  g_assert_cmpstr (cr_field_get_label (f, "zh_CN.UTF-8"), ==, "出院日期");
  g_assert_true (g_strv_contains (cr_field_get_synonyms (f, "zh_CN"), "出院时间"));
  /* Personal data: names marked, the rest by type. */
  g_assert_cmpint (cr_field_get_personal (f), ==, CR_PERSONAL_NONE);
  g_assert_cmpint (cr_field_get_personal (cr_scheme_lookup_field (s, "claimant_name")), ==,
                   CR_PERSONAL_NAME);
  g_assert_cmpint (cr_field_get_personal (cr_scheme_lookup_field (s, "account_holder")), ==,
                   CR_PERSONAL_NAME);
  g_assert_cmpint (cr_field_get_personal (cr_scheme_lookup_field (s, "id_number")), ==,
                   CR_PERSONAL_ID);
  g_assert_cmpint (cr_field_get_personal (cr_scheme_lookup_field (s, "phone")), ==,
                   CR_PERSONAL_MOBILE);
  g_assert_cmpint (cr_field_get_personal (cr_scheme_lookup_field (s, "bank_card")), ==,
                   CR_PERSONAL_BANK_CARD);
  /* Every field speaks in both languages. */
  for (guint i = 0; i < cr_scheme_get_n_fields (s); i++)
    {
      const CrField *fi = cr_scheme_get_field (s, i);
      g_assert_nonnull (cr_field_get_prompt (fi, "en"));
      g_assert_nonnull (cr_field_get_prompt (fi, "zh_CN"));
      g_assert_cmpstr (cr_field_get_prompt (fi, "en"), !=, cr_field_get_prompt (fi, "zh_CN"));
    }
}

static void
test_mistake (gconstpointer data)
{
  const Mistake *m = data;
  g_autoptr(GString) text = g_string_new (scheme_text);
  g_autoptr(GError) error = NULL;
  g_autofree char *find = g_strconcat ("\n", m->find, "\n", NULL);
  g_autofree char *replace = g_strconcat ("\n", m->replace, "\n", NULL);
  int line;

  g_assert_nonnull (strstr (text->str, find));
  g_string_replace (text, find, replace, 1);
  line = line_of (text->str, replace) + 1;
  /* A mistake on the second line of the replacement is reported there. */
  if (strchr (m->replace, '\n') != NULL && !g_str_has_prefix (m->replace, "#"))
    line++;
  if (g_str_has_prefix (m->replace, "#"))
    line = -1; /* a missing key is reported at its group */

  g_autoptr(CrScheme) s = cr_scheme_new_from_data (text->str, text->len, "edited.scheme", &error);
  g_assert_null (s);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "edited.scheme:"));
  g_assert_nonnull (strstr (error->message, m->what));
  if (line > 0)
    {
      g_autofree char *where = g_strdup_printf ("edited.scheme:%d:", line);
      g_assert_true (g_str_has_prefix (error->message, where));
    }
  else
    {
      int at = atoi (error->message + strlen ("edited.scheme:"));
      g_assert_cmpint (at, >, 0);
    }
}

static void
test_not_utf8_and_missing (void)
{
  g_autoptr(GError) error = NULL;
  const char bad[] = "[Scheme]\nId=x\nName=\xff\xfe\n";
  g_assert_null (cr_scheme_new_from_data (bad, sizeof bad - 1, "bin.scheme", &error));
  g_assert_true (g_str_has_prefix (error->message, "bin.scheme:3:"));
  g_clear_error (&error);

  g_assert_null (cr_scheme_new_from_file ("/nonexistent/x.scheme", &error));
  g_assert_error (error, CR_ERROR, CR_ERROR_FILE);
  g_clear_error (&error);

  g_assert_null (cr_scheme_load ("no-such-scheme", &error));
  g_assert_error (error, CR_ERROR, CR_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_test_init (&argc, &argv, NULL);
  path = g_build_filename (argc > 1 ? argv[1] : ".", "rules", "schemes",
                           "chaonan-elderly-accident.scheme", NULL);
  g_assert_true (g_file_get_contents (path, &scheme_text, NULL, &error));

  g_test_add_func ("/scheme/shipped-loads", test_shipped_loads);
  g_test_add_func ("/scheme/not-utf8-and-missing", test_not_utf8_and_missing);
  for (guint i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autofree char *name = g_strdup_printf ("/scheme/mistake/%02u", i);
      g_test_add_data_func (name, &mistakes[i], test_mistake);
    }
  int rc = g_test_run ();
  g_free (scheme_text);
  return rc;
}
