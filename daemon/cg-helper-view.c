/* What a helper's watch shows, as lines (see cg-helper-view.h). */
#include "cg-helper-view.h"

#include <string.h>

#include "cg-mask.h"

void
cg_helper_line_free (CgHelperLine *line)
{
  if (line == NULL)
    return;
  g_free (line->key);
  g_free (line->line);
  g_free (line);
}

char *
cg_helper_line_join (const char *const *parts)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (s, '\t');
      for (const char *p = parts[i]; *p; p++)
        g_string_append_c (s, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
    }
  return g_string_free (s, FALSE);
}

static void
add (GPtrArray *out, const char *key, const char *const *parts)
{
  CgHelperLine *l = g_new0 (CgHelperLine, 1);
  l->key = g_strdup (key);
  l->line = cg_helper_line_join (parts);
  g_ptr_array_add (out, l);
}

#define ADD(out, key, ...) add ((out), (key), (const char *const[]) { __VA_ARGS__, NULL })

static const char *
value_of (const CgHelperView *view, const char *field)
{
  const char *v = view->claim != NULL ? cr_claim_get (view->claim, field) : NULL;
  return v != NULL ? v : "";
}

/* Free text a helper sees: masked digit runs unless allowed. */
static char *
shown_text (const CgHelperView *view, const char *text)
{
  return view->allowed ? g_strdup (text) : cg_mask_digit_runs (text);
}

/* The fields of the claim's steps, in order, then any other the claim has. */
static GPtrArray *
field_names (const CgHelperView *view)
{
  g_autoptr(GPtrArray) steps = cr_scheme_steps_for_claim (view->scheme, view->claim);
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < steps->len; i++)
    for (const char *const *f = cr_step_get_fields (steps->pdata[i]); f != NULL && *f != NULL; f++)
      if (!g_ptr_array_find_with_equal_func (names, *f, g_str_equal, NULL))
        g_ptr_array_add (names, (char *) *f);
  if (view->claim != NULL)
    {
      g_autoptr(GPtrArray) typed = cr_claim_get_field_names (view->claim);
      for (guint i = 0; i < typed->len; i++)
        if (value_of (view, typed->pdata[i])[0] != '\0' &&
            !g_ptr_array_find_with_equal_func (names, typed->pdata[i], g_str_equal, NULL))
          g_ptr_array_add (names, typed->pdata[i]);
    }
  return names;
}

/* Each field's problems, messages joined: field -> GString; and the worst
 * severity in @errors (field -> non-NULL when one is an error). */
static GHashTable *
problems_by_field (const CgHelperView *view, GHashTable *errors)
{
  GHashTable *by = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_free);

  for (guint i = 0; view->report != NULL && i < cr_report_get_n_problems (view->report); i++)
    {
      const CrProblem *p = cr_report_get_problem (view->report, i);
      const char *field = p->field != NULL ? p->field : "-";
      char *was = g_hash_table_lookup (by, field);

      /* An empty field is shown as empty: "enter this" is no news. */
      if (p->field != NULL && value_of (view, p->field)[0] == '\0')
        continue;
      g_hash_table_insert (by, (char *) field,
                           was != NULL ? g_strconcat (was, " ", p->message, NULL)
                                       : g_strdup (p->message));
      if (p->severity == CR_SEVERITY_ERROR)
        g_hash_table_add (errors, (char *) field);
    }
  return by;
}

GPtrArray *
cg_helper_view_lines (const CgHelperView *view)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_helper_line_free);
  g_autoptr(GHashTable) errors = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GPtrArray) names = NULL;

  ADD (out, "allowed", "allowed", view->allowed ? "yes" : "no");
  if (view->scheme == NULL)
    {
      ADD (out, "form", "form", "none");
      ADD (out, "step", "step", "none");
      return out;
    }
  ADD (out, "form", "form", cr_scheme_get_id (view->scheme),
       view->scheme_name != NULL ? view->scheme_name : "");
  if (view->step != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%u/%u", view->step_index, view->step_count);
      ADD (out, "step", "step", where, view->step);
    }
  else
    ADD (out, "step", "step", "none");
  if (view->focus != NULL)
    ADD (out, "focus", "focus", view->focus);

  problems = problems_by_field (view, errors);
  names = field_names (view);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      const CrField *field = cr_scheme_lookup_field (view->scheme, name);
      const char *value = value_of (view, name);
      g_autofree char *key = g_strconcat ("field:", name, NULL);
      g_autofree char *shown = view->allowed ? g_strdup (value) : cg_mask_field_value (field, value);
      const char *state = value[0] == '\0' ? "empty"
                          : g_hash_table_contains (problems, name) ? "problem" : "filled";
      ADD (out, key, "field", name, state, shown,
           field != NULL ? cr_field_get_label (field, view->lang) : "");
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *message = g_hash_table_lookup (problems, names->pdata[i]);
      g_autofree char *key = g_strconcat ("problem:", (const char *) names->pdata[i], NULL);
      g_autofree char *shown = NULL;
      if (message == NULL)
        continue;
      shown = shown_text (view, message);
      ADD (out, key, "problem", names->pdata[i],
           g_hash_table_contains (errors, names->pdata[i]) ? "error" : "warning", shown);
      g_hash_table_remove (problems, names->pdata[i]);
    }
  /* Problems of no field the claim shows. */
  {
    GHashTableIter iter;
    gpointer k, v;
    g_hash_table_iter_init (&iter, problems);
    while (g_hash_table_iter_next (&iter, &k, &v))
      {
        g_autofree char *key = g_strconcat ("problem:", (const char *) k, NULL);
        g_autofree char *shown = shown_text (view, v);
        ADD (out, key, "problem", k, g_hash_table_contains (errors, k) ? "error" : "warning", shown);
      }
  }
  if (view->report != NULL)
    {
      CrEligibility e = cr_report_get_eligibility (view->report);
      const char *reason = cr_report_get_eligibility_reason (view->report);
      g_autofree char *shown = shown_text (view, reason != NULL ? reason : "");
      ADD (out, "covered", "covered",
           e == CR_ELIGIBILITY_COVERED ? "yes" : e == CR_ELIGIBILITY_NOT_COVERED ? "no" : "unknown",
           shown);
    }
  return out;
}

char *
cg_helper_view_mask_text (const CgHelperView *view, const char *text, const char *const *values,
                          const char *const *masks)
{
  g_autoptr(GPtrArray) v = g_ptr_array_new ();
  g_autoptr(GPtrArray) m = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = NULL;

  if (view->allowed)
    return g_strdup (text);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_ptr_array_add (v, (char *) values[i]);
      g_ptr_array_add (m, g_strdup (masks[i]));
    }
  if (view->claim != NULL)
    {
      names = cr_claim_get_field_names (view->claim);
      for (guint i = 0; i < names->len; i++)
        {
          const char *value = value_of (view, names->pdata[i]);
          const CrField *field = view->scheme != NULL
                                 ? cr_scheme_lookup_field (view->scheme, names->pdata[i]) : NULL;
          g_ptr_array_add (v, (char *) value);
          g_ptr_array_add (m, cg_mask_field_value (field, value));
        }
    }
  g_ptr_array_add (v, NULL);
  g_ptr_array_add (m, NULL);
  return cg_mask_text (text, (const char *const *) v->pdata, (const char *const *) m->pdata);
}
