/* ca-toolkit.c: the per-toolkit differences measured in platform-notes.md. */
#include "ca-toolkit.h"

/* The zoom ladders above 100%, up to 300%: Chromium's kPresetZoomFactors
 * (unchanged for years; 156 here) and Firefox's
 * toolkit.zoomManager.zoomValues (153 ESR here; 128 ESR and older went
 * 1.1, 1.2, 1.33, 1.5, 1.7, 2, 2.4, 3).  The plugin e2e test checks both. */
static const double chromium_zoom[] = { 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 0 };
static const double gecko_zoom[] = { 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0,
                                     2.2, 2.4, 2.6, 2.8, 3.0, 0 };

static const CaToolkit toolkits[] = {
  { "gtk", FALSE, "placeholder-text", NULL, NULL },
  { "chromium", TRUE, "placeholder", "URI", chromium_zoom },
  { "gecko", TRUE, "placeholder-text", "DocURL", gecko_zoom },
  { "other", TRUE, "placeholder-text", NULL, NULL },
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
