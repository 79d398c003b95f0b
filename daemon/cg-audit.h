/* cg-audit.h: the record of help, what a helper did and what the senior
 * answered, for the senior's account to read (claimguidectl helper log).
 *
 * One line an action, appended to $XDG_STATE_HOME/claimguide/helper.log
 * (the folder 0700, the file 0600, neither followed if it is a symlink nor
 * used if it is not the user's):
 *
 *   2025-06-01T10:00:03+08:00<TAB>said<TAB>chars=12 by=command
 *
 * It holds no personal data: an action, and details from a fixed
 * vocabulary of words and small numbers (what the helper said is recorded
 * by its length only).  A detail that could carry more is refused.  Past
 * 256 KiB the file becomes helper.log.1 (one older file kept). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CG_AUDIT_WATCH_STARTED, /* "watch-started" */
  CG_AUDIT_WATCH_ENDED,   /* "watch-ended" */
  CG_AUDIT_SAID,          /* "said" */
  CG_AUDIT_ASKED,         /* "asked": to see values in full */
  CG_AUDIT_ALLOWED,       /* "allowed": the senior said yes */
  CG_AUDIT_DENIED,        /* "denied": the senior said no */
  CG_AUDIT_NO_ANSWER,     /* "no-answer" */
  CG_AUDIT_WITHDRAWN,     /* "withdrawn": values masked again */
  CG_AUDIT_ENDED,         /* "ended": the permission ended (claim sent, session over, helper off) */
  CG_AUDIT_REFUSED,       /* "refused": a helper's request the profile turned away */
  CG_AUDIT_N
} CgAuditAction;

typedef struct {
  GDateTime    *time;
  CgAuditAction action;
  char         *detail; /* "" when none */
} CgAuditEntry;

const char *cg_audit_action_to_string   (CgAuditAction action);
gboolean    cg_audit_action_from_string (const char *name, CgAuditAction *out);

/* $XDG_STATE_HOME/claimguide/helper.log */
char       *cg_audit_path   (void);
/* Appends one line at @path, now.  @detail: NULL, or words of [a-z0-9=_-]
 * separated by single spaces with no run of more than four digits; anything
 * else is refused (G_IO_ERROR_INVALID_ARGUMENT) and nothing is written.  The
 * folder of @path is made 0700 if it is missing. */
gboolean    cg_audit_append (const char *path, CgAuditAction action, const char *detail,
                             GError **error);
/* Every entry, oldest first (the older file's, then @path's); lines that do
 * not read as entries are skipped.  No file yet: an empty array.  A file
 * that is a symlink, not the user's or over 1 MiB is refused. */
GPtrArray  *cg_audit_read   (const char *path, GError **error);

void        cg_audit_entry_free (CgAuditEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgAuditEntry, cg_audit_entry_free)

G_END_DECLS
