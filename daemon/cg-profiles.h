/* All profiles, from their layers of folders, kept up to date as files
 * change, and which one is active. */
#pragma once

#include <glib-object.h>

#include "cg-profile.h"

G_BEGIN_DECLS

#define CG_PROFILE_DEFAULT "default"

#define CG_TYPE_PROFILES (cg_profiles_get_type ())
G_DECLARE_FINAL_TYPE (CgProfiles, cg_profiles, CG, PROFILES, GObject)

/* @dirs: the folders of *.profile files, shipped first, the user's last.
 * @state_file: where the chosen profile is remembered.
 * @variants: the voice variants a profile may name.
 * Fails only when the default profile cannot be made. */
CgProfiles      *cg_profiles_new          (const char *const *dirs, const char *state_file,
                                           const char *const *variants, GError **error);
const CgProfile *cg_profiles_get_active   (CgProfiles *self);
const CgProfile *cg_profiles_lookup       (CgProfiles *self, const char *name);
/* The names, sorted. */
GPtrArray       *cg_profiles_list         (CgProfiles *self);
gboolean         cg_profiles_use          (CgProfiles *self, const char *name, GError **error);
/* The files refused at the last reading: "file:line: what is wrong". */
const char *const *cg_profiles_get_problems (CgProfiles *self);
/* Reads every folder again now (it also happens by itself when a file changes). */
void             cg_profiles_reload       (CgProfiles *self);

G_END_DECLS
