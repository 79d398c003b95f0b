/* cr-text.h: folding text as people type it into one plain form. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* Copies @typed into @out with full-width ASCII (U+FF01..U+FF5E) folded to
 * ASCII and the ideographic space to a space; leading and trailing white
 * space dropped.  Returns FALSE when @typed is not valid UTF-8. */
gboolean cr_text_fold (const char *typed, GString *out);

/* Like cr_text_fold, and drops every space, tab and @also character
 * (ASCII only). */
gboolean cr_text_fold_compact (const char *typed, const char *also, GString *out);

G_END_DECLS
