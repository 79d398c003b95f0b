/* cr-report-private.h: the report the check engine fills in. */
#pragma once
#include "claimrules.h"

G_BEGIN_DECLS

struct _CrReport {
  char          *lang;
  char          *scheme_id;
  char          *claim_type;       /* choice id, NULL when unknown */
  CrEligibility  eligibility;
  char          *eligibility_reason;
  GPtrArray     *problems;         /* of CrProblem, strings owned */
  GPtrArray     *documents_missing; /* of char *, NULL-terminated */
  GPtrArray     *document_labels;  /* parallel to documents_missing */
  GPtrArray     *documents_needed; /* of char *, NULL-terminated: all the claim needs */
  GPtrArray     *needed_labels;    /* parallel to documents_needed */
  gint64         benefit_fen;
  GArray        *benefit_items;    /* of CrBenefitItem, names owned */
  gboolean       has_review_by, has_paid_by;
  CrDay          review_by, paid_by;
  char          *dates_note;
  char          *benefit_note;     /* why nothing is payable, when so */
};

CrReport *cr_report_new (const char *lang, const char *scheme_id);
void      cr_report_add_problem (CrReport *r, const char *field, const char *field_label,
                                 const char *check,
                                 const char *check_id, CrSeverity severity, char *message);
void      cr_report_add_item    (CrReport *r, char *name, gint64 fen);

/* A date as a person reads it in @lang: "14 March 2025", "2025年3月14日". */
char     *cr_day_to_words       (CrDay d, const char *lang);

/* The pieces the text report and the printable summary (cr-summary.c) share,
 * so that both say the same things in the same words. */

/* "Covered by the scheme.", "Not covered by the scheme." or "Cover cannot be
 * told yet."; the reason, when there is one, is r->eligibility_reason. */
const char *cr_report_eligibility_words (const CrReport *r);
/* "Fix" for an error, "Check" for a warning. */
const char *cr_problem_severity_words   (const CrProblem *p, const char *lang);
/* The benefit's first line: "The claim should pay:" when there are items,
 * else why nothing can be estimated or paid. */
const char *cr_report_benefit_heading   (const CrReport *r);

typedef void (*CrReportLineFunc) (const char *label, const char *value, gpointer data);
/* Each benefit item's name and amount, then "In all" and the total when
 * there are several items (with @always_total, also when there is one). */
void      cr_report_foreach_benefit_line (const CrReport *r, gboolean always_total,
                                          CrReportLineFunc func, gpointer data);
/* "Review done by" and "Money paid by" with their dates, those that can be
 * said; the note on them is r->dates_note. */
void      cr_report_foreach_date (const CrReport *r, CrReportLineFunc func, gpointer data);

G_END_DECLS
