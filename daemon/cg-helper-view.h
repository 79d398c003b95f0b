/* cg-helper-view.h: what a helper's watch shows, as lines.
 *
 * Pure: from the claim, its check and the guide's place, the lines that
 * Helper1.Watch and Changed carry, each with a key so that only what
 * changed is sent again.  Values are masked (cg-mask.h) unless the senior
 * allowed.  A line is tab-separated, its first word saying what it is:
 *
 *   allowed  yes|no
 *   form     SCHEME-ID  NAME             or: form  none
 *   step     I/N  STEP-ID                or: step  none
 *   focus    FIELD                       (other: a control the scheme does not know)
 *   field    FIELD  empty|filled|problem  VALUE  LABEL
 *   problem  FIELD  error|warning  MESSAGE   or: problem  FIELD  none
 *   covered  yes|no|unknown  REASON
 *
 * and, as they happen (cg-helper-service.c): heard PRIORITY TEXT, and
 * helper off. */
#pragma once

#include "claimrules.h"

G_BEGIN_DECLS

typedef struct {
  const CrScheme *scheme;   /* the claim's scheme; NULL when there is no claim form */
  const char *scheme_name;
  const CrClaim *claim;     /* NULL: nothing read yet */
  const CrReport *report;   /* the check of @claim, or NULL */
  const char *step;         /* the guide's step id; NULL while it is stopped */
  guint step_index, step_count;
  const char *focus;        /* the field the senior is on: a scheme field, "other", or NULL */
  gboolean allowed;         /* the senior let the helper see values in full */
  const char *lang;         /* of labels: "zh_CN" or "en" */
} CgHelperView;

typedef struct {
  char *key;   /* "field:phone", "step", ... */
  char *line;
} CgHelperLine;

void       cg_helper_line_free      (CgHelperLine *line);
/* @parts (NULL-terminated) joined by tabs; a tab or line break inside a
 * part becomes a space. */
char      *cg_helper_line_join      (const char *const *parts);
/* The state as lines, in order (CgHelperLine). */
GPtrArray *cg_helper_view_lines     (const CgHelperView *view);
/* @text (something said) as the helper may see it: unless allowed, each
 * value of the claim, and each of @values (beside @masks, NULL-terminated,
 * may be NULL) replaced by its mask, then long runs of digits masked. */
char      *cg_helper_view_mask_text (const CgHelperView *view, const char *text,
                                     const char *const *values, const char *const *masks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgHelperLine, cg_helper_line_free)

G_END_DECLS
