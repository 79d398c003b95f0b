/* test-claimcheck: the command line as a helpdesk uses it: exit codes, the
 * JSON report's shape, and clear errors for bad files and options. */
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>

static const char *claimcheck;
static char *tmpdir;

/* Made-up person; check characters computed per GB 11643-1999. */
#define GOOD_CLAIM \
  "[Claim]\n" \
  "claim_type=hospital\nclaimant_name=林秀英\nid_number=440514195503101234\n" \
  "phone=13800138000\naccident_date=2025-09-20\naccident_place=峡山街道\n" \
  "accident_cause=fall\nadmission_date=2025-09-20\ndischarge_date=2025-09-26\n" \
  "hospital_name=潮南区人民医院\nhospital_level=3\nbank_card=6228480012345671\n" \
  "account_holder=林秀英\ndocuments=hospital_certificate;expense_list;medical_records\n" \
  "submitted_date=2025-09-26\n"

static char *
write_file (const char *name, const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static int
run (const char *const *args, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) claimcheck);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static JsonObject *
parse_report (const char *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  JsonNode *root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
test_covered (void)
{
  g_autofree char *path = write_file ("good.claim", GOOD_CLAIM);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "--today", "2025-11-01", "--json", path, NULL };

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_autoptr(JsonObject) o = parse_report (out);
  g_assert_true (json_object_get_boolean_member (o, "eligible"));
  g_assert_true (json_object_get_null_member (o, "eligibility_reason"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "problems")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "documents_missing")), ==, 0);
  JsonObject *b = json_object_get_object_member (o, "benefit");
  g_assert_cmpint (json_object_get_int_member (b, "amount"), ==, 180);
  JsonArray *items = json_object_get_array_member (b, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "amount"), ==, 180);
  g_assert_cmpstr (json_object_get_string_member (o, "review_by"), ==, "2025-09-30");
  g_assert_cmpstr (json_object_get_string_member (o, "paid_by"), ==, "2025-10-11");
  /* No personal data on the terminal beyond what the person typed: the
   * report names fields, never values. */
  g_assert_null (strstr (out, "440514195503101234"));
  g_assert_null (strstr (out, "6228480012345671"));
}

static void
test_problems_and_not_covered (void)
{
  g_autoptr(GString) text = g_string_new (GOOD_CLAIM);
  g_string_replace (text, "discharge_date=2025-09-26", "discharge_date=2025-09-19", 1);
  g_string_append (text, "favourite_colour=red\n");
  g_autofree char *path = write_file ("bad-dates.claim", text->str);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "--today", "2025-11-01", "--json", "--lang", "en", path, NULL };

  g_assert_cmpint (run (args, &out, &err), ==, 1);
  g_autoptr(JsonObject) o = parse_report (out);
  JsonArray *problems = json_object_get_array_member (o, "problems");
  gboolean order = FALSE, unknown = FALSE;
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *p = json_array_get_object_element (problems, i);
      const char *field = json_object_get_string_member (p, "field");
      const char *check = json_object_get_string_member (p, "check");
      const char *sev = json_object_get_string_member (p, "severity");
      g_assert_nonnull (json_object_get_string_member (p, "message"));
      if (g_str_equal (field, "discharge_date") && g_str_equal (check, "date-order"))
        order = g_str_equal (sev, "error");
      if (g_str_equal (field, "favourite_colour") && g_str_equal (check, "unknown-field"))
        unknown = g_str_equal (sev, "warning");
    }
  g_assert_true (order);
  g_assert_true (unknown);

  /* Under 60 on the day of the accident: not covered, with a reason, not an error. */
  g_autoptr(GString) young = g_string_new (GOOD_CLAIM);
  g_string_replace (young, "440514195503101234", "440514197001010016", 0);
  g_autofree char *ypath = write_file ("young.claim", young->str);
  g_autofree char *yout = NULL, *yerr = NULL;
  const char *yargs[] = { "--today", "2025-11-01", "--json", ypath, NULL };
  g_assert_cmpint (run (yargs, &yout, &yerr), ==, 1);
  g_autoptr(JsonObject) y = parse_report (yout);
  g_assert_false (json_object_get_boolean_member (y, "eligible"));
  g_assert_nonnull (json_object_get_string_member (y, "eligibility_reason"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (y, "problems")), ==, 0);
  g_assert_true (json_object_get_null_member (y, "paid_by"));
}

static void
test_text_in_chinese (void)
{
  g_autofree char *path = write_file ("good.claim", GOOD_CLAIM);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "--today", "2025-11-01", "--lang", "zh_CN", path, NULL };

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "在保障范围内"));
  g_assert_nonnull (strstr (out, "2025年10月11日"));
  g_assert_true (g_utf8_validate (out, -1, NULL));
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* --html FILE: the printable page, besides the usual report. */
static void
test_html (void)
{
  g_autoptr(GString) claim = g_string_new (GOOD_CLAIM);
  g_string_replace (claim, "accident_place=峡山街道", "accident_place=峡山街道<b>&\"x\"", 1);
  g_autofree char *path = write_file ("html.claim", claim->str);
  g_autofree char *en = g_build_filename (tmpdir, "summary-en.html", NULL);
  g_autofree char *zh = g_build_filename (tmpdir, "summary-zh.html", NULL);
  g_autofree char *out = NULL, *err = NULL, *zout = NULL, *zerr = NULL;
  const char *args[] = { "--today", "2025-11-01", "--lang", "en", "--html", en, path, NULL };
  const char *zargs[] = { "--today", "2025-11-01", "--lang", "zh_CN", "--html", zh, path, NULL };
  const char *en_labels[] = { "Type of claim", "Name of the person who had the accident",
                              "Date of the accident", "Where the accident happened",
                              "Bank card number", NULL };
  g_autofree char *page = NULL, *zpage = NULL;
  const char *last = NULL;

  /* The usual report is still printed, and says no more than before. */
  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Covered by the scheme."));
  g_assert_null (strstr (out, "440514195503101234"));
  g_assert_cmpstr (err, ==, "");

  page = read_file (en);
  g_assert_true (g_utf8_validate (page, -1, NULL));
  g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (page, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (page, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (page, "Chaonan elderly accident insurance"));
  /* The fields' labels in the scheme's order, with the values as typed. */
  for (guint i = 0; en_labels[i] != NULL; i++)
    {
      const char *at = strstr (page, en_labels[i]);
      g_test_message ("label %s", en_labels[i]);
      g_assert_nonnull (at);
      g_assert_true (last == NULL || at > last);
      last = at;
    }
  g_assert_nonnull (strstr (page, "6228480012345671"));
  g_assert_nonnull (strstr (page, "2025-09-20"));
  /* A field with no value is left out. */
  g_assert_null (strstr (page, "Date of death"));
  /* The amount, the dates and the papers with their boxes. */
  g_assert_nonnull (strstr (page, "180 yuan"));
  g_assert_nonnull (strstr (page, "11 October 2025"));
  g_assert_nonnull (strstr (page, "class=\"box\""));
  g_assert_nonnull (strstr (page, "(marked on the claim as ready)"));
  g_assert_nonnull (strstr (page, "1 November 2025"));
  /* Typed markup is shown, never obeyed. */
  g_assert_nonnull (strstr (page, "峡山街道&lt;b&gt;&amp;&quot;x&quot;"));
  g_assert_null (strstr (page, "<b>"));
  /* One file, nothing fetched: no scripts, links or pictures. */
  g_assert_null (strstr (page, "<script"));
  g_assert_null (strstr (page, "<link"));
  g_assert_null (strstr (page, "<img"));
  g_assert_null (strstr (page, "url("));
  g_assert_nonnull (strstr (page, "font-size: 20pt"));

  g_assert_cmpint (run (zargs, &zout, &zerr), ==, 0);
  zpage = read_file (zh);
  g_assert_true (g_utf8_validate (zpage, -1, NULL));
  g_assert_nonnull (strstr (zpage, "<html lang=\"zh-CN\">"));
  g_assert_nonnull (strstr (zpage, "潮南区老年人意外伤害综合保险"));
  g_assert_nonnull (strstr (zpage, "理赔类型"));
  g_assert_nonnull (strstr (zpage, "出险地点"));
  g_assert_nonnull (strstr (zpage, "180元"));
  g_assert_nonnull (strstr (zpage, "2025年10月11日"));
  g_assert_nonnull (strstr (zpage, "峡山街道&lt;b&gt;&amp;&quot;x&quot;"));
  g_assert_null (strstr (zpage, "Type of claim"));

  /* A page that cannot be written is a file problem, said with its name. */
  {
    g_autofree char *bout = NULL, *berr = NULL;
    const char *bargs[] = { "--html", "/nonexistent/summary.html", path, NULL };
    g_assert_cmpint (run (bargs, &bout, &berr), ==, 2);
    g_assert_nonnull (strstr (berr, "/nonexistent/summary.html"));
  }
}

static void
test_usage_and_file_errors (void)
{
  g_autofree char *good = write_file ("good.claim", GOOD_CLAIM);
  g_autofree char *no_group = write_file ("no-group.claim", "[Claims]\nclaim_type=death\n");
  g_autofree char *broken = write_file ("broken.claim", "[Claim]\nclaim_type\n");
  g_autofree char *bad_scheme = write_file ("bad.scheme", "[Scheme]\nId=x\nLanguages=fr;\n");
  static const struct { const char *args[6]; const char *says; } cases[] = {
    { { NULL }, "name one claim file" },
    { { "/nonexistent/claim.claim", NULL }, "/nonexistent/claim.claim" },
    { { "--today", "yesterday", "GOOD", NULL }, "--today" },
    { { "--lang", "fr", "GOOD", NULL }, "--lang" },
    { { "--scheme", "no-such-scheme", "GOOD", NULL }, "no-such-scheme" },
    { { "--scheme", "BADSCHEME", "GOOD", NULL }, "bad.scheme:3:" },
    { { "NOGROUP", NULL }, "[Claim]" },
    { { "BROKEN", NULL }, "broken.claim:2:" },
    { { "GOOD", "GOOD", NULL }, "only one" },
    { { "--frobnicate", "GOOD", NULL }, "frobnicate" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[6] = { NULL };
      g_autofree char *out = NULL, *err = NULL;
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        {
          const char *a = cases[i].args[j];
          args[j] = g_str_equal (a, "GOOD") ? good : g_str_equal (a, "NOGROUP") ? no_group
                  : g_str_equal (a, "BROKEN") ? broken : g_str_equal (a, "BADSCHEME") ? bad_scheme
                  : a;
        }
      g_test_message ("case %u: expect exit 2 saying %s", i, cases[i].says);
      g_assert_cmpint (run (args, &out, &err), ==, 2);
      g_test_message ("stderr: %s", err);
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpstr (out, ==, "");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  claimcheck = g_getenv ("CLAIMCHECK");
  g_assert_nonnull (claimcheck);
  tmpdir = g_dir_make_tmp ("claimcheck-test-XXXXXX", NULL);
  g_test_add_func ("/claimcheck/covered", test_covered);
  g_test_add_func ("/claimcheck/problems-and-not-covered", test_problems_and_not_covered);
  g_test_add_func ("/claimcheck/text-in-chinese", test_text_in_chinese);
  g_test_add_func ("/claimcheck/html", test_html);
  g_test_add_func ("/claimcheck/usage-and-file-errors", test_usage_and_file_errors);
  int rc = g_test_run ();
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
  (void) system (cmd);
  g_free (tmpdir);
  return rc;
}
