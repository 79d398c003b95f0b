/* cg-mask.h: personal data masked for a helper's eyes.
 *
 * Which fields are personal is the scheme's to say (cr_field_get_personal:
 * ID numbers, mobiles and bank cards by their type, names and anything else
 * by Personal=), never a list of field names here.  The masks:
 *
 *   ID number   first 4 and last 4 kept       4405**********123X
 *   bank card   last 4 kept, length hidden    ****1234
 *   mobile      last 4 kept                   *******5678
 *   name        the first character only      张**, W.
 *   other       all of it, length hidden      ****
 *   free text   every digit                   井都镇**号
 *   the rest    shown (dates, amounts, choices, whole numbers, yes/no)
 *               when it reads as its type; otherwise every digit masked,
 *               since an ID typed in the wrong box is still an ID
 *
 * Fewer digits than a full number keep fewer of them: a half-typed ID
 * shows none.  A field the scheme does not know is masked whole. */
#pragma once

#include "claimrules.h"

G_BEGIN_DECLS

typedef enum {
  CG_MASK_SHOW,   /* not personal */
  CG_MASK_DIGITS, /* free text: digits masked */
  CG_MASK_ID,
  CG_MASK_CARD,
  CG_MASK_PHONE,
  CG_MASK_NAME,
  CG_MASK_WHOLE,
} CgMaskKind;

/* @field NULL (a field the scheme does not know): CG_MASK_WHOLE. */
CgMaskKind cg_mask_kind_for_field (const CrField *field);
/* @value masked as @kind ("" stays ""); CG_MASK_SHOW gives it back as it is. */
char      *cg_mask_value          (CgMaskKind kind, const char *value);
/* @value of @field masked by the field's kind; a value of a shown kind that
 * does not read as its type (a date that is no date) has its digits masked. */
char      *cg_mask_field_value    (const CrField *field, const char *value);
/* @text with every long run of digits masked: seven or more digits, spaces
 * and hyphens between them allowed (138 0013 8000), but for a date written
 * 2025-01-06. */
char      *cg_mask_digit_runs     (const char *text);
/* @text with each of @values (NULL-terminated, beside @masks) replaced by
 * its mask, longest first, then cg_mask_digit_runs().  Values of fewer than
 * two characters are left alone. */
char      *cg_mask_text           (const char *text, const char *const *values,
                                   const char *const *masks);

G_END_DECLS
