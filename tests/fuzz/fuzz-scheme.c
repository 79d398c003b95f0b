/* fuzz-scheme: any bytes as a scheme file are loaded or refused, never crash. */
#include "claimrules.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  CrScheme *s = cr_scheme_new_from_data ((const char *) data, size, "fuzz.scheme", &error);
  g_assert ((s == NULL) != (error == NULL));
  if (s != NULL)
    {
      /* A scheme that loads must be usable: check an empty claim with it. */
      CrClaim *claim = cr_claim_new ();
      CrReport *r = cr_check_claim (s, NULL, claim, 20000, "zh_CN");
      g_free (cr_report_to_json (r));
      g_free (cr_report_to_text (r));
      cr_report_free (r);
      cr_claim_free (claim);
      cr_scheme_unref (s);
    }
  g_clear_error (&error);
  return 0;
}
