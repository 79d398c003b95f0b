/* claimguided's parts, put together and exported on the bus. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CG_DBUS_NAME "org.claimguide.Daemon"
#define CG_DBUS_PATH "/org/claimguide/Daemon"

typedef struct {
  const char *speech_to;        /* WAV file for all speech, or NULL (--speech-to) */
  const char *const *profile_dirs; /* shipped first, the user's last */
  const char *state_file;       /* where the chosen profile is remembered */
  const char *voices_dir;       /* the project's voice variants */
  const char *espeak_data;      /* the system's eSpeak NG data */
  const char *runtime_dir;      /* private, per-user: the eSpeak data folder, the fallback WAV */
  gboolean no_speech_dispatcher;
  const char *plugin;           /* the AT-SPI plugin to keep running, or NULL */
  const char *plugin_off;       /* why there is none, for status */
  gint32 today;                 /* a CrDay to judge claims on (--today), 0 for the real date */
} CgDaemonConfig;

#define CG_TYPE_DAEMON (cg_daemon_get_type ())
G_DECLARE_FINAL_TYPE (CgDaemon, cg_daemon, CG, DAEMON, GObject)

CgDaemon *cg_daemon_new    (const CgDaemonConfig *config, GError **error);
gboolean  cg_daemon_export (CgDaemon *self, GDBusConnection *connection, GError **error);

G_END_DECLS
