/* org.claimguide.Reader1: the plugin's view of the form, into words. */
#include "cg-daemon-private.h"

#include "claimrules.h"
#include "cg-messages.h"
#include "cg-present.h"

#define CG_MAX_TITLE 1024

static const CgProfile *
profile (CgDaemon *self)
{
  return cg_profiles_get_active (self->profiles);
}

static const char *
form_string (CgDaemon *self, const char *key)
{
  GVariant *form = cg_dbus_reader1_get_form (self->reader_iface);
  const char *s = NULL;

  if (form == NULL || !g_variant_lookup (form, key, "&s", &s))
    return "";
  return s;
}

/* Replaces one key of the Form property. */
static void
set_form_string (CgDaemon *self, const char *key, const char *value)
{
  GVariant *form = cg_dbus_reader1_get_form (self->reader_iface);
  GVariantBuilder b;
  GVariantIter iter;
  const char *k;
  GVariant *v;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  if (form != NULL)
    {
      g_variant_iter_init (&iter, form);
      while (g_variant_iter_loop (&iter, "{&sv}", &k, &v))
        if (!g_str_equal (k, key))
          g_variant_builder_add (&b, "{sv}", k, v);
    }
  g_variant_builder_add (&b, "{sv}", key, g_variant_new_string (value));
  cg_dbus_reader1_set_form (self->reader_iface, g_variant_builder_end (&b));
}

static const CrField *
claim_type_field (CgDaemon *self)
{
  const char *scheme_id = form_string (self, "scheme");
  CrScheme *scheme;

  if (scheme_id[0] == '\0')
    return NULL;
  scheme = cg_claims_service_lookup_scheme (self, scheme_id, NULL);
  return scheme != NULL ? cr_scheme_lookup_field (scheme, "claim_type") : NULL;
}

/* A choice named in the form's claim type field becomes the claim type. */
static void
note_claim_type (CgDaemon *self, const char *typed)
{
  const CrField *field = claim_type_field (self);
  const char *id = field != NULL ? cr_field_match_choice (field, typed) : NULL;

  if (id != NULL && g_strcmp0 (id, form_string (self, "claim-type")) != 0)
    set_form_string (self, "claim-type", id);
}

static void say_form_announcement (CgDaemon *self);

static gboolean
handle_present_control (CgDBusReader1 *iface, GDBusMethodInvocation *inv, GVariant *dict,
                        gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  g_auto(CgControl) control = { 0 };
  g_autofree char *text = NULL;
  CgLang lang = cg_daemon_default_lang (self);

  if (!cg_control_from_variant (&control, dict, CG_MAX_FIELD_VALUE, &error))
    {
      g_dbus_method_invocation_return_gerror (inv, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (control.app != NULL)
    g_hash_table_remove (self->silent_apps, control.app); /* it answered */
  if (g_strcmp0 (control.field, "claim_type") == 0 && control.value[0] != '\0')
    note_claim_type (self, control.value);
  g_free (self->focus_label);
  self->focus_label = g_strdup (control.label);
  cg_helper_service_presented (self, control.field, control.value);
  text = cg_present_control (&control, lang, profile (self)->verbosity);
  /* The guide's step (or the check's first problem) leads into the field. */
  {
    g_autofree char *lead = cg_guide_service_take_lead (self);
    if (lead != NULL)
      {
        g_autofree char *both = g_strconcat (lead, " ", text, NULL);
        g_free (text);
        text = g_steal_pointer (&both);
      }
  }
  cg_dbus_reader1_complete_present_control (iface, inv,
                                            cg_speech_say (self->speech, text, CG_PRIORITY_FOCUS,
                                                           lang));
  say_form_announcement (self);
  /* After the words: the field's value as it stands is part of the claim
   * the guide checks. */
  if (control.field != NULL && form_string (self, "scheme")[0] != '\0' &&
      control.kind != CG_KIND_PASSWORD)
    cg_guide_service_set_field (self, form_string (self, "scheme"), control.field, control.value);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_echo (CgDBusReader1 *iface, GDBusMethodInvocation *inv, const char *typed,
             const char *word, gpointer data)
{
  CgDaemon *self = data;
  const CgProfile *p = profile (self);

  if (strlen (typed) > CG_MAX_FIELD_VALUE || strlen (word) > CG_MAX_FIELD_VALUE)
    {
      g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_TOO_LARGE,
                                             "at most %d bytes can be echoed", CG_MAX_FIELD_VALUE);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  cg_helper_service_echoed (self, typed, word);
  /* A word said takes the place of its last character. */
  if (p->echo_words && word[0] != '\0')
    cg_speech_say (self->speech, word, CG_PRIORITY_FOCUS, p->language);
  else if (p->echo_characters && typed[0] != '\0')
    cg_speech_say (self->speech, typed, CG_PRIORITY_FOCUS, p->language);
  cg_dbus_reader1_complete_echo (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The form is announced after what is said of the field the senior is on
 * (a form is recognised as its window takes the focus, just before its first
 * field is read, and that field's words would cut the announcement short),
 * or after a moment when no field comes. */
#define FORM_ANNOUNCEMENT_WAIT_MS 1500

static void
say_form_announcement (CgDaemon *self)
{
  g_clear_handle_id (&self->form_announcement_timer, g_source_remove);
  if (self->form_announcement == NULL)
    return;
  cg_speech_say (self->speech, self->form_announcement, CG_PRIORITY_PROMPT,
                 cg_daemon_default_lang (self));
  g_clear_pointer (&self->form_announcement, g_free);
}

static gboolean
on_form_announcement_due (gpointer data)
{
  CgDaemon *self = data;
  self->form_announcement_timer = 0;
  say_form_announcement (self);
  return G_SOURCE_REMOVE;
}

static void
announce_form (CgDaemon *self, const char *scheme_name)
{
  CgLang lang = cg_daemon_default_lang (self);
  const char *tl = cg_lang_text_language (lang);
  g_autofree char *keys = cg_present_keys (profile (self)->keys[CG_KEY_HELP], lang);
  g_autofree char *named = cg_message_with (CG_M_FORM_FOUND, tl, "{name}", scheme_name);
  g_auto(GStrv) parts = g_strsplit (named, "{keys}", -1);

  g_free (self->form_announcement);
  self->form_announcement = g_strjoinv (keys, parts);
  g_clear_handle_id (&self->form_announcement_timer, g_source_remove);
  self->form_announcement_timer = g_timeout_add (FORM_ANNOUNCEMENT_WAIT_MS,
                                                 on_form_announcement_due, self);
}

static gboolean
handle_set_form (CgDBusReader1 *iface, GDBusMethodInvocation *inv, GVariant *form,
                 gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  const char *scheme_id = "", *title = "", *claim_type = "";
  guint32 matched = 0, fields = 0;
  CrScheme *scheme = NULL;
  GVariantBuilder b;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, form);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      gboolean is_string = g_variant_is_of_type (value, G_VARIANT_TYPE_STRING);
      gboolean is_uint = g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32);
      if (g_str_equal (key, "scheme") && is_string)
        scheme_id = g_variant_get_string (value, NULL);
      else if (g_str_equal (key, "title") && is_string)
        title = g_variant_get_string (value, NULL);
      else if (g_str_equal (key, "claim-type") && is_string)
        claim_type = g_variant_get_string (value, NULL);
      else if (g_str_equal (key, "matched") && is_uint)
        matched = g_variant_get_uint32 (value);
      else if (g_str_equal (key, "fields") && is_uint)
        fields = g_variant_get_uint32 (value);
      else
        {
          g_autofree char *shown = cg_error_quote (key, 40);
          g_set_error (&error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                       "unknown key or wrong type in the form: “%s”", shown);
          g_variant_unref (value);
          break;
        }
    }
  if (error == NULL && strlen (title) > CG_MAX_TITLE)
    g_set_error (&error, CG_ERROR, CG_ERROR_TOO_LARGE, "the title has %zu bytes; at most %d",
                 strlen (title), CG_MAX_TITLE);
  if (error == NULL && scheme_id[0] != '\0')
    scheme = cg_claims_service_lookup_scheme (self, scheme_id, &error);
  if (error != NULL)
    {
      g_dbus_method_invocation_return_gerror (inv, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "scheme", g_variant_new_string (scheme_id));
  g_variant_builder_add (&b, "{sv}", "title", g_variant_new_string (title));
  g_variant_builder_add (&b, "{sv}", "matched", g_variant_new_uint32 (matched));
  g_variant_builder_add (&b, "{sv}", "fields", g_variant_new_uint32 (fields));
  g_variant_builder_add (&b, "{sv}", "claim-type", g_variant_new_string (""));
  g_variant_builder_add (&b, "{sv}", "scheme-name",
                         g_variant_new_string (scheme != NULL
                                               ? cr_scheme_get_name (scheme,
                                                   cg_lang_text_language (cg_daemon_default_lang (self)))
                                               : ""));
  cg_dbus_reader1_set_form (iface, g_variant_builder_end (&b));
  if (claim_type[0] != '\0')
    note_claim_type (self, claim_type);

  /* Once each time the senior comes to the form, not again while on it. */
  {
    g_autofree char *which = g_strconcat (scheme_id, "\n", title, NULL);
    if (g_strcmp0 (which, self->announced_form) != 0)
      {
        g_free (self->announced_form);
        self->announced_form = g_steal_pointer (&which);
        if (scheme != NULL)
          announce_form (self, form_string (self, "scheme-name"));
      }
  }
  cg_dbus_reader1_complete_set_form (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_form_sent (CgDBusReader1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;

  g_debug ("The claim form was sent");
  cg_guide_service_form_sent (self);
  cg_helper_service_claim_sent (self);
  cg_dbus_reader1_complete_form_sent (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_fields (CgDBusReader1 *iface, GDBusMethodInvocation *inv, GVariant *fields,
                   gboolean complete, gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  const char *scheme = form_string (self, "scheme");

  if (!cg_claims_service_check_fields (fields, &error))
    {
      g_dbus_method_invocation_return_gerror (inv, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (scheme[0] == '\0')
    {
      g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_NO_FORM,
                                             "no claim form is recognised (Reader1.SetForm)");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  cg_guide_service_set_fields (self, scheme, fields, complete);
  cg_helper_service_changed (self, "claim");
  /* The claim type picked on the form is the claim's. */
  {
    const char *type = NULL;
    if (g_variant_lookup (fields, "claim_type", "&s", &type) && type[0] != '\0')
      note_claim_type (self, type);
  }
  cg_dbus_reader1_complete_set_fields (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const char *
cg_reader_service_form_scheme (CgDaemon *self)
{
  return form_string (self, "scheme");
}

static gboolean
handle_app_not_answering (CgDBusReader1 *iface, GDBusMethodInvocation *inv, const char *app,
                          gpointer data)
{
  CgDaemon *self = data;
  CgLang lang = cg_daemon_default_lang (self);
  const char *tl = cg_lang_text_language (lang);

  if (strlen (app) > CG_MAX_NAME)
    {
      g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_TOO_LARGE,
                                             "an app's name has at most %d bytes", CG_MAX_NAME);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (app[0] == '\0')
    g_hash_table_remove_all (self->silent_apps);
  else if (g_hash_table_add (self->silent_apps, g_strdup (app)))
    {
      g_autofree char *text = cg_message_with (CG_M_NOT_ANSWERING, tl, "{app}", app);
      g_message ("%s is not answering", app);
      cg_speech_say (self->speech, text, CG_PRIORITY_FOCUS, lang);
    }
  cg_dbus_reader1_complete_app_not_answering (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
cg_reader_service_add_status (CgDaemon *self, GVariantBuilder *b)
{
  const char *type = form_string (self, "claim-type");
  const CrField *field = type[0] != '\0' ? claim_type_field (self) : NULL;
  const char *type_name = field != NULL
    ? cr_field_get_choice_label (field, type, cg_lang_text_language (cg_daemon_default_lang (self)))
    : NULL;

  g_variant_builder_add (b, "{sv}", "plugin",
                         g_variant_new_string (cg_plugin_launcher_get_state (self->plugin)));
  g_variant_builder_add (b, "{sv}", "form", g_variant_new_string (form_string (self, "scheme")));
  g_variant_builder_add (b, "{sv}", "form-name",
                         g_variant_new_string (form_string (self, "scheme-name")));
  g_variant_builder_add (b, "{sv}", "claim-type", g_variant_new_string (type));
  g_variant_builder_add (b, "{sv}", "claim-type-name",
                         g_variant_new_string (type_name != NULL ? type_name : ""));
}

void
cg_reader_service_export (CgDaemon *self)
{
  GVariantBuilder b;

  self->reader_iface = cg_dbus_reader1_skeleton_new ();
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  cg_dbus_reader1_set_form (self->reader_iface, g_variant_builder_end (&b));
  g_signal_connect (self->reader_iface, "handle-present-control",
                    G_CALLBACK (handle_present_control), self);
  g_signal_connect (self->reader_iface, "handle-echo", G_CALLBACK (handle_echo), self);
  g_signal_connect (self->reader_iface, "handle-set-form", G_CALLBACK (handle_set_form), self);
  g_signal_connect (self->reader_iface, "handle-set-fields", G_CALLBACK (handle_set_fields), self);
  g_signal_connect (self->reader_iface, "handle-form-sent", G_CALLBACK (handle_form_sent), self);
  g_signal_connect (self->reader_iface, "handle-app-not-answering",
                    G_CALLBACK (handle_app_not_answering), self);
}
