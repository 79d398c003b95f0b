/* Desktop notifications through libnotify.  With no notification server the
 * daemon goes on speaking; the log says once that notifications are off. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CG_TYPE_NOTIFIER (cg_notifier_get_type ())
G_DECLARE_FINAL_TYPE (CgNotifier, cg_notifier, CG, NOTIFIER, GObject)

CgNotifier *cg_notifier_new        (const char *app_name);
/* Shows (or replaces) claimguide's notification.  @actions: pairs of id and
 * label, NULL-terminated; choosing one emits ::action with its id.  Never
 * blocks the caller. */
void        cg_notifier_show       (CgNotifier *self, const char *title, const char *body,
                                    const char *const *actions);
/* FALSE once a notification could not be shown, until one can again. */
gboolean    cg_notifier_is_working (CgNotifier *self);

G_END_DECLS
