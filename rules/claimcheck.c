/* claimcheck: check a claim file against a scheme and print the report.
 *
 * With --html FILE it also writes the claim as a printable page.
 *
 * Exit status: 0 covered with no error, 1 not covered or an error found,
 * 2 a file or usage problem. */
#include "claimrules.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_SCHEME "chaonan-elderly-accident"

static int
fail_usage (GOptionContext *ctx, const char *msg)
{
  g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
  g_printerr ("claimcheck: %s\n\n%s", msg, help);
  return 2;
}

static CrCalendar *
load_calendars (const CrScheme *scheme, const char *dir, GError **error)
{
  g_autoptr(CrCalendar) cal = NULL;

  if (dir == NULL)
    return cr_calendar_new_for_scheme (scheme, error);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CR_ERROR, CR_ERROR_FILE, "no calendar folder at %s", dir);
      return NULL;
    }
  cal = cr_calendar_new ();
  if (!cr_calendar_load_dir (cal, dir, error))
    return NULL;
  return g_steal_pointer (&cal);
}

int
main (int argc, char **argv)
{
  g_autofree char *scheme_arg = NULL, *today_arg = NULL, *lang = NULL, *calendars = NULL;
  g_autofree char *html = NULL;
  gboolean json = FALSE;
  g_auto(GStrv) files = NULL;
  GOptionEntry entries[] = {
    { "scheme", 's', 0, G_OPTION_ARG_STRING, &scheme_arg,
      "The scheme: an id or a .scheme file (default " DEFAULT_SCHEME ")", "ID|FILE" },
    { "today", 't', 0, G_OPTION_ARG_STRING, &today_arg,
      "Judge dates as on this day (default: today)", "YYYY-MM-DD" },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      "Language of the report: zh_CN or en (default: from the locale)", "LANG" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "Print the report as one JSON object", NULL },
    { "calendars", 0, 0, G_OPTION_ARG_FILENAME, &calendars,
      "Folder of *.calendar files (default: the scheme's)", "DIR" },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
      "Also write the claim as a printable page (large type) to FILE", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "CLAIM_FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CLAIM_FILE");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrScheme) scheme = NULL;
  g_autoptr(CrCalendar) cal = NULL;
  g_autoptr(CrClaim) claim = NULL;
  g_autoptr(CrReport) report = NULL;
  CrDay today;

  setlocale (LC_ALL, "");
  g_option_context_set_summary (ctx,
    "Checks a claim against an insurance scheme's rules: who is covered, what to fix,\n"
    "which papers are missing, what it should pay and by when.\n"
    "CLAIM_FILE is a key file with a [Claim] group of field=value as typed.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return fail_usage (ctx, error->message);
  if (files == NULL || files[0] == NULL)
    return fail_usage (ctx, "name one claim file");
  if (files[1] != NULL)
    return fail_usage (ctx, "name only one claim file");

  if (lang == NULL)
    {
      const char *const *names = g_get_language_names ();
      lang = g_strdup (g_str_has_prefix (names[0], "zh") ? "zh_CN" : "en");
    }
  else if (!g_str_equal (lang, "en") && !g_str_equal (lang, "zh_CN"))
    return fail_usage (ctx, "--lang takes zh_CN or en");

  if (today_arg != NULL)
    {
      if (!cr_parse_date (today_arg, &today))
        return fail_usage (ctx, "--today takes a date such as 2025-03-14");
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      cr_day_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                       g_date_time_get_day_of_month (now), &today);
    }

  scheme = cr_scheme_load (scheme_arg != NULL ? scheme_arg : DEFAULT_SCHEME, &error);
  if (scheme == NULL)
    {
      g_printerr ("claimcheck: the scheme was refused: %s\n", error->message);
      return 2;
    }
  cal = load_calendars (scheme, calendars, &error);
  if (cal == NULL)
    {
      g_printerr ("claimcheck: a calendar was refused: %s\n", error->message);
      return 2;
    }
  claim = cr_claim_new_from_file (files[0], &error);
  if (claim == NULL)
    {
      g_printerr ("claimcheck: the claim file was refused: %s\n", error->message);
      return 2;
    }

  report = cr_check_claim (scheme, cal, claim, today, lang);
  if (html != NULL)
    {
      /* The page holds the claim's values: it goes only where it was asked for. */
      g_autofree char *page = cr_report_to_html (report, scheme, claim, today);
      if (!g_file_set_contents_full (html, page, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     &error))
        {
          g_printerr ("claimcheck: the page cannot be written: %s\n", error->message);
          return 2;
        }
    }
  if (json)
    {
      g_autofree char *out = cr_report_to_json (report);
      g_print ("%s\n", out);
    }
  else
    {
      g_autofree char *out = cr_report_to_text (report);
      g_print ("%s: %s\n\n%s", files[0], cr_scheme_get_name (scheme, lang), out);
    }
  return cr_report_get_eligibility (report) == CR_ELIGIBILITY_COVERED &&
                 !cr_report_has_errors (report)
           ? 0
           : 1;
}
