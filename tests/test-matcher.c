/* test-matcher: recognising claim forms by their labels, and form maps.
 *
 * Uses the shipped scheme (argv[1] is the source root) and the labels real
 * forms use.  Every name and number is made up. */
#include "ca-error.h"
#include "ca-form-map.h"
#include "ca-matcher.h"

#include <glib/gstdio.h>
#include <string.h>

#define SCHEME_ID "chaonan-elderly-accident"

static const char *source_root = ".";
static CrScheme *scheme;     /* the shipped scheme */
static char *tmp_dir;        /* maps written by the tests */

static CrScheme *
lookup_scheme (const char *id, gpointer data)
{
  CrScheme *s = data;
  return strcmp (id, cr_scheme_get_id (s)) == 0 ? s : NULL;
}

/* Writes @text as @dir/@name and gives the path. */
static char *
write_file (const char *dir, const char *name, const char *text, gssize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_file_set_contents (path, text, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static CaMatcher *
matcher_new (GPtrArray *maps)
{
  g_autoptr(GPtrArray) schemes = g_ptr_array_new ();

  g_ptr_array_add (schemes, scheme);
  return ca_matcher_new (schemes, maps);
}

static CaFormMap *
load_map_text (const char *name, const char *text, GError **error)
{
  g_autofree char *path = write_file (tmp_dir, name, text, -1);
  return ca_form_map_load (path, lookup_scheme, scheme, error);
}

static gboolean
names_contain (const GPtrArray *names, const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (strcmp (names->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* ---- Labels ---- */

static void
test_labels (void)
{
  static const struct { const char *label; const char *field; } cases[] = {
    /* As real insurers write them, marks and all. */
    { "被保险人姓名 *", "claimant_name" },
    { "身份证号码：", "id_number" },
    { "出险日期（必填）", "accident_date" },
    { "出险日期 *：", "accident_date" },
    { "Accident date", "accident_date" },
    { "ID number", "id_number" },
    { "Full name", "claimant_name" },
    { "Phone (Required)", "phone" },
    { "* 手机号码", "phone" },
    /* Spaces between Han characters, full-width letters. */
    { "出 险 日 期", "accident_date" },
    { "出险　日期", "accident_date" },
    { "ＩＤ　Ｎｕｍｂｅｒ", "id_number" },
    { "  Accident   date ", "accident_date" },
    /* Exact: a label or synonym of another language of the scheme. */
    { "受益人身份证号码", "beneficiary_id_number" },
    { "开户名", "account_holder" },
    /* A label containing a label or synonym: the longest wins. */
    { "请填写出险日期", "accident_date" },
    { "出险日期（年/月/日）", "accident_date" },
    { "Beneficiary name", "beneficiary_name" },
    { "Your mobile phone number, please", "phone" },
    { "出险日期 Accident date", "accident_date" },
    /* Nothing. */
    { "图书证号", NULL },
    { "Favourite subject", NULL },
    { "Username", NULL },          /* "name" is a word, not part of one */
    { "Because", NULL },           /* nor is "cause" */
    { "名", NULL },
    { "", NULL },
    { "   ", NULL },
  };
  g_autoptr(CaMatcher) m = matcher_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("label “%s”", cases[i].label);
      g_assert_cmpstr (ca_matcher_field_for_label (m, NULL, cases[i].label), ==, cases[i].field);
      g_assert_cmpstr (ca_matcher_field_for_label (m, SCHEME_ID, cases[i].label), ==,
                       cases[i].field);
      g_assert_null (ca_matcher_field_for_label (m, "no-such-scheme", cases[i].label));
    }
  g_assert_null (ca_matcher_field_for_label (m, NULL, NULL));
  /* Not UTF-8. */
  g_assert_null (ca_matcher_field_for_label (m, NULL, "\xff\xfe name"));
}

/* ---- Whole forms ---- */

typedef struct {
  const char *id;
  const char *label;
  const char *field;  /* expected, or NULL */
} Control;

/* tests/plugin/forms/claim-form.html, as AT-SPI gives it. */
static const Control claim_form_zh[] = {
  { "claim-type", "理赔类型 *", "claim_type" },
  { "insured-name", "被保险人姓名 *", "claimant_name" },
  { "id-no", "身份证号码 *", "id_number" },
  { "mobile", "联系电话 *", "phone" },
  { "accident-date", "出险日期 *", "accident_date" },
  { "accident-place", "出险地点", "accident_place" },
  { "accident-cause", "出险原因", "accident_cause" },
  { "admit-date", "入院日期", "admission_date" },
  { "discharge-date", "出院日期", "discharge_date" },
  { "hospital", "医院名称", "hospital_name" },
  { "beneficiary", "受益人姓名", "beneficiary_name" },
  { "bank-card", "银行卡号", "bank_card" },
  { "doc-hospital", "住院证明", NULL },
  { "doc-expenses", "医疗费用清单", NULL },
  { "doc-records", "病历资料", NULL },
  { "status", "", NULL },
  { "send", "提交", NULL },
};

/* tests/plugin/forms/claim-form-en.html */
static const Control claim_form_en[] = {
  { "claim-type", "Claim type *", "claim_type" },
  { "insured-name", "Name *", "claimant_name" },
  { "id-no", "ID number *", "id_number" },
  { "mobile", "Phone *", "phone" },
  { "accident-date", "Accident date *", "accident_date" },
  { "accident-place", "Accident place", "accident_place" },
  { "accident-cause", "Cause", "accident_cause" },
  { "admit-date", "Admission date", "admission_date" },
  { "discharge-date", "Discharge date", "discharge_date" },
  { "hospital", "Hospital", "hospital_name" },
  { "beneficiary", "Beneficiary", "beneficiary_name" },
  { "bank-card", "Card number", "bank_card" },
  { "doc-expenses", "Expense list", NULL },
  { "doc-records", "Medical records", NULL },
  { "send", "Send", NULL },
};

/* The date of the accident as three spin buttons, and the rest. */
static const Control split_date_form[] = {
  { "name", "姓名", "claimant_name" },
  { "idno", "证件号码", "id_number" },
  { "tel", "手机号", "phone" },
  { "acc-y", "出险日期 年", "accident_date" },
  { "acc-m", "出险日期 月", "accident_date" },
  { "acc-d", "出险日期 日", "accident_date" },
  { "card", "收款账号", "bank_card" },
  { "ok", "确认提交", NULL },
};

/* A library membership form: a name and a phone, nothing else of a claim. */
static const Control library_form_en[] = {
  { "name", "Name *", NULL },
  { "phone", "Phone *", NULL },
  { "address", "Address", NULL },
  { "email", "Email", NULL },
  { "subjects", "Favourite subjects", NULL },
  { "newsletter", "Newsletter", NULL },
  { "submit", "Submit", NULL },
};

/* tests/plugin/forms/not-a-claim.html */
static const Control library_form_zh[] = {
  { "reader-name", "姓名 *", NULL },
  { "birth-date", "出生日期", NULL },
  { "reader-phone", "联系电话 *", NULL },
  { "email", "电子邮箱", NULL },
  { "address", "住址", NULL },
  { "card-type", "读者证类型 *", NULL },
  { "branch", "常去的分馆", NULL },
  { "subjects", "喜欢的图书类别", NULL },
  { "newsletter", "订阅新书通讯", NULL },
  { "rules", "我已阅读借阅规则 *", NULL },
  { "send", "提交", NULL },
};

static CaMatch *
match_controls (CaMatcher *m, const char *title, const char *address, const Control *c, guint n)
{
  g_autofree const char **ids = g_new0 (const char *, n + 1);
  g_autofree const char **labels = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      ids[i] = c[i].id;
      labels[i] = c[i].label;
    }
  return ca_matcher_match (m, title, address, ids, labels, n);
}

/* Checks every control's field, and that the count is of different fields. */
static void
assert_fields (const CaMatch *match, const Control *c, guint n)
{
  g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);
  guint mapped = 0;

  for (guint i = 0; i < n; i++)
    {
      g_test_message ("%s “%s”", c[i].id, c[i].label);
      g_assert_cmpstr (g_hash_table_lookup (match->field_for, c[i].id), ==, c[i].field);
      if (c[i].field != NULL)
        {
          g_hash_table_add (distinct, (gpointer) c[i].field);
          mapped++;
        }
    }
  g_assert_cmpuint (g_hash_table_size (match->field_for), ==, mapped);
  g_assert_cmpuint (match->matched, ==, g_hash_table_size (distinct));
}

static void
test_claim_forms (void)
{
  g_autoptr(CaMatcher) m = matcher_new (NULL);
  g_autoptr(CaMatch) zh = match_controls (m, "潮南区老年人意外险理赔申请 - Chromium", NULL,
                                          claim_form_zh, G_N_ELEMENTS (claim_form_zh));
  g_autoptr(CaMatch) en = match_controls (m, "Claim", "file:///tmp/claim-form-en.html",
                                          claim_form_en, G_N_ELEMENTS (claim_form_en));
  g_autoptr(CaMatch) split = match_controls (m, NULL, NULL, split_date_form,
                                             G_N_ELEMENTS (split_date_form));

  g_assert_cmpstr (zh->scheme, ==, SCHEME_ID);
  g_assert_null (zh->map);
  g_assert_cmpuint (zh->matched, ==, 12);
  g_assert_cmpuint (zh->n_fields, ==, cr_scheme_get_n_fields (scheme));
  assert_fields (zh, claim_form_zh, G_N_ELEMENTS (claim_form_zh));
  g_assert_true (names_contain (zh->send_names, "提交"));
  g_assert_true (names_contain (zh->send_names, "submit claim"));
  g_assert_true (names_contain (zh->send_names, "确认提交"));
  g_assert_true (names_contain (zh->send_names, "確認提交"));

  g_assert_cmpstr (en->scheme, ==, SCHEME_ID);
  g_assert_cmpuint (en->matched, ==, 12);
  assert_fields (en, claim_form_en, G_N_ELEMENTS (claim_form_en));
  g_assert_true (names_contain (en->send_names, "send"));

  /* Three controls, one field: five different fields in all. */
  g_assert_cmpstr (split->scheme, ==, SCHEME_ID);
  g_assert_cmpuint (split->matched, ==, 5);
  assert_fields (split, split_date_form, G_N_ELEMENTS (split_date_form));

  /* One field fewer is not enough. */
  {
    g_autoptr(CaMatch) four = match_controls (m, NULL, NULL, split_date_form + 1,
                                              G_N_ELEMENTS (split_date_form) - 1);
    g_assert_null (four->scheme);
    g_assert_cmpuint (four->matched, ==, 4);
    g_assert_cmpuint (g_hash_table_size (four->field_for), ==, 0);
  }
}

static void
test_not_claim_forms (void)
{
  g_autoptr(CaMatcher) m = matcher_new (NULL);
  g_autoptr(CaMatch) en = match_controls (m, "Join the library", "https://library.example/join",
                                          library_form_en, G_N_ELEMENTS (library_form_en));
  g_autoptr(CaMatch) zh = match_controls (m, "读者证申请", NULL, library_form_zh,
                                          G_N_ELEMENTS (library_form_zh));
  g_autoptr(CaMatch) none = ca_matcher_match (m, NULL, NULL, NULL, NULL, 0);

  for (CaMatch *const *p = (CaMatch *const[]) { en, zh, none, NULL }; *p != NULL; p++)
    {
      g_assert_null ((*p)->scheme);
      g_assert_null ((*p)->map);
      g_assert_nonnull ((*p)->field_for);
      g_assert_cmpuint (g_hash_table_size ((*p)->field_for), ==, 0);
      g_assert_nonnull ((*p)->send_names);
      g_assert_cmpuint ((*p)->n_fields, ==, 0);
    }
  /* Name and phone: what was found, for the log. */
  g_assert_cmpuint (en->matched, ==, 2);
  g_assert_cmpuint (zh->matched, ==, 2);
  g_assert_cmpuint (none->matched, ==, 0);
}

/* ---- Form maps ---- */

static const char odd_map[] =
  "# An insurer whose labels nobody else uses.\n"
  "[Form]\n"
  "Scheme=" SCHEME_ID "\n"
  "Titles=*示例互助保险*理赔*;Odd Mutual*\n"
  "Addresses=https://claims.odd.example/*\n"
  "\n"
  "[Labels]\n"
  "申请人=claimant_name\n"
  "事发时间 *=accident_date\n"
  "Applicant=claimant_name\n"
  "[Send]\n"
  "Names=确认无误，提交;Send It\n";

static const Control odd_form[] = {
  { "f1", "申请人", "claimant_name" },
  { "f2", "事发时间：", "accident_date" },
  { "f3", "手机", "phone" },
  { "f4", "备注", NULL },
  { "f5", "确认无误，提交", NULL },
};

static void
test_map_by_title (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) maps = g_ptr_array_new_with_free_func ((GDestroyNotify) ca_form_map_free);
  CaFormMap *map = load_map_text ("odd-mutual.form", odd_map, &error);

  g_assert_no_error (error);
  g_assert_nonnull (map);
  g_assert_cmpstr (map->name, ==, "odd-mutual");
  g_assert_cmpstr (map->scheme, ==, SCHEME_ID);
  g_assert_cmpuint (map->min_fields, ==, 0);
  g_assert_cmpuint (g_strv_length (map->titles), ==, 2);
  g_assert_cmpuint (g_strv_length (map->addresses), ==, 1);
  /* Folded keys: the "*" is gone, the case too. */
  g_assert_cmpstr (g_hash_table_lookup (map->labels, "事发时间"), ==, "accident_date");
  g_assert_cmpstr (g_hash_table_lookup (map->labels, "applicant"), ==, "claimant_name");
  g_assert_cmpuint (g_strv_length (map->send_names), ==, 2);
  g_ptr_array_add (maps, map);

  {
    g_autoptr(CaMatcher) m = matcher_new (maps);
    g_autoptr(CaMatch) by_title = match_controls (m, "示例互助保险 - 在线理赔 - Chromium", NULL,
                                                  odd_form, G_N_ELEMENTS (odd_form));
    g_autoptr(CaMatch) by_case = match_controls (m, "ODD MUTUAL: your claim", NULL,
                                                 odd_form, G_N_ELEMENTS (odd_form));
    g_autoptr(CaMatch) by_address = match_controls (m, "Welcome", "https://claims.odd.example/new",
                                                    odd_form, G_N_ELEMENTS (odd_form));
    g_autoptr(CaMatch) other = match_controls (m, "示例互助保险 - 首页", "https://odd.example/",
                                               odd_form, G_N_ELEMENTS (odd_form));

    for (CaMatch *const *p = (CaMatch *const[]) { by_title, by_case, by_address, NULL };
         *p != NULL; p++)
      {
        g_assert_cmpstr ((*p)->scheme, ==, SCHEME_ID);
        g_assert_cmpstr ((*p)->map, ==, "odd-mutual");
        assert_fields (*p, odd_form, G_N_ELEMENTS (odd_form));
        g_assert_cmpuint ((*p)->matched, ==, 3);
        g_assert_cmpuint ((*p)->send_names->len, ==, 2);
        g_assert_true (names_contain ((*p)->send_names, "确认无误,提交"));
        g_assert_true (names_contain ((*p)->send_names, "send it"));
      }
    /* Not named by the map: its labels do not apply, and three are few. */
    g_assert_null (other->scheme);
    g_assert_null (other->map);
    g_assert_cmpuint (other->matched, ==, 1);
    g_assert_false (names_contain (other->send_names, "send it"));
    /* field_for_label knows the scheme's labels only. */
    g_assert_null (ca_matcher_field_for_label (m, NULL, "申请人"));
  }

  /* With MinFields, the title is not enough on its own. */
  {
    g_autoptr(GPtrArray) strict_maps =
      g_ptr_array_new_with_free_func ((GDestroyNotify) ca_form_map_free);
    g_autofree char *text = g_strconcat (odd_map, "[Form]\n", NULL); /* a repeated group */
    g_autoptr(CaMatcher) m = NULL;
    g_autoptr(CaMatch) three = NULL;
    g_autoptr(CaMatch) four = NULL;
    static const Control more[] = {
      { "f1", "申请人", "claimant_name" },
      { "f2", "事发时间", "accident_date" },
      { "f3", "手机", "phone" },
      { "f4", "身份证号", "id_number" },
    };
    CaFormMap *strict;

    g_assert_null (load_map_text ("twice.form", text, &error));
    g_assert_error (error, CA_ERROR, CA_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "already on line 2"));
    g_clear_error (&error);

    g_free (text);
    text = g_strconcat ("[Form]\nMinFields=4\n", odd_map + strlen ("# An insurer whose labels "
                                                                   "nobody else uses.\n[Form]\n"),
                        NULL);
    strict = load_map_text ("strict.form", text, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strict->min_fields, ==, 4);
    g_ptr_array_add (strict_maps, strict);
    m = matcher_new (strict_maps);
    three = match_controls (m, "Odd Mutual claim", NULL, odd_form, G_N_ELEMENTS (odd_form));
    g_assert_null (three->scheme);
    four = match_controls (m, "Odd Mutual claim", NULL, more, G_N_ELEMENTS (more));
    g_assert_cmpstr (four->scheme, ==, SCHEME_ID);
    g_assert_cmpstr (four->map, ==, "strict");
    assert_fields (four, more, G_N_ELEMENTS (more));
  }
}

static void
test_example_map (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (source_root, "plugin", "forms",
                                            "example-insurer.form", NULL);
  g_autoptr(CaFormMap) map = ca_form_map_load (path, lookup_scheme, scheme, &error);
  g_autoptr(GPtrArray) maps = g_ptr_array_new ();
  g_autoptr(CaMatcher) m = NULL;
  g_autoptr(CaMatch) match = NULL;
  static const Control form[] = {
    { "a", "申请人 *", "claimant_name" },
    { "b", "事发时间 *", "accident_date" },
    { "c", "联系电话", "phone" },
    { "d", "确认无误，提交", NULL },
  };

  g_assert_no_error (error);
  g_assert_cmpstr (map->name, ==, "example-insurer");
  g_assert_cmpstr (map->scheme, ==, SCHEME_ID);
  g_assert_nonnull (map->titles);
  g_assert_nonnull (map->addresses);
  g_assert_cmpstr (g_hash_table_lookup (map->labels, "申请人"), ==, "claimant_name");
  g_assert_cmpstr (g_hash_table_lookup (map->labels, "事发时间"), ==, "accident_date");
  g_assert_nonnull (map->send_names);

  g_ptr_array_add (maps, map);
  m = matcher_new (maps);
  match = match_controls (m, "示例互助保险 在线理赔", NULL, form, G_N_ELEMENTS (form));
  g_assert_cmpstr (match->scheme, ==, SCHEME_ID);
  g_assert_cmpstr (match->map, ==, "example-insurer");
  assert_fields (match, form, G_N_ELEMENTS (form));
  g_assert_true (names_contain (match->send_names, "确认无误,提交"));
}

static void
test_broken_maps (void)
{
  static const struct {
    const char *text;
    const char *what;  /* words the error must contain */
  } broken[] = {
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\n[Fields]\n姓名=claimant_name\n",
      ":4: [Fields]: unknown group" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitle=*理赔*\n", ":3: [Form] Title: unknown key" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\nTitles[zh_CN]=*理赔*\n",
      "[Form] Titles[zh_CN]: unknown key" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\n[Send]\nName=提交\n",
      ":5: [Send] Name: unknown key" },
    { "[Form]\nTitles=*理赔*\n", ":1: [Form] Scheme: missing" },
    { "[Form]\nScheme=\nTitles=*理赔*\n", ":2: [Form] Scheme: missing" },
    { "[Form]\nScheme=shenzhen-dental\nTitles=*理赔*\n",
      ":2: [Form] Scheme: no scheme is called “shenzhen-dental”" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\n[Labels]\n申请人=claimant\n",
      ":5: [Labels] 申请人: the scheme “" SCHEME_ID "” has no field called “claimant”" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\n[Labels]\n姓名[必填]=claimant_name\n",
      ":5: [Labels] 姓名[必填]: a label here cannot have [ ] in it" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\n[Labels]\n申请人=\n",
      "[Labels] 申请人: no field" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\n[Labels]\n申请人=claimant_name\n申请人 *=phone\n",
      ":6: [Labels] 申请人 *: the same label as 申请人 (line 5)" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\nMinFields=0\n",
      ":4: [Form] MinFields: “0” is not a whole number from 1 to 100" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\nMinFields=101\n",
      "[Form] MinFields: “101” is not a whole number from 1 to 100" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\nMinFields=five\n",
      "[Form] MinFields: “five” is not a whole number" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\nMinFields=50\n",
      "[Form] MinFields: 50 is more than the 21 fields" },
    { "[Form]\nScheme=" SCHEME_ID "\nMinFields=3\n",
      ":1: [Form]: neither Titles nor Addresses" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=;;\nAddresses=\n",
      "[Form]: neither Titles nor Addresses" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\n[Send]\nNames=;\n",
      "[Send] Names: missing or empty" },
    { "[Form]\nScheme=" SCHEME_ID "\nTitles=*理赔*\nTitles=*claim*\n",
      ":4: [Form] Titles: already set on line 3" },
    { "[Labels]\n申请人=claimant_name\n", "[Form] is missing" },
    { "This is not a form map.\n", ":1: not a key file" },
    { "Scheme=" SCHEME_ID "\n[Form]\n", ":1: not a key file" },
    { "[Form\nScheme=" SCHEME_ID "\n", ":1: not a key file" },
    { "", "[Form] is missing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("broken-%u.form", i);
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_autoptr(CaFormMap) map = load_map_text (name, broken[i].text, &error);

      g_test_message ("%s", broken[i].what);
      g_assert_null (map);
      g_assert_error (error, CA_ERROR, CA_ERROR_INVALID);
      g_test_message ("  -> %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, broken[i].what));
    }

  /* Not UTF-8, not text, not there. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = write_file (tmp_dir, "binary.form", "[Form]\n\xff\xfe\x00\x01", 11);
    g_autoptr(CaFormMap) map = ca_form_map_load (path, lookup_scheme, scheme, &error);

    g_assert_null (map);
    g_assert_error (error, CA_ERROR, CA_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "not a key file"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_build_filename (tmp_dir, "absent.form", NULL);
    g_autoptr(CaFormMap) map = ca_form_map_load (path, lookup_scheme, scheme, &error);

    g_assert_null (map);
    g_assert_error (error, CA_ERROR, CA_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, path));
  }
}

static void
test_load_dirs (void)
{
  g_autofree char *shipped = g_build_filename (tmp_dir, "dirs", "shipped", NULL);
  g_autofree char *local = g_build_filename (tmp_dir, "dirs", "local", NULL);
  g_autofree char *missing = g_build_filename (tmp_dir, "dirs", "missing", NULL);
  const char *const dirs[] = { shipped, missing, local, NULL };
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) maps = NULL;
  static const char good_a[] = "[Form]\nScheme=" SCHEME_ID "\nTitles=Alpha*\n";
  static const char good_a2[] = "[Form]\nScheme=" SCHEME_ID "\nTitles=Alpha 2*\n";
  static const char good_b[] = "[Form]\nScheme=" SCHEME_ID "\nAddresses=https://b.example/*\n";
  static const char bad[] = "[Form]\nScheme=" SCHEME_ID "\n";
  g_autofree char *p1 = write_file (shipped, "a.form", good_a, -1); /* replaced by p5 */
  g_autofree char *p2 = write_file (shipped, "b.form", good_b, -1);
  g_autofree char *p3 = write_file (shipped, "c.form", bad, -1);
  g_autofree char *p4 = write_file (shipped, "README.md", "not a map", -1); /* not a .form */
  g_autofree char *p5 = write_file (local, "a.form", good_a2, -1);
  g_autofree char *p6 = write_file (local, "b.form", bad, -1);  /* the shipped b stays */
  g_autofree char *p7 = write_file (local, "d.form", "nonsense", -1);

  maps = ca_form_map_load_dirs (dirs, lookup_scheme, scheme, problems);
  g_assert_cmpuint (maps->len, ==, 2);
  {
    const CaFormMap *a = maps->pdata[0], *b = maps->pdata[1];
    g_assert_cmpstr (a->name, ==, "a");
    g_assert_cmpstr (a->path, ==, p5);
    g_assert_cmpstr (a->path, !=, p1);
    g_assert_cmpstr (a->titles[0], ==, "Alpha 2*");
    g_assert_cmpstr (b->name, ==, "b");
    g_assert_cmpstr (b->path, ==, p2);
  }
  g_assert_cmpuint (problems->len, ==, 3);
  for (guint i = 0; i < problems->len; i++)
    g_assert_false (g_str_has_prefix (problems->pdata[i], p4));
  g_assert_true (g_str_has_prefix (problems->pdata[0], p3));
  g_assert_true (g_str_has_prefix (problems->pdata[1], p6));
  g_assert_true (g_str_has_prefix (problems->pdata[2], p7));
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) problems->pdata[i]);

  /* No folders, or none there: no maps, no problems. */
  {
    g_autoptr(GPtrArray) none = ca_form_map_load_dirs ((const char *const[]) { missing, NULL },
                                                       lookup_scheme, scheme, problems);
    g_autoptr(GPtrArray) null_dirs = ca_form_map_load_dirs (NULL, lookup_scheme, scheme, NULL);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (null_dirs->len, ==, 0);
    g_assert_cmpuint (problems->len, ==, 3);
  }
  /* The matcher keeps the maps it was given. */
  {
    g_autoptr(CaMatcher) m = matcher_new (maps);
    g_autoptr(CaMatch) match = NULL;
    const char *ids[] = { "x" }, *labels[] = { "申请人" };

    g_clear_pointer (&maps, g_ptr_array_unref);
    match = ca_matcher_match (m, "Alpha 2 claims", NULL, ids, labels, 1);
    g_assert_cmpstr (match->map, ==, "a");
    g_assert_cmpuint (match->matched, ==, 0);
  }
}

/* A big page: the claim form's fields, then "附加信息 N" up to 436 controls. */
static void
test_big_page (void)
{
  const guint n = 436;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CaMatcher) m = NULL;
  g_autoptr(CaMatch) match = NULL;
  double secs, build_secs;

  for (guint i = 0; i < n; i++)
    {
      if (i < G_N_ELEMENTS (claim_form_zh))
        {
          g_ptr_array_add (ids, g_strdup (claim_form_zh[i].id));
          g_ptr_array_add (labels, g_strdup (claim_form_zh[i].label));
        }
      else
        {
          g_ptr_array_add (ids, g_strdup_printf ("extra-%u", i));
          g_ptr_array_add (labels, i % 3 == 0 ? g_strdup_printf ("Additional information %u", i)
                                              : g_strdup_printf ("附加信息 %u（选填）", i));
        }
    }
  g_test_timer_start ();
  m = matcher_new (NULL);
  build_secs = g_test_timer_elapsed ();
  g_test_timer_start ();
  match = ca_matcher_match (m, "Big form", NULL, (const char *const *) ids->pdata,
                            (const char *const *) labels->pdata, n);
  secs = g_test_timer_elapsed ();
  g_test_message ("matcher built in %.3f ms; %u controls matched in %.3f ms", build_secs * 1000,
                  n, secs * 1000);
  g_assert_cmpstr (match->scheme, ==, SCHEME_ID);
  g_assert_cmpuint (match->matched, ==, 12);
  assert_fields (match, claim_form_zh, G_N_ELEMENTS (claim_form_zh));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (argc > 1)
    source_root = argv[1];
  path = g_build_filename (source_root, "rules", "schemes", SCHEME_ID ".scheme", NULL);
  scheme = cr_scheme_new_from_file (path, &error);
  g_assert_no_error (error);
  tmp_dir = g_dir_make_tmp ("test-matcher-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/matcher/labels", test_labels);
  g_test_add_func ("/matcher/claim-forms", test_claim_forms);
  g_test_add_func ("/matcher/not-claim-forms", test_not_claim_forms);
  g_test_add_func ("/matcher/map-by-title", test_map_by_title);
  g_test_add_func ("/matcher/example-map", test_example_map);
  g_test_add_func ("/matcher/broken-maps", test_broken_maps);
  g_test_add_func ("/matcher/load-dirs", test_load_dirs);
  g_test_add_func ("/matcher/big-page", test_big_page);
  status = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  cr_scheme_unref (scheme);
  return status;
}
