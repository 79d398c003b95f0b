/* test-steps: the guide's steps, as the shipped scheme gives them, and a
 * [Step] group with a mistake refused with its file, line and what is wrong.
 * The claims are made up: only their claim type matters here. */
#include "claimrules.h"

#include <string.h>

static char *scheme_text;
static CrScheme *scheme;

#define STEPS_SECTION "# ------------------------------------------------------- the guide's steps --"

/* Steps without When=, for a claim whose type is not known yet. */
static const char *const no_type[] = {
  "what-happened", "who", "accident", "bank", "check-send", NULL
};

static const struct {
  const char *typed;            /* claim_type as a person might give it */
  const char *const ids[12];
} by_type[] = {
  { "death", { "what-happened", "who", "accident", "death", "beneficiary", "bank",
               "papers-death", "check-send", NULL } },
  { "disability", { "what-happened", "who", "accident", "disability", "bank",
                    "papers-disability", "check-send", NULL } },
  { "hospital", { "what-happened", "who", "accident", "hospital-stay", "bank",
                  "papers-hospital", "check-send", NULL } },
  { "transport_death", { "what-happened", "who", "accident", "transport", "death",
                         "beneficiary", "bank", "papers-transport", "check-send", NULL } },
  /* The way people type it: labels and synonyms in either language. */
  { "住院", { "what-happened", "who", "accident", "hospital-stay", "bank", "papers-hospital",
              "check-send", NULL } },
  { "意外身故", { "what-happened", "who", "accident", "death", "beneficiary", "bank",
                  "papers-death", "check-send", NULL } },
  { "Disability from an accident", { "what-happened", "who", "accident", "disability", "bank",
                                     "papers-disability", "check-send", NULL } },
};

static GPtrArray *
steps_for_type (const char *typed)
{
  g_autoptr(CrClaim) claim = cr_claim_new ();
  if (typed != NULL)
    cr_claim_set (claim, "claim_type", typed);
  return cr_scheme_steps_for_claim (scheme, claim);
}

static void
assert_ids (GPtrArray *steps, const char *const *ids)
{
  for (guint i = 0; i < steps->len; i++)
    g_test_message ("step %u: %s", i, cr_step_get_id (g_ptr_array_index (steps, i)));
  g_assert_cmpuint (steps->len, ==, g_strv_length ((char **) ids));
  for (guint i = 0; i < steps->len; i++)
    g_assert_cmpstr (cr_step_get_id (g_ptr_array_index (steps, i)), ==, ids[i]);
}

static gboolean
has_ascii_digit (const char *s)
{
  for (; *s; s++)
    if (g_ascii_isdigit (*s))
      return TRUE;
  return FALSE;
}

static void
test_shipped (void)
{
  guint n = cr_scheme_get_n_steps (scheme);

  g_assert_cmpuint (n, ==, 14);
  g_assert_cmpstr (cr_step_get_id (cr_scheme_get_step (scheme, 0)), ==, "what-happened");
  g_assert_true (g_strv_contains (cr_step_get_fields (cr_scheme_get_step (scheme, 0)),
                                  "claim_type"));
  for (guint i = 0; i < n; i++)
    {
      const CrStep *step = cr_scheme_get_step (scheme, i);
      const char *en = cr_step_get_prompt (step, "en");
      const char *zh = cr_step_get_prompt (step, "zh_CN");

      g_test_message ("%s", cr_step_get_id (step));
      g_assert_true (cr_scheme_lookup_step (scheme, cr_step_get_id (step)) == step);
      /* Said in both languages, with numbers as words for the speech engine. */
      g_assert_nonnull (en);
      g_assert_nonnull (zh);
      g_assert_cmpstr (en, !=, zh);
      g_assert_false (has_ascii_digit (en));
      g_assert_false (has_ascii_digit (zh));
      g_assert_true ((cr_step_get_papers (step, "en") == NULL) ==
                     (cr_step_get_papers (step, "zh_CN") == NULL));
      if (cr_step_get_papers (step, "en") != NULL)
        {
          g_assert_false (has_ascii_digit (cr_step_get_papers (step, "en")));
          g_assert_false (has_ascii_digit (cr_step_get_papers (step, "zh_CN")));
          g_assert_cmpstr (cr_step_get_papers (step, "en"), !=,
                           cr_step_get_papers (step, "zh_CN"));
        }
      /* Fields exist and are each named once. */
      const char *const *fields = cr_step_get_fields (step);
      g_assert_nonnull (fields);
      g_assert_nonnull (fields[0]);
      for (guint j = 0; fields[j] != NULL; j++)
        g_assert_nonnull (cr_scheme_lookup_field (scheme, fields[j]));
    }
  g_assert_null (cr_scheme_lookup_step (scheme, "no-such-step"));
  g_assert_null (cr_scheme_lookup_step (scheme, NULL));
}

static void
test_languages (void)
{
  const CrStep *step = cr_scheme_lookup_step (scheme, "hospital-stay");

  /* As cr_field_get_prompt: a locale name finds its language, anything else is English. */
  g_assert_cmpstr (cr_step_get_prompt (step, "zh_CN.UTF-8"), ==,
                   cr_step_get_prompt (step, "zh_CN"));
  g_assert_cmpstr (cr_step_get_prompt (step, "fr"), ==, cr_step_get_prompt (step, "en"));
  g_assert_cmpstr (cr_step_get_prompt (step, NULL), ==, cr_step_get_prompt (step, "en"));
  g_assert_cmpstr (cr_step_get_papers (step, "zh_CN@latin"), ==,
                   cr_step_get_papers (step, "zh_CN"));
  g_assert_cmpstr (cr_step_get_papers (step, "de"), ==, cr_step_get_papers (step, "en"));
}

static void
test_by_claim_type (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (by_type); i++)
    {
      g_autoptr(GPtrArray) steps = steps_for_type (by_type[i].typed);
      g_test_message ("claim type %s", by_type[i].typed);
      assert_ids (steps, by_type[i].ids);
    }

  g_autoptr(GPtrArray) hospital = steps_for_type ("hospital");
  g_autoptr(GPtrArray) death = steps_for_type ("death");
  const CrStep *stay = cr_scheme_lookup_step (scheme, "hospital-stay");
  g_assert_true (g_ptr_array_find (hospital, stay, NULL));
  g_assert_false (g_ptr_array_find (death, stay, NULL));
}

static void
test_no_claim_type (void)
{
  g_autoptr(GPtrArray) empty = steps_for_type (NULL);
  g_autoptr(GPtrArray) unreadable = steps_for_type ("a fall in the kitchen");
  g_autoptr(GPtrArray) none = cr_scheme_steps_for_claim (scheme, NULL);
  g_autoptr(CrClaim) other = cr_claim_new ();

  assert_ids (empty, no_type);
  assert_ids (unreadable, no_type);
  assert_ids (none, no_type);

  /* Other fields do not stand in for the claim type. */
  cr_claim_set (other, "hospital_level", "二级");
  cr_claim_set (other, "vehicle", "bus");
  g_autoptr(GPtrArray) steps = cr_scheme_steps_for_claim (scheme, other);
  assert_ids (steps, no_type);
}

/* Every field is in some step; for each claim type, every field that the
 * scheme's checks ask for, and the papers, are in one of its steps, and no
 * field is in two of them. */
static void
test_every_field_covered (void)
{
  g_autoptr(GHashTable) anywhere = g_hash_table_new (g_str_hash, g_str_equal);
  CrDay today;

  for (guint i = 0; i < cr_scheme_get_n_steps (scheme); i++)
    for (const char *const *f = cr_step_get_fields (cr_scheme_get_step (scheme, i)); *f; f++)
      g_hash_table_add (anywhere, (gpointer) *f);
  for (guint i = 0; i < cr_scheme_get_n_fields (scheme); i++)
    {
      const char *name = cr_field_get_name (cr_scheme_get_field (scheme, i));
      g_test_message ("field %s", name);
      g_assert_true (g_hash_table_contains (anywhere, name));
    }

  g_assert_true (cr_day_from_ymd (2025, 10, 20, &today));
  for (guint t = 0; t < 4; t++)
    {
      g_autoptr(CrClaim) claim = cr_claim_new ();
      g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) steps = NULL;
      g_autoptr(CrReport) report = NULL;

      cr_claim_set (claim, "claim_type", by_type[t].typed);
      steps = cr_scheme_steps_for_claim (scheme, claim);
      for (guint i = 0; i < steps->len; i++)
        for (const char *const *f = cr_step_get_fields (g_ptr_array_index (steps, i)); *f; f++)
          {
            g_test_message ("%s: %s", by_type[t].typed, *f);
            g_assert_true (g_hash_table_add (covered, (gpointer) *f));
          }
      g_assert_true (g_hash_table_contains (covered, "documents"));
      g_assert_true (g_hash_table_contains (covered, "submitted_date"));

      report = cr_check_claim (scheme, NULL, claim, today, "en");
      for (guint i = 0; i < cr_report_get_n_problems (report); i++)
        {
          const CrProblem *p = cr_report_get_problem (report, i);
          if (g_str_equal (p->check, "required") || g_str_equal (p->check, "required-if"))
            {
              g_test_message ("%s needs %s", by_type[t].typed, p->field);
              g_assert_true (g_hash_table_contains (covered, p->field));
            }
        }
    }
}

static void
test_papers (void)
{
  static const struct { const char *id, *en, *zh; } want[] = {
    { "who", "ID card", "身份证" },
    { "accident", "traffic police", "交警" },
    { "transport", "boarding pass", "登机牌" },
    { "death", "death certificate", "死亡证明" },
    { "disability", "assessment report", "伤残鉴定报告" },
    { "hospital-stay", "red stamp", "红章" },
    { "beneficiary", "receives the money", "领钱的人" },
    { "bank", "bank card", "银行卡" },
    { "papers-death", "household registration", "户籍注销证明" },
    { "papers-disability", "medical records", "病历" },
    { "papers-hospital", "list of medical expenses", "医疗费用清单" },
    { "papers-transport", "ticket", "车票" },
  };
  static const char *const without[] = { "what-happened", "check-send" };

  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      const CrStep *step = cr_scheme_lookup_step (scheme, want[i].id);
      g_test_message ("%s", want[i].id);
      g_assert_nonnull (step);
      g_assert_nonnull (strstr (cr_step_get_papers (step, "en"), want[i].en));
      g_assert_nonnull (strstr (cr_step_get_papers (step, "zh_CN"), want[i].zh));
    }
  for (guint i = 0; i < G_N_ELEMENTS (without); i++)
    {
      const CrStep *step = cr_scheme_lookup_step (scheme, without[i]);
      g_assert_null (cr_step_get_papers (step, "en"));
      g_assert_null (cr_step_get_papers (step, "zh_CN"));
    }
  g_assert_cmpstr (cr_step_get_papers (cr_scheme_lookup_step (scheme, "hospital-stay"), "en"), ==,
                   "Find the paper the hospital gave you when you left. It has the hospital's "
                   "red stamp.");
  g_assert_cmpstr (cr_step_get_papers (cr_scheme_lookup_step (scheme, "hospital-stay"),
                                       "zh_CN"), ==,
                   "找出出院时医院给您的证明，上面盖着医院的红章。");
}

static void
test_help (void)
{
  const char *en = cr_scheme_get_help (scheme, "en");
  const char *zh = cr_scheme_get_help (scheme, "zh_CN");

  g_assert_nonnull (en);
  g_assert_nonnull (zh);
  g_assert_nonnull (strstr (en, "service points"));
  g_assert_nonnull (strstr (zh, "服务网点"));
  g_assert_cmpstr (cr_scheme_get_help (scheme, "zh_CN.UTF-8"), ==, zh);
  g_assert_cmpstr (cr_scheme_get_help (scheme, "yue"), ==, en);
  /* The seed's 咨询热线 is the document website's line, not the insurer's. */
  g_assert_null (strstr (en, "3288"));
  g_assert_null (strstr (zh, "3288"));
}

/* A scheme may have no steps and no Help: the guide then has nothing to walk. */
static void
test_without_steps (void)
{
  g_autoptr(GString) text = g_string_new (scheme_text);
  g_autoptr(GError) error = NULL;
  const char *cut = strstr (text->str, STEPS_SECTION);
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (cut);
  g_string_truncate (text, (gsize) (cut - text->str));
  lines = g_strsplit (text->str, "\n", -1);
  g_string_truncate (text, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "Help"))
      g_string_append_printf (text, "%s\n", lines[i]);

  g_autoptr(CrScheme) s = cr_scheme_new_from_data (text->str, text->len, "plain.scheme", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cr_scheme_get_n_steps (s), ==, 0);
  g_assert_null (cr_scheme_get_help (s, "en"));
  g_assert_null (cr_scheme_get_help (s, "zh_CN"));
  g_autoptr(CrClaim) claim = cr_claim_new ();
  cr_claim_set (claim, "claim_type", "hospital");
  g_autoptr(GPtrArray) steps = cr_scheme_steps_for_claim (s, claim);
  g_assert_cmpuint (steps->len, ==, 0);
}

typedef struct {
  const char *find;     /* whole lines of the shipped scheme */
  const char *replace;  /* what the helpdesk typed instead */
  const char *what;     /* words the error must contain */
  const char *at;       /* how the line the error is on starts (the first such line
                         * from the replacement on, else in the file); NULL: the
                         * replacement's first line */
} Mistake;

static const Mistake mistakes[] = {
  /* A field that does not exist. */
  { "Fields=bank_card;account_holder;", "Fields=bank_card;account_name;",
    "no field is called “account_name”", NULL },
  { "Fields=death_date;", "Fields=death_date;death_date;", "“death_date” is listed twice", NULL },
  /* Every language the scheme ships. */
  { "Prompt[zh_CN]=现在填老人去世的日期，死亡证明上有。", "# no Chinese",
    "Prompt[zh_CN]= is missing", "Prompt=Now the day the person died." },
  { "Papers[zh_CN]=找出死亡证明。", "# no Chinese", "Papers[zh_CN]= is missing",
    "Papers=Find the death certificate." },
  { "Help[zh_CN]=可以找人当面帮忙。保险公司设有理赔服务网点，工作日上午九点到下午五点办理。"
    "还有老年人专属客服热线，二十四小时都有人接。老人行动不便的话，保险公司可以上门办理，"
    "打电话或者发微信预约。遇到问题，也可以请社区联络员转告保险公司。",
    "# no Chinese", "Help[zh_CN]= is missing", "Help=You can get help in person." },
  /* The first step is for every claim and picks the claim type. */
  { "[Step what-happened]\nFields=claim_type;", "[Step what-happened]\nWhen=claim_type=death;\nFields=claim_type;",
    "takes no When=", "When=claim_type=death;" },
  { "[Step what-happened]\nFields=claim_type;", "[Step what-happened]\nFields=claimant_name;",
    "add claim_type to its Fields", "Fields=claimant_name;" },
  /* Keys: unknown ones, and the required one. */
  { "Papers=Find the death certificate.", "Paper=Find the death certificate.", "unknown key", NULL },
  { "Fields=submitted_date;", "# no fields", "this key is required", "[Step check-send]" },
  /* When= as for checks. */
  { "When=claim_type=transport_death;\nFields=vehicle;",
    "When=claim_type=transport;\nFields=vehicle;", "not one of the choices", NULL },
  { "When=claim_type=disability;\nFields=disability_grades;",
    "When=claim_type=disability;hospital_name=x;\nFields=disability_grades;",
    "not a choice field", NULL },
  /* A step's name. */
  { "[Step bank]", "[Step bank card]", "letters, digits", NULL },
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
test_mistake (gconstpointer data)
{
  const Mistake *m = data;
  g_autoptr(GString) text = g_string_new (scheme_text);
  g_autoptr(GError) error = NULL;
  g_autofree char *find = g_strconcat ("\n", m->find, "\n", NULL);
  g_autofree char *replace = g_strconcat ("\n", m->replace, "\n", NULL);
  g_autofree char *at = g_strconcat ("\n", m->at, NULL);
  g_autofree char *where = NULL;

  g_assert_nonnull (strstr (text->str, find));
  g_string_replace (text, find, replace, 1);
  if (m->at != NULL)
    {
      const char *hit = strstr (strstr (text->str, replace), at);
      if (hit == NULL)
        hit = strstr (text->str, at);
      g_assert_nonnull (hit);
      where = g_strdup_printf ("edited.scheme:%d:", line_of (text->str, hit) + 1);
    }
  else
    where = g_strdup_printf ("edited.scheme:%d:", line_of (text->str, replace) + 1);

  g_autoptr(CrScheme) s = cr_scheme_new_from_data (text->str, text->len, "edited.scheme", &error);
  g_assert_null (s);
  g_assert_error (error, CR_ERROR, CR_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, m->what));
  g_assert_true (g_str_has_prefix (error->message, where));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  path = g_build_filename (argc > 1 ? argv[1] : ".", "rules", "schemes",
                           "chaonan-elderly-accident.scheme", NULL);
  g_assert_true (g_file_get_contents (path, &scheme_text, NULL, &error));
  scheme = cr_scheme_new_from_data (scheme_text, strlen (scheme_text), path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/steps/shipped", test_shipped);
  g_test_add_func ("/steps/languages", test_languages);
  g_test_add_func ("/steps/by-claim-type", test_by_claim_type);
  g_test_add_func ("/steps/no-claim-type", test_no_claim_type);
  g_test_add_func ("/steps/every-field-covered", test_every_field_covered);
  g_test_add_func ("/steps/papers", test_papers);
  g_test_add_func ("/steps/help", test_help);
  g_test_add_func ("/steps/without-steps", test_without_steps);
  for (guint i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autofree char *name = g_strdup_printf ("/steps/mistake/%02u", i);
      g_test_add_data_func (name, &mistakes[i], test_mistake);
    }
  rc = g_test_run ();
  cr_scheme_unref (scheme);
  g_free (scheme_text);
  return rc;
}
