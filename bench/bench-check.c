/* bench-check: claims checked per second on one core, over a mixed set of
 * claims (the scheme's cases and the sample claims).
 *
 * Usage: bench-check SCHEME CALENDARS_DIR CLAIM_DIR... [--seconds N] [--rounds N]
 * Prints, per round and as the median, the rate of cr_check_claim alone and
 * of cr_check_claim + the JSON report, side by side in the same run. */
#include "claimrules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
rate (const CrScheme *s, const CrCalendar *cal, GPtrArray *claims, CrDay today, double seconds,
      gboolean json)
{
  gint64 start = g_get_monotonic_time (), end = start + (gint64) (seconds * G_USEC_PER_SEC);
  guint64 n = 0;

  while (g_get_monotonic_time () < end)
    for (guint i = 0; i < claims->len; i++, n++)
      {
        CrReport *r = cr_check_claim (s, cal, g_ptr_array_index (claims, i), today,
                                      n % 2 ? "zh_CN" : "en");
        if (json)
          g_free (cr_report_to_json (r));
        cr_report_free (r);
      }
  return n / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_claim_free);
  double seconds = 1.0;
  int rounds = 5;
  CrDay today;

  if (argc < 4)
    {
      fprintf (stderr, "usage: bench-check SCHEME CALENDARS CLAIM_DIR... [--seconds N] [--rounds N]\n");
      return 2;
    }
  g_autoptr(CrScheme) s = cr_scheme_new_from_file (argv[1], &error);
  g_autoptr(CrCalendar) cal = cr_calendar_new ();
  if (s == NULL || !cr_calendar_load_dir (cal, argv[2], &error))
    {
      fprintf (stderr, "bench-check: %s\n", error->message);
      return 2;
    }
  for (int a = 3; a < argc; a++)
    {
      if (g_str_equal (argv[a], "--seconds") && a + 1 < argc)
        {
          seconds = g_ascii_strtod (argv[++a], NULL);
          continue;
        }
      if (g_str_equal (argv[a], "--rounds") && a + 1 < argc)
        {
          rounds = atoi (argv[++a]);
          continue;
        }
      g_autoptr(GDir) dir = g_dir_open (argv[a], 0, &error);
      if (dir == NULL)
        {
          fprintf (stderr, "bench-check: %s\n", error->message);
          return 2;
        }
      for (const char *n; (n = g_dir_read_name (dir)) != NULL;)
        {
          g_autofree char *path = g_build_filename (argv[a], n, NULL);
          if (!g_str_has_suffix (n, ".claim") && !g_str_has_suffix (n, ".case"))
            continue;
          CrClaim *c = cr_claim_new_from_file (path, NULL);
          if (c != NULL)
            g_ptr_array_add (claims, c);
        }
    }
  if (claims->len == 0 || rounds < 1)
    {
      fprintf (stderr, "bench-check: no claims\n");
      return 2;
    }
  cr_day_from_ymd (2025, 11, 1, &today);

  double *check = g_new (double, rounds), *with_json = g_new (double, rounds);
  printf ("claims in the mix: %u; %d rounds of %.1f s each, one core\n", claims->len, rounds,
          seconds);
  printf ("round  check/s    check+json/s  ratio\n");
  for (int r = 0; r < rounds; r++)
    {
      check[r] = rate (s, cal, claims, today, seconds, FALSE);
      with_json[r] = rate (s, cal, claims, today, seconds, TRUE);
      printf ("%5d  %9.0f  %12.0f  %5.2f\n", r + 1, check[r], with_json[r], with_json[r] / check[r]);
    }
  qsort (check, (size_t) rounds, sizeof (double), cmp_double);
  qsort (with_json, (size_t) rounds, sizeof (double), cmp_double);
  printf ("median %9.0f  %12.0f  %5.2f\n", check[rounds / 2], with_json[rounds / 2],
          with_json[rounds / 2] / check[rounds / 2]);
  g_free (check);
  g_free (with_json);
  return 0;
}
