/* cr-claim.c: a claim, the fields as the person typed them. */
#include "cr-claim-private.h"
#include "cr-keyfile.h"

CrClaim *
cr_claim_new (void)
{
  CrClaim *c = g_new0 (CrClaim, 1);
  c->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->names = g_ptr_array_new ();
  return c;
}

void
cr_claim_free (CrClaim *claim)
{
  if (claim == NULL)
    return;
  g_ptr_array_unref (claim->names);
  g_hash_table_unref (claim->values);
  g_free (claim);
}

void
cr_claim_set (CrClaim *claim, const char *field, const char *typed)
{
  gboolean clear = typed == NULL || *typed == '\0';
  gpointer key = NULL;

  g_return_if_fail (field != NULL);
  if (g_hash_table_lookup_extended (claim->values, field, &key, NULL))
    {
      if (clear)
        {
          g_ptr_array_remove (claim->names, key);
          g_hash_table_remove (claim->values, field);
        }
      else
        g_hash_table_insert (claim->values, g_strdup (field), g_strdup (typed)); /* keeps the old key, which names holds */
      return;
    }
  if (clear)
    return;
  char *k = g_strdup (field);
  g_hash_table_insert (claim->values, k, g_strdup (typed));
  g_ptr_array_add (claim->names, k);
}

const char *
cr_claim_get (const CrClaim *claim, const char *field)
{
  return g_hash_table_lookup (claim->values, field);
}

GPtrArray *
cr_claim_get_field_names (const CrClaim *claim)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < claim->names->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (claim->names, i)));
  return out;
}

CrClaim *
cr_claim_new_from_data (const char *data, gsize len, const char *name, GError **error)
{
  g_autoptr(CrKeyFile) kf = cr_key_file_new_from_data (data, len, name, error);
  g_autoptr(CrClaim) claim = NULL;
  g_auto(GStrv) keys = NULL;

  if (kf == NULL)
    return NULL;
  GKeyFile *k = cr_key_file_get_key_file (kf);
  if (!g_key_file_has_group (k, "Claim"))
    {
      cr_key_file_fail (kf, error, NULL, NULL, "the [Claim] group is missing");
      return NULL;
    }
  claim = cr_claim_new ();
  keys = g_key_file_get_keys (k, "Claim", NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *v = g_key_file_get_string (k, "Claim", keys[i], &local);
      if (v == NULL)
        {
          cr_key_file_fail (kf, error, "Claim", keys[i], "%s", local->message);
          return NULL;
        }
      cr_claim_set (claim, keys[i], v);
    }
  return g_steal_pointer (&claim);
}

CrClaim *
cr_claim_new_from_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!cr_read_file (path, &data, &len, error))
    return NULL;
  return cr_claim_new_from_data (data, len, path, error);
}
