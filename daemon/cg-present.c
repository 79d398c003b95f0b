/* cg-present.c: a control on a form, in words. */
#include "cg-present.h"

#include <string.h>

#include "cg-error.h"

/* Per kind, its words: 0 English, 1 Chinese (Cantonese speaks the Chinese
 * words). */
static const struct {
  const char *words[2];
} kinds[CG_N_KINDS] = {
  [CG_KIND_OTHER] = { { NULL, NULL } },
  [CG_KIND_TEXT] = { { "text box", "输入框" } },
  [CG_KIND_MULTILINE] = { { "text area", "多行输入框" } },
  [CG_KIND_PASSWORD] = { { "password", "密码框" } },
  [CG_KIND_NUMBER] = { { "number", "数字" } },
  [CG_KIND_DATE] = { { "date", "日期" } },
  [CG_KIND_CHOICE] = { { "choice list", "选择框" } },
  [CG_KIND_CHECK] = { { "tick box", "勾选框" } },
  [CG_KIND_RADIO] = { { "option", "单选项" } },
  [CG_KIND_BUTTON] = { { "button", "按钮" } },
  [CG_KIND_LINK] = { { "link", "链接" } },
};

typedef enum {
  W_SEP,        /* between parts */
  W_END,        /* after a sentence */
  W_REQUIRED,
  W_EMPTY,
  W_TICKED,
  W_NOT_TICKED,
  W_CHOSEN,
  W_NOT_CHOSEN,
  W_FIX,        /* before the app's error message */
  W_FIX_NO_MESSAGE,
  W_EXAMPLE,    /* before the placeholder */
  W_TYPED_CHARS, /* {n} characters typed in a password box */
  W_UNNAMED,
  W_PLUS,       /* between keys */
  W_N
} Word;

static const char *const words[W_N][2] = {
  [W_SEP] = { ", ", "，" },
  [W_END] = { ". ", "。" },
  [W_REQUIRED] = { "must be filled", "必填" },
  [W_EMPTY] = { "empty", "空白" },
  [W_TICKED] = { "ticked", "已勾选" },
  [W_NOT_TICKED] = { "not ticked", "没有勾选" },
  [W_CHOSEN] = { "chosen", "已选" },
  [W_NOT_CHOSEN] = { "not chosen", "没有选" },
  [W_FIX] = { "To fix: ", "要改：" },
  [W_FIX_NO_MESSAGE] = { "This needs fixing.", "这里要改。" },
  [W_EXAMPLE] = { "Write it like ", "格式：" },
  [W_TYPED_CHARS] = { "{n} characters typed", "已输入{n}个字符" },
  [W_UNNAMED] = { "A field with no name", "没有名字的栏" },
  [W_PLUS] = { " ", "加" },
};

/* At most this many words of a label are said before the value (a Han
 * character counts as half a word). */
#define MAX_LABEL_WORDS 6

static guint
column (CgLang lang)
{
  return lang == CG_LANG_EN ? 0 : 1;
}

void
cg_control_clear (CgControl *c)
{
  g_clear_pointer (&c->label, g_free);
  g_clear_pointer (&c->value, g_free);
  g_clear_pointer (&c->error, g_free);
  g_clear_pointer (&c->placeholder, g_free);
  g_clear_pointer (&c->field, g_free);
  g_clear_pointer (&c->app, g_free);
  memset (c, 0, sizeof *c);
}

static gboolean
take_string (GVariant *v, const char *key, gsize max_len, char **out, GError **error)
{
  gsize len;
  const char *s;

  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
    {
      g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT, "“%s” must be a string", key);
      return FALSE;
    }
  s = g_variant_get_string (v, &len);
  if (len > max_len)
    {
      g_set_error (error, CG_ERROR, CG_ERROR_TOO_LARGE, "“%s” is %zu bytes; at most %zu", key,
                   len, max_len);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (s);
  return TRUE;
}

static gboolean
take_boolean (GVariant *v, const char *key, gboolean *out, GError **error)
{
  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
    {
      g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT, "“%s” must be a boolean", key);
      return FALSE;
    }
  *out = g_variant_get_boolean (v);
  return TRUE;
}

gboolean
cg_control_from_variant (CgControl *c, GVariant *dict, gsize max_len, GError **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;
  g_autofree char *kind = NULL;

  memset (c, 0, sizeof *c);
  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      gboolean ok;

      if (g_str_equal (key, "label"))
        ok = take_string (value, key, max_len, &c->label, error);
      else if (g_str_equal (key, "kind"))
        ok = take_string (value, key, max_len, &kind, error);
      else if (g_str_equal (key, "value"))
        ok = take_string (value, key, max_len, &c->value, error);
      else if (g_str_equal (key, "error"))
        ok = take_string (value, key, max_len, &c->error, error);
      else if (g_str_equal (key, "placeholder"))
        ok = take_string (value, key, max_len, &c->placeholder, error);
      else if (g_str_equal (key, "field"))
        ok = take_string (value, key, max_len, &c->field, error);
      else if (g_str_equal (key, "app"))
        ok = take_string (value, key, max_len, &c->app, error);
      else if (g_str_equal (key, "checked"))
        ok = c->has_checked = take_boolean (value, key, &c->checked, error);
      else if (g_str_equal (key, "required"))
        ok = take_boolean (value, key, &c->required, error);
      else if (g_str_equal (key, "invalid"))
        ok = take_boolean (value, key, &c->invalid, error);
      else
        {
          g_autofree char *shown = cg_error_quote (key, 40);
          g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                       "unknown key “%s” in the control", shown);
          ok = FALSE;
        }
      if (!ok)
        {
          g_variant_unref (value);
          cg_control_clear (c);
          return FALSE;
        }
    }
  if (c->label == NULL || kind == NULL)
    {
      g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                   "a control needs at least its “label” and its “kind”");
      cg_control_clear (c);
      return FALSE;
    }
  if (!cg_kind_from_string (kind, &c->kind))
    {
      g_autofree char *shown = cg_error_quote (kind, 40);
      g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                   "unknown kind “%s”: use text, multiline, password, number, date, choice, "
                   "check, radio, button, link or other", shown);
      cg_control_clear (c);
      return FALSE;
    }
  if (c->value == NULL)
    c->value = g_strdup ("");
  return TRUE;
}

/* The label, trimmed of what forms add for the eye (" *", a colon), and cut
 * to about MAX_LABEL_WORDS words. */
static void
append_label (GString *out, const char *label, CgLang lang)
{
  g_autofree char *s = g_strstrip (g_strdup (label));
  guint half_words = 0;
  gboolean in_word = FALSE;
  const char *p, *cut = NULL;
  gsize len = strlen (s);

  while (len > 0 && strchr (":*", s[len - 1]) != NULL)
    s[--len] = '\0';
  if (g_str_has_suffix (s, "："))
    s[len - strlen ("：")] = '\0';
  g_strchomp (s);
  if (*s == '\0')
    {
      g_string_append (out, words[W_UNNAMED][column (lang)]);
      return;
    }
  for (p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_type (c) == G_UNICODE_OTHER_LETTER)
        half_words++, in_word = FALSE; /* Han and kana: half a word each */
      else if (g_unichar_isspace (c))
        in_word = FALSE;
      else if (!in_word && g_unichar_isalnum (c))
        half_words += 2, in_word = TRUE;
      if (half_words > 2 * MAX_LABEL_WORDS)
        {
          cut = p;
          break;
        }
    }
  if (cut != NULL)
    g_string_append_len (out, s, cut - s);
  else
    g_string_append (out, s);
  /* Strip a space or punctuation left dangling by the cut. */
  while (out->len > 0 && strchr (" ,;(", out->str[out->len - 1]) != NULL)
    g_string_truncate (out, out->len - 1);
}

static void
append_value (GString *out, const CgControl *c, CgLang lang, CgVerbosity verbosity)
{
  guint col = column (lang);

  if (c->has_checked && (c->kind == CG_KIND_CHECK || c->kind == CG_KIND_RADIO))
    {
      Word w = c->kind == CG_KIND_CHECK ? (c->checked ? W_TICKED : W_NOT_TICKED)
                                        : (c->checked ? W_CHOSEN : W_NOT_CHOSEN);
      g_string_append (out, words[w][col]);
      return;
    }
  if (c->kind == CG_KIND_BUTTON || c->kind == CG_KIND_LINK)
    return;
  if (c->kind == CG_KIND_PASSWORD && c->value[0] != '\0')
    {
      /* Never say what is in a password box: only how much. */
      g_autofree char *n = g_strdup_printf ("%ld", g_utf8_strlen (c->value, -1));
      g_auto(GStrv) parts = g_strsplit (words[W_TYPED_CHARS][col], "{n}", 2);
      g_autofree char *said = g_strjoinv (n, parts);
      g_string_append (out, said);
      return;
    }
  if (c->value[0] != '\0')
    g_string_append (out, c->value);
  else
    {
      g_string_append (out, words[W_EMPTY][col]);
      if (verbosity != CG_VERBOSITY_BRIEF && c->placeholder != NULL && c->placeholder[0] != '\0')
        {
          g_string_append (out, words[W_END][col]);
          g_string_append (out, words[W_EXAMPLE][col]);
          g_string_append (out, c->placeholder);
        }
    }
}

char *
cg_present_control (const CgControl *c, CgLang lang, CgVerbosity verbosity)
{
  guint col = column (lang);
  GString *out = g_string_new (NULL);
  const char *kind_words = kinds[c->kind].words[col];
  gboolean say_kind = kind_words != NULL &&
                      (verbosity != CG_VERBOSITY_BRIEF || c->kind == CG_KIND_BUTTON ||
                       c->kind == CG_KIND_CHECK || c->kind == CG_KIND_RADIO);
  gsize before_value;

  append_label (out, c->label, lang);
  if (say_kind)
    {
      g_string_append (out, words[W_SEP][col]);
      g_string_append (out, kind_words);
    }
  if (c->required && c->kind != CG_KIND_BUTTON && c->kind != CG_KIND_LINK)
    {
      g_string_append (out, words[W_SEP][col]);
      g_string_append (out, words[W_REQUIRED][col]);
    }
  before_value = out->len;
  g_string_append (out, words[W_SEP][col]);
  append_value (out, c, lang, verbosity);
  if (out->len == before_value + strlen (words[W_SEP][col]))
    g_string_truncate (out, before_value); /* a button: nothing after its name */
  g_string_append (out, lang == CG_LANG_EN ? "." : "。");

  if (c->invalid || (c->error != NULL && c->error[0] != '\0'))
    {
      if (lang == CG_LANG_EN)
        g_string_append_c (out, ' ');
      if (c->error != NULL && c->error[0] != '\0')
        {
          g_string_append (out, words[W_FIX][col]);
          g_string_append (out, c->error);
          if (!g_str_has_suffix (out->str, ".") && !g_str_has_suffix (out->str, "。"))
            g_string_append (out, lang == CG_LANG_EN ? "." : "。");
        }
      else
        g_string_append (out, words[W_FIX_NO_MESSAGE][col]);
    }
  return g_string_free (out, FALSE);
}

char *
cg_present_keys (const char *accelerator, CgLang lang)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *p = accelerator;

  while (*p == '<')
    {
      const char *end = strchr (p, '>');
      if (end == NULL)
        break;
      g_autofree char *mod = g_strndup (p + 1, end - p - 1);
      if (g_ascii_strcasecmp (mod, "Control") == 0 || g_ascii_strcasecmp (mod, "Primary") == 0)
        g_ptr_array_add (parts, g_strdup (lang == CG_LANG_EN ? "Control" : "Ctrl"));
      else
        g_ptr_array_add (parts, g_steal_pointer (&mod));
      p = end + 1;
    }
  if (*p != '\0')
    {
      g_autofree char *key = g_strdup (p);
      g_strdelimit (key, "_", ' ');
      if (g_utf8_strlen (key, -1) == 1)
        key[0] = g_ascii_toupper (key[0]);
      g_ptr_array_add (parts, g_steal_pointer (&key));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ((char *) words[W_PLUS][column (lang)], (char **) parts->pdata);
}
