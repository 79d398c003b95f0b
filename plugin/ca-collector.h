/* ca-collector.h: every control of a window or web page, with its label, in
 * as few requests as the bus allows.
 *
 * One AtspiCollection request finds the controls; one
 * org.a11y.atspi.Cache.GetItems request brings every object's name from the
 * app at once.  Only a control whose name is not its label (GTK) costs one
 * more request, for its LABELLED_BY relation.  The per-node walk that reads
 * each control's details costs a second or more on a 300-field web form;
 * this costs tens of milliseconds. */
#pragma once

#include "ca-atspi.h"
#include <gio/gio.h>

#include "ca-reader.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *controls;  /* AtspiAccessible*, in the order of the form */
  GPtrArray *ids;       /* char*: each control's object path */
  GPtrArray *labels;    /* char*: each control's label, "" for none */
  char      *title;     /* the window's or page's title */
  char      *address;   /* the page's address, or NULL */
} CaCollected;

void         ca_collected_free (CaCollected *collected);
/* @a11y_bus: a GDBus connection to the accessibility bus, for GetItems;
 * NULL reads names one by one. */
CaCollected *ca_collect        (AtspiAccessible *root, const CaApp *app,
                                GDBusConnection *a11y_bus, GError **error);
/* The window, dialog or web document that @control sits in. */
AtspiAccessible *ca_form_root_for (AtspiAccessible *control, GError **error);
/* A connection of our own to the accessibility bus, for GetItems: its
 * address from $AT_SPI_BUS_ADDRESS or org.a11y.Bus on @session. */
GDBusConnection *ca_a11y_bus_connect (GDBusConnection *session, GError **error);
/* Is @role a window or document that a form lives in? */
gboolean     ca_role_is_form_root (AtspiRole role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaCollected, ca_collected_free)

G_END_DECLS
