/* cr-strings.h: the rules core's own sentences, in every language it ships.
 * What a scheme says lives in the scheme; these are the report's frame. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CR_S_UNKNOWN_FIELD,       /* {name}: the field name */
  CR_S_COVERED,
  CR_S_NOT_COVERED,
  CR_S_ELIGIBILITY_UNKNOWN,
  CR_S_UNKNOWN_REASON,
  CR_S_PROBLEMS,
  CR_S_NO_PROBLEMS,
  CR_S_ERROR,
  CR_S_WARNING,
  CR_S_DOCUMENTS_MISSING,
  CR_S_NO_DOCUMENTS_MISSING,
  CR_S_BENEFIT,
  CR_S_NO_BENEFIT,
  CR_S_TOTAL,
  CR_S_REVIEW_BY,
  CR_S_PAID_BY,
  CR_S_NO_CALENDAR,         /* {year} */
  CR_S_DATES_NEED_DOCUMENTS,
  CR_S_DATES_NOT_COVERED,
  CR_S_DATES_NO_TYPE,
  CR_S_NO_BENEFIT_REASON,
  CR_S_NOT_PAYABLE_NOT_COVERED,
  CR_S_COLON,
  /* The printable summary (cr-summary.c) */
  CR_S_SUMMARY_TITLE,
  CR_S_SUMMARY_FIELDS,
  CR_S_SUMMARY_NOTHING_FILLED,
  CR_S_SUMMARY_PAPERS,
  CR_S_SUMMARY_TICK,
  CR_S_SUMMARY_AT_HAND,
  CR_S_SUMMARY_PAPERS_NEED_TYPE,
  CR_S_SUMMARY_PAYMENT,
  CR_S_SUMMARY_DATES,
  CR_S_SUMMARY_HELP,
  CR_S_SUMMARY_MADE_ON,     /* {date} */
  CR_S_N_STRINGS
} CrStringId;

/* @lang "zh_CN" (or zh_CN.UTF-8…) gives Chinese; anything else English. */
const char *cr_string (CrStringId id, const char *lang);
gboolean    cr_lang_is_chinese (const char *lang);
/* The string with @placeholder (e.g. "{year}") replaced by @value. */
char       *cr_string_with (CrStringId id, const char *lang, const char *placeholder,
                            const char *value);

G_END_DECLS
