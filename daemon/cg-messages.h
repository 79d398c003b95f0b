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
  CG_M_STEP,             /* {i} of {n}: the guide's step */
  CG_M_LAST_STEP,        /* Next on the last step */
  CG_M_FIRST_STEP,       /* Back on the first step */
  CG_M_ON_FIELD,         /* {field}: Where, the field the senior is on */
  CG_M_GUIDE_KEYS,       /* {next} {back} {repeat} {where} {check}: Help */
  CG_M_NO_FORM,          /* the guide started with no claim form in front */
  CG_M_GUIDE_STOPPED,
  CG_M_CHECK_ANSWERS,    /* before the answers are read out */
  CG_M_SENDING,          /* {type}: the claim type; {n}: fields filled */
  CG_M_ATTACH,           /* {papers}: the papers at hand, to attach */
  CG_M_STILL_TO_FIND,    /* {papers}: papers the claim needs and not yet at hand */
  CG_M_WHOM_TO_CALL,     /* {help}: the scheme's help line, as written there */
  CG_M_DRAFT_FOUND,      /* {date}: when the draft was last saved, YYYY-MM-DD */
  CG_M_REFILL_OFFER,     /* {keys}: the Refill key */
  CG_M_REFILLING,        /* {n}: how many fields */
  CG_M_NOTHING_TO_REFILL,
  /* The helper (cg-helper-service.c): said to the senior, or shown them. */
  CG_M_HELPER_TITLE,     /* notification title */
  CG_M_HELPER_SAYS,      /* {text}: the helper's own words */
  CG_M_HELPER_WATCHING,  /* a helper starts to follow, values masked */
  CG_M_HELPER_WATCHING_ALL, /* a helper starts to follow, values allowed */
  CG_M_HELPER_ASK_TITLE,
  CG_M_HELPER_ASK,       /* {allow} {deny}: the keys, as said */
  CG_M_HELPER_ALLOW,     /* notification action */
  CG_M_HELPER_DENY,      /* notification action */
  CG_M_HELPER_ALLOWED,   /* {deny}: the key to take it back */
  CG_M_HELPER_DENIED,
  CG_M_HELPER_WITHDRAWN,
  /* claimguidectl helper: shown to the helper. */
  CG_M_CTL_WATCHING,
  CG_M_CTL_WATCH_ENDED,
  CG_M_CTL_SAID,
  CG_M_CTL_ASKING,
  CG_M_CTL_YES,
  CG_M_CTL_NO,
  CG_M_CTL_WITHDRAWN,
  CG_M_CTL_HELPER_OFF,
  CG_M_CTL_LOG_EMPTY,
  /* claimguidectl helper log: one a recorded action (cg-audit.h). */
  CG_M_LOG_WATCH_STARTED,
  CG_M_LOG_WATCH_ENDED,
  CG_M_LOG_SAID,         /* {n}: characters */
  CG_M_LOG_ASKED,
  CG_M_LOG_ALLOWED,
  CG_M_LOG_DENIED,
  CG_M_LOG_NO_ANSWER,
  CG_M_LOG_WITHDRAWN,
  CG_M_LOG_ENDED,
  CG_M_LOG_REFUSED,
  CG_M_N
} CgMessageId;

/* @lang: "zh_CN" or "en". */
const char *cg_message      (CgMessageId id, const char *lang);
char       *cg_message_with (CgMessageId id, const char *lang, const char *placeholder,
                             const char *value);
/* @text with every @placeholder replaced by @value. */
char       *cg_text_with    (const char *text, const char *placeholder, const char *value);

G_END_DECLS
