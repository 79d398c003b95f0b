/* cg-guide.c: where the senior is among the claim's steps. */
#include "cg-guide.h"

struct _CgGuide {
  CrScheme *scheme;
  GPtrArray *steps;   /* const CrStep*, those that apply now */
  guint current;      /* index into steps */
};

/* A step's place among all of the scheme's steps. */
static guint
scheme_position (const CrScheme *scheme, const CrStep *step)
{
  for (guint i = 0; i < cr_scheme_get_n_steps (scheme); i++)
    if (cr_scheme_get_step (scheme, i) == step)
      return i;
  return 0;
}

CgGuide *
cg_guide_new (CrScheme *scheme)
{
  CgGuide *guide = g_new0 (CgGuide, 1);
  g_autoptr(CrClaim) empty = cr_claim_new ();

  guide->scheme = cr_scheme_ref (scheme);
  guide->steps = cr_scheme_steps_for_claim (scheme, empty);
  return guide;
}

void
cg_guide_free (CgGuide *guide)
{
  if (guide == NULL)
    return;
  g_ptr_array_unref (guide->steps);
  cr_scheme_unref (guide->scheme);
  g_free (guide);
}

CrScheme *
cg_guide_get_scheme (CgGuide *guide)
{
  return guide->scheme;
}

void
cg_guide_update (CgGuide *guide, const CrClaim *claim)
{
  const CrStep *was = cg_guide_get_step (guide);
  GPtrArray *steps = cr_scheme_steps_for_claim (guide->scheme, claim);
  guint at = 0;

  if (was != NULL)
    {
      guint was_position = scheme_position (guide->scheme, was);
      /* The last step that applies and does not come after the one we were on. */
      for (guint i = 0; i < steps->len; i++)
        if (scheme_position (guide->scheme, steps->pdata[i]) <= was_position)
          at = i;
    }
  g_ptr_array_unref (guide->steps);
  guide->steps = steps;
  guide->current = at;
}

void
cg_guide_restart (CgGuide *guide)
{
  guide->current = 0;
}

gboolean
cg_guide_next (CgGuide *guide)
{
  if (guide->current + 1 >= guide->steps->len)
    return FALSE;
  guide->current++;
  return TRUE;
}

gboolean
cg_guide_back (CgGuide *guide)
{
  if (guide->current == 0)
    return FALSE;
  guide->current--;
  return TRUE;
}

const CrStep *
cg_guide_get_step (CgGuide *guide)
{
  return guide->current < guide->steps->len ? guide->steps->pdata[guide->current] : NULL;
}

guint
cg_guide_get_index (CgGuide *guide)
{
  return guide->steps->len > 0 ? guide->current + 1 : 0;
}

guint
cg_guide_get_count (CgGuide *guide)
{
  return guide->steps->len;
}
