/* The daemon's own sentences, in Simplified Chinese and English.  Written for
 * the ear: short, concrete, numbers as digits that the normaliser turns into
 * words.  Cantonese speaks the Chinese text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CG_M_REPEAT,           /* notification action */
  CG_M_CHECK_AGAIN,      /* notification action */
  CG_M_CHECK_TITLE,      /* notification title after a check */
  CG_M_TO_FIX,           /* {n}: how many errors */
  CG_M_ONE_TO_FIX,
  CG_M_NOTHING_TO_FIX,
  CG_M_NOT_COVERED,
  CG_M_SHOULD_PAY,       /* {amount} in yuan as digits */
  CG_M_PAID_BY,          /* {date} as YYYY-MM-DD */
  CG_M_FORM_FOUND,       /* {name}: the scheme's; {keys}: the help key, as said */
  CG_M_NOT_ANSWERING,    /* {app} */
  CG_M_AN_APP,           /* when the app has no name */
  CG_M_N
} CgMessageId;

/* @lang: "zh_CN" or "en". */
const char *cg_message      (CgMessageId id, const char *lang);
char       *cg_message_with (CgMessageId id, const char *lang, const char *placeholder,
                             const char *value);

G_END_DECLS
