#include "cg-lang.h"

static const struct {
  const char *name;
  CgLang lang;
} aliases[] = {
  { "zh_CN", CG_LANG_ZH_CN }, { "zh", CG_LANG_ZH_CN }, { "cmn", CG_LANG_ZH_CN },
  { "zh-CN", CG_LANG_ZH_CN }, { "yue", CG_LANG_YUE }, { "zh_HK", CG_LANG_YUE },
  { "zh-HK", CG_LANG_YUE },   { "en", CG_LANG_EN },   { "en_GB", CG_LANG_EN },
  { "en_US", CG_LANG_EN },
};

gboolean
cg_lang_from_string (const char *name, CgLang *out)
{
  if (name == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (name, aliases[i].name))
      {
        *out = aliases[i].lang;
        return TRUE;
      }
  return FALSE;
}

const char *
cg_lang_to_string (CgLang lang)
{
  switch (lang)
    {
    case CG_LANG_ZH_CN: return "zh_CN";
    case CG_LANG_YUE: return "yue";
    case CG_LANG_EN: return "en";
    case CG_N_LANGS: break;
    }
  g_return_val_if_reached ("en");
}

const char *
cg_lang_text_language (CgLang lang)
{
  return lang == CG_LANG_EN ? "en" : "zh_CN";
}
