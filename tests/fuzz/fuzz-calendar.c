/* fuzz-calendar: any bytes as a calendar file are loaded or refused, never crash. */
#include "claimrules.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  CrCalendar *cal = cr_calendar_new ();
  gboolean ok = cr_calendar_load_data (cal, (const char *) data, size, "fuzz.calendar", &error);
  g_assert (ok == (error == NULL));
  if (ok)
    {
      CrDay jan1, out;
      for (int y = 1900; y < 2100; y += 7)
        if (cr_calendar_covers (cal, y) && cr_day_from_ymd (y, 1, 1, &jan1))
          cr_calendar_add_working_days (cal, jan1, 400, &out);
    }
  g_clear_error (&error);
  cr_calendar_unref (cal);
  return 0;
}
