/* cr-check.c: checking a claim against a scheme, into a report.
 *
 * The order is the order a person needs: what cannot be read, what the
 * scheme's checks say, who is covered, which papers are missing, what it
 * should pay and by when. */
#include "cr-benefits.h"
#include "cr-claim-private.h"
#include "cr-report-private.h"
#include "cr-strings.h"

#include <string.h>

static const CrField *
field_of (const CrScheme *s, guint i)
{
  return g_ptr_array_index (s->fields, i);
}

/* {field} {other} {days} {age} {date} {actual} */
static char *
format_message (const CrScheme *s, const char *text, guint lang, const char *lang_name,
                const CrField *field, const CrField *other, gint64 number,
                const CrMessageArgs *args)
{
  g_autoptr(GString) out = g_string_new (text);

  if (strchr (text, '{') == NULL)
    return g_string_free (g_steal_pointer (&out), FALSE);
  if (field != NULL)
    g_string_replace (out, "{field}", field->label[lang], 0);
  if (other != NULL)
    g_string_replace (out, "{other}", other->label[lang], 0);
  if (strstr (out->str, "{days}") != NULL || strstr (out->str, "{age}") != NULL)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      g_string_replace (out, "{days}", n, 0);
      g_string_replace (out, "{age}", n, 0);
    }
  if (args != NULL && args->has_date && strstr (out->str, "{date}") != NULL)
    {
      g_autofree char *d = cr_day_to_words (args->date, lang_name);
      g_string_replace (out, "{date}", d, 0);
    }
  if (args != NULL && strstr (out->str, "{actual}") != NULL)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, args->actual);
      g_string_replace (out, "{actual}", n, 0);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
check_formats (const CrScheme *s, const CrValue *values, guint lang, const char *lang_name,
               CrReport *r)
{
  for (guint i = 0; i < s->fields->len; i++)
    {
      const CrField *f = field_of (s, i);
      const CrFormat *fmt = &s->formats[f->type];
      if (values[i].state == CR_VALUE_BAD_FORMAT)
        cr_report_add_problem (r, f->name, f->label[lang], "format", NULL, CR_SEVERITY_ERROR,
                               format_message (s, fmt->message[lang], lang, lang_name, f, NULL,
                                               0, NULL));
      else if (values[i].state == CR_VALUE_BAD_CHECKSUM)
        cr_report_add_problem (r, f->name, f->label[lang], "checksum", NULL,
                               fmt->checksum_severity,
                               format_message (s, fmt->checksum_message[lang], lang, lang_name,
                                               f, NULL, 0, NULL));
    }
}

typedef struct {
  const CrCheck *not_covered;  /* the first eligibility check that failed */
  CrMessageArgs  not_covered_args;
  gboolean       unknown;
  const CrCheck *no_benefit;   /* the first failed check that rules out payment */
} CheckOutcome;

static void
run_checks (const CrScheme *s, const CrEval *e, guint lang, const char *lang_name,
            CrReport *r, CheckOutcome *out)
{
  for (guint i = 0; i < s->checks->len; i++)
    {
      const CrCheck *c = g_ptr_array_index (s->checks, i);
      CrMessageArgs args = { 0 };
      CrOutcome o;

      if (!cr_condition_holds (&c->when, e->values))
        continue;
      o = cr_check_run (c, e, &args);
      if (o == CR_OUTCOME_UNKNOWN && c->eligibility)
        out->unknown = TRUE;
      if (o != CR_OUTCOME_FAIL)
        continue;
      if (c->no_benefit && out->no_benefit == NULL)
        out->no_benefit = c;
      if (c->eligibility)
        {
          if (out->not_covered == NULL)
            {
              out->not_covered = c;
              out->not_covered_args = args;
            }
          continue;
        }
      cr_report_add_problem (r, field_of (s, c->field)->name, field_of (s, c->field)->label[lang],
                             cr_check_kind_name (c->kind), c->id, c->severity,
                             format_message (s, c->message[lang], lang, lang_name,
                                             field_of (s, c->field),
                                             c->other >= 0 ? field_of (s, (guint) c->other) : NULL,
                                             c->number, &args));
    }
}

static void
find_documents (const CrScheme *s, const CrValue *values, guint lang, CrReport *r)
{
  guint64 needed = 0;

  if (s->documents_field < 0)
    return;
  for (guint i = 0; i < s->needs->len; i++)
    {
      const CrNeed *n = g_ptr_array_index (s->needs, i);
      if (cr_condition_holds (&n->when, values))
        needed |= n->documents;
    }

  const CrValue *have = &values[s->documents_field];
  guint64 missing = have->state == CR_VALUE_OK ? needed & ~have->item_mask : needed;

  const CrField *df = field_of (s, (guint) s->documents_field);
  for (guint i = 0; i < df->choices->len; i++)
    {
      const CrChoice *c = g_ptr_array_index (df->choices, i);
      if ((needed >> i) & 1)
        {
          g_ptr_array_insert (r->documents_needed, (gint) r->documents_needed->len - 1,
                              g_strdup (c->id));
          g_ptr_array_add (r->needed_labels, g_strdup (c->label[lang]));
        }
      if ((missing >> i) & 1)
        {
          g_ptr_array_insert (r->documents_missing, (gint) r->documents_missing->len - 1,
                              g_strdup (c->id));
          g_ptr_array_add (r->document_labels, g_strdup (c->label[lang]));
        }
    }
}

/* The year in which counting @n working days after @from runs out of calendar. */
static int
uncovered_year (const CrCalendar *cal, CrDay from, guint n)
{
  int y, m, d;
  for (CrDay day = from + 1;; day++)
    {
      gboolean known = FALSE;
      if (cal != NULL && cr_calendar_is_working_day (cal, day, &known) && --n == 0)
        return 0;
      if (!known)
        {
          cr_day_to_ymd (day, &y, &m, &d);
          return y;
        }
    }
}

static gboolean
add_days (const CrCalendar *cal, CrDay from, gint64 n, CrDay *out, CrReport *r)
{
  if (cal != NULL && cr_calendar_add_working_days (cal, from, (guint) n, out))
    return TRUE;
  g_free (r->dates_note);
  g_autofree char *year = g_strdup_printf ("%d", uncovered_year (cal, from, (guint) n));
  r->dates_note = cr_string_with (CR_S_NO_CALENDAR, r->lang, "{year}", year);
  return FALSE;
}

static void
count_dates (const CrScheme *s, const CrCalendar *cal, const CrEval *e, CrReport *r)
{
  CrDay start = e->today;

  if (r->eligibility == CR_ELIGIBILITY_NOT_COVERED)
    {
      r->dates_note = g_strdup (cr_string (CR_S_DATES_NOT_COVERED, r->lang));
      return;
    }
  if (s->claim_type_field >= 0 && r->claim_type == NULL)
    {
      r->dates_note = g_strdup (cr_string (CR_S_DATES_NO_TYPE, r->lang));
      return;
    }
  if (s->complete_field >= 0 && e->values[s->complete_field].state == CR_VALUE_OK)
    start = e->values[s->complete_field].day;

  /* Counted from the day after the claim is complete. */
  if (!add_days (cal, start, s->review_days, &r->review_by, r))
    return;
  r->has_review_by = TRUE;
  if (r->benefit_fen > 0)
    {
      gint64 n = r->benefit_fen < s->small_below_fen ? s->pay_days_small : s->pay_days_large;
      if (!add_days (cal, r->review_by, n, &r->paid_by, r))
        return;
      r->has_paid_by = TRUE;
    }
  if (r->document_labels->len > 0) /* documents_missing also holds its NULL */
    r->dates_note = g_strdup (cr_string (CR_S_DATES_NEED_DOCUMENTS, r->lang));
}

/* Problems in the order of the fields on the form; unknown fields last. */
static gint
compare_problems (gconstpointer a, gconstpointer b, gpointer data)
{
  const CrScheme *s = data;
  const CrProblem *pa = *(CrProblem *const *) a, *pb = *(CrProblem *const *) b;
  const CrField *fa = g_hash_table_lookup (s->field_by_name, pa->field);
  const CrField *fb = g_hash_table_lookup (s->field_by_name, pb->field);
  guint ia = fa != NULL ? fa->index : G_MAXUINT, ib = fb != NULL ? fb->index : G_MAXUINT;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

CrReport *
cr_check_claim (const CrScheme *s, const CrCalendar *cal, const CrClaim *claim, CrDay today,
                const char *lang_name)
{
  guint lang = cr_scheme_lang_index (s, lang_name);
  CrReport *r = cr_report_new (s->langs[lang], s->id);
  g_autofree CrValue *values = g_new (CrValue, s->fields->len);
  CheckOutcome outcome = { 0 };
  CrEval e = { s, values, today };

  lang_name = s->langs[lang];
  for (guint i = 0; i < s->fields->len; i++)
    cr_value_parse (field_of (s, i), cr_claim_get (claim, field_of (s, i)->name), &values[i]);

  check_formats (s, values, lang, lang_name, r);
  run_checks (s, &e, lang, lang_name, r, &outcome);

  for (guint i = 0; i < claim->names->len; i++)
    {
      const char *name = g_ptr_array_index (claim->names, i);
      if (g_hash_table_lookup (s->field_by_name, name) == NULL)
        cr_report_add_problem (r, name, name, "unknown-field", NULL, CR_SEVERITY_WARNING,
                               cr_string_with (CR_S_UNKNOWN_FIELD, lang_name, "{name}", name));
    }

  /* Stable: within a field, formats first, then the scheme's checks in file order. */
  g_ptr_array_sort_with_data (r->problems, compare_problems, (gpointer) s);

  if (s->claim_type_field >= 0 && values[s->claim_type_field].state == CR_VALUE_OK)
    {
      const CrField *ct = field_of (s, (guint) s->claim_type_field);
      r->claim_type = g_strdup (((CrChoice *) g_ptr_array_index (
        ct->choices, values[s->claim_type_field].choice))->id);
    }

  if (outcome.not_covered != NULL)
    {
      const CrCheck *c = outcome.not_covered;
      r->eligibility = CR_ELIGIBILITY_NOT_COVERED;
      r->eligibility_reason = format_message (s, c->message[lang], lang, lang_name,
                                              field_of (s, c->field),
                                              c->other >= 0 ? field_of (s, (guint) c->other) : NULL,
                                              c->number, &outcome.not_covered_args);
    }
  else if (outcome.unknown)
    {
      r->eligibility = CR_ELIGIBILITY_UNKNOWN;
      r->eligibility_reason = g_strdup (cr_string (CR_S_UNKNOWN_REASON, lang_name));
    }
  else
    r->eligibility = CR_ELIGIBILITY_COVERED;

  find_documents (s, values, lang, r);

  if (r->eligibility == CR_ELIGIBILITY_NOT_COVERED)
    r->benefit_note = g_strdup (cr_string (CR_S_NOT_PAYABLE_NOT_COVERED, lang_name));
  else if (outcome.no_benefit != NULL)
    r->benefit_note = g_strdup (cr_string (CR_S_NO_BENEFIT_REASON, lang_name));
  else
    for (guint i = 0; i < s->benefits->len; i++)
      {
        const CrBenefit *b = g_ptr_array_index (s->benefits, i);
        if (cr_condition_holds (&b->when, values))
          cr_benefit_apply (b, &e, lang, lang_name, r);
      }

  count_dates (s, cal, &e, r);
  return r;
}
