/* cr-summary.c: the claim as a printable page, the senior's own copy.
 *
 * One HTML file with nothing to fetch: inline CSS, large type (body 20 pt),
 * black on white, in the report's language.  It says what the text report
 * says, with the same words (cr-report.c's shared pieces), and adds what
 * a paper copy needs: the fields as typed, the papers with boxes to tick by
 * hand, where to get help, and the day it was made.
 *
 * The page holds the claim's personal data on purpose; nothing here logs. */
#include "cr-report-private.h"
#include "cr-scheme-private.h"
#include "cr-strings.h"

#include <string.h>

static const char page_style[] =
  "@page { size: A4; margin: 16mm 15mm; }\n"
  "html { background: #fff; }\n"
  "body { margin: 0 auto; padding: 0.5em 0.8em; max-width: 44em; color: #000;"
  " background: #fff; font-family: \"WenQuanYi Zen Hei\", \"Noto Sans CJK SC\", sans-serif;"
  " font-size: 20pt; line-height: 1.5; }\n"
  "h1 { font-size: 30pt; line-height: 1.3; margin: 0 0 0.2em; }\n"
  "h2 { font-size: 24pt; line-height: 1.3; margin: 1.2em 0 0.4em; padding-bottom: 0.1em;"
  " border-bottom: 2pt solid #000; break-after: avoid; }\n"
  "p, li, th, td { font-size: 20pt; }\n"
  "p { margin: 0.3em 0; }\n"
  "table { border-collapse: collapse; width: 100%; }\n"
  "th, td { text-align: left; vertical-align: top; padding: 0.25em 0.4em 0.25em 0;"
  " border-bottom: 1pt solid #000; overflow-wrap: anywhere; }\n"
  "th { width: 38%; font-weight: bold; }\n"
  "tr { break-inside: avoid; }\n"
  "ul { list-style: none; margin: 0; padding: 0; }\n"
  "li { margin: 0.3em 0; break-inside: avoid; }\n"
  "ul.problems li { padding-left: 1.2em; text-indent: -1.2em; }\n"
  ".box { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.5em;"
  " border: 0.12em solid #000; vertical-align: -0.12em; box-sizing: border-box; }\n"
  ".at-hand:lang(en) { margin-left: 0.4em; }\n"
  ".total td, .total th { font-weight: bold; border-bottom: 2pt solid #000; }\n"
  ".subtitle { font-weight: bold; }\n";

/* @text escaped for HTML text and attribute values; never NULL. */
static void
append_escaped (GString *s, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *escaped = g_markup_escape_text (valid, -1);
  g_string_append (s, escaped);
}

static void
append_element (GString *s, const char *tag, const char *text)
{
  g_string_append_printf (s, "<%s>", tag);
  append_escaped (s, text);
  g_string_append_printf (s, "</%s>\n", tag);
}

/* A section's heading; the report's "To fix or check:" loses its colon. */
static void
append_heading (GString *s, const char *text)
{
  g_autofree char *h = g_strdup (text);
  gsize n = strlen (h);

  if (g_str_has_suffix (h, "："))
    h[n - strlen ("：")] = '\0';
  else if (g_str_has_suffix (h, ":"))
    h[n - 1] = '\0';
  append_element (s, "h2", h);
}

/* One row of a two-column table: label, value. */
static void
append_row (GString *s, const char *label, const char *value, gboolean total)
{
  g_string_append (s, total ? "<tr class=\"total\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
  append_escaped (s, label);
  g_string_append (s, "</th><td>");
  append_escaped (s, value);
  g_string_append (s, "</td></tr>\n");
}

typedef struct {
  GString    *s;
  const char *total_label; /* the total's label, the very string the report passes */
} Rows;

static void
row_line (const char *label, const char *value, gpointer data)
{
  Rows *rows = data;
  append_row (rows->s, label, value, label == rows->total_label);
}

static void
append_fields (GString *s, const CrScheme *scheme, const CrClaim *claim, const char *lang)
{
  gboolean any = FALSE;

  append_heading (s, cr_string (CR_S_SUMMARY_FIELDS, lang));
  for (guint i = 0; i < cr_scheme_get_n_fields (scheme); i++)
    {
      const CrField *f = cr_scheme_get_field (scheme, i);
      const char *typed = cr_claim_get (claim, cr_field_get_name (f));

      /* The papers are shown below, in words, with their boxes. */
      if ((int) i == scheme->documents_field)
        continue;
      if (typed == NULL || *typed == '\0')
        continue;
      if (!any)
        g_string_append (s, "<table>\n");
      any = TRUE;
      append_row (s, cr_field_get_label (f, lang), typed, FALSE);
    }
  if (any)
    g_string_append (s, "</table>\n");
  else
    append_element (s, "p", cr_string (CR_S_SUMMARY_NOTHING_FILLED, lang));
}

static gboolean
strv_has (const char *const *v, const char *s)
{
  for (; v != NULL && *v != NULL; v++)
    if (g_str_equal (*v, s))
      return TRUE;
  return FALSE;
}

static void
append_papers (GString *s, const CrReport *report, const CrScheme *scheme)
{
  const char *lang = report->lang;
  const char *const *needed, *const *missing;

  if (scheme->documents_field < 0)
    return;
  needed = cr_report_get_documents_needed (report);
  if (needed[0] == NULL)
    {
      /* Before the claim type is chosen nothing can be listed; a claim
       * that needs no papers has no list. */
      if (report->claim_type == NULL)
        {
          append_heading (s, cr_string (CR_S_SUMMARY_PAPERS, lang));
          append_element (s, "p", cr_string (CR_S_SUMMARY_PAPERS_NEED_TYPE, lang));
        }
      return;
    }

  missing = cr_report_get_documents_missing (report);
  append_heading (s, cr_string (CR_S_SUMMARY_PAPERS, lang));
  append_element (s, "p", cr_string (CR_S_SUMMARY_TICK, lang));
  g_string_append (s, "<ul class=\"papers\">\n");
  for (guint i = 0; needed[i] != NULL; i++)
    {
      g_string_append (s, "<li><span class=\"box\"></span>");
      append_escaped (s, cr_report_get_document_label (report, needed[i]));
      if (!strv_has (missing, needed[i]))
        {
          g_string_append (s, "<span class=\"at-hand\">");
          append_escaped (s, cr_string (CR_S_SUMMARY_AT_HAND, lang));
          g_string_append (s, "</span>");
        }
      g_string_append (s, "</li>\n");
    }
  g_string_append (s, "</ul>\n");
}

static void
append_problems (GString *s, const CrReport *report)
{
  const char *lang = report->lang;
  const char *colon = cr_string (CR_S_COLON, lang);

  if (report->problems->len == 0)
    return;
  append_heading (s, cr_string (CR_S_PROBLEMS, lang));
  g_string_append (s, "<ul class=\"problems\">\n");
  for (guint i = 0; i < report->problems->len; i++)
    {
      const CrProblem *p = g_ptr_array_index (report->problems, i);
      g_string_append (s, "<li><strong>");
      append_escaped (s, cr_problem_severity_words (p, lang));
      g_string_append (s, " (");
      append_escaped (s, p->field_label);
      g_string_append (s, ")");
      append_escaped (s, colon);
      g_string_append (s, "</strong>");
      append_escaped (s, p->message);
      g_string_append (s, "</li>\n");
    }
  g_string_append (s, "</ul>\n");
}

static void
append_benefit (GString *s, const CrReport *report)
{
  Rows rows = { s, cr_string (CR_S_TOTAL, report->lang) };

  append_heading (s, cr_string (CR_S_SUMMARY_PAYMENT, report->lang));
  append_element (s, "p", cr_report_benefit_heading (report));
  if (cr_report_get_n_benefit_items (report) == 0)
    return;
  g_string_append (s, "<table>\n");
  cr_report_foreach_benefit_line (report, TRUE, row_line, &rows);
  g_string_append (s, "</table>\n");
}

static void
append_dates (GString *s, const CrReport *report)
{
  Rows rows = { s, NULL };

  append_heading (s, cr_string (CR_S_SUMMARY_DATES, report->lang));
  if (cr_report_get_review_by (report, NULL) || cr_report_get_paid_by (report, NULL))
    {
      g_string_append (s, "<table>\n");
      cr_report_foreach_date (report, row_line, &rows);
      g_string_append (s, "</table>\n");
    }
  if (report->dates_note != NULL)
    append_element (s, "p", report->dates_note);
}

/* The insurer's help, when the scheme says where to find it. */
static void
append_help (GString *s, const CrScheme *scheme, const char *lang)
{
  const char *help = cr_scheme_get_help (scheme, lang);

  if (help == NULL)
    return;
  append_heading (s, cr_string (CR_S_SUMMARY_HELP, lang));
  append_element (s, "p", help);
}

char *
cr_report_to_html (const CrReport *report, const CrScheme *scheme, const CrClaim *claim,
                   CrDay today)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *lang;
  g_autofree char *html_lang = NULL, *made = NULL, *made_on = NULL;
  const char *name;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (scheme != NULL, NULL);
  g_return_val_if_fail (claim != NULL, NULL);

  lang = report->lang;
  /* BCP 47 wants "zh-CN" where the scheme says "zh_CN". */
  html_lang = g_strdelimit (g_strdup (lang), "_", '-');
  name = cr_scheme_get_name (scheme, lang);
  made = cr_day_to_words (today, lang);
  made_on = cr_string_with (CR_S_SUMMARY_MADE_ON, lang, "{date}", made);

  g_string_append (s, "<!DOCTYPE html>\n<html lang=\"");
  append_escaped (s, html_lang);
  g_string_append (s, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
  append_escaped (s, name);
  g_string_append (s, " — ");
  append_escaped (s, cr_string (CR_S_SUMMARY_TITLE, lang));
  g_string_append_printf (s, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", page_style);

  append_element (s, "h1", name);
  g_string_append (s, "<p class=\"subtitle\">");
  append_escaped (s, cr_string (CR_S_SUMMARY_TITLE, lang));
  g_string_append (s, "</p>\n");
  append_element (s, "p", made_on);
  g_string_append (s, "<p><strong>");
  append_escaped (s, cr_report_eligibility_words (report));
  g_string_append (s, "</strong>");
  if (report->eligibility_reason != NULL)
    {
      g_string_append_c (s, ' ');
      append_escaped (s, report->eligibility_reason);
    }
  g_string_append (s, "</p>\n");

  append_fields (s, scheme, claim, lang);
  append_papers (s, report, scheme);
  append_problems (s, report);
  append_benefit (s, report);
  append_dates (s, report);
  append_help (s, scheme, lang);

  g_string_append (s, "</body>\n</html>\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}
