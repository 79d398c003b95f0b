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

G_END_DECLS
