/* cr-steps.c: the guide's steps, as the scheme file gives them.
 *
 * A [Step ID] group says what the guide says at that step (written for the
 * ear), which fields it covers, which papers to have at hand, and for which
 * claims it applies (When=, the same clauses as checks).  The steps are taken
 * in file order; the first one is for every claim and asks what happened. */
#include "cr-eval.h"

void
cr_step_free (gpointer data)
{
  CrStep *step = data;

  g_free (step->id);
  g_strfreev (step->prompt);
  g_strfreev (step->papers);
  g_strfreev (step->fields);
  g_free (step->when.clauses);
  g_free (step);
}

/* Fields=a;b;c: each a field defined before the step, each once. */
static gboolean
parse_fields (CrScheme *s, CrKeyFile *kf, const char *group, CrStep *step, GError **error)
{
  if (!cr_key_file_get_list (kf, group, "Fields", TRUE, &step->fields, error))
    return FALSE;
  for (guint i = 0; step->fields[i] != NULL; i++)
    {
      const char *name = step->fields[i];
      if (!g_hash_table_contains (s->field_by_name, name))
        return cr_key_file_fail (kf, error, group, "Fields",
                                 "no field is called “%s” (a [Field %s] group must come first)",
                                 name, name);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (step->fields[j], name))
          return cr_key_file_fail (kf, error, group, "Fields", "“%s” is listed twice", name);
    }
  return TRUE;
}

gboolean
cr_scheme_parse_step (CrScheme *s, CrKeyFile *kf, const char *group, const char *id,
                      GError **error)
{
  static const char *const keys[] = { "Fields", "When", "Clause", NULL };
  static const char *const texts[] = { "Prompt", "Papers", NULL };
  const char *const *langs = (const char *const *) s->langs;
  CrStep *step;

  if (!cr_is_identifier (id))
    return cr_key_file_fail (kf, error, group, NULL,
                             "a step's name uses letters, digits, - and _ only");
  step = g_new0 (CrStep, 1);
  step->id = g_strdup (id);
  step->langs = s->langs;
  g_ptr_array_add (s->steps, step);

  return cr_key_file_check_keys (kf, group, keys, texts, langs, error) &&
         cr_key_file_get_localized (kf, group, "Prompt", langs, TRUE, &step->prompt, error) &&
         parse_fields (s, kf, group, step, error) &&
         cr_key_file_get_localized (kf, group, "Papers", langs, FALSE, &step->papers, error) &&
         cr_scheme_parse_condition (s, kf, group, &step->when, error);
}

/* The first step is where every claim starts: it asks what happened, so it
 * applies to all claims and covers the claim type (when the scheme has one). */
gboolean
cr_scheme_check_steps (CrScheme *s, CrKeyFile *kf, GError **error)
{
  const CrStep *first;
  g_autofree char *group = NULL;

  if (s->steps->len == 0)
    return TRUE;
  first = g_ptr_array_index (s->steps, 0);
  group = g_strdup_printf ("Step %s", first->id);
  if (first->when.n_clauses > 0)
    return cr_key_file_fail (kf, error, group, "When",
                             "the first step is for every claim: it asks what happened, so "
                             "it takes no When=");
  if (s->claim_type_field >= 0)
    {
      const CrField *ct = g_ptr_array_index (s->fields, (guint) s->claim_type_field);
      if (!g_strv_contains ((const char *const *) first->fields, ct->name))
        return cr_key_file_fail (kf, error, group, "Fields",
                                 "the first step asks what happened: add %s to its Fields",
                                 ct->name);
    }
  return TRUE;
}

/* ---- accessors ---- */

guint
cr_scheme_get_n_steps (const CrScheme *scheme)
{
  g_return_val_if_fail (scheme != NULL, 0);
  return scheme->steps->len;
}

const CrStep *
cr_scheme_get_step (const CrScheme *scheme, guint i)
{
  g_return_val_if_fail (scheme != NULL, NULL);
  g_return_val_if_fail (i < scheme->steps->len, NULL);
  return g_ptr_array_index (scheme->steps, i);
}

const CrStep *
cr_scheme_lookup_step (const CrScheme *scheme, const char *id)
{
  g_return_val_if_fail (scheme != NULL, NULL);
  for (guint i = 0; id != NULL && i < scheme->steps->len; i++)
    {
      const CrStep *step = g_ptr_array_index (scheme->steps, i);
      if (g_str_equal (step->id, id))
        return step;
    }
  return NULL;
}

GPtrArray *
cr_scheme_steps_for_claim (const CrScheme *scheme, const CrClaim *claim)
{
  g_autofree CrValue *values = NULL;
  GPtrArray *out;

  g_return_val_if_fail (scheme != NULL, NULL);
  values = g_new (CrValue, scheme->fields->len);
  for (guint i = 0; i < scheme->fields->len; i++)
    {
      const CrField *f = g_ptr_array_index (scheme->fields, i);
      cr_value_parse (f, claim != NULL ? cr_claim_get (claim, f->name) : NULL, &values[i]);
    }
  out = g_ptr_array_sized_new (scheme->steps->len);
  for (guint i = 0; i < scheme->steps->len; i++)
    {
      const CrStep *step = g_ptr_array_index (scheme->steps, i);
      if (i == 0 || cr_condition_holds (&step->when, values))
        g_ptr_array_add (out, (gpointer) step);
    }
  return out;
}

const char *
cr_step_get_id (const CrStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);
  return step->id;
}

const char *
cr_step_get_prompt (const CrStep *step, const char *lang)
{
  g_return_val_if_fail (step != NULL, NULL);
  return step->prompt[cr_lang_index ((const char *const *) step->langs, lang)];
}

const char *
cr_step_get_papers (const CrStep *step, const char *lang)
{
  g_return_val_if_fail (step != NULL, NULL);
  if (step->papers == NULL)
    return NULL;
  return step->papers[cr_lang_index ((const char *const *) step->langs, lang)];
}

const char *const *
cr_step_get_fields (const CrStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);
  return (const char *const *) step->fields;
}
