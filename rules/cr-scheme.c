/* cr-scheme.c: loading a scheme file.
 *
 * Everything the scheme says is read here from its key file; a mistake is
 * refused with the file, the line and what is wrong.  The file's own header
 * comment documents the format for the people who edit it. */
#include "cr-scheme-private.h"
#include "cr-text.h"

#include <string.h>

G_DEFINE_QUARK (claimrules-error-quark, cr_error)

static const char *const field_type_names[] = {
  [CR_FIELD_TEXT] = "text",
  [CR_FIELD_INTEGER] = "integer",
  [CR_FIELD_CHOICE] = "choice",
  [CR_FIELD_BOOLEAN] = "boolean",
  [CR_FIELD_LIST] = "list",
  [CR_FIELD_DATE] = "date",
  [CR_FIELD_MONEY] = "money",
  [CR_FIELD_CN_RESIDENT_ID] = "cn-resident-id",
  [CR_FIELD_CN_MOBILE] = "cn-mobile",
  [CR_FIELD_BANK_CARD] = "bank-card",
};

const char *
cr_field_type_to_string (CrFieldType type)
{
  g_return_val_if_fail (type <= CR_FIELD_BANK_CARD, NULL);
  return field_type_names[type];
}

static gboolean
field_type_from_string (const char *s, CrFieldType *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_type_names); i++)
    if (g_str_equal (s, field_type_names[i]))
      {
        *out = (CrFieldType) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- freeing ---- */

static void
text_list_free (CrTextList list, guint n)
{
  if (list == NULL)
    return;
  for (guint i = 0; i < n; i++)
    g_strfreev (list[i]);
  g_free (list);
}

static void
condition_clear (CrCondition *c)
{
  g_clear_pointer (&c->clauses, g_free);
  c->n_clauses = 0;
}

static void
scheme_free (CrScheme *s)
{
  for (guint i = 0; s->fields != NULL && i < s->fields->len; i++)
    {
      CrField *f = g_ptr_array_index (s->fields, i);
      for (guint j = 0; f->choices != NULL && j < f->choices->len; j++)
        {
          CrChoice *c = g_ptr_array_index (f->choices, j);
          g_free (c->id);
          g_strfreev (c->label);
          text_list_free (c->synonyms, s->n_langs);
          g_free (c);
        }
      g_clear_pointer (&f->choices, g_ptr_array_unref);
      g_clear_pointer (&f->choice_by_text, g_hash_table_unref);
      g_free (f->name);
      g_strfreev (f->label);
      g_strfreev (f->prompt);
      text_list_free (f->synonyms, s->n_langs);
      g_free (f);
    }
  for (guint i = 0; i < G_N_ELEMENTS (s->formats); i++)
    {
      g_strfreev (s->formats[i].message);
      g_strfreev (s->formats[i].checksum_message);
    }
  for (guint i = 0; s->checks != NULL && i < s->checks->len; i++)
    {
      CrCheck *c = g_ptr_array_index (s->checks, i);
      g_free (c->id);
      g_strfreev (c->prefixes);
      condition_clear (&c->when);
      g_strfreev (c->message);
      g_free (c);
    }
  for (guint i = 0; s->needs != NULL && i < s->needs->len; i++)
    {
      CrNeed *n = g_ptr_array_index (s->needs, i);
      g_free (n->id);
      condition_clear (&n->when);
      g_free (n);
    }
  for (guint i = 0; s->benefits != NULL && i < s->benefits->len; i++)
    {
      CrBenefit *b = g_ptr_array_index (s->benefits, i);
      g_free (b->id);
      condition_clear (&b->when);
      g_strfreev (b->name);
      g_free (b->choice_fen);
      g_free (b->shares);
      g_free (b);
    }
  g_clear_pointer (&s->fields, g_ptr_array_unref);
  g_clear_pointer (&s->checks, g_ptr_array_unref);
  g_clear_pointer (&s->needs, g_ptr_array_unref);
  g_clear_pointer (&s->benefits, g_ptr_array_unref);
  g_clear_pointer (&s->steps, g_ptr_array_unref);
  g_clear_pointer (&s->field_by_name, g_hash_table_unref);
  g_free (s->documents_field_name);
  g_strfreev (s->langs);
  g_strfreev (s->name);
  g_strfreev (s->help);
  g_free (s->id);
  g_free (s->path);
  g_free (s->calendar_dir);
  g_free (s);
}

CrScheme *
cr_scheme_ref (CrScheme *scheme)
{
  g_return_val_if_fail (scheme != NULL, NULL);
  g_atomic_int_inc (&scheme->ref_count);
  return scheme;
}

void
cr_scheme_unref (CrScheme *scheme)
{
  if (scheme != NULL && g_atomic_int_dec_and_test (&scheme->ref_count))
    scheme_free (scheme);
}

/* ---- small parsers shared with the check kinds ---- */

gboolean
cr_is_identifier (const char *s)
{
  if (s == NULL || !(g_ascii_isalnum (*s)))
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '_' && *s != '-')
      return FALSE;
  return TRUE;
}

gboolean
cr_scheme_parse_field_ref (CrScheme *scheme, CrKeyFile *kf, const char *group,
                           const char *key, gboolean required, int *out, GError **error)
{
  g_autofree char *name = NULL;
  CrField *f;

  *out = -1;
  if (!cr_key_file_get_string (kf, group, key, required, &name, error))
    return FALSE;
  if (name == NULL)
    return TRUE;
  f = g_hash_table_lookup (scheme->field_by_name, name);
  if (f == NULL)
    return cr_key_file_fail (kf, error, group, key,
                             "no field is called “%s” (a [Field %s] group must come first)",
                             name, name);
  *out = (int) f->index;
  return TRUE;
}

gboolean
cr_scheme_parse_choice_mask (CrScheme *scheme, CrKeyFile *kf, const char *group,
                             const char *key, const CrField *field,
                             const char *const *values, guint64 *mask, GError **error)
{
  *mask = 0;
  if (field->choices == NULL)
    return cr_key_file_fail (kf, error, group, key,
                             "the field %s has no choices to compare with", field->name);
  for (guint i = 0; values[i] != NULL; i++)
    {
      guint j;
      for (j = 0; j < field->choices->len; j++)
        if (g_str_equal (((CrChoice *) g_ptr_array_index (field->choices, j))->id, values[i]))
          break;
      if (j == field->choices->len)
        return cr_key_file_fail (kf, error, group, key,
                                 "“%s” is not one of the choices of %s", values[i],
                                 field->name);
      *mask |= G_GUINT64_CONSTANT (1) << j;
    }
  return TRUE;
}

/* When=field=a|b;other=c */
gboolean
cr_scheme_parse_condition (CrScheme *scheme, CrKeyFile *kf, const char *group,
                           CrCondition *cond, GError **error)
{
  g_auto(GStrv) clauses = NULL;

  if (!cr_key_file_get_list (kf, group, "When", FALSE, &clauses, error))
    return FALSE;
  if (clauses == NULL)
    return TRUE;
  cond->n_clauses = g_strv_length (clauses);
  cond->clauses = g_new0 (CrClause, cond->n_clauses);
  for (guint i = 0; clauses[i] != NULL; i++)
    {
      char *eq = strchr (clauses[i], '=');
      if (eq == NULL)
        return cr_key_file_fail (kf, error, group, "When",
                                 "“%s” should read field=value or field=value|value",
                                 clauses[i]);
      *eq = '\0';
      g_autofree char *name = g_strstrip (g_strdup (clauses[i]));
      g_auto(GStrv) values = g_strsplit (eq + 1, "|", -1);
      for (guint j = 0; values[j] != NULL; j++)
        g_strstrip (values[j]);
      CrField *f = g_hash_table_lookup (scheme->field_by_name, name);
      if (f == NULL)
        return cr_key_file_fail (kf, error, group, "When", "no field is called “%s”", name);
      if (f->type != CR_FIELD_CHOICE)
        return cr_key_file_fail (kf, error, group, "When",
                                 "%s is not a choice field; conditions compare choices", name);
      cond->clauses[i].field = f->index;
      if (!cr_scheme_parse_choice_mask (scheme, kf, group, "When", f,
                                        (const char *const *) values, &cond->clauses[i].mask,
                                        error))
        return FALSE;
    }
  return TRUE;
}

/* Synonyms=a;b and Synonyms[zh_CN]=c;d, each optional. */
static gboolean
parse_synonyms (CrScheme *scheme, CrKeyFile *kf, const char *group, CrTextList *out,
                GError **error)
{
  CrTextList list = g_new0 (char **, scheme->n_langs);

  for (guint i = 0; i < scheme->n_langs; i++)
    {
      g_autofree char *k = i == 0 ? g_strdup ("Synonyms")
                                  : g_strdup_printf ("Synonyms[%s]", scheme->langs[i]);
      if (!cr_key_file_get_list (kf, group, k, FALSE, &list[i], error))
        {
          text_list_free (list, scheme->n_langs);
          return FALSE;
        }
      if (list[i] == NULL)
        list[i] = g_new0 (char *, 1);
    }
  *out = list;
  return TRUE;
}

static gboolean
parse_text (CrScheme *scheme, CrKeyFile *kf, const char *group, const char *key,
            gboolean required, CrText *out, GError **error)
{
  return cr_key_file_get_localized (kf, group, key, (const char *const *) scheme->langs,
                                    required, out, error);
}

/* ---- the groups ---- */

static gboolean
parse_scheme_group (CrScheme *s, CrKeyFile *kf, GError **error)
{
  static const char *const keys[] = { "Id", "Languages", "Calendars", "DocumentsField",
                                      "Source", NULL };
  static const char *const texts[] = { "Name", "Description", "Help", NULL };
  g_auto(GStrv) langs = NULL;
  g_autofree char *calendars = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) description = NULL;

  if (!g_key_file_has_group (cr_key_file_get_key_file (kf), "Scheme"))
    return cr_key_file_fail (kf, error, NULL, NULL, "the [Scheme] group is missing");
  if (!cr_key_file_get_string (kf, "Scheme", "Id", TRUE, &s->id, error) ||
      !cr_key_file_get_list (kf, "Scheme", "Languages", TRUE, &langs, error))
    return FALSE;
  if (!cr_is_identifier (s->id))
    return cr_key_file_fail (kf, error, "Scheme", "Id",
                             "use letters, digits, - and _ only");
  if (!g_strv_contains ((const char *const *) langs, "en"))
    return cr_key_file_fail (kf, error, "Scheme", "Languages",
                             "list en: the untranslated texts are English");
  g_strv_builder_add (b, "en");
  for (guint i = 0; langs[i] != NULL; i++)
    if (!g_str_equal (langs[i], "en"))
      g_strv_builder_add (b, langs[i]);
  s->langs = g_strv_builder_end (b);
  s->n_langs = g_strv_length (s->langs);

  if (!cr_key_file_check_keys (kf, "Scheme", keys, texts, (const char *const *) s->langs,
                               error) ||
      !parse_text (s, kf, "Scheme", "Name", TRUE, &s->name, error) ||
      !parse_text (s, kf, "Scheme", "Description", FALSE, &description, error) ||
      !parse_text (s, kf, "Scheme", "Help", FALSE, &s->help, error) ||
      !cr_key_file_get_string (kf, "Scheme", "Calendars", FALSE, &calendars, error) ||
      !cr_key_file_get_string (kf, "Scheme", "DocumentsField", FALSE, &s->documents_field_name,
                               error))
    return FALSE;

  if (calendars != NULL)
    {
      if (g_path_is_absolute (calendars) || s->path == NULL)
        s->calendar_dir = g_steal_pointer (&calendars);
      else
        {
          g_autofree char *dir = g_path_get_dirname (s->path);
          s->calendar_dir = g_build_filename (dir, calendars, NULL);
        }
    }
  return TRUE;
}

static gboolean
parse_field (CrScheme *s, CrKeyFile *kf, const char *group, const char *name, GError **error)
{
  static const char *const keys[] = { "Type", "Choices", "Items", "Min", "Max", "Personal", NULL };
  static const char *const texts[] = { "Label", "Prompt", "Synonyms", NULL };
  g_autofree char *type = NULL, *personal = NULL;
  CrField *f;

  if (!cr_is_identifier (name))
    return cr_key_file_fail (kf, error, group, NULL,
                             "a field name uses letters, digits, - and _ only");
  if (g_hash_table_contains (s->field_by_name, name))
    return cr_key_file_fail (kf, error, group, NULL, "the field %s is defined twice", name);

  f = g_new0 (CrField, 1);
  f->name = g_strdup (name);
  f->langs = s->langs;
  f->index = s->fields->len;
  f->min = G_MININT64;
  f->max = G_MAXINT64;
  g_ptr_array_add (s->fields, f);
  g_hash_table_insert (s->field_by_name, f->name, f);

  if (!cr_key_file_check_keys (kf, group, keys, texts, (const char *const *) s->langs, error) ||
      !cr_key_file_get_string (kf, group, "Type", TRUE, &type, error))
    return FALSE;
  if (!field_type_from_string (type, &f->type))
    return cr_key_file_fail (kf, error, group, "Type",
                             "“%s” is not a field type (text, integer, choice, boolean, list, "
                             "date, money, cn-resident-id, cn-mobile, bank-card)", type);
  if (!cr_key_file_get_string (kf, group, "Personal", FALSE, &personal, error))
    return FALSE;
  if (personal != NULL)
    {
      if (f->type == CR_FIELD_CN_RESIDENT_ID || f->type == CR_FIELD_CN_MOBILE ||
          f->type == CR_FIELD_BANK_CARD)
        return cr_key_file_fail (kf, error, group, "Personal",
                                 "a %s field is personal by its type: leave Personal out", type);
      if (g_str_equal (personal, "name"))
        f->personal = CR_PERSONAL_NAME;
      else if (g_str_equal (personal, "other"))
        f->personal = CR_PERSONAL_OTHER;
      else
        return cr_key_file_fail (kf, error, group, "Personal",
                                 "“%s” is not name or other", personal);
    }
  if (!parse_text (s, kf, group, "Label", TRUE, &f->label, error) ||
      !parse_text (s, kf, group, "Prompt", TRUE, &f->prompt, error) ||
      !parse_synonyms (s, kf, group, &f->synonyms, error))
    return FALSE;

  if (f->type == CR_FIELD_LIST)
    {
      g_autofree char *items = NULL;
      if (!cr_key_file_get_string (kf, group, "Items", TRUE, &items, error))
        return FALSE;
      if (g_str_equal (items, "integer"))
        f->item_type = CR_FIELD_INTEGER;
      else if (g_str_equal (items, "choice"))
        f->item_type = CR_FIELD_CHOICE;
      else
        return cr_key_file_fail (kf, error, group, "Items",
                                 "a list holds integer or choice items, not “%s”", items);
    }
  else if (g_key_file_has_key (cr_key_file_get_key_file (kf), group, "Items", NULL))
    return cr_key_file_fail (kf, error, group, "Items", "only a list takes Items");

  gboolean has_choices = f->type == CR_FIELD_CHOICE ||
                         (f->type == CR_FIELD_LIST && f->item_type == CR_FIELD_CHOICE);
  gboolean has_range = f->type == CR_FIELD_INTEGER ||
                       (f->type == CR_FIELD_LIST && f->item_type == CR_FIELD_INTEGER);
  if (has_choices)
    {
      g_auto(GStrv) ids = NULL;
      if (!cr_key_file_get_list (kf, group, "Choices", TRUE, &ids, error))
        return FALSE;
      if (g_strv_length (ids) > CR_MAX_CHOICES)
        return cr_key_file_fail (kf, error, group, "Choices", "more than %d choices",
                                 CR_MAX_CHOICES);
      f->choices = g_ptr_array_new ();
      for (guint i = 0; ids[i] != NULL; i++)
        {
          if (!cr_is_identifier (ids[i]))
            return cr_key_file_fail (kf, error, group, "Choices",
                                     "“%s”: a choice uses letters, digits, - and _ only", ids[i]);
          for (guint j = 0; j < i; j++)
            if (g_str_equal (ids[i], ids[j]))
              return cr_key_file_fail (kf, error, group, "Choices", "“%s” is listed twice",
                                       ids[i]);
          CrChoice *c = g_new0 (CrChoice, 1);
          c->id = g_strdup (ids[i]);
          g_ptr_array_add (f->choices, c);
        }
    }
  else if (g_key_file_has_key (cr_key_file_get_key_file (kf), group, "Choices", NULL))
    return cr_key_file_fail (kf, error, group, "Choices", "only a choice field takes Choices");

  if (has_range)
    {
      if (!cr_key_file_get_int (kf, group, "Min", FALSE, G_MININT32, G_MAXINT32, &f->min, error) ||
          !cr_key_file_get_int (kf, group, "Max", FALSE, G_MININT32, G_MAXINT32, &f->max, error))
        return FALSE;
      if (f->min > f->max)
        return cr_key_file_fail (kf, error, group, "Max", "Max is below Min");
    }
  else if (g_key_file_has_key (cr_key_file_get_key_file (kf), group, "Min", NULL) ||
           g_key_file_has_key (cr_key_file_get_key_file (kf), group, "Max", NULL))
    return cr_key_file_fail (kf, error, group, NULL, "only integers take Min and Max");
  return TRUE;
}

/* [Choice field=value] */
static gboolean
parse_choice (CrScheme *s, CrKeyFile *kf, const char *group, const char *ref, GError **error)
{
  static const char *const texts[] = { "Label", "Synonyms", NULL };
  const char *eq = strchr (ref, '=');
  g_autofree char *fname = eq != NULL ? g_strndup (ref, (gsize) (eq - ref)) : NULL;
  CrField *f = fname != NULL ? g_hash_table_lookup (s->field_by_name, fname) : NULL;
  CrChoice *c = NULL;

  if (eq == NULL)
    return cr_key_file_fail (kf, error, group, NULL, "name it [Choice field=value]");
  if (f == NULL || f->choices == NULL)
    return cr_key_file_fail (kf, error, group, NULL,
                             "no choice field is called “%s” (its [Field] group must come first)",
                             fname);
  for (guint i = 0; i < f->choices->len; i++)
    if (g_str_equal (((CrChoice *) g_ptr_array_index (f->choices, i))->id, eq + 1))
      c = g_ptr_array_index (f->choices, i);
  if (c == NULL)
    return cr_key_file_fail (kf, error, group, NULL, "“%s” is not among the Choices of %s",
                             eq + 1, fname);
  if (c->label != NULL)
    return cr_key_file_fail (kf, error, group, NULL, "this choice is described twice");
  return cr_key_file_check_keys (kf, group, NULL, texts, (const char *const *) s->langs, error) &&
         parse_text (s, kf, group, "Label", TRUE, &c->label, error) &&
         parse_synonyms (s, kf, group, &c->synonyms, error);
}

static gboolean
parse_format (CrScheme *s, CrKeyFile *kf, const char *group, const char *type_name,
              GError **error)
{
  static const char *const keys[] = { "ChecksumSeverity", NULL };
  static const char *const texts[] = { "Message", "ChecksumMessage", NULL };
  g_autofree char *sev = NULL;
  CrFieldType type;
  CrFormat *fmt;

  if (!field_type_from_string (type_name, &type) || type == CR_FIELD_TEXT)
    return cr_key_file_fail (kf, error, group, NULL,
                             "“%s” is not a field type with a format", type_name);
  fmt = &s->formats[type];
  fmt->present = TRUE;
  if (!cr_key_file_check_keys (kf, group, keys, texts, (const char *const *) s->langs, error) ||
      !parse_text (s, kf, group, "Message", TRUE, &fmt->message, error))
    return FALSE;

  gboolean has_checksum = type == CR_FIELD_CN_RESIDENT_ID || type == CR_FIELD_BANK_CARD;
  if (!parse_text (s, kf, group, "ChecksumMessage", has_checksum, &fmt->checksum_message, error))
    return FALSE;
  if (!has_checksum && fmt->checksum_message != NULL)
    return cr_key_file_fail (kf, error, group, "ChecksumMessage",
                             "only cn-resident-id and bank-card have a check digit");
  if (!cr_key_file_get_string (kf, group, "ChecksumSeverity", FALSE, &sev, error))
    return FALSE;
  fmt->checksum_severity = CR_SEVERITY_ERROR;
  if (sev != NULL && g_str_equal (sev, "warning"))
    fmt->checksum_severity = CR_SEVERITY_WARNING;
  else if (sev != NULL && !g_str_equal (sev, "error"))
    return cr_key_file_fail (kf, error, group, "ChecksumSeverity",
                             "“%s” is neither error nor warning", sev);
  return TRUE;
}

static gboolean
parse_check (CrScheme *s, CrKeyFile *kf, const char *group, const char *id, GError **error)
{
  static const char *const common[] = { "Kind", "Field", "When", "Severity", "Role",
                                        "NoBenefit", "Clause", NULL };
  static const char *const texts[] = { "Message", NULL };
  g_autofree char *kind = NULL, *sev = NULL, *role = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) allowed = NULL;
  CrCheck *c = g_new0 (CrCheck, 1);
  int field;

  c->id = g_strdup (id);
  c->other = -1;
  g_ptr_array_add (s->checks, c);

  if (!cr_key_file_get_string (kf, group, "Kind", TRUE, &kind, error))
    return FALSE;
  c->kind = cr_check_kind_lookup (kind);
  if (c->kind == NULL)
    return cr_key_file_fail (kf, error, group, "Kind",
                             "“%s” is not a kind of check (required, required-if, one-of, "
                             "not-one-of, date-order, not-in-future, within-days, min-age, "
                             "covered-from, id-region)", kind);
  g_strv_builder_addv (b, (const char **) common);
  g_strv_builder_addv (b, (const char **) cr_check_kind_keys (c->kind));
  allowed = g_strv_builder_end (b);

  if (!cr_key_file_check_keys (kf, group, (const char *const *) allowed, texts,
                               (const char *const *) s->langs, error) ||
      !cr_scheme_parse_field_ref (s, kf, group, "Field", TRUE, &field, error) ||
      !cr_scheme_parse_condition (s, kf, group, &c->when, error) ||
      !cr_key_file_get_string (kf, group, "Severity", FALSE, &sev, error) ||
      !cr_key_file_get_string (kf, group, "Role", FALSE, &role, error) ||
      !cr_key_file_get_bool (kf, group, "NoBenefit", FALSE, &c->no_benefit, error) ||
      !parse_text (s, kf, group, "Message", TRUE, &c->message, error))
    return FALSE;
  c->field = (guint) field;

  c->severity = CR_SEVERITY_ERROR;
  if (sev != NULL && g_str_equal (sev, "warning"))
    c->severity = CR_SEVERITY_WARNING;
  else if (sev != NULL && !g_str_equal (sev, "error"))
    return cr_key_file_fail (kf, error, group, "Severity", "“%s” is neither error nor warning",
                             sev);
  if (role != NULL && g_str_equal (role, "eligibility"))
    c->eligibility = TRUE;
  else if (role != NULL && !g_str_equal (role, "problem"))
    return cr_key_file_fail (kf, error, group, "Role", "“%s” is neither problem nor eligibility",
                             role);
  if (c->eligibility && sev != NULL)
    return cr_key_file_fail (kf, error, group, "Severity",
                             "an eligibility check says who is covered; it has no severity");

  return cr_check_kind_parse (c->kind, s, kf, group, c, error);
}

static gboolean
parse_need (CrScheme *s, CrKeyFile *kf, const char *group, const char *id, GError **error)
{
  static const char *const keys[] = { "When", "Documents", "Clause", NULL };
  g_auto(GStrv) docs = NULL;
  CrNeed *n = g_new0 (CrNeed, 1);
  CrField *df;

  n->id = g_strdup (id);
  g_ptr_array_add (s->needs, n);
  if (s->documents_field_name == NULL)
    return cr_key_file_fail (kf, error, group, NULL,
                             "say in [Scheme] DocumentsField= which field lists the papers");
  df = g_hash_table_lookup (s->field_by_name, s->documents_field_name);
  if (df == NULL || df->type != CR_FIELD_LIST || df->item_type != CR_FIELD_CHOICE)
    return cr_key_file_fail (kf, error, "Scheme", "DocumentsField",
                             "“%s” must name a list-of-choices field defined before the "
                             "[Need] groups", s->documents_field_name);
  s->documents_field = (int) df->index;
  if (!cr_key_file_check_keys (kf, group, keys, NULL, NULL, error) ||
      !cr_scheme_parse_condition (s, kf, group, &n->when, error) ||
      !cr_key_file_get_list (kf, group, "Documents", TRUE, &docs, error))
    return FALSE;
  return cr_scheme_parse_choice_mask (s, kf, group, "Documents", df, (const char *const *) docs,
                                      &n->documents, error);
}

static gboolean
parse_money_key (CrKeyFile *kf, const char *group, const char *key, gboolean required,
                 gint64 *out, GError **error)
{
  g_autofree char *v = NULL;

  if (!cr_key_file_get_string (kf, group, key, required, &v, error))
    return FALSE;
  if (v != NULL && !cr_parse_money (v, out))
    return cr_key_file_fail (kf, error, group, key, "“%s” is not an amount of money", v);
  return TRUE;
}

static gboolean
field_is (CrScheme *s, CrKeyFile *kf, const char *group, const char *key, int field,
          CrFieldType type, CrFieldType item_type, GError **error)
{
  const CrField *f = g_ptr_array_index (s->fields, field);
  if (f->type != type || (type == CR_FIELD_LIST && f->item_type != item_type))
    return cr_key_file_fail (kf, error, group, key, "%s must be a %s field", f->name,
                             type == CR_FIELD_LIST ? "list of integers"
                                                   : cr_field_type_to_string (type));
  return TRUE;
}

static gboolean
parse_benefit (CrScheme *s, CrKeyFile *kf, const char *group, const char *id, GError **error)
{
  static const char *const keys[] = {
    "Rule", "When", "Clause", "Amount", "Field", "Amounts", "Base", "Shares", "Several",
    "PerDay", "From", "To", "UsedDaysField", "MinDays", "MaxDaysPerStay", "MaxDaysPerYear", NULL
  };
  static const char *const texts[] = { "Name", NULL };
  static const char *const per_rule[][8] = {
    [CR_RULE_FIXED] = { "Amount", NULL },
    [CR_RULE_BY_CHOICE] = { "Field", "Amounts", NULL },
    [CR_RULE_GRADE_SHARE] = { "Field", "Base", "Shares", "Several", NULL },
    [CR_RULE_PER_DAY] = { "PerDay", "From", "To", "UsedDaysField", "MinDays",
                          "MaxDaysPerStay", "MaxDaysPerYear", NULL },
  };
  g_autofree char *rule = NULL;
  CrBenefit *b = g_new0 (CrBenefit, 1);

  b->id = g_strdup (id);
  b->field = b->from = b->to = b->used = -1;
  g_ptr_array_add (s->benefits, b);

  if (!cr_key_file_check_keys (kf, group, keys, texts, (const char *const *) s->langs, error) ||
      !cr_key_file_get_string (kf, group, "Rule", TRUE, &rule, error) ||
      !cr_scheme_parse_condition (s, kf, group, &b->when, error) ||
      !parse_text (s, kf, group, "Name", TRUE, &b->name, error))
    return FALSE;
  if (g_str_equal (rule, "fixed"))
    b->rule = CR_RULE_FIXED;
  else if (g_str_equal (rule, "by-choice"))
    b->rule = CR_RULE_BY_CHOICE;
  else if (g_str_equal (rule, "grade-share"))
    b->rule = CR_RULE_GRADE_SHARE;
  else if (g_str_equal (rule, "per-day"))
    b->rule = CR_RULE_PER_DAY;
  else
    return cr_key_file_fail (kf, error, group, "Rule",
                             "“%s” is not a rule (fixed, by-choice, grade-share, per-day)", rule);

  /* Keys of another rule are a mistake, not something to ignore. */
  for (guint i = 3; keys[i] != NULL; i++)
    if (g_key_file_has_key (cr_key_file_get_key_file (kf), group, keys[i], NULL) &&
        !g_strv_contains (per_rule[b->rule], keys[i]))
      return cr_key_file_fail (kf, error, group, keys[i], "the %s rule does not take this key",
                               rule);

  switch (b->rule)
    {
    case CR_RULE_FIXED:
      return parse_money_key (kf, group, "Amount", TRUE, &b->amount_fen, error);

    case CR_RULE_BY_CHOICE:
      {
        g_auto(GStrv) pairs = NULL;
        const CrField *f;
        if (!cr_scheme_parse_field_ref (s, kf, group, "Field", TRUE, &b->field, error) ||
            !field_is (s, kf, group, "Field", b->field, CR_FIELD_CHOICE, 0, error) ||
            !cr_key_file_get_list (kf, group, "Amounts", TRUE, &pairs, error))
          return FALSE;
        f = g_ptr_array_index (s->fields, b->field);
        b->choice_fen = g_new (gint64, f->choices->len);
        for (guint i = 0; i < f->choices->len; i++)
          b->choice_fen[i] = -1;
        for (guint i = 0; pairs[i] != NULL; i++)
          {
            char *colon = strchr (pairs[i], ':');
            int k;
            if (colon == NULL)
              return cr_key_file_fail (kf, error, group, "Amounts",
                                       "“%s” should read choice:amount", pairs[i]);
            *colon = '\0';
            g_strstrip (pairs[i]);
            k = -1;
            for (guint j = 0; j < f->choices->len && k < 0; j++)
              if (g_str_equal (((CrChoice *) g_ptr_array_index (f->choices, j))->id, pairs[i]))
                k = (int) j;
            if (k < 0)
              return cr_key_file_fail (kf, error, group, "Amounts",
                                       "“%s” is not one of the choices of %s", pairs[i], f->name);
            if (!cr_parse_money (colon + 1, &b->choice_fen[k]))
              return cr_key_file_fail (kf, error, group, "Amounts",
                                       "“%s” is not an amount of money", colon + 1);
          }
        return TRUE;
      }

    case CR_RULE_GRADE_SHARE:
      {
        g_auto(GStrv) shares = NULL;
        g_autofree char *several = NULL;
        if (!cr_scheme_parse_field_ref (s, kf, group, "Field", TRUE, &b->field, error) ||
            !field_is (s, kf, group, "Field", b->field, CR_FIELD_LIST, CR_FIELD_INTEGER, error) ||
            !parse_money_key (kf, group, "Base", TRUE, &b->amount_fen, error) ||
            !cr_key_file_get_list (kf, group, "Shares", TRUE, &shares, error) ||
            !cr_key_file_get_string (kf, group, "Several", TRUE, &several, error))
          return FALSE;
        b->n_shares = g_strv_length (shares);
        b->shares = g_new0 (gint64, b->n_shares);
        for (guint i = 0; i < b->n_shares; i++)
          if (!g_ascii_string_to_signed (shares[i], 10, 0, 100, &b->shares[i], NULL))
            return cr_key_file_fail (kf, error, group, "Shares",
                                     "“%s” is not a percentage from 0 to 100", shares[i]);
        const CrField *f = g_ptr_array_index (s->fields, b->field);
        if (f->min != 1 || f->max != (gint64) b->n_shares)
          return cr_key_file_fail (kf, error, group, "Shares",
                                   "give one share per grade: %s takes grades from Min=1 to "
                                   "Max=%u", f->name, b->n_shares);
        if (g_str_equal (several, "most-severe"))
          b->several = CR_SEVERAL_MOST_SEVERE;
        else if (g_str_equal (several, "raise-one-grade"))
          b->several = CR_SEVERAL_RAISE_ONE_GRADE;
        else
          return cr_key_file_fail (kf, error, group, "Several",
                                   "“%s” is neither most-severe nor raise-one-grade", several);
        return TRUE;
      }

    case CR_RULE_PER_DAY:
      b->min_days = 0;
      b->max_days_per_stay = b->max_days_per_year = G_MAXINT32;
      if (!parse_money_key (kf, group, "PerDay", TRUE, &b->per_day_fen, error) ||
          !cr_scheme_parse_field_ref (s, kf, group, "From", TRUE, &b->from, error) ||
          !field_is (s, kf, group, "From", b->from, CR_FIELD_DATE, 0, error) ||
          !cr_scheme_parse_field_ref (s, kf, group, "To", TRUE, &b->to, error) ||
          !field_is (s, kf, group, "To", b->to, CR_FIELD_DATE, 0, error) ||
          !cr_scheme_parse_field_ref (s, kf, group, "UsedDaysField", FALSE, &b->used, error) ||
          (b->used >= 0 &&
           !field_is (s, kf, group, "UsedDaysField", b->used, CR_FIELD_INTEGER, 0, error)) ||
          !cr_key_file_get_int (kf, group, "MinDays", FALSE, 0, 366, &b->min_days, error) ||
          !cr_key_file_get_int (kf, group, "MaxDaysPerStay", FALSE, 1, G_MAXINT32,
                                &b->max_days_per_stay, error) ||
          !cr_key_file_get_int (kf, group, "MaxDaysPerYear", FALSE, 1, G_MAXINT32,
                                &b->max_days_per_year, error))
        return FALSE;
      return TRUE;
    }
  g_assert_not_reached ();
}

static gboolean
parse_service (CrScheme *s, CrKeyFile *kf, GError **error)
{
  static const char *const keys[] = { "ReviewWorkingDays", "PayWorkingDaysSmall",
                                      "PayWorkingDaysLarge", "SmallPaymentBelow",
                                      "CompleteDateField", "Clause", NULL };
  const char *g = "Service";

  if (!g_key_file_has_group (cr_key_file_get_key_file (kf), g))
    return cr_key_file_fail (kf, error, NULL, NULL, "the [Service] group is missing");
  if (!cr_key_file_check_keys (kf, g, keys, NULL, NULL, error) ||
      !cr_key_file_get_int (kf, g, "ReviewWorkingDays", TRUE, 0, 366, &s->review_days, error) ||
      !cr_key_file_get_int (kf, g, "PayWorkingDaysSmall", TRUE, 0, 366, &s->pay_days_small, error) ||
      !cr_key_file_get_int (kf, g, "PayWorkingDaysLarge", TRUE, 0, 366, &s->pay_days_large, error) ||
      !parse_money_key (kf, g, "SmallPaymentBelow", TRUE, &s->small_below_fen, error) ||
      !cr_scheme_parse_field_ref (s, kf, g, "CompleteDateField", FALSE, &s->complete_field, error))
    return FALSE;
  if (s->complete_field >= 0 &&
      !field_is (s, kf, g, "CompleteDateField", s->complete_field, CR_FIELD_DATE, 0, error))
    return FALSE;
  return TRUE;
}

/* @where: the key @text was written in, for the error's line ("Label[zh_CN]"…). */
static gboolean
add_choice_text (CrKeyFile *kf, CrField *f, guint index, const char *text, const char *where,
                 GError **error)
{
  g_autoptr(GString) key = g_string_new (NULL);
  gpointer had;

  if (!cr_choice_key (text, key) || key->len == 0)
    return TRUE;
  had = g_hash_table_lookup (f->choice_by_text, key->str);
  if (had != NULL && GPOINTER_TO_UINT (had) != index + 1)
    {
      const CrChoice *a = g_ptr_array_index (f->choices, GPOINTER_TO_UINT (had) - 1);
      const CrChoice *b = g_ptr_array_index (f->choices, index);
      g_autofree char *group = g_strdup_printf ("Choice %s=%s", f->name, b->id);
      return cr_key_file_fail (kf, error, group, where,
                               "“%s” would name both %s and %s: a person typing it could mean "
                               "either", text, a->id, b->id);
    }
  g_hash_table_insert (f->choice_by_text, g_string_free (g_steal_pointer (&key), FALSE),
                       GUINT_TO_POINTER (index + 1));
  return TRUE;
}

/* Every way to name a choice, folded once at load: its id, labels and synonyms. */
static gboolean
index_choices (CrScheme *s, CrKeyFile *kf, CrField *f, GError **error)
{
  f->choice_by_text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Ids first: they win over a label that happens to spell another id. */
  for (guint j = 0; j < f->choices->len; j++)
    if (!add_choice_text (kf, f, j, ((CrChoice *) g_ptr_array_index (f->choices, j))->id, NULL,
                          error))
      return FALSE;
  for (guint j = 0; j < f->choices->len; j++)
    {
      CrChoice *c = g_ptr_array_index (f->choices, j);
      for (guint l = 0; l < s->n_langs; l++)
        {
          g_autofree char *label_key = l == 0 ? g_strdup ("Label")
                                              : g_strdup_printf ("Label[%s]", s->langs[l]);
          g_autofree char *syn_key = l == 0 ? g_strdup ("Synonyms")
                                            : g_strdup_printf ("Synonyms[%s]", s->langs[l]);
          if (!add_choice_text (kf, f, j, c->label[l], label_key, error))
            return FALSE;
          for (guint k = 0; c->synonyms != NULL && c->synonyms[l][k] != NULL; k++)
            if (!add_choice_text (kf, f, j, c->synonyms[l][k], syn_key, error))
              return FALSE;
        }
    }
  return TRUE;
}

/* After every group: what only the whole file can say. */
static gboolean
check_whole (CrScheme *s, CrKeyFile *kf, GError **error)
{
  for (guint i = 0; i < s->fields->len; i++)
    {
      CrField *f = g_ptr_array_index (s->fields, i);
      g_autofree char *group = g_strdup_printf ("Field %s", f->name);
      CrFieldType t = f->type == CR_FIELD_LIST ? f->item_type : f->type;

      if (f->type != CR_FIELD_TEXT && !s->formats[f->type].present)
        return cr_key_file_fail (kf, error, group, "Type",
                                 "add a [Format %s] group: it says what to do when a %s "
                                 "cannot be read", cr_field_type_to_string (f->type),
                                 cr_field_type_to_string (f->type));
      if (t == CR_FIELD_CHOICE)
        for (guint j = 0; j < f->choices->len; j++)
          {
            CrChoice *c = g_ptr_array_index (f->choices, j);
            if (c->label == NULL)
              return cr_key_file_fail (kf, error, group, "Choices",
                                       "add a [Choice %s=%s] group with its labels", f->name,
                                       c->id);
          }
      if (t == CR_FIELD_CHOICE && !index_choices (s, kf, f, error))
        return FALSE;
    }
  if (s->fields->len == 0)
    return cr_key_file_fail (kf, error, NULL, NULL, "the scheme has no [Field …] groups");
  CrField *ct = g_hash_table_lookup (s->field_by_name, "claim_type");
  s->claim_type_field = ct != NULL && ct->type == CR_FIELD_CHOICE ? (int) ct->index : -1;

  if (s->documents_field_name != NULL && s->documents_field < 0)
    {
      CrField *df = g_hash_table_lookup (s->field_by_name, s->documents_field_name);
      if (df == NULL || df->type != CR_FIELD_LIST || df->item_type != CR_FIELD_CHOICE)
        return cr_key_file_fail (kf, error, "Scheme", "DocumentsField",
                                 "“%s” must name a list-of-choices field",
                                 s->documents_field_name);
      s->documents_field = (int) df->index;
    }
  return cr_scheme_check_steps (s, kf, error);
}

typedef gboolean (*GroupParser) (CrScheme *s, CrKeyFile *kf, const char *group,
                                 const char *rest, GError **error);

static const struct {
  const char *prefix;
  GroupParser parse;
} group_kinds[] = {
  { "Field", parse_field },
  { "Choice", parse_choice },
  { "Format", parse_format },
  { "Check", parse_check },
  { "Need", parse_need },
  { "Benefit", parse_benefit },
  { "Step", cr_scheme_parse_step },
};

CrScheme *
cr_scheme_new_from_data (const char *data, gsize len, const char *name, GError **error)
{
  g_autoptr(CrKeyFile) kf = cr_key_file_new_from_data (data, len, name, error);
  g_autoptr(CrScheme) s = NULL;
  g_auto(GStrv) groups = NULL;

  if (kf == NULL)
    return NULL;

  s = g_new0 (CrScheme, 1);
  s->ref_count = 1;
  s->path = name != NULL ? g_strdup (name) : NULL;
  s->fields = g_ptr_array_new ();
  s->checks = g_ptr_array_new ();
  s->needs = g_ptr_array_new ();
  s->benefits = g_ptr_array_new ();
  s->steps = g_ptr_array_new_with_free_func (cr_step_free);
  s->field_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  s->complete_field = -1;
  s->documents_field = -1;

  if (!parse_scheme_group (s, kf, error))
    return NULL;

  groups = g_key_file_get_groups (cr_key_file_get_key_file (kf), NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *g = groups[i];
      const char *space = strchr (g, ' ');
      gboolean known = g_str_equal (g, "Scheme") || g_str_equal (g, "Service");

      for (guint k = 0; !known && space != NULL && k < G_N_ELEMENTS (group_kinds); k++)
        {
          if (strlen (group_kinds[k].prefix) != (gsize) (space - g) ||
              strncmp (g, group_kinds[k].prefix, (gsize) (space - g)) != 0)
            continue;
          known = TRUE;
          if (!group_kinds[k].parse (s, kf, g, space + 1, error))
            return NULL;
        }
      if (!known)
        {
          cr_key_file_fail (kf, error, g, NULL,
                            "unknown group (use Scheme, Service, or Field, Choice, Format, "
                            "Check, Need, Benefit, Step followed by a name)");
          return NULL;
        }
    }
  if (!parse_service (s, kf, error) || !check_whole (s, kf, error))
    return NULL;
  return g_steal_pointer (&s);
}

CrScheme *
cr_scheme_new_from_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!cr_read_file (path, &data, &len, error))
    return NULL;
  return cr_scheme_new_from_data (data, len, path, error);
}

/* $CLAIMRULES_SCHEME_PATH's folders, then the installed schemes' folder. */
static GPtrArray *
scheme_dirs (void)
{
  const char *env = g_getenv ("CLAIMRULES_SCHEME_PATH");
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);

  if (env != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (env, ":", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          g_ptr_array_add (dirs, g_strdup (parts[i]));
    }
  g_ptr_array_add (dirs, g_strdup (CLAIMRULES_SCHEMEDIR));
  return dirs;
}

GStrv
cr_scheme_list_ids (void)
{
  g_autoptr(GPtrArray) dirs = scheme_dirs ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (g_ptr_array_index (dirs, i), 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".scheme") && name[0] != '.')
          {
            char *id = g_strndup (name, strlen (name) - strlen (".scheme"));
            if (g_hash_table_add (seen, id))
              g_strv_builder_add (ids, id);
          }
    }
  return g_strv_builder_end (ids);
}

CrScheme *
cr_scheme_load (const char *id_or_path, GError **error)
{
  g_autoptr(GPtrArray) dirs = NULL;

  if (strchr (id_or_path, '/') != NULL || g_str_has_suffix (id_or_path, ".scheme"))
    return cr_scheme_new_from_file (id_or_path, error);

  dirs = scheme_dirs ();

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *file = g_strconcat (id_or_path, ".scheme", NULL);
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), file, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return cr_scheme_new_from_file (path, error);
    }
  g_set_error (error, CR_ERROR, CR_ERROR_NOT_FOUND,
               "no scheme called “%s” (looked in $CLAIMRULES_SCHEME_PATH and %s)", id_or_path,
               CLAIMRULES_SCHEMEDIR);
  return NULL;
}

/* ---- accessors ---- */

guint
cr_scheme_lang_index (const CrScheme *scheme, const char *lang)
{
  return cr_lang_index ((const char *const *) scheme->langs, lang);
}

const char *
cr_scheme_get_id (const CrScheme *scheme)
{
  return scheme->id;
}

const char *
cr_scheme_get_name (const CrScheme *scheme, const char *lang)
{
  return scheme->name[cr_scheme_lang_index (scheme, lang)];
}

const char *
cr_scheme_get_help (const CrScheme *scheme, const char *lang)
{
  return scheme->help != NULL ? scheme->help[cr_scheme_lang_index (scheme, lang)] : NULL;
}

const char *const *
cr_scheme_get_languages (const CrScheme *scheme)
{
  return (const char *const *) scheme->langs;
}

guint
cr_scheme_get_n_fields (const CrScheme *scheme)
{
  return scheme->fields->len;
}

const CrField *
cr_scheme_get_field (const CrScheme *scheme, guint i)
{
  g_return_val_if_fail (i < scheme->fields->len, NULL);
  return g_ptr_array_index (scheme->fields, i);
}

const CrField *
cr_scheme_lookup_field (const CrScheme *scheme, const char *name)
{
  return g_hash_table_lookup (scheme->field_by_name, name);
}

const char *
cr_scheme_get_calendar_dir (const CrScheme *scheme)
{
  return scheme->calendar_dir;
}

const char *
cr_field_get_name (const CrField *field)
{
  return field->name;
}

CrFieldType
cr_field_get_field_type (const CrField *field)
{
  return field->type;
}

CrPersonal
cr_field_get_personal (const CrField *field)
{
  switch (field->type)
    {
    case CR_FIELD_CN_RESIDENT_ID:
      return CR_PERSONAL_ID;
    case CR_FIELD_CN_MOBILE:
      return CR_PERSONAL_MOBILE;
    case CR_FIELD_BANK_CARD:
      return CR_PERSONAL_BANK_CARD;
    default:
      return field->personal;
    }
}

/* zh_CN.UTF-8 and zh_CN@… match zh_CN; anything unknown falls back to English. */
guint
cr_lang_index (const char *const *langs, const char *lang)
{
  if (lang == NULL)
    return 0;
  for (guint i = 0; langs[i] != NULL; i++)
    if (g_str_equal (langs[i], lang))
      return i;
  gsize n = strcspn (lang, ".@");
  for (guint i = 0; langs[i] != NULL; i++)
    if (strlen (langs[i]) == n && strncmp (langs[i], lang, n) == 0)
      return i;
  return 0;
}

static guint
field_lang (const CrField *field, const char *lang)
{
  return cr_lang_index ((const char *const *) field->langs, lang);
}

const char *
cr_field_get_label (const CrField *field, const char *lang)
{
  return field->label[field_lang (field, lang)];
}

const char *
cr_field_get_prompt (const CrField *field, const char *lang)
{
  return field->prompt[field_lang (field, lang)];
}

const char *const *
cr_field_get_synonyms (const CrField *field, const char *lang)
{
  return (const char *const *) field->synonyms[field_lang (field, lang)];
}

const char *
cr_field_get_choice_label (const CrField *field, const char *id, const char *lang)
{
  for (guint i = 0; field->choices != NULL && i < field->choices->len; i++)
    {
      const CrChoice *c = g_ptr_array_index (field->choices, i);
      if (g_strcmp0 (c->id, id) == 0)
        return c->label[field_lang (field, lang)];
    }
  return NULL;
}
