/* The project's voice variants (voices/) and the private eSpeak NG data
 * folder that makes them loadable without writing to the system's data. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *name;     /* the file's name, what a profile's Voice key says */
  char *title;    /* "// title:" line */
  char *title_zh; /* "// title[zh_CN]:" line */
} CgVoiceVariant;

void       cg_voice_variant_free       (CgVoiceVariant *variant);

/* The variants in @variants_dir, sorted by name. */
GPtrArray *cg_voices_list_variants     (const char *variants_dir, GError **error);

/* Builds (again) @dest, an eSpeak NG data folder whose entries link to
 * @system_data and whose voices/!v/ also holds @variants (as listed from
 * @variants_dir).  Returns the folder to pass to espeak_Initialize. */
char      *cg_voices_build_data_dir    (const char *system_data, const char *variants_dir,
                                        GPtrArray *variants, const char *dest, GError **error);

/* Removes @dir and what is below it, never following a symbolic link. */
gboolean   cg_remove_tree              (const char *dir, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgVoiceVariant, cg_voice_variant_free)

G_END_DECLS
