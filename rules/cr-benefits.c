/* cr-benefits.c: the benefit rules a scheme can use: fixed, by-choice,
 * grade-share and per-day.  The amounts and limits come from the scheme. */
#include "cr-benefits.h"
#include "cr-report-private.h"

#include <string.h>

static const CrField *
field_of (const CrScheme *s, int i)
{
  return g_ptr_array_index (s->fields, i);
}

/* {choice}, {grade}, {share}, {days}, {per_day} in a benefit's name. */
static char *
name_with (const CrBenefit *b, guint lang, const char *lang_name, const char *choice,
           gint64 grade, gint64 share, gint64 days, gint64 per_day_fen)
{
  g_autoptr(GString) s = g_string_new (b->name[lang]);
  g_autofree char *grade_s = g_strdup_printf ("%" G_GINT64_FORMAT, grade);
  g_autofree char *share_s = g_strdup_printf ("%" G_GINT64_FORMAT, share);
  g_autofree char *days_s = g_strdup_printf ("%" G_GINT64_FORMAT, days);
  g_autofree char *per_day = cr_money_to_string (per_day_fen, lang_name, FALSE);

  if (choice != NULL)
    g_string_replace (s, "{choice}", choice, 0);
  g_string_replace (s, "{grade}", grade_s, 0);
  g_string_replace (s, "{share}", share_s, 0);
  g_string_replace (s, "{days}", days_s, 0);
  g_string_replace (s, "{per_day}", per_day, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* JR/T 0083-2013 clause 4.4: the most severe grade counts; two or more
 * injuries at that grade raise it one grade, never above grade 1. */
static gint64
combined_grade (const CrBenefit *b, const CrValue *v)
{
  gint64 best = G_MAXINT64;
  guint at_best = 0;

  for (guint i = 0; i < v->n_items; i++)
    {
      if (v->items[i] < best)
        best = v->items[i], at_best = 1;
      else if (v->items[i] == best)
        at_best++;
    }
  if (b->several == CR_SEVERAL_RAISE_ONE_GRADE && at_best >= 2 && best > 1)
    best--;
  return best;
}

gboolean
cr_benefit_apply (const CrBenefit *b, const CrEval *e, guint lang, const char *lang_name,
                  CrReport *report)
{
  const CrScheme *s = e->scheme;

  switch (b->rule)
    {
    case CR_RULE_FIXED:
      cr_report_add_item (report, name_with (b, lang, lang_name, NULL, 0, 0, 0, 0),
                          b->amount_fen);
      return TRUE;

    case CR_RULE_BY_CHOICE:
      {
        const CrValue *v = &e->values[b->field];
        if (v->state != CR_VALUE_OK || b->choice_fen[v->choice] < 0)
          return FALSE;
        const CrChoice *c = g_ptr_array_index (field_of (s, b->field)->choices, v->choice);
        cr_report_add_item (report, name_with (b, lang, lang_name, c->label[lang], 0, 0, 0, 0),
                            b->choice_fen[v->choice]);
        return TRUE;
      }

    case CR_RULE_GRADE_SHARE:
      {
        const CrValue *v = &e->values[b->field];
        if (v->state != CR_VALUE_OK || v->n_items == 0)
          return FALSE;
        gint64 grade = combined_grade (b, v);
        gint64 share = b->shares[grade - 1];
        cr_report_add_item (report, name_with (b, lang, lang_name, NULL, grade, share, 0, 0),
                            b->amount_fen * share / 100);
        return TRUE;
      }

    case CR_RULE_PER_DAY:
      {
        const CrValue *from = &e->values[b->from], *to = &e->values[b->to];
        gint64 used = 0, days;
        if (from->state != CR_VALUE_OK || to->state != CR_VALUE_OK || to->day < from->day)
          return FALSE;
        if (b->used >= 0)
          {
            const CrValue *u = &e->values[b->used];
            if (u->state == CR_VALUE_BAD_FORMAT)
              return FALSE;
            if (u->state == CR_VALUE_OK)
              used = u->integer;
          }
        /* The discharge day is not counted: days = discharge - admission. */
        days = MAX ((gint64) to->day - from->day, b->min_days);
        days = MIN (days, b->max_days_per_stay);
        days = MAX (0, MIN (days, b->max_days_per_year - used));
        cr_report_add_item (report,
                            name_with (b, lang, lang_name, NULL, 0, 0, days, b->per_day_fen),
                            days * b->per_day_fen);
        return TRUE;
      }
    }
  g_assert_not_reached ();
}
