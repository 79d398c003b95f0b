/* cr-eval.h: what the checks and benefit rules see of a claim being checked. */
#pragma once
#include "cr-value.h"

G_BEGIN_DECLS

typedef struct {
  const CrScheme *scheme;
  const CrValue  *values;   /* one per scheme field */
  CrDay           today;
} CrEval;

typedef enum {
  CR_OUTCOME_PASS,
  CR_OUTCOME_FAIL,
  CR_OUTCOME_UNKNOWN, /* the fields it needs are missing or unreadable */
} CrOutcome;

/* What a failed check adds to its message: {date} and {actual}. */
typedef struct {
  gboolean has_date;
  CrDay    date;
  gint64   actual;
} CrMessageArgs;

gboolean  cr_condition_holds (const CrCondition *cond, const CrValue *values);
CrOutcome cr_check_run       (const CrCheck *check, const CrEval *eval, CrMessageArgs *args);

/* Age in whole years on @on for someone born on @birth. */
int       cr_age_on          (CrDay birth, CrDay on);
/* The day someone born on @birth turns @age (29 February → 1 March). */
CrDay     cr_birthday_at_age (CrDay birth, int age);

G_END_DECLS
