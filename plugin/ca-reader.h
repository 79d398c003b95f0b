/* ca-reader.h: read one control over AT-SPI, with a time limit.
 *
 * Every call to the app is a D-Bus round trip (0.15-0.4 ms).  An app that
 * does not answer within the libatspi timeout (set by the plugin, a second)
 * ends the read at once with CA_ERROR_NOT_ANSWERING, so a hung app costs
 * one timeout, not one per call. */
#pragma once

#include "ca-atspi.h"

#include "ca-control.h"
#include "ca-toolkit.h"

G_BEGIN_DECLS

/* How long one AT-SPI call may wait for an app (atspi_set_timeout). */
#define CA_ATSPI_TIMEOUT_MS 1000

/* After an AT-SPI call that began at @started failed with @local (taken):
 * sets CA_ERROR_NOT_ANSWERING when it waited (most of) the timeout, else
 * CA_ERROR_GONE, and returns TRUE; FALSE when @local is NULL. */
gboolean  ca_call_failed     (GError *local, gint64 started, GError **error);

/* What the plugin knows of an application, looked up once. */
typedef struct {
  char *bus_name;
  char *name;             /* "gedit", "Chromium"... */
  const CaToolkit *toolkit;
} CaApp;

void      ca_app_free        (CaApp *app);
/* Looks up the app that @accessible belongs to. */
CaApp    *ca_app_new_for     (AtspiAccessible *accessible, GError **error);

/* The control the senior is on when @focused has the focus: @focused
 * itself, or the date editor around one of its spin buttons. */
AtspiAccessible *ca_reader_control_for_focus (AtspiAccessible *focused, GError **error);
/* Reads @control: label, kind, value, states, error message, placeholder.
 * NULL with CA_ERROR_NOT_ANSWERING or CA_ERROR_GONE. */
CaControl *ca_reader_read    (AtspiAccessible *control, const CaApp *app, GError **error);
/* Just the value, for typing (one or two calls). */
char      *ca_reader_read_value (AtspiAccessible *control, CgKind kind, const CaApp *app,
                                 GError **error);
/* The kind of control for an AT-SPI role; CG_KIND_OTHER when it is none. */
CgKind     ca_kind_for_role  (AtspiRole role);
/* A label as forms write it for the eye ("出险日期 *：", "Phone (required)")
 * made plain; *required is set when the label said it must be filled. */
/* A date editor's spin buttons, in page order, into @spins (references)
 * and, for each, into @parts (int) 0 year, 1 month, 2 day, or -1 when its
 * name does not say (Chromium names them "Month 出险日期" or "月…"). */
gboolean   ca_reader_date_parts (AtspiAccessible *editor, GPtrArray *spins, GArray *parts,
                                 GError **error);
char      *ca_label_clean    (const char *label, gboolean *required);
/* The key labels are compared by (form recognition, form maps): folded with
 * cr_text_key, cleaned by ca_label_clean, whitespace next to a non-ASCII
 * character dropped ("出 险 日 期" is "出险日期") and any other run of
 * whitespace made one space.  NULL when nothing is left or not UTF-8. */
char      *ca_label_key      (const char *label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaApp, ca_app_free)

G_END_DECLS
