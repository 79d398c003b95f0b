/* cr-claim-private.h: a claim is the fields as typed, in the order first set. */
#pragma once
#include "claimrules.h"

G_BEGIN_DECLS

struct _CrClaim {
  GHashTable *values; /* name -> typed */
  GPtrArray  *names;  /* first-set order; owned by values' keys */
};

G_END_DECLS
