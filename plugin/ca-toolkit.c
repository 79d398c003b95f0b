/* ca-toolkit.c: the per-toolkit differences measured in platform-notes.md. */
#include "ca-toolkit.h"

static const CaToolkit toolkits[] = {
  { "gtk", FALSE, "placeholder-text", NULL },
  { "chromium", TRUE, "placeholder", "URI" },
  { "gecko", TRUE, "placeholder-text", "DocURL" },
  { "other", TRUE, "placeholder-text", NULL },
};

const CaToolkit *
ca_toolkit_for_name (const char *name)
{
  if (name == NULL)
    return &toolkits[3];
  if (g_ascii_strncasecmp (name, "gtk", 3) == 0)
    return &toolkits[0];
  if (g_ascii_strcasecmp (name, "chromium") == 0 || g_ascii_strcasecmp (name, "chrome") == 0)
    return &toolkits[1];
  if (g_ascii_strcasecmp (name, "gecko") == 0)
    return &toolkits[2];
  return &toolkits[3];
}
