/* cr-keyfile.c: GKeyFile with line numbers, for errors a person can act on. */
#include "cr-keyfile.h"
#include "claimrules.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

struct _CrKeyFile {
  GKeyFile   *kf;
  char       *name;
  GHashTable *lines; /* "group\nkey" or "group" -> line */
};

static char *
line_key (const char *group, const char *key)
{
  return key != NULL ? g_strconcat (group, "\n", key, NULL) : g_strdup (group);
}

static gboolean
syntax_error (GError **error, const char *name, int line, const char *what)
{
  g_set_error (error, CR_ERROR, CR_ERROR_SYNTAX, "%s:%d: %s", name, line, what);
  return FALSE;
}

/* Walks the lines once: the index, and the mistakes GKeyFile would hide or
 * report without a line. */
static gboolean
index_lines (CrKeyFile *kf, const char *data, gsize len, GError **error)
{
  g_autofree char *group = NULL;
  const char *p = data, *end = data + len;
  int line = 0;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      gsize n = nl != NULL ? (gsize) (nl - p) : (gsize) (end - p);
      g_autofree char *text = g_strndup (p, n);
      char *s;

      line++;
      p += n + (nl != NULL ? 1 : 0);

      if (strlen (text) != n)
        return syntax_error (error, kf->name, line, "the line holds a NUL byte");
      if (n > 0 && text[n - 1] == '\r')
        text[n - 1] = '\0';
      if (!g_utf8_validate (text, -1, NULL))
        return syntax_error (error, kf->name, line, "the line is not valid UTF-8 text");

      s = g_strchug (text);
      if (*s == '\0' || *s == '#')
        continue;

      if (*s == '[')
        {
          char *close = strrchr (s, ']');
          if (close == NULL || close[1] != '\0' || close == s + 1)
            return syntax_error (error, kf->name, line,
                                 "a group header must look like [Name]");
          g_free (group);
          group = g_strndup (s + 1, (gsize) (close - s - 1));
          if (strpbrk (group, "[]") != NULL)
            return syntax_error (error, kf->name, line, "a group name cannot hold [ or ]");
          if (g_hash_table_contains (kf->lines, group))
            {
              g_autofree char *msg = g_strdup_printf (
                "the group [%s] is already at line %d; say each group once", group,
                GPOINTER_TO_INT (g_hash_table_lookup (kf->lines, group)));
              return syntax_error (error, kf->name, line, msg);
            }
          g_hash_table_insert (kf->lines, g_strdup (group), GINT_TO_POINTER (line));
          continue;
        }

      char *eq = strchr (s, '=');
      if (eq == NULL)
        return syntax_error (error, kf->name, line,
                             "expected Key=value, a [Group] or a # comment");
      if (group == NULL)
        return syntax_error (error, kf->name, line, "a key before the first [Group]");
      *eq = '\0';
      g_strchomp (s);
      if (*s == '\0')
        return syntax_error (error, kf->name, line, "the key before = is empty");

      g_autofree char *k = line_key (group, s);
      if (g_hash_table_contains (kf->lines, k))
        {
          g_autofree char *msg = g_strdup_printf (
            "%s is already set in [%s] at line %d; say each key once", s, group,
            GPOINTER_TO_INT (g_hash_table_lookup (kf->lines, k)));
          return syntax_error (error, kf->name, line, msg);
        }
      g_hash_table_insert (kf->lines, g_steal_pointer (&k), GINT_TO_POINTER (line));
    }
  return TRUE;
}

CrKeyFile *
cr_key_file_new_from_data (const char *data, gsize len, const char *name, GError **error)
{
  g_autoptr(CrKeyFile) kf = g_new0 (CrKeyFile, 1);
  g_autoptr(GError) local = NULL;

  kf->name = g_strdup (name != NULL ? name : "(data)");
  kf->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kf->kf = g_key_file_new ();

  if (len > CR_KEY_FILE_MAX_SIZE)
    {
      g_set_error (error, CR_ERROR, CR_ERROR_FILE, "%s: the file is larger than %d bytes",
                   kf->name, CR_KEY_FILE_MAX_SIZE);
      return NULL;
    }
  if (!index_lines (kf, data, len, error))
    return NULL;
  if (!g_key_file_load_from_data (kf->kf, data, len, G_KEY_FILE_KEEP_TRANSLATIONS, &local))
    {
      g_set_error (error, CR_ERROR, CR_ERROR_SYNTAX, "%s: %s", kf->name, local->message);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

gboolean
cr_read_file (const char *path, char **data, gsize *len, GError **error)
{
  g_autoptr(GError) local = NULL;
  GStatBuf st;

  *data = NULL;
  if (g_stat (path, &st) == 0 && st.st_size > CR_KEY_FILE_MAX_SIZE)
    {
      g_set_error (error, CR_ERROR, CR_ERROR_FILE, "%s: the file is larger than %d bytes", path,
                   CR_KEY_FILE_MAX_SIZE);
      return FALSE;
    }
  if (!g_file_get_contents (path, data, len, &local))
    {
      g_set_error (error, CR_ERROR, CR_ERROR_FILE, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

void
cr_key_file_free (CrKeyFile *kf)
{
  if (kf == NULL)
    return;
  g_clear_pointer (&kf->kf, g_key_file_unref);
  g_clear_pointer (&kf->lines, g_hash_table_unref);
  g_free (kf->name);
  g_free (kf);
}

GKeyFile *
cr_key_file_get_key_file (CrKeyFile *kf)
{
  return kf->kf;
}

const char *
cr_key_file_get_name (CrKeyFile *kf)
{
  return kf->name;
}

int
cr_key_file_line (CrKeyFile *kf, const char *group, const char *key)
{
  g_autofree char *k = line_key (group, key);
  return GPOINTER_TO_INT (g_hash_table_lookup (kf->lines, k));
}

gboolean
cr_key_file_fail (CrKeyFile *kf, GError **error, const char *group, const char *key,
                  const char *format, ...)
{
  g_autofree char *msg = NULL;
  int line = 0;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  if (group != NULL)
    {
      line = key != NULL ? cr_key_file_line (kf, group, key) : 0;
      if (line == 0)
        line = cr_key_file_line (kf, group, NULL);
    }
  if (group != NULL && key != NULL)
    g_set_error (error, CR_ERROR, CR_ERROR_INVALID, "%s:%d: [%s] %s: %s", kf->name, line,
                 group, key, msg);
  else if (group != NULL)
    g_set_error (error, CR_ERROR, CR_ERROR_INVALID, "%s:%d: [%s]: %s", kf->name, line,
                 group, msg);
  else
    g_set_error (error, CR_ERROR, CR_ERROR_INVALID, "%s: %s", kf->name, msg);
  return FALSE;
}

static gboolean
key_allowed (const char *key, const char *const *allowed, const char *const *localized,
             const char *const *langs)
{
  if (allowed != NULL && g_strv_contains (allowed, key))
    return TRUE;
  if (localized == NULL)
    return FALSE;
  if (g_strv_contains (localized, key))
    return TRUE;

  const char *open = strchr (key, '[');
  gsize klen = strlen (key);
  if (open == NULL || key[klen - 1] != ']')
    return FALSE;
  g_autofree char *base = g_strndup (key, (gsize) (open - key));
  g_autofree char *lang = g_strndup (open + 1, klen - (gsize) (open - key) - 2);
  return g_strv_contains (localized, base) && langs != NULL && g_strv_contains (langs + 1, lang);
}

gboolean
cr_key_file_check_keys (CrKeyFile *kf, const char *group, const char *const *allowed,
                        const char *const *localized, const char *const *langs,
                        GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf->kf, group, NULL, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!key_allowed (keys[i], allowed, localized, langs))
        {
          g_autofree char *known = NULL;
          g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
          g_auto(GStrv) all = NULL;
          if (allowed != NULL)
            g_strv_builder_addv (b, (const char **) allowed);
          if (localized != NULL)
            g_strv_builder_addv (b, (const char **) localized);
          all = g_strv_builder_end (b);
          known = g_strjoinv (", ", all);
          return cr_key_file_fail (kf, error, group, keys[i],
                                   "unknown key here (this group takes: %s)", known);
        }
    }
  return TRUE;
}

gboolean
cr_key_file_get_string (CrKeyFile *kf, const char *group, const char *key, gboolean required,
                        char **out, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *v = NULL;

  *out = NULL;
  if (!g_key_file_has_key (kf->kf, group, key, NULL))
    {
      if (required)
        return cr_key_file_fail (kf, error, group, key, "this key is required");
      return TRUE;
    }
  v = g_key_file_get_string (kf->kf, group, key, &local);
  if (v == NULL)
    return cr_key_file_fail (kf, error, group, key, "%s", local->message);
  g_strstrip (v);
  if (*v == '\0')
    return cr_key_file_fail (kf, error, group, key, "the value is empty");
  *out = g_steal_pointer (&v);
  return TRUE;
}

gboolean
cr_key_file_get_int (CrKeyFile *kf, const char *group, const char *key, gboolean required,
                     gint64 min, gint64 max, gint64 *out, GError **error)
{
  g_autofree char *v = NULL;
  gint64 n;

  if (!cr_key_file_get_string (kf, group, key, required, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (v, 10, min, max, &n, NULL))
    return cr_key_file_fail (kf, error, group, key,
                             "“%s” is not a whole number from %" G_GINT64_FORMAT
                             " to %" G_GINT64_FORMAT, v, min, max);
  *out = n;
  return TRUE;
}

gboolean
cr_key_file_get_bool (CrKeyFile *kf, const char *group, const char *key, gboolean dflt,
                      gboolean *out, GError **error)
{
  g_autofree char *v = NULL;

  *out = dflt;
  if (!cr_key_file_get_string (kf, group, key, FALSE, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  if (g_str_equal (v, "true"))
    *out = TRUE;
  else if (g_str_equal (v, "false"))
    *out = FALSE;
  else
    return cr_key_file_fail (kf, error, group, key, "“%s” is neither true nor false", v);
  return TRUE;
}

gboolean
cr_key_file_get_list (CrKeyFile *kf, const char *group, const char *key, gboolean required,
                      char ***out, GError **error)
{
  g_autofree char *v = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  *out = NULL;
  if (!cr_key_file_get_string (kf, group, key, required, &v, error))
    return FALSE;
  if (v == NULL)
    return TRUE;
  parts = g_strsplit (v, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (b, parts[i]);
    }
  *out = g_strv_builder_end (b);
  if ((*out)[0] == NULL)
    {
      g_clear_pointer (out, g_strfreev);
      return cr_key_file_fail (kf, error, group, key, "the list is empty");
    }
  return TRUE;
}

gboolean
cr_key_file_get_localized (CrKeyFile *kf, const char *group, const char *key,
                           const char *const *langs, gboolean required, char ***out,
                           GError **error)
{
  guint n = g_strv_length ((char **) langs);
  /* Not g_strfreev: a missing language leaves a NULL before later values. */
  g_autoptr(GPtrArray) values = g_ptr_array_new_full (n + 1, g_free);
  gboolean any = FALSE;

  *out = NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *k = i == 0 ? g_strdup (key) : g_strdup_printf ("%s[%s]", key, langs[i]);
      char *v = NULL;
      if (!cr_key_file_get_string (kf, group, k, FALSE, &v, error))
        return FALSE;
      g_ptr_array_add (values, v);
      any |= v != NULL;
    }
  if (!any && !required)
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (g_ptr_array_index (values, i) == NULL)
      {
        if (i == 0)
          return cr_key_file_fail (kf, error, group, key,
                                   "the English text (%s=, with no [lang]) is missing", key);
        return cr_key_file_fail (kf, error, group, key,
                                 "%s[%s]= is missing: every text needs each language the "
                                 "file ships", key, langs[i]);
      }
  g_ptr_array_add (values, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
  return TRUE;
}
