/* test-calendar: working days from the shipped calendars, and calendar files
 * with mistakes refused with their line. */
#include "claimrules.h"

#include <string.h>

static const char *srcdir;

static CrCalendar *
shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (srcdir, "rules", "calendars", NULL);
  CrCalendar *cal = cr_calendar_new ();
  g_assert_true (cr_calendar_load_dir (cal, dir, &error));
  g_assert_no_error (error);
  return cal;
}

static CrDay
day (const char *iso)
{
  CrDay d;
  g_assert_true (cr_parse_date (iso, &d));
  return d;
}

static void
test_working_days (void)
{
  g_autoptr(CrCalendar) cal = shipped ();
  static const struct { const char *from; guint n; const char *want; } cases[] = {
    /* National Day 2025: 1-8 Oct off, Sun 28 Sep and Sat 11 Oct worked (调休). */
    { "2025-09-26", 3, "2025-09-30" },
    { "2025-09-30", 1, "2025-10-09" },
    { "2025-09-30", 3, "2025-10-11" },
    { "2025-09-30", 7, "2025-10-16" },
    { "2025-09-27", 1, "2025-09-28" },
    /* Spring Festival 2025: 28 Jan - 4 Feb off, Sun 26 Jan and Sat 8 Feb worked. */
    { "2025-01-24", 1, "2025-01-26" },
    { "2025-01-27", 1, "2025-02-05" },
    { "2025-02-07", 1, "2025-02-08" },
    /* Across a year end, both years known. */
    { "2025-12-30", 3, "2026-01-05" },
    { "2025-03-14", 0, "2025-03-14" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CrDay out;
      g_test_message ("%u working days after %s", cases[i].n, cases[i].from);
      g_assert_true (cr_calendar_add_working_days (cal, day (cases[i].from), cases[i].n, &out));
      g_autofree char *iso = cr_day_to_iso (out);
      g_assert_cmpstr (iso, ==, cases[i].want);
    }
}

static void
test_cannot_say (void)
{
  g_autoptr(CrCalendar) cal = shipped ();
  gboolean known = TRUE;
  CrDay out;

  g_assert_true (cr_calendar_covers (cal, 2026));
  g_assert_false (cr_calendar_covers (cal, 2027)); /* its notice is not out */
  g_assert_false (cr_calendar_is_working_day (cal, day ("2027-01-04"), &known));
  g_assert_false (known);
  g_assert_false (cr_calendar_add_working_days (cal, day ("2026-12-29"), 3, &out));
  g_assert_true (cr_calendar_add_working_days (cal, day ("2026-12-28"), 3, &out));
  g_assert_false (cr_calendar_add_working_days (cal, day ("2023-12-28"), 1, &out));
}

static void
expect_refused (const char *text, int line, const char *what)
{
  g_autoptr(CrCalendar) cal = cr_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_strdup_printf ("bad.calendar:%d:", line);

  g_test_message ("expect line %d: %s", line, what);
  g_assert_false (cr_calendar_load_data (cal, text, strlen (text), "bad.calendar", &error));
  g_assert_nonnull (error);
  g_test_message ("got: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_refused (void)
{
  const char *head = "[Calendar]\nYear=2025\nNotice=通知\n";
  g_autofree char *weekday = g_strconcat (head, "[Working days]\n2025-10-10=x\n", NULL);
  g_autofree char *other_year = g_strconcat (head, "[Days off]\n2024-10-01=x\n", NULL);
  g_autofree char *not_a_date = g_strconcat (head, "[Days off]\n2025-02-30=x\n", NULL);
  g_autofree char *twice = g_strconcat (head, "[Days off]\n2025-10-01=a\n2025-10-01=b\n", NULL);
  g_autofree char *both = g_strconcat (head, "[Days off]\n2025-10-11=a\n[Working days]\n2025-10-11=b\n", NULL);
  g_autofree char *junk = g_strconcat (head, "[Days off]\nthis is not a key\n", NULL);
  g_autofree char *group = g_strconcat (head, "[Holidays]\n2025-10-01=a\n", NULL);

  expect_refused (weekday, 5, "weekday");
  expect_refused (other_year, 5, "not in 2025");
  expect_refused (not_a_date, 5, "YYYY-MM-DD");
  expect_refused (twice, 6, "already set");
  expect_refused (both, 7, "both");
  expect_refused (junk, 5, "Key=value");
  expect_refused (group, 4, "unknown group");
  expect_refused ("[Calendar]\nYear=twenty\nNotice=x\n", 2, "whole number");
  expect_refused ("[Calendar]\nYear=2025\n", 1, "Notice");
  expect_refused ("[Calendar]\nYear=2025\nNotice=x\nColour=red\n", 4, "unknown key");
}

static void
test_same_year_twice (void)
{
  g_autoptr(CrCalendar) cal = cr_calendar_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "[Calendar]\nYear=2025\nNotice=x\n";

  g_assert_true (cr_calendar_load_data (cal, text, strlen (text), "a.calendar", &error));
  g_assert_false (cr_calendar_load_data (cal, text, strlen (text), "b.calendar", &error));
  g_assert_nonnull (strstr (error->message, "b.calendar:2:"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  srcdir = argc > 1 ? argv[1] : ".";
  g_test_add_func ("/calendar/working-days", test_working_days);
  g_test_add_func ("/calendar/cannot-say", test_cannot_say);
  g_test_add_func ("/calendar/refused", test_refused);
  g_test_add_func ("/calendar/same-year-twice", test_same_year_twice);
  return g_test_run ();
}
