/* cr-benefits.h: applying a scheme's benefit rules to a claim. */
#pragma once
#include "cr-eval.h"

G_BEGIN_DECLS

/* Adds the benefit's item to @report; FALSE when the fields it needs are
 * missing or unreadable (nothing added). */
gboolean cr_benefit_apply (const CrBenefit *benefit, const CrEval *eval, guint lang,
                           const char *lang_name, CrReport *report);

G_END_DECLS
