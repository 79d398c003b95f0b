/* A profile: who is using claimguide and how they want it.
 *
 * A profile is a key file (profiles/NAME.profile).  Every key is optional but
 * in the shipped default profile, which gives what another profile leaves
 * out; a later layer (/etc/xdg, then the user's) changes only the keys it
 * names.  See profiles/README.md for the keys. */
#pragma once

#include <glib.h>

#include "cg-lang.h"
#include "cg-speaker.h"

G_BEGIN_DECLS

typedef enum {
  CG_VERBOSITY_BRIEF,
  CG_VERBOSITY_NORMAL,
  CG_VERBOSITY_FULL,
} CgVerbosity;

typedef enum {
  CG_KEY_NEXT_STEP,
  CG_KEY_PREVIOUS_STEP,
  CG_KEY_REPEAT,
  CG_KEY_WHERE_AM_I,
  CG_KEY_CHECK_NOW,
  CG_KEY_HELP,
  CG_KEY_ALLOW_HELPER,  /* yes: the helper may see everything (Helper1.Allow) */
  CG_KEY_DENY_HELPER,   /* no, or no longer (Helper1.Withdraw) */
  CG_KEY_REFILL,        /* put a draft's values back on the form (Guide1.Refill) */
  CG_N_KEYS
} CgKeyAction;

typedef struct {
  char *name;
  char *title[2];       /* en, zh_CN */
  CgLang language;
  CgVoiceSettings voice;
  char *output_file;    /* NULL: the sound device */
  CgVerbosity verbosity;
  gboolean echo_characters;
  gboolean echo_words;
  int lens_text_size;   /* points */
  char *lens_foreground; /* #RRGGBB */
  char *lens_background;
  char *lens_position;  /* bottom, beside */
  double page_zoom;
  char *keys[CG_N_KEYS]; /* accelerators such as <Control><Alt>Page_Down */
  gboolean keep_drafts;
  gboolean helper_allowed;
  GKeyFile *settings;   /* the merged values, for GetProfile */
  GPtrArray *files;     /* the files it is made of, in layer order */
} CgProfile;

void        cg_profile_free (CgProfile *profile);

/* Checks one profile file on its own: known groups and keys, each value of
 * its kind, voices among @variants.  Returns it, or NULL with
 * "file:line: [Group] Key: what is wrong". */
GKeyFile   *cg_profile_parse_file (const char *path, const char *const *variants, GError **error);
GKeyFile   *cg_profile_parse_data (const char *data, gsize len, const char *name,
                                   const char *const *variants, GError **error);

/* Builds the profile @name from @layers (checked key files, earliest first;
 * those from @first_own on are the profile's own, the others the default's).
 * Fails when a key is still missing, or when the colours together are too
 * faint to read (contrast under 4.5:1). */
CgProfile  *cg_profile_merge (const char *name, GPtrArray *layers, guint first_own,
                              GPtrArray *files, GError **error);

/* "Group.Key" -> value, for every setting in force. */
GHashTable *cg_profile_dup_settings (const CgProfile *profile);

const char *cg_key_action_to_string (CgKeyAction action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgProfile, cg_profile_free)

G_END_DECLS
