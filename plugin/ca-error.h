/* ca-error.h: the plugin's error domain. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CA_ERROR (ca_error_quark ())
GQuark ca_error_quark (void);

typedef enum {
  CA_ERROR_NOT_ANSWERING, /* the app did not answer within the timeout */
  CA_ERROR_GONE,          /* the control or its app went away */
  CA_ERROR_INVALID,       /* a file (a form map) with a mistake, a bad value */
  CA_ERROR_UNSUPPORTED,   /* the desktop cannot do it (no X keyboard to press keys on) */
} CaErrorCode;

G_END_DECLS
