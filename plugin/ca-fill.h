/* ca-fill.h: putting a value back into one control of a form, for the
 * guide's refill from a draft.
 *
 * GTK entries take their text through EditableText.  Web entries have no
 * such interface in Chromium and ignore it in Firefox (platform-notes), so
 * the control takes the keyboard focus, Ctrl+A selects what is there and
 * the text is typed (ATSPI_KEY_STRING): the page sees the keys a person
 * would type, and its own checks run.  Typed keys reach the app after the
 * call returns; read the control back a moment later. */
#pragma once

#include "ca-reader.h"

G_BEGIN_DECLS

/* An entry, text area or spin button. */
gboolean ca_fill_text        (AtspiAccessible *obj, const char *value, GError **error);
/* A date editor (Chromium's <input type=date>) from "YYYY-MM-DD": its parts
 * are typed in the order the page shows them. */
gboolean ca_fill_date_editor (AtspiAccessible *editor, const char *iso, GError **error);
/* A combo box or <select>: the item named @value chosen. */
gboolean ca_fill_choice      (AtspiAccessible *obj, const CaApp *app, const char *value,
                              GError **error);
/* A check box or radio button ticked (@ticked) or not. */
gboolean ca_fill_check       (AtspiAccessible *obj, gboolean ticked, GError **error);

G_END_DECLS
