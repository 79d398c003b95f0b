/* Drafts of a claim: what the senior typed and the guide's step, kept in a
 * user-only file so they can stop and carry on another day.  Never kept on
 * a profile that keeps nothing: the daemon calls cg_drafts_wipe() then.
 *
 * Nothing here logs a value: errors name the scheme and the file, never
 * what was typed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A draft: the claim's values and the guide's step, for one scheme. */
typedef struct {
  char       *scheme;     /* scheme id */
  GHashTable *fields;     /* field name -> value as typed (char* -> char*) */
  char       *step;       /* the guide's step id, or NULL */
  gint64      saved_at;   /* unix time (seconds) */
} CgDraft;

void     cg_draft_free (CgDraft *draft);

/* The folder drafts live in: $XDG_STATE_HOME/claimguide/drafts (made 0700
 * when saved). */
char    *cg_drafts_dir (void);

/* Writes atomically (g_file_set_contents_full, mode 0600, the folder 0700,
 * refusing a folder or file that is a symlink or not owned by the user) to
 * DIR/SCHEME.draft, a GLib key file: [Draft] Scheme, Step, SavedAt;
 * [Fields] name=value (key-file escaped).  Field names must be identifiers
 * [a-z0-9_]+ and values UTF-8, else G_IO_ERROR_INVALID_ARGUMENT.  A scheme
 * id that is not [A-Za-z0-9._-]+ (no leading dot, <= 128 bytes) is refused
 * with G_IO_ERROR_INVALID_ARGUMENT.  @draft->fields may be NULL (no fields);
 * a saved_at <= 0 is written as the time now. */
gboolean cg_drafts_save   (const CgDraft *draft, GError **error);

/* NULL with G_IO_ERROR_NOT_FOUND when there is none; a draft file that is
 * broken, too large (> 1 MiB) or readable by others (mode & 077) is refused
 * (error says why, never what it holds) and left in place. */
CgDraft *cg_drafts_load   (const char *scheme, GError **error);

/* Removes SCHEME's draft (no error when there is none). */
gboolean cg_drafts_delete (const char *scheme, GError **error);

/* Removes every draft (and any temporary file a save left behind, and the
 * drafts folder when it is then empty): for a profile that keeps nothing,
 * when the session ends and when such a profile becomes active.  Returns
 * how many drafts were removed. */
guint    cg_drafts_wipe   (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgDraft, cg_draft_free)

G_END_DECLS
