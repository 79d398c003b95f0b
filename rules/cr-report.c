/* cr-report.c: the report of a check, and how it reads as text and JSON. */
#include "cr-report-private.h"
#include "cr-strings.h"

#include <string.h>

static void
problem_free (gpointer p)
{
  CrProblem *pr = p;
  g_free ((char *) pr->field);
  g_free ((char *) pr->field_label);
  g_free ((char *) pr->check);
  g_free ((char *) pr->check_id);
  g_free ((char *) pr->message);
  g_free (pr);
}

static void
item_clear (gpointer p)
{
  g_free ((char *) ((CrBenefitItem *) p)->name);
}

CrReport *
cr_report_new (const char *lang, const char *scheme_id)
{
  CrReport *r = g_new0 (CrReport, 1);
  r->lang = g_strdup (lang);
  r->scheme_id = g_strdup (scheme_id);
  r->problems = g_ptr_array_new_with_free_func (problem_free);
  r->documents_missing = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (r->documents_missing, NULL);
  r->document_labels = g_ptr_array_new_with_free_func (g_free);
  r->documents_needed = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (r->documents_needed, NULL);
  r->needed_labels = g_ptr_array_new_with_free_func (g_free);
  r->benefit_items = g_array_new (FALSE, FALSE, sizeof (CrBenefitItem));
  g_array_set_clear_func (r->benefit_items, item_clear);
  return r;
}

void
cr_report_free (CrReport *r)
{
  if (r == NULL)
    return;
  g_ptr_array_unref (r->problems);
  g_ptr_array_unref (r->documents_missing);
  g_ptr_array_unref (r->document_labels);
  g_ptr_array_unref (r->documents_needed);
  g_ptr_array_unref (r->needed_labels);
  g_array_unref (r->benefit_items);
  g_free (r->lang);
  g_free (r->scheme_id);
  g_free (r->claim_type);
  g_free (r->eligibility_reason);
  g_free (r->dates_note);
  g_free (r->benefit_note);
  g_free (r);
}

void
cr_report_add_problem (CrReport *r, const char *field, const char *field_label,
                       const char *check, const char *check_id, CrSeverity severity,
                       char *message)
{
  CrProblem *p = g_new0 (CrProblem, 1);
  p->field = g_strdup (field);
  p->field_label = g_strdup (field_label);
  p->check = g_strdup (check);
  p->check_id = g_strdup (check_id);
  p->severity = severity;
  p->message = message;
  g_ptr_array_add (r->problems, p);
}

void
cr_report_add_item (CrReport *r, char *name, gint64 fen)
{
  CrBenefitItem item = { name, fen };
  g_array_append_val (r->benefit_items, item);
  r->benefit_fen += fen;
}

/* ---- accessors ---- */

CrEligibility
cr_report_get_eligibility (const CrReport *r)
{
  return r->eligibility;
}

const char *
cr_report_get_eligibility_reason (const CrReport *r)
{
  return r->eligibility_reason;
}

guint
cr_report_get_n_problems (const CrReport *r)
{
  return r->problems->len;
}

const CrProblem *
cr_report_get_problem (const CrReport *r, guint i)
{
  g_return_val_if_fail (i < r->problems->len, NULL);
  return g_ptr_array_index (r->problems, i);
}

gboolean
cr_report_has_errors (const CrReport *r)
{
  for (guint i = 0; i < r->problems->len; i++)
    if (((CrProblem *) g_ptr_array_index (r->problems, i))->severity == CR_SEVERITY_ERROR)
      return TRUE;
  return FALSE;
}

const char *const *
cr_report_get_documents_missing (const CrReport *r)
{
  return (const char *const *) r->documents_missing->pdata;
}

const char *const *
cr_report_get_documents_needed (const CrReport *r)
{
  return (const char *const *) r->documents_needed->pdata;
}

/* Every missing paper is a needed one: the needed list names them all. */
const char *
cr_report_get_document_label (const CrReport *r, const char *doc_id)
{
  for (guint i = 0; i < r->needed_labels->len; i++)
    if (g_str_equal (g_ptr_array_index (r->documents_needed, i), doc_id))
      return g_ptr_array_index (r->needed_labels, i);
  return NULL;
}

gint64
cr_report_get_benefit_fen (const CrReport *r)
{
  return r->benefit_fen;
}

guint
cr_report_get_n_benefit_items (const CrReport *r)
{
  return r->benefit_items->len;
}

const CrBenefitItem *
cr_report_get_benefit_item (const CrReport *r, guint i)
{
  g_return_val_if_fail (i < r->benefit_items->len, NULL);
  return &g_array_index (r->benefit_items, CrBenefitItem, i);
}

gboolean
cr_report_get_review_by (const CrReport *r, CrDay *out)
{
  if (r->has_review_by && out != NULL)
    *out = r->review_by;
  return r->has_review_by;
}

gboolean
cr_report_get_paid_by (const CrReport *r, CrDay *out)
{
  if (r->has_paid_by && out != NULL)
    *out = r->paid_by;
  return r->has_paid_by;
}

const char *
cr_report_get_dates_note (const CrReport *r)
{
  return r->dates_note;
}

const char *
cr_report_get_claim_type (const CrReport *r)
{
  return r->claim_type;
}

const char *
cr_report_get_language (const CrReport *r)
{
  return r->lang;
}

/* ---- words ---- */

char *
cr_money_to_string (gint64 fen, const char *lang, gboolean with_unit)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (fen) / 100);
  gsize n = strlen (digits);

  if (fen < 0)
    g_string_append_c (s, '-');
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  if (ABS (fen) % 100 != 0)
    g_string_append_printf (s, ".%02d", (int) (ABS (fen) % 100));
  if (with_unit)
    g_string_append (s, cr_lang_is_chinese (lang) ? "元" : " yuan");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
cr_day_to_words (CrDay d, const char *lang)
{
  static const char *const months[] = { "January", "February", "March", "April", "May", "June",
                                        "July", "August", "September", "October", "November",
                                        "December" };
  int y, m, dd;
  cr_day_to_ymd (d, &y, &m, &dd);
  if (cr_lang_is_chinese (lang))
    return g_strdup_printf ("%d年%d月%d日", y, m, dd);
  return g_strdup_printf ("%d %s %d", dd, months[m - 1], y);
}

/* ---- the pieces every way of showing a report shares ---- */

const char *
cr_report_eligibility_words (const CrReport *r)
{
  switch (r->eligibility)
    {
    case CR_ELIGIBILITY_COVERED:
      return cr_string (CR_S_COVERED, r->lang);
    case CR_ELIGIBILITY_NOT_COVERED:
      return cr_string (CR_S_NOT_COVERED, r->lang);
    case CR_ELIGIBILITY_UNKNOWN:
    default:
      return cr_string (CR_S_ELIGIBILITY_UNKNOWN, r->lang);
    }
}

const char *
cr_problem_severity_words (const CrProblem *p, const char *lang)
{
  return cr_string (p->severity == CR_SEVERITY_ERROR ? CR_S_ERROR : CR_S_WARNING, lang);
}

const char *
cr_report_benefit_heading (const CrReport *r)
{
  if (r->benefit_items->len > 0)
    return cr_string (CR_S_BENEFIT, r->lang);
  return r->benefit_note != NULL ? r->benefit_note : cr_string (CR_S_NO_BENEFIT, r->lang);
}

void
cr_report_foreach_benefit_line (const CrReport *r, gboolean always_total,
                                CrReportLineFunc func, gpointer data)
{
  for (guint i = 0; i < r->benefit_items->len; i++)
    {
      const CrBenefitItem *it = &g_array_index (r->benefit_items, CrBenefitItem, i);
      g_autofree char *m = cr_money_to_string (it->amount_fen, r->lang, TRUE);
      func (it->name, m, data);
    }
  if (r->benefit_items->len > 1 || (always_total && r->benefit_items->len > 0))
    {
      g_autofree char *m = cr_money_to_string (r->benefit_fen, r->lang, TRUE);
      func (cr_string (CR_S_TOTAL, r->lang), m, data);
    }
}

void
cr_report_foreach_date (const CrReport *r, CrReportLineFunc func, gpointer data)
{
  CrDay d;

  if (cr_report_get_review_by (r, &d))
    {
      g_autofree char *w = cr_day_to_words (d, r->lang);
      func (cr_string (CR_S_REVIEW_BY, r->lang), w, data);
    }
  if (cr_report_get_paid_by (r, &d))
    {
      g_autofree char *w = cr_day_to_words (d, r->lang);
      func (cr_string (CR_S_PAID_BY, r->lang), w, data);
    }
}

/* ---- text ---- */

typedef struct {
  GString    *s;
  const char *indent;
  const char *colon;
} TextLines;

static void
text_line (const char *label, const char *value, gpointer data)
{
  TextLines *t = data;
  g_string_append_printf (t->s, "%s%s%s%s\n", t->indent, label, t->colon, value);
}

char *
cr_report_to_text (const CrReport *r)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *l = r->lang;
  const char *colon = cr_string (CR_S_COLON, l);
  TextLines lines = { s, "  ", colon };

  g_string_append_printf (s, "%s\n", cr_report_eligibility_words (r));
  if (r->eligibility_reason != NULL)
    g_string_append_printf (s, "  %s\n", r->eligibility_reason);

  g_string_append_c (s, '\n');
  if (r->problems->len == 0)
    g_string_append_printf (s, "%s\n", cr_string (CR_S_NO_PROBLEMS, l));
  else
    {
      g_string_append_printf (s, "%s\n", cr_string (CR_S_PROBLEMS, l));
      for (guint i = 0; i < r->problems->len; i++)
        {
          const CrProblem *p = g_ptr_array_index (r->problems, i);
          g_string_append_printf (s, "  %s (%s)%s%s\n", cr_problem_severity_words (p, l),
                                  p->field_label, colon, p->message);
        }
    }

  g_string_append_c (s, '\n');
  if (r->document_labels->len == 0)
    g_string_append_printf (s, "%s\n", cr_string (CR_S_NO_DOCUMENTS_MISSING, l));
  else
    {
      g_string_append_printf (s, "%s\n", cr_string (CR_S_DOCUMENTS_MISSING, l));
      for (guint i = 0; i < r->document_labels->len; i++)
        g_string_append_printf (s, "  - %s\n", (char *) g_ptr_array_index (r->document_labels, i));
    }

  g_string_append_c (s, '\n');
  g_string_append_printf (s, "%s\n", cr_report_benefit_heading (r));
  cr_report_foreach_benefit_line (r, FALSE, text_line, &lines);

  g_string_append_c (s, '\n');
  lines.indent = "";
  cr_report_foreach_date (r, text_line, &lines);
  if (r->dates_note != NULL)
    g_string_append_printf (s, "%s\n", r->dates_note);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- JSON ---- */

static void
json_string (GString *s, const char *v)
{
  if (v == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  g_string_append_c (s, '"');
  for (const unsigned char *p = (const unsigned char *) v; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (s, "\\\""); break;
        case '\\': g_string_append (s, "\\\\"); break;
        case '\n': g_string_append (s, "\\n"); break;
        case '\r': g_string_append (s, "\\r"); break;
        case '\t': g_string_append (s, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (s, "\\u%04x", *p);
          else
            g_string_append_c (s, (char) *p);
        }
    }
  g_string_append_c (s, '"');
}

static void
json_money (GString *s, gint64 fen)
{
  if (fen % 100 == 0)
    g_string_append_printf (s, "%" G_GINT64_FORMAT, fen / 100);
  else
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT ".%02d", fen < 0 ? "-" : "",
                            ABS (fen) / 100, (int) (ABS (fen) % 100));
}

static void
json_day (GString *s, gboolean has, CrDay d)
{
  if (!has)
    {
      g_string_append (s, "null");
      return;
    }
  g_autofree char *iso = cr_day_to_iso (d);
  json_string (s, iso);
}

char *
cr_report_to_json (const CrReport *r)
{
  static const char *const elig[] = { "covered", "not_covered", "unknown" };
  g_autoptr(GString) s = g_string_new ("{");

  g_string_append (s, "\"scheme\":");
  json_string (s, r->scheme_id);
  g_string_append (s, ",\"language\":");
  json_string (s, r->lang);
  g_string_append (s, ",\"claim_type\":");
  json_string (s, r->claim_type);
  g_string_append_printf (s, ",\"eligible\":%s,\"eligibility\":\"%s\",\"eligibility_reason\":",
                          r->eligibility == CR_ELIGIBILITY_COVERED ? "true" : "false",
                          elig[r->eligibility]);
  json_string (s, r->eligibility_reason);

  g_string_append (s, ",\"problems\":[");
  for (guint i = 0; i < r->problems->len; i++)
    {
      const CrProblem *p = g_ptr_array_index (r->problems, i);
      g_string_append (s, i > 0 ? ",{\"field\":" : "{\"field\":");
      json_string (s, p->field);
      g_string_append (s, ",\"field_label\":");
      json_string (s, p->field_label);
      g_string_append (s, ",\"check\":");
      json_string (s, p->check);
      g_string_append (s, ",\"check_id\":");
      json_string (s, p->check_id);
      g_string_append_printf (s, ",\"severity\":\"%s\",\"message\":",
                              p->severity == CR_SEVERITY_ERROR ? "error" : "warning");
      json_string (s, p->message);
      g_string_append_c (s, '}');
    }

  g_string_append (s, "],\"documents_missing\":[");
  for (guint i = 0; i < r->document_labels->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      json_string (s, g_ptr_array_index (r->documents_missing, i));
    }

  g_string_append (s, "],\"benefit\":{\"amount\":");
  json_money (s, r->benefit_fen);
  g_string_append (s, ",\"items\":[");
  for (guint i = 0; i < r->benefit_items->len; i++)
    {
      const CrBenefitItem *it = &g_array_index (r->benefit_items, CrBenefitItem, i);
      g_string_append (s, i > 0 ? ",{\"name\":" : "{\"name\":");
      json_string (s, it->name);
      g_string_append (s, ",\"amount\":");
      json_money (s, it->amount_fen);
      g_string_append_c (s, '}');
    }
  g_string_append (s, "],\"note\":");
  json_string (s, r->benefit_note);
  g_string_append (s, "},\"review_by\":");
  json_day (s, r->has_review_by, r->review_by);
  g_string_append (s, ",\"paid_by\":");
  json_day (s, r->has_paid_by, r->paid_by);
  g_string_append (s, ",\"dates_note\":");
  json_string (s, r->dates_note);
  g_string_append (s, "}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}
