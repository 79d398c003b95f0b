/* cr-checks.c: the fixed vocabulary of checks a scheme can use.
 *
 * One row per kind: its name, the keys its [Check] group takes besides the
 * common ones (Kind, Field, When, Severity, Role, NoBenefit, Clause,
 * Message), how to read them and how to run it.  The type's own format
 * (ID check digit, mobile pattern, bank card Luhn) is not here: every field
 * gets it from its [Format] group, see cr-check.c. */
#include "cr-eval.h"

#include <string.h>

typedef gboolean (*CheckParse) (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c,
                                GError **error);
typedef CrOutcome (*CheckRun) (const CrCheck *c, const CrEval *e, CrMessageArgs *args);

struct _CrCheckKind {
  const char        *name;
  const char *const *keys;
  CheckParse         parse;
  CheckRun           run;
};

/* ---- dates and ages ---- */

int
cr_age_on (CrDay birth, CrDay on)
{
  int by, bm, bd, y, m, d;
  cr_day_to_ymd (birth, &by, &bm, &bd);
  cr_day_to_ymd (on, &y, &m, &d);
  return y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
}

CrDay
cr_birthday_at_age (CrDay birth, int age)
{
  int y, m, d;
  CrDay out;
  cr_day_to_ymd (birth, &y, &m, &d);
  if (!cr_day_from_ymd (y + age, m, d, &out))
    cr_day_from_ymd (y + age, 3, 1, &out); /* born on 29 February */
  return out;
}

/* ---- helpers ---- */

static const CrField *
field_of (const CrScheme *s, int i)
{
  return g_ptr_array_index (s->fields, i);
}

static gboolean
need_field_type (CrScheme *s, CrKeyFile *kf, const char *group, const char *key, int field,
                 CrFieldType type, GError **error)
{
  const CrField *f = field_of (s, field);
  if (f->type != type)
    return cr_key_file_fail (kf, error, group, key, "%s is a %s field; this check needs a %s",
                             f->name, cr_field_type_to_string (f->type),
                             cr_field_type_to_string (type));
  return TRUE;
}

static gboolean
parse_other (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, CrFieldType type,
             GError **error)
{
  return cr_scheme_parse_field_ref (s, kf, group, "Other", TRUE, &c->other, error) &&
         need_field_type (s, kf, group, "Other", c->other, type, error);
}

/* ---- required, required-if ---- */

static gboolean
parse_required (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, GError **error)
{
  return TRUE;
}

static gboolean
parse_required_if (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, GError **error)
{
  if (c->when.n_clauses == 0)
    return cr_key_file_fail (kf, error, group, "When",
                             "required-if needs When=field=value (or use required)");
  return TRUE;
}

static CrOutcome
run_required (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  return e->values[c->field].state == CR_VALUE_ABSENT ? CR_OUTCOME_FAIL : CR_OUTCOME_PASS;
}

/* ---- one-of, not-one-of ---- */

static gboolean
parse_values (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, GError **error)
{
  const CrField *f = field_of (s, (int) c->field);
  g_auto(GStrv) values = NULL;

  if (f->type != CR_FIELD_CHOICE)
    return cr_key_file_fail (kf, error, group, "Field",
                             "%s is not a choice field: one-of compares choices", f->name);
  return cr_key_file_get_list (kf, group, "Values", TRUE, &values, error) &&
         cr_scheme_parse_choice_mask (s, kf, group, "Values", f, (const char *const *) values,
                                      &c->mask, error);
}

static CrOutcome
run_one_of (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  const CrValue *v = &e->values[c->field];
  if (v->state != CR_VALUE_OK)
    return CR_OUTCOME_UNKNOWN;
  return (c->mask >> v->choice) & 1 ? CR_OUTCOME_PASS : CR_OUTCOME_FAIL;
}

static CrOutcome
run_not_one_of (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  const CrValue *v = &e->values[c->field];
  if (v->state != CR_VALUE_OK)
    return CR_OUTCOME_UNKNOWN;
  return (c->mask >> v->choice) & 1 ? CR_OUTCOME_FAIL : CR_OUTCOME_PASS;
}

/* ---- date-order: Field on or after Other (the problem is Field's to fix) ---- */

static gboolean
parse_date_order (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, GError **error)
{
  gboolean strict = FALSE;
  if (!need_field_type (s, kf, group, "Field", (int) c->field, CR_FIELD_DATE, error) ||
      !parse_other (s, kf, group, c, CR_FIELD_DATE, error) ||
      !cr_key_file_get_bool (kf, group, "Strict", FALSE, &strict, error))
    return FALSE;
  c->number = strict ? 1 : 0;
  return TRUE;
}

static CrOutcome
run_date_order (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  const CrValue *later = &e->values[c->field], *earlier = &e->values[c->other];
  if (later->state != CR_VALUE_OK || earlier->state != CR_VALUE_OK)
    return CR_OUTCOME_UNKNOWN;
  /* Strict: Field must come after Other, not on the same day. */
  return (gint64) later->day - earlier->day >= c->number ? CR_OUTCOME_PASS : CR_OUTCOME_FAIL;
}

/* ---- not-in-future ---- */

static gboolean
parse_not_in_future (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, GError **error)
{
  return need_field_type (s, kf, group, "Field", (int) c->field, CR_FIELD_DATE, error);
}

static CrOutcome
run_not_in_future (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  const CrValue *v = &e->values[c->field];
  if (v->state != CR_VALUE_OK)
    return CR_OUTCOME_UNKNOWN;
  args->has_date = TRUE;
  args->date = e->today;
  return v->day <= e->today ? CR_OUTCOME_PASS : CR_OUTCOME_FAIL;
}

/* ---- within-days: Field at most Days after Other ---- */

static gboolean
parse_within_days (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, GError **error)
{
  return need_field_type (s, kf, group, "Field", (int) c->field, CR_FIELD_DATE, error) &&
         parse_other (s, kf, group, c, CR_FIELD_DATE, error) &&
         cr_key_file_get_int (kf, group, "Days", TRUE, 0, 100000, &c->number, error);
}

static CrOutcome
run_within_days (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  const CrValue *a = &e->values[c->field], *from = &e->values[c->other];
  if (a->state != CR_VALUE_OK || from->state != CR_VALUE_OK)
    return CR_OUTCOME_UNKNOWN;
  /* Days are counted as the Civil Code counts a period: the first day is
   * not counted, so "within 180 days" ends on from + 180.  A date before
   * @from is date-order's business, not this check's. */
  args->actual = (gint64) a->day - from->day;
  args->has_date = TRUE;
  args->date = from->day + (CrDay) c->number;
  return args->actual <= c->number ? CR_OUTCOME_PASS : CR_OUTCOME_FAIL;
}

/* ---- min-age and covered-from: Field is a resident ID, Other the date ---- */

static gboolean
parse_age (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, GError **error)
{
  return need_field_type (s, kf, group, "Field", (int) c->field, CR_FIELD_CN_RESIDENT_ID, error) &&
         parse_other (s, kf, group, c, CR_FIELD_DATE, error) &&
         cr_key_file_get_int (kf, group, "Age", TRUE, 0, 150, &c->number, error);
}

static CrOutcome
run_min_age (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  const CrValue *id = &e->values[c->field], *on = &e->values[c->other];
  /* An ID whose check digit is wrong may have a wrong birth date too. */
  if (id->state != CR_VALUE_OK || on->state != CR_VALUE_OK)
    return CR_OUTCOME_UNKNOWN;
  args->actual = cr_age_on (id->day, on->day);
  args->has_date = TRUE;
  args->date = cr_birthday_at_age (id->day, (int) c->number);
  return args->actual >= c->number ? CR_OUTCOME_PASS : CR_OUTCOME_FAIL;
}

/* Someone who reaches the age is covered from the 1st of the next month. */
static CrOutcome
run_covered_from (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  const CrValue *id = &e->values[c->field], *on = &e->values[c->other];
  int y, m, d;

  if (id->state != CR_VALUE_OK || on->state != CR_VALUE_OK)
    return CR_OUTCOME_UNKNOWN;
  cr_day_to_ymd (cr_birthday_at_age (id->day, (int) c->number), &y, &m, &d);
  if (m == 12)
    y++, m = 1;
  else
    m++;
  if (!cr_day_from_ymd (y, m, 1, &args->date))
    return CR_OUTCOME_UNKNOWN;
  args->has_date = TRUE;
  return on->day >= args->date ? CR_OUTCOME_PASS : CR_OUTCOME_FAIL;
}

/* ---- id-region: the ID was issued where one of Prefixes says ---- */

static gboolean
parse_id_region (CrScheme *s, CrKeyFile *kf, const char *group, CrCheck *c, GError **error)
{
  if (!need_field_type (s, kf, group, "Field", (int) c->field, CR_FIELD_CN_RESIDENT_ID, error) ||
      !cr_key_file_get_list (kf, group, "Prefixes", TRUE, &c->prefixes, error))
    return FALSE;
  for (guint i = 0; c->prefixes[i] != NULL; i++)
    if (strlen (c->prefixes[i]) > 17 || strspn (c->prefixes[i], "0123456789") != strlen (c->prefixes[i]))
      return cr_key_file_fail (kf, error, group, "Prefixes",
                               "“%s” is not the start of an ID number (digits only)",
                               c->prefixes[i]);
  return TRUE;
}

static CrOutcome
run_id_region (const CrCheck *c, const CrEval *e, CrMessageArgs *args)
{
  const CrValue *id = &e->values[c->field];
  if (id->state != CR_VALUE_OK)
    return CR_OUTCOME_UNKNOWN;
  for (guint i = 0; c->prefixes[i] != NULL; i++)
    if (g_str_has_prefix (id->normal, c->prefixes[i]))
      return CR_OUTCOME_PASS;
  return CR_OUTCOME_FAIL;
}

static const char *const no_keys[] = { NULL };
static const char *const other_key[] = { "Other", "Strict", NULL };
static const char *const values_key[] = { "Values", NULL };
static const char *const days_keys[] = { "Other", "Days", NULL };
static const char *const age_keys[] = { "Other", "Age", NULL };
static const char *const prefix_keys[] = { "Prefixes", NULL };

static const CrCheckKind kinds[] = {
  { "required", no_keys, parse_required, run_required },
  { "required-if", no_keys, parse_required_if, run_required },
  { "one-of", values_key, parse_values, run_one_of },
  { "not-one-of", values_key, parse_values, run_not_one_of },
  { "date-order", other_key, parse_date_order, run_date_order },
  { "not-in-future", no_keys, parse_not_in_future, run_not_in_future },
  { "within-days", days_keys, parse_within_days, run_within_days },
  { "min-age", age_keys, parse_age, run_min_age },
  { "covered-from", age_keys, parse_age, run_covered_from },
  { "id-region", prefix_keys, parse_id_region, run_id_region },
};

const CrCheckKind *
cr_check_kind_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, name))
      return &kinds[i];
  return NULL;
}

const char *
cr_check_kind_name (const CrCheckKind *kind)
{
  return kind->name;
}

const char *const *
cr_check_kind_keys (const CrCheckKind *kind)
{
  return kind->keys;
}

gboolean
cr_check_kind_parse (const CrCheckKind *kind, CrScheme *scheme, CrKeyFile *kf,
                     const char *group, CrCheck *check, GError **error)
{
  return kind->parse (scheme, kf, group, check, error);
}

gboolean
cr_condition_holds (const CrCondition *cond, const CrValue *values)
{
  for (guint i = 0; i < cond->n_clauses; i++)
    {
      const CrValue *v = &values[cond->clauses[i].field];
      if (v->state != CR_VALUE_OK || !((cond->clauses[i].mask >> v->choice) & 1))
        return FALSE;
    }
  return TRUE;
}

CrOutcome
cr_check_run (const CrCheck *check, const CrEval *eval, CrMessageArgs *args)
{
  return check->kind->run (check, eval, args);
}
