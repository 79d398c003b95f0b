/* The languages claimguide speaks. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CG_LANG_ZH_CN, /* Mandarin, written in Simplified Chinese */
  CG_LANG_YUE,   /* Cantonese */
  CG_LANG_EN,    /* English */
  CG_N_LANGS
} CgLang;

gboolean    cg_lang_from_string (const char *name, CgLang *out);
const char *cg_lang_to_string   (CgLang lang);
/* The language the rules core writes its messages in for @lang:
 * "zh_CN" for Mandarin and Cantonese, "en" for English. */
const char *cg_lang_text_language (CgLang lang);

G_END_DECLS
