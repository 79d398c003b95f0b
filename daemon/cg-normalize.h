/* cg-normalize: text made ready for eSpeak NG, with numbers written out as words. */
#pragma once

#include <glib.h>

#include "cg-lang.h"

G_BEGIN_DECLS

/* Returns the text with every number, amount, date, time, percentage and long digit
 * string written out as words of @lang, ready for eSpeak NG. Other text passes through
 * unchanged. Never fails: a byte that is not UTF-8 becomes U+FFFD. Full-width digits and
 * ％ ￥ ： ， are read like their ASCII forms. Linear in the length of @text.
 * Free the result with g_free(). */
char *cg_normalize (const char *text, CgLang lang);

G_END_DECLS
