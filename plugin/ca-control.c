/* ca-control.c: one control's description, and its D-Bus form. */
#include "ca-control.h"

CaControl *
ca_control_new (void)
{
  CaControl *c = g_new0 (CaControl, 1);
  c->label = g_strdup ("");
  c->value = g_strdup ("");
  return c;
}

void
ca_control_free (CaControl *c)
{
  if (c == NULL)
    return;
  g_free (c->label);
  g_free (c->value);
  g_free (c->error);
  g_free (c->placeholder);
  g_free (c->field);
  g_free (c->app);
  g_free (c);
}

CaControl *
ca_control_copy (const CaControl *c)
{
  CaControl *copy = g_new0 (CaControl, 1);
  *copy = *c;
  copy->label = g_strdup (c->label);
  copy->value = g_strdup (c->value);
  copy->error = g_strdup (c->error);
  copy->placeholder = g_strdup (c->placeholder);
  copy->field = g_strdup (c->field);
  copy->app = g_strdup (c->app);
  return copy;
}

gboolean
ca_control_equal (const CaControl *a, const CaControl *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->kind == b->kind && a->checkable == b->checkable && a->checked == b->checked &&
         a->required == b->required && a->invalid == b->invalid &&
         g_strcmp0 (a->label, b->label) == 0 && g_strcmp0 (a->value, b->value) == 0 &&
         g_strcmp0 (a->error, b->error) == 0 && g_strcmp0 (a->placeholder, b->placeholder) == 0 &&
         g_strcmp0 (a->field, b->field) == 0 && g_strcmp0 (a->app, b->app) == 0;
}

GVariant *
ca_control_to_variant (const CaControl *c)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "label", g_variant_new_string (c->label ? c->label : ""));
  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string (cg_kind_to_string (c->kind)));
  g_variant_builder_add (&b, "{sv}", "value", g_variant_new_string (c->value ? c->value : ""));
  if (c->checkable)
    g_variant_builder_add (&b, "{sv}", "checked", g_variant_new_boolean (c->checked));
  g_variant_builder_add (&b, "{sv}", "required", g_variant_new_boolean (c->required));
  g_variant_builder_add (&b, "{sv}", "invalid", g_variant_new_boolean (c->invalid));
  if (c->error != NULL)
    g_variant_builder_add (&b, "{sv}", "error", g_variant_new_string (c->error));
  if (c->placeholder != NULL)
    g_variant_builder_add (&b, "{sv}", "placeholder", g_variant_new_string (c->placeholder));
  if (c->field != NULL)
    g_variant_builder_add (&b, "{sv}", "field", g_variant_new_string (c->field));
  if (c->app != NULL)
    g_variant_builder_add (&b, "{sv}", "app", g_variant_new_string (c->app));
  return g_variant_builder_end (&b);
}
