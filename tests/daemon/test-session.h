/* What the daemon's bus tests share: a private set of XDG folders, a private
 * session bus, and counting the sound in what was said. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A temporary folder holding run/, config/, state/, cache/, etc/, home/ and
 * services/, with XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_STATE_HOME,
 * XDG_CACHE_HOME, XDG_CONFIG_DIRS and HOME pointing into it. */
char      *cg_test_session_dirs  (const char *prefix);
/* Starts a private session bus (with @services, a folder of activation
 * files, or NULL); afterwards XDG_RUNTIME_DIR points into @tmp again. */
GTestDBus *cg_test_session_bus   (const char *tmp, const char *services);
/* Samples of sound (|s| above the silence threshold) in 16-bit little-endian
 * samples from byte @skip of @path on (44 skips a WAV header). */
gsize      cg_test_count_sound   (const char *path, gsize skip);

G_END_DECLS
