/* fuzz-claim: any bytes as a claim file, checked against the shipped scheme
 * and calendars: a report or a refusal, never a crash. */
#include "claimrules.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static CrScheme *scheme;
static CrCalendar *calendar;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  GError *error = NULL;
  scheme = cr_scheme_new_from_file (FUZZ_SCHEME, &error);
  g_assert_no_error (error);
  calendar = cr_calendar_new ();
  cr_calendar_load_dir (calendar, FUZZ_CALENDARS, &error);
  g_assert_no_error (error);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  CrClaim *claim = cr_claim_new_from_data ((const char *) data, size, "fuzz.claim", &error);
  g_assert ((claim == NULL) != (error == NULL));
  if (claim != NULL)
    {
      CrDay today;
      cr_day_from_ymd (2025, 11, 1, &today);
      for (int l = 0; l < 2; l++)
        {
          CrReport *r = cr_check_claim (scheme, calendar, claim, today, l ? "zh_CN" : "en");
          g_free (cr_report_to_json (r));
          g_free (cr_report_to_text (r));
          cr_report_free (r);
        }
      cr_claim_free (claim);
    }
  g_clear_error (&error);
  return 0;
}
