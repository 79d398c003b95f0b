/* Logging: GLib's structured log, with digits masked.
 *
 * What is spoken may hold an ID number, a bank card or a phone number.  It is
 * logged only at debug level, and then with every digit masked; the writer
 * also masks any run of six or more digits in every message, in case one
 * slips into another message. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A copy of @text with every digit (ASCII or full-width) replaced by '#'. */
char *cg_log_mask_digits     (const char *text);
/* Installs the masking writer in front of GLib's default one. */
void  cg_log_install_writer  (void);

G_END_DECLS
