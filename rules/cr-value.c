/* cr-value.c: a claim's fields parsed by their scheme types. */
#include "cr-value.h"
#include "cr-text.h"

#include <string.h>

gboolean
cr_choice_key (const char *text, GString *out)
{
  if (!cr_text_fold (text, out))
    return FALSE;
  for (gsize i = 0; i < out->len; i++)
    out->str[i] = g_ascii_tolower (out->str[i]);
  return TRUE;
}

char *
cr_text_key (const char *text)
{
  g_autoptr(GString) key = g_string_new (NULL);
  if (text == NULL || !cr_choice_key (text, key))
    return NULL;
  return g_string_free (g_steal_pointer (&key), FALSE);
}

const char *
cr_field_match_choice (const CrField *field, const char *typed)
{
  int i = cr_field_find_choice (field, typed);
  return i < 0 ? NULL : ((const CrChoice *) g_ptr_array_index (field->choices, i))->id;
}

int
cr_field_find_choice (const CrField *field, const char *typed)
{
  g_autoptr(GString) key = g_string_new (NULL);

  if (field->choice_by_text == NULL || typed == NULL || !cr_choice_key (typed, key))
    return -1;
  return GPOINTER_TO_INT (g_hash_table_lookup (field->choice_by_text, key->str)) - 1;
}

static gboolean
parse_integer (const char *typed, gint64 min, gint64 max, gint64 *out)
{
  g_autoptr(GString) s = g_string_new (NULL);
  gint64 v;

  /* "10天", "10 days" and "3级" are how people write counts and grades. */
  if (!cr_text_fold_compact (typed, ",", s))
    return FALSE;
  for (const char *const *u = (const char *const[]) { "天", "日", "级", "days", "day", NULL };
       *u != NULL; u++)
    if (g_str_has_suffix (s->str, *u) && s->len > strlen (*u))
      {
        g_string_truncate (s, s->len - strlen (*u));
        break;
      }
  if (s->len == 0 || s->len > 12 || strspn (s->str, "0123456789") != s->len)
    return FALSE;
  if (!g_ascii_string_to_signed (s->str, 10, min, max, &v, NULL))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_boolean (const char *typed, gboolean *out)
{
  static const char *const yes[] = { "yes", "y", "true", "1", "是", "有", "对", NULL };
  static const char *const no[] = { "no", "n", "false", "0", "否", "无", "没有", "不是", NULL };
  g_autoptr(GString) s = g_string_new (NULL);

  if (!cr_text_fold (typed, s))
    return FALSE;
  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (s->str, yes[i]) == 0)
      return (*out = TRUE, TRUE);
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (s->str, no[i]) == 0)
      return (*out = FALSE, TRUE);
  return FALSE;
}

/* Items are separated by ; , or 、 (after folding, ，and ； are ASCII); by
 * spaces only when there is none of those, so "3 5" is two grades while
 * "death certificate; expense list" is two papers with English names. */
static CrValueState
parse_list (const CrField *field, const char *typed, CrValue *v)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *seps;
  char *p, *item;

  if (!cr_text_fold (typed, s))
    return CR_VALUE_BAD_FORMAT;
  for (char *q; (q = strstr (s->str, "、")) != NULL;)
    {
      gssize at = q - s->str;
      g_string_erase (s, at, 3);
      g_string_insert_c (s, at, ';');
    }
  seps = strpbrk (s->str, ";,") != NULL ? ";," : " \t";
  p = s->str;
  while ((item = strsep (&p, seps)) != NULL)
    {
      g_strstrip (item);
      if (*item == '\0')
        continue;
      if (v->n_items >= CR_MAX_LIST_ITEMS)
        return CR_VALUE_BAD_FORMAT;
      if (field->item_type == CR_FIELD_INTEGER)
        {
          gint64 n;
          if (!parse_integer (item, field->min, field->max, &n))
            return CR_VALUE_BAD_FORMAT;
          v->items[v->n_items++] = (gint32) n;
        }
      else
        {
          int c = cr_field_find_choice (field, item);
          if (c < 0)
            return CR_VALUE_BAD_FORMAT;
          v->items[v->n_items++] = c;
          v->item_mask |= G_GUINT64_CONSTANT (1) << c;
        }
    }
  return v->n_items > 0 ? CR_VALUE_OK : CR_VALUE_ABSENT;
}

static gboolean
is_blank (const char *typed)
{
  for (const char *p = typed; *p; p++)
    if (!g_ascii_isspace (*p))
      {
        /* The ideographic space counts as blank too. */
        if (strncmp (p, "\u3000", 3) == 0)
          {
            p += 2;
            continue;
          }
        return FALSE;
      }
  return TRUE;
}

void
cr_value_parse (const CrField *field, const char *typed, CrValue *v)
{
  memset (v, 0, sizeof *v);
  if (typed == NULL || is_blank (typed))
    {
      v->state = CR_VALUE_ABSENT;
      return;
    }
  if (!g_utf8_validate (typed, -1, NULL))
    {
      v->state = CR_VALUE_BAD_FORMAT;
      return;
    }

  v->state = CR_VALUE_BAD_FORMAT;
  switch (field->type)
    {
    case CR_FIELD_TEXT:
      v->state = CR_VALUE_OK;
      break;
    case CR_FIELD_INTEGER:
      if (parse_integer (typed, field->min, field->max, &v->integer))
        v->state = CR_VALUE_OK;
      break;
    case CR_FIELD_CHOICE:
      {
        int c = cr_field_find_choice (field, typed);
        if (c >= 0)
          {
            v->choice = (guint) c;
            v->state = CR_VALUE_OK;
          }
      }
      break;
    case CR_FIELD_BOOLEAN:
      if (parse_boolean (typed, &v->boolean))
        v->state = CR_VALUE_OK;
      break;
    case CR_FIELD_LIST:
      v->state = parse_list (field, typed, v);
      break;
    case CR_FIELD_DATE:
      if (cr_parse_date (typed, &v->day))
        v->state = CR_VALUE_OK;
      break;
    case CR_FIELD_MONEY:
      if (cr_parse_money (typed, &v->integer))
        v->state = CR_VALUE_OK;
      break;
    case CR_FIELD_CN_RESIDENT_ID:
      {
        switch (cr_resident_id_check (typed, v->normal, &v->day))
          {
          case CR_ID_OK: v->state = CR_VALUE_OK; break;
          case CR_ID_BAD_CHECKSUM: v->state = CR_VALUE_BAD_CHECKSUM; break;
          case CR_ID_BAD_FORMAT: break;
          }
      }
      break;
    case CR_FIELD_CN_MOBILE:
      {
        if (cr_mobile_check (typed, v->normal))
          v->state = CR_VALUE_OK;
      }
      break;
    case CR_FIELD_BANK_CARD:
      {
        switch (cr_bank_card_check (typed, v->normal))
          {
          case CR_CARD_OK: v->state = CR_VALUE_OK; break;
          case CR_CARD_BAD_CHECKSUM: v->state = CR_VALUE_BAD_CHECKSUM; break;
          case CR_CARD_BAD_FORMAT: break;
          }
      }
      break;
    }
}
