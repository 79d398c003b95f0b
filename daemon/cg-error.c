#include "cg-error.h"

static const GDBusErrorEntry entries[] = {
  { CG_ERROR_FAILED, "org.claimguide.Error.Failed" },
  { CG_ERROR_INVALID_ARGUMENT, "org.claimguide.Error.InvalidArgument" },
  { CG_ERROR_TOO_LARGE, "org.claimguide.Error.TooLarge" },
  { CG_ERROR_UNKNOWN_PROFILE, "org.claimguide.Error.UnknownProfile" },
  { CG_ERROR_UNKNOWN_SCHEME, "org.claimguide.Error.UnknownScheme" },
  { CG_ERROR_SCHEME_REFUSED, "org.claimguide.Error.SchemeRefused" },
  { CG_ERROR_NOT_STARTED, "org.claimguide.Error.NotStarted" },
  { CG_ERROR_NO_FORM, "org.claimguide.Error.NoForm" },
  { CG_ERROR_HELPER_OFF, "org.claimguide.Error.HelperOff" },
  { CG_ERROR_NOT_ASKED, "org.claimguide.Error.NotAsked" },
  { CG_ERROR_NOT_ALLOWED, "org.claimguide.Error.NotAllowed" },
};

GQuark
cg_error_quark (void)
{
  static gsize quark = 0;
  g_dbus_error_register_error_domain ("cg-error-quark", &quark, entries, G_N_ELEMENTS (entries));
  return (GQuark) quark;
}

char *
cg_error_quote (const char *text, gsize max_chars)
{
  const char *end = text;
  for (gsize n = 0; n < max_chars && *end != '\0'; n++)
    end = g_utf8_find_next_char (end, NULL);
  return g_strndup (text, (gsize) (end - text));
}
