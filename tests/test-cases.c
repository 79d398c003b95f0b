/* test-cases: every case a scheme ships must come out as its [Expect] says.
 *
 * Usage: test-cases SCHEME_FILE CASES_DIR CALENDARS_DIR (TAP, one test per case). */
#include "claimrules.h"

#include <string.h>

static CrScheme *scheme;
static CrCalendar *calendar;

static GPtrArray *
split_set (const char *v)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  if (v == NULL || g_str_equal (v, "none"))
    return out;
  g_auto(GStrv) parts = g_strsplit (v, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_ptr_array_add (out, g_strdup (parts[i]));
    }
  g_ptr_array_sort (out, (GCompareFunc) g_strcmp0);
  return out;
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char *
join_sorted (GPtrArray *set)
{
  g_ptr_array_sort (set, cmp_str);
  g_autoptr(GString) s = g_string_new (NULL);
  for (guint i = 0; i < set->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ";" : "", (char *) g_ptr_array_index (set, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
expected (GKeyFile *kf, const char *key, gboolean required, const char *path)
{
  g_autoptr(GError) error = NULL;
  char *v = g_key_file_get_string (kf, "Expect", key, &error);
  if (v == NULL && required)
    g_error ("%s: [Expect] %s= is required", path, key);
  return v != NULL ? g_strstrip (v) : NULL;
}

static void
check_report_language (const CrReport *r, const char *path)
{
  for (guint i = 0; i < cr_report_get_n_problems (r); i++)
    {
      const CrProblem *p = cr_report_get_problem (r, i);
      g_assert_nonnull (p->message);
      g_assert_cmpstr (p->message, !=, "");
      if (strchr (p->message, '{') != NULL)
        g_error ("%s: a placeholder was left in: %s", path, p->message);
    }
  const char *reason = cr_report_get_eligibility_reason (r);
  if (reason != NULL && strchr (reason, '{') != NULL)
    g_error ("%s: a placeholder was left in: %s", path, reason);
}

static void
run_case (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &content, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_data (kf, content, len, G_KEY_FILE_NONE, &error));
  g_autoptr(CrClaim) claim = cr_claim_new_from_data (content, len, path, &error);
  g_assert_no_error (error);

  g_autofree char *title = g_key_file_get_string (kf, "Case", "Title", NULL);
  g_autofree char *clause = g_key_file_get_string (kf, "Case", "Clause", NULL);
  g_autofree char *today_s = g_key_file_get_string (kf, "Case", "Today", NULL);
  if (title == NULL || clause == NULL || today_s == NULL)
    g_error ("%s: [Case] needs Title=, Clause= (the seed's words) and Today=", path);
  CrDay today;
  g_assert_true (cr_parse_date (today_s, &today));

  g_autofree char *want_elig = expected (kf, "Eligibility", TRUE, path);
  g_autofree char *want_problems = expected (kf, "Problems", TRUE, path);
  g_autofree char *want_benefit = expected (kf, "Benefit", TRUE, path);
  g_autofree char *want_docs = expected (kf, "DocumentsMissing", FALSE, path);
  g_autofree char *want_review = expected (kf, "ReviewBy", FALSE, path);
  g_autofree char *want_paid = expected (kf, "PaidBy", FALSE, path);

  for (guint l = 0; l < 2; l++)
    {
      const char *lang = l == 0 ? "en" : "zh_CN";
      g_autoptr(CrReport) r = cr_check_claim (scheme, calendar, claim, today, lang);
      static const char *const elig[] = { "covered", "not_covered", "unknown" };

      check_report_language (r, path);
      g_assert_cmpstr (elig[cr_report_get_eligibility (r)], ==, want_elig);

      g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < cr_report_get_n_problems (r); i++)
        {
          const CrProblem *p = cr_report_get_problem (r, i);
          g_ptr_array_add (got, g_strdup_printf ("%s:%s:%s", p->field, p->check,
                                                 p->severity == CR_SEVERITY_ERROR ? "error"
                                                                                  : "warning"));
        }
      g_autoptr(GPtrArray) want = split_set (want_problems);
      g_autofree char *got_s = join_sorted (got);
      g_autofree char *want_s = join_sorted (want);
      g_assert_cmpstr (got_s, ==, want_s);

      g_autofree char *benefit = NULL;
      gint64 fen = cr_report_get_benefit_fen (r);
      benefit = fen % 100 == 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, fen / 100)
                               : g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", fen / 100,
                                                  (int) (fen % 100));
      g_assert_cmpstr (benefit, ==, want_benefit);

      if (want_docs != NULL)
        {
          g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
          for (const char *const *d = cr_report_get_documents_missing (r); *d; d++)
            g_ptr_array_add (docs, g_strdup (*d));
          g_autoptr(GPtrArray) want_d = split_set (want_docs);
          g_autofree char *a = join_sorted (docs), *b = join_sorted (want_d);
          g_assert_cmpstr (a, ==, b);
        }
      for (guint k = 0; k < 2; k++)
        {
          const char *want_day = k == 0 ? want_review : want_paid;
          CrDay d;
          gboolean has = k == 0 ? cr_report_get_review_by (r, &d) : cr_report_get_paid_by (r, &d);
          g_autofree char *got_day = has ? cr_day_to_iso (d) : g_strdup ("none");
          if (want_day != NULL)
            g_assert_cmpstr (got_day, ==, want_day);
        }
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  if (argc != 4)
    g_error ("usage: test-cases SCHEME_FILE CASES_DIR CALENDARS_DIR");

  scheme = cr_scheme_new_from_file (argv[1], &error);
  g_assert_no_error (error);
  calendar = cr_calendar_new ();
  cr_calendar_load_dir (calendar, argv[3], &error);
  g_assert_no_error (error);

  g_autoptr(GDir) dir = g_dir_open (argv[2], 0, &error);
  g_assert_no_error (error);
  for (const char *n; (n = g_dir_read_name (dir)) != NULL;)
    if (g_str_has_suffix (n, ".case"))
      g_ptr_array_add (names, g_strdup (n));
  g_ptr_array_sort (names, cmp_str);
  if (names->len == 0)
    g_error ("no cases in %s", argv[2]);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      char *path = g_build_filename (argv[2], n, NULL);
      g_autofree char *test = g_strdup_printf ("/cases/%.*s", (int) (strlen (n) - 5), n);
      g_ptr_array_add (paths, path);
      g_test_add_data_func (test, path, run_case);
    }
  int rc = g_test_run ();
  cr_scheme_unref (scheme);
  cr_calendar_unref (calendar);
  return rc;
}
