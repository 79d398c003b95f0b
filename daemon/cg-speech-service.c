/* org.claimguide.Speech1 */
#include "cg-daemon-private.h"

#include "cg-log.h"
#include "cg-normalize.h"
#include "cg-voices.h"

static gboolean
check_text (const char *text, GError **error)
{
  if (strlen (text) > CG_SPEECH_MAX_TEXT)
    {
      g_set_error (error, CG_ERROR, CG_ERROR_TOO_LARGE,
                   "the text is %zu bytes; at most %d can be spoken at once", strlen (text),
                   CG_SPEECH_MAX_TEXT);
      return FALSE;
    }
  return TRUE;
}

static gboolean
handle_speak (CgDBusSpeech1 *iface, GDBusMethodInvocation *inv, const char *text,
              const char *priority_name, const char *lang_name, gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  CgPriority priority;
  CgLang lang;

  if (!cg_priority_from_string (priority_name, &priority))
    {
      g_autofree char *shown = cg_error_quote (priority_name, 40);
      g_set_error (&error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                   "unknown priority “%s”: use focus, prompt or notify", shown);
    }
  else if (check_text (text, &error) && cg_daemon_parse_lang (self, lang_name, &lang, &error))
    {
      guint id = cg_speech_say (self->speech, text, priority, lang);
      cg_dbus_speech1_complete_speak (iface, inv, id);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  g_dbus_method_invocation_return_gerror (inv, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_stop (CgDBusSpeech1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;
  cg_speech_stop (self->speech);
  cg_dbus_speech1_complete_stop (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_normalize (CgDBusSpeech1 *iface, GDBusMethodInvocation *inv, const char *text,
                  const char *lang_name, gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  CgLang lang;

  if (check_text (text, &error) && cg_daemon_parse_lang (self, lang_name, &lang, &error))
    {
      g_autofree char *words = cg_normalize (text, lang);
      cg_dbus_speech1_complete_normalize (iface, inv, words);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  g_dbus_method_invocation_return_gerror (inv, error);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_voices (CgDBusSpeech1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;
  gboolean zh = cg_daemon_default_lang (self) != CG_LANG_EN;
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(sss)"));
  for (CgLang lang = 0; lang < CG_N_LANGS; lang++)
    g_variant_builder_add (&b, "(sss)", "plain", cg_lang_to_string (lang),
                           cg_espeak_voice_for (lang));
  for (guint i = 0; i < self->variants->len; i++)
    {
      CgVoiceVariant *v = g_ptr_array_index (self->variants, i);
      g_variant_builder_add (&b, "(sss)", v->name, "*", zh ? v->title_zh : v->title);
    }
  cg_dbus_speech1_complete_list_voices (iface, inv, g_variant_builder_end (&b));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_screen_reader (CgDBusSpeech1 *iface, GDBusMethodInvocation *inv, gboolean running,
                          gpointer data)
{
  CgDaemon *self = data;
  cg_speech_set_screen_reader (self->speech, running);
  cg_dbus_speech1_complete_set_screen_reader (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_utterance_started (CgSpeech *speech, const CgUtterance *utt, gpointer data)
{
  CgDaemon *self = data;
  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
    {
      g_autofree char *masked = cg_log_mask_digits (utt->text);
      g_debug ("Saying %u (%s, %s): %s", utt->id, cg_priority_to_string (utt->priority),
               cg_lang_to_string (utt->lang), masked);
    }
  cg_dbus_speech1_emit_utterance_started (self->speech_iface, utt->id, utt->text, utt->words,
                                          cg_lang_to_string (utt->lang),
                                          cg_priority_to_string (utt->priority));
}

static void
on_utterance_ended (CgSpeech *speech, guint id, gboolean interrupted, gpointer data)
{
  CgDaemon *self = data;
  cg_dbus_speech1_emit_utterance_ended (self->speech_iface, id, interrupted);
}

void
cg_speech_service_export (CgDaemon *self)
{
  self->speech_iface = cg_dbus_speech1_skeleton_new ();
  g_signal_connect (self->speech_iface, "handle-speak", G_CALLBACK (handle_speak), self);
  g_signal_connect (self->speech_iface, "handle-stop", G_CALLBACK (handle_stop), self);
  g_signal_connect (self->speech_iface, "handle-normalize", G_CALLBACK (handle_normalize), self);
  g_signal_connect (self->speech_iface, "handle-list-voices", G_CALLBACK (handle_list_voices), self);
  g_signal_connect (self->speech_iface, "handle-set-screen-reader",
                    G_CALLBACK (handle_set_screen_reader), self);
  g_signal_connect_object (self->speech, "utterance-started", G_CALLBACK (on_utterance_started),
                           self, 0);
  g_signal_connect_object (self->speech, "utterance-ended", G_CALLBACK (on_utterance_ended), self, 0);
}
