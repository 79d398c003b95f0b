/* cr-calendar.c: China's working days, one key file a year.
 *
 * A day is a working day when it is Monday to Friday and not a listed day
 * off, or when it is a weekend day listed as made a working day (调休).  A
 * year with no file is unknown: counting into it answers "cannot say". */
#include "claimrules.h"
#include "cr-keyfile.h"

#include <string.h>

typedef struct {
  int     year;
  guint8  off[46];   /* bit per day of the year (0-based) */
  guint8  work[46];
  char   *notice;
} CrYear;

struct _CrCalendar {
  gint        ref_count;
  GHashTable *years; /* int year -> CrYear */
};

static void
year_free (CrYear *y)
{
  g_free (y->notice);
  g_free (y);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrYear, year_free)

CrCalendar *
cr_calendar_new (void)
{
  CrCalendar *cal = g_new0 (CrCalendar, 1);
  cal->ref_count = 1;
  cal->years = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                      (GDestroyNotify) year_free);
  return cal;
}

CrCalendar *
cr_calendar_ref (CrCalendar *cal)
{
  g_atomic_int_inc (&cal->ref_count);
  return cal;
}

void
cr_calendar_unref (CrCalendar *cal)
{
  if (cal == NULL || !g_atomic_int_dec_and_test (&cal->ref_count))
    return;
  g_hash_table_unref (cal->years);
  g_free (cal);
}

static int
day_of_year (CrDay d, int year)
{
  CrDay jan1;
  cr_day_from_ymd (year, 1, 1, &jan1);
  return (int) (d - jan1);
}

/* @other: the days of the other list, which must not hold the same day. */
static gboolean
read_days (CrKeyFile *kf, int year, const char *group, guint8 *bits, const guint8 *other,
           GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (cr_key_file_get_key_file (kf), group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      CrDay d;
      int y, m, dd;
      if (strlen (keys[i]) != 10 || !cr_parse_date (keys[i], &d) || keys[i][4] != '-')
        return cr_key_file_fail (kf, error, group, keys[i],
                                 "write the day as YYYY-MM-DD, a real date");
      cr_day_to_ymd (d, &y, &m, &dd);
      if (y != year)
        return cr_key_file_fail (kf, error, group, keys[i], "this day is not in %d", year);
      if (g_str_equal (group, "Working days") && cr_day_weekday (d) < 6)
        return cr_key_file_fail (kf, error, group, keys[i],
                                 "this is a weekday, a working day already; list only the "
                                 "weekend days made working days");
      int n = day_of_year (d, year);
      if (other[n / 8] & (1u << (n % 8)))
        return cr_key_file_fail (kf, error, group, keys[i],
                                 "this day is listed both as a day off and as a working day");
      bits[n / 8] |= (guint8) (1u << (n % 8));
    }
  return TRUE;
}

gboolean
cr_calendar_load_data (CrCalendar *cal, const char *data, gsize len, const char *name,
                       GError **error)
{
  static const char *const cal_keys[] = { "Year", "Notice", "Source", NULL };
  g_autoptr(CrKeyFile) kf = cr_key_file_new_from_data (data, len, name, error);
  g_autoptr(CrYear) y = NULL;
  g_auto(GStrv) groups = NULL;
  gint64 year = 0;

  if (kf == NULL)
    return FALSE;
  groups = g_key_file_get_groups (cr_key_file_get_key_file (kf), NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (!g_str_equal (groups[i], "Calendar") && !g_str_equal (groups[i], "Days off") &&
        !g_str_equal (groups[i], "Working days"))
      return cr_key_file_fail (kf, error, groups[i], NULL,
                               "unknown group (a calendar has [Calendar], [Days off] and "
                               "[Working days])");
  if (!g_key_file_has_group (cr_key_file_get_key_file (kf), "Calendar"))
    return cr_key_file_fail (kf, error, NULL, NULL, "the [Calendar] group is missing");

  y = g_new0 (CrYear, 1);
  if (!cr_key_file_check_keys (kf, "Calendar", cal_keys, NULL, NULL, error) ||
      !cr_key_file_get_int (kf, "Calendar", "Year", TRUE, 1900, 9998, &year, error) ||
      !cr_key_file_get_string (kf, "Calendar", "Notice", TRUE, &y->notice, error))
    return FALSE;
  y->year = (int) year;
  if (!read_days (kf, y->year, "Days off", y->off, y->work, error) ||
      !read_days (kf, y->year, "Working days", y->work, y->off, error))
    return FALSE;
  if (g_hash_table_contains (cal->years, GINT_TO_POINTER (y->year)))
    return cr_key_file_fail (kf, error, "Calendar", "Year",
                             "another calendar file already gives %d", y->year);
  g_hash_table_insert (cal->years, GINT_TO_POINTER ((int) year), g_steal_pointer (&y));
  return TRUE;
}

gboolean
cr_calendar_load_file (CrCalendar *cal, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!cr_read_file (path, &data, &len, error))
    return FALSE;
  return cr_calendar_load_data (cal, data, len, path, error);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

gboolean
cr_calendar_load_dir (CrCalendar *cal, const char *dir, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &local);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    {
      g_set_error (error, CR_ERROR, CR_ERROR_FILE, "%s", local->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".calendar"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      if (!cr_calendar_load_file (cal, path, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cr_calendar_covers (const CrCalendar *cal, int year)
{
  return g_hash_table_contains (cal->years, GINT_TO_POINTER (year));
}

/* @y: the day's year, or NULL when no calendar gives it. */
static gboolean
working_in (const CrYear *y, CrDay d, CrDay jan1)
{
  int n = (int) (d - jan1);
  if (y->work[n / 8] & (1u << (n % 8)))
    return TRUE;
  if (y->off[n / 8] & (1u << (n % 8)))
    return FALSE;
  return cr_day_weekday (d) < 6;
}

gboolean
cr_calendar_is_working_day (const CrCalendar *cal, CrDay d, gboolean *known)
{
  int year, m, dd;
  CrDay jan1;
  cr_day_to_ymd (d, &year, &m, &dd);
  const CrYear *y = g_hash_table_lookup (cal->years, GINT_TO_POINTER (year));

  if (known != NULL)
    *known = y != NULL;
  if (y == NULL)
    return FALSE;
  cr_day_from_ymd (year, 1, 1, &jan1);
  return working_in (y, d, jan1);
}

gboolean
cr_calendar_add_working_days (const CrCalendar *cal, CrDay from, guint n, CrDay *out)
{
  const CrYear *y = NULL;
  CrDay d = from, jan1 = 0, next_jan1 = 0;

  while (n > 0)
    {
      d++;
      /* One look-up a year, not one a day. */
      if (y == NULL || d >= next_jan1)
        {
          int year, m, dd;
          cr_day_to_ymd (d, &year, &m, &dd);
          y = g_hash_table_lookup (cal->years, GINT_TO_POINTER (year));
          if (y == NULL)
            return FALSE;
          cr_day_from_ymd (year, 1, 1, &jan1);
          cr_day_from_ymd (year + 1, 1, 1, &next_jan1);
        }
      if (working_in (y, d, jan1))
        n--;
    }
  *out = d;
  return TRUE;
}

CrCalendar *
cr_calendar_new_for_scheme (const CrScheme *scheme, GError **error)
{
  g_autoptr(CrCalendar) cal = cr_calendar_new ();
  const char *dir = cr_scheme_get_calendar_dir (scheme);

  if (dir == NULL)
    dir = CLAIMRULES_CALENDARDIR;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CR_ERROR, CR_ERROR_FILE, "no calendar folder at %s", dir);
      return NULL;
    }
  if (!cr_calendar_load_dir (cal, dir, error))
    return NULL;
  return g_steal_pointer (&cal);
}
