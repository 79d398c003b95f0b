/* cg-guide.h: where the senior is among the claim's steps.
 *
 * Pure logic over the rules core: the steps are the scheme's [Step] groups
 * whose When= holds for the claim's values so far (picking the claim type
 * in the first step brings that type's steps in).  No bus, no speech: the
 * Guide1 service (cg-guide-service.c) says what this decides, and the unit
 * tests check it. */
#pragma once

#include "claimrules.h"

G_BEGIN_DECLS

typedef struct _CgGuide CgGuide;

/* Starts at the first step, for a claim with no values yet. */
CgGuide      *cg_guide_new        (CrScheme *scheme);
void          cg_guide_free       (CgGuide *guide);
CrScheme     *cg_guide_get_scheme (CgGuide *guide);
/* The steps for @claim's values now.  The current step stays when it still
 * applies; otherwise the guide goes back to the nearest one before it that
 * does. */
void          cg_guide_update     (CgGuide *guide, const CrClaim *claim);
void          cg_guide_restart    (CgGuide *guide);
/* FALSE, staying put, at the last (first) step. */
gboolean      cg_guide_next       (CgGuide *guide);
gboolean      cg_guide_back       (CgGuide *guide);
const CrStep *cg_guide_get_step   (CgGuide *guide);
/* Counted from 1. */
guint         cg_guide_get_index  (CgGuide *guide);
guint         cg_guide_get_count  (CgGuide *guide);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgGuide, cg_guide_free)

G_END_DECLS
