/* cr-keyfile.h: GKeyFile with line numbers, for errors a person can act on.
 *
 * GKeyFile reports no lines and quietly merges repeated groups and keys.  A
 * helpdesk editing a scheme needs "file:line: what is wrong", and a repeated
 * key is almost always a mistake, so this loads through a line index first. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

#define CR_KEY_FILE_MAX_SIZE (4 * 1024 * 1024)

typedef struct _CrKeyFile CrKeyFile;

CrKeyFile  *cr_key_file_new_from_data (const char *data, gsize len, const char *name,
                                       GError **error);
/* Reads a whole file of at most CR_KEY_FILE_MAX_SIZE bytes; CR_ERROR_FILE
 * saying which file and why when it cannot. */
gboolean    cr_read_file              (const char *path, char **data, gsize *len,
                                       GError **error);
void        cr_key_file_free          (CrKeyFile *kf);
GKeyFile   *cr_key_file_get_key_file  (CrKeyFile *kf);
const char *cr_key_file_get_name      (CrKeyFile *kf);

/* The line of @key in @group (of the group header when @key is NULL); 0 if absent. */
int         cr_key_file_line          (CrKeyFile *kf, const char *group, const char *key);

/* Sets CR_ERROR_INVALID "NAME:LINE: [group] key: message" and returns FALSE. */
gboolean    cr_key_file_fail          (CrKeyFile *kf, GError **error, const char *group,
                                       const char *key, const char *format, ...)
                                       G_GNUC_PRINTF (5, 6);

/* Refuses a key in @group that is not in @allowed.  Keys in @localized may
 * also appear as Key[lang] for a lang in @langs. */
gboolean    cr_key_file_check_keys    (CrKeyFile *kf, const char *group,
                                       const char *const *allowed,
                                       const char *const *localized,
                                       const char *const *langs, GError **error);

/* A string value; NULL with no error when absent and not @required. */
gboolean    cr_key_file_get_string    (CrKeyFile *kf, const char *group, const char *key,
                                       gboolean required, char **out, GError **error);
gboolean    cr_key_file_get_int       (CrKeyFile *kf, const char *group, const char *key,
                                       gboolean required, gint64 min, gint64 max,
                                       gint64 *out, GError **error);
gboolean    cr_key_file_get_bool      (CrKeyFile *kf, const char *group, const char *key,
                                       gboolean dflt, gboolean *out, GError **error);
/* A ;-separated list; empty items dropped.  NULL when absent and not @required. */
gboolean    cr_key_file_get_list      (CrKeyFile *kf, const char *group, const char *key,
                                       gboolean required, char ***out, GError **error);

/* One value per language of @langs (langs[0] is the untranslated key, for
 * "en"; the others are Key[lang]).  Every language must be present when
 * @required, or when any one of them is. */
gboolean    cr_key_file_get_localized (CrKeyFile *kf, const char *group, const char *key,
                                       const char *const *langs, gboolean required,
                                       char ***out, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrKeyFile, cr_key_file_free)

G_END_DECLS
