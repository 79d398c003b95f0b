/* The daemon's errors, as D-Bus errors org.claimguide.Error.*. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CG_ERROR (cg_error_quark ())
GQuark cg_error_quark (void);

typedef enum {
  CG_ERROR_FAILED,           /* org.claimguide.Error.Failed */
  CG_ERROR_INVALID_ARGUMENT, /* org.claimguide.Error.InvalidArgument */
  CG_ERROR_TOO_LARGE,        /* org.claimguide.Error.TooLarge */
  CG_ERROR_UNKNOWN_PROFILE,  /* org.claimguide.Error.UnknownProfile */
  CG_ERROR_UNKNOWN_SCHEME,   /* org.claimguide.Error.UnknownScheme */
  CG_ERROR_SCHEME_REFUSED,   /* org.claimguide.Error.SchemeRefused */
  CG_ERROR_NOT_STARTED,      /* org.claimguide.Error.NotStarted: the guide is stopped */
  CG_ERROR_NO_FORM,          /* org.claimguide.Error.NoForm: no claim form in front */
  CG_ERROR_HELPER_OFF,       /* org.claimguide.Error.HelperOff: the profile turns the helper off */
  CG_ERROR_NOT_ASKED,        /* org.claimguide.Error.NotAsked: no question waits for an answer */
  CG_ERROR_NOT_ALLOWED,      /* org.claimguide.Error.NotAllowed: not this caller's to do */
} CgError;

/* The start of @text to quote in an error message: at most @max_chars
 * characters, never one cut in two (a D-Bus error's message must be UTF-8). */
char  *cg_error_quote (const char *text, gsize max_chars);

G_END_DECLS
