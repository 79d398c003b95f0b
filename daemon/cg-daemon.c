#include "cg-daemon-private.h"
#include "cg-drafts.h"

#include <errno.h>

#include "cg-log.h"
#include "cg-messages.h"
#include "cg-voices.h"

#ifdef HAVE_SPEECHD
#include "cg-speaker-spd.h"
#endif

G_DEFINE_FINAL_TYPE (CgDaemon, cg_daemon, G_TYPE_OBJECT)

CgLang
cg_daemon_default_lang (CgDaemon *self)
{
  return cg_profiles_get_active (self->profiles)->language;
}

gboolean
cg_daemon_parse_lang (CgDaemon *self, const char *name, CgLang *out, GError **error)
{
  if (name[0] == '\0')
    {
      *out = cg_daemon_default_lang (self);
      return TRUE;
    }
  if (cg_lang_from_string (name, out))
    return TRUE;
  {
    g_autofree char *shown = cg_error_quote (name, 40);
    g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                 "unknown language “%s”: use zh_CN, yue, en, or \"\" for the profile's", shown);
  }
  return FALSE;
}

void
cg_daemon_announce (CgDaemon *self, const char *title, const char *text, CgPriority priority,
                    CgLang lang)
{
  cg_speech_say (self->speech, text, priority, lang);
  cg_daemon_notify (self, title, text, lang);
}

void
cg_daemon_notify (CgDaemon *self, const char *title, const char *text, CgLang lang)
{
  const char *tl = cg_lang_text_language (lang);
  const char *actions[] = { "repeat", cg_message (CG_M_REPEAT, tl),
                            "check-again", cg_message (CG_M_CHECK_AGAIN, tl), NULL };

  if (self->last_check == NULL)
    actions[2] = NULL; /* nothing to check again */
  g_free (self->last_announcement);
  self->last_announcement = g_strdup (text);
  cg_notifier_show (self->notifier, title, text, actions);
}

static void
on_notification_action (CgNotifier *notifier, const char *action, gpointer data)
{
  CgDaemon *self = data;
  if (g_str_equal (action, "repeat") && self->last_announcement != NULL)
    cg_speech_say (self->speech, self->last_announcement, CG_PRIORITY_PROMPT,
                   cg_daemon_default_lang (self));
  else if (g_str_equal (action, "check-again"))
    cg_claims_service_check_again (self);
}

/* ---- Profiles into speech ---- */

static void
apply_profile (CgDaemon *self)
{
  const CgProfile *p = cg_profiles_get_active (self->profiles);

  cg_speech_set_voice (self->speech, &p->voice);
  /* A profile that keeps nothing (a shared computer) leaves no claim on disk. */
  if (!p->keep_drafts && cg_guide_service_drop_drafts (self) > 0)
    g_message ("Drafts removed: the profile %s keeps none", p->name);
  if (!self->output_fixed && g_strcmp0 (self->applied_output, p->output_file) != 0)
    {
      cg_speaker_espeak_set_wav_path (CG_SPEAKER_ESPEAK (self->espeak), p->output_file);
      g_free (self->applied_output);
      self->applied_output = g_strdup (p->output_file);
    }
  if (self->profiles_iface != NULL)
    {
      cg_dbus_profiles1_set_active_profile (self->profiles_iface, p->name);
      cg_dbus_profiles1_emit_profiles_changed (self->profiles_iface,
                                               cg_profiles_get_problems (self->profiles));
    }
}

static void
on_profiles_changed (CgProfiles *profiles, gpointer data)
{
  apply_profile (CG_DAEMON (data));
}

/* ---- org.claimguide.Daemon1 ---- */

static gboolean
handle_get_status (CgDBusDaemon1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;
  const CgProfile *p = cg_profiles_get_active (self->profiles);
  CgSpeaker *speaker = cg_speech_get_speaker (self->speech);
  g_autofree char *output = cg_speaker_dup_output (speaker);
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "version", g_variant_new_string (PACKAGE_VERSION));
  g_variant_builder_add (&b, "{sv}", "profile", g_variant_new_string (p->name));
  g_variant_builder_add (&b, "{sv}", "language", g_variant_new_string (cg_lang_to_string (p->language)));
  g_variant_builder_add (&b, "{sv}", "backend", g_variant_new_string (cg_speaker_get_name (speaker)));
  g_variant_builder_add (&b, "{sv}", "output", g_variant_new_string (output));
  g_variant_builder_add (&b, "{sv}", "speaking", g_variant_new_boolean (cg_speech_is_speaking (self->speech)));
  g_variant_builder_add (&b, "{sv}", "queued", g_variant_new_uint32 (cg_speech_get_queued (self->speech)));
  g_variant_builder_add (&b, "{sv}", "notifications",
                         g_variant_new_boolean (cg_notifier_is_working (self->notifier)));
  g_variant_builder_add (&b, "{sv}", "screen-reader",
                         g_variant_new_boolean (cg_speech_get_screen_reader (self->speech)));
  g_variant_builder_add (&b, "{sv}", "profile-problems",
                         g_variant_new_strv (cg_profiles_get_problems (self->profiles), -1));
  cg_reader_service_add_status (self, &b);
  cg_guide_service_add_status (self, &b);
  cg_helper_service_add_status (self, &b);
  cg_dbus_daemon1_complete_get_status (iface, inv, g_variant_builder_end (&b));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

gboolean
cg_daemon_export (CgDaemon *self, GDBusConnection *connection, GError **error)
{
  self->daemon_iface = cg_dbus_daemon1_skeleton_new ();
  cg_dbus_daemon1_set_version (self->daemon_iface, PACKAGE_VERSION);
  g_signal_connect (self->daemon_iface, "handle-get-status", G_CALLBACK (handle_get_status), self);
  cg_speech_service_export (self);
  cg_claims_service_export (self);
  cg_profiles_service_export (self);
  cg_reader_service_export (self);
  cg_guide_service_export (self);
  cg_helper_service_export (self);
  apply_profile (self);

  GDBusInterfaceSkeleton *ifaces[] = {
    G_DBUS_INTERFACE_SKELETON (self->daemon_iface), G_DBUS_INTERFACE_SKELETON (self->speech_iface),
    G_DBUS_INTERFACE_SKELETON (self->claims_iface), G_DBUS_INTERFACE_SKELETON (self->profiles_iface),
    G_DBUS_INTERFACE_SKELETON (self->reader_iface), G_DBUS_INTERFACE_SKELETON (self->guide_iface),
    G_DBUS_INTERFACE_SKELETON (self->helper_iface),
  };
  for (gsize i = 0; i < G_N_ELEMENTS (ifaces); i++)
    if (!g_dbus_interface_skeleton_export (ifaces[i], connection, CG_DBUS_PATH, error))
      return FALSE;
  cg_plugin_launcher_start (self->plugin, connection);
  return TRUE;
}

/* ---- Construction ---- */

static GStrv
variant_names (GPtrArray *variants)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  for (guint i = 0; i < variants->len; i++)
    g_strv_builder_add (b, ((CgVoiceVariant *) g_ptr_array_index (variants, i))->name);
  return g_strv_builder_end (b);
}

static gboolean
start_speech (CgDaemon *self, const CgDaemonConfig *config, GError **error)
{
  g_autofree char *espeak_dir = g_build_filename (config->runtime_dir, "espeak", NULL);
  g_autofree char *fallback = g_build_filename (config->runtime_dir, "speech.wav", NULL);
  g_autofree char *data_dir = cg_voices_build_data_dir (config->espeak_data, config->voices_dir,
                                                       self->variants, espeak_dir, error);
  if (data_dir == NULL)
    return FALSE;
  self->espeak = cg_speaker_espeak_new (data_dir, config->speech_to, fallback, error);
  if (self->espeak == NULL)
    return FALSE;
  self->speech = cg_speech_new (self->espeak);
#ifdef HAVE_SPEECHD
  if (!config->no_speech_dispatcher)
    {
      g_autoptr(CgSpeaker) spd = cg_speaker_spd_new ();
      cg_speech_set_shared_speaker (self->speech, spd);
    }
#endif
  return TRUE;
}

CgDaemon *
cg_daemon_new (const CgDaemonConfig *config, GError **error)
{
  g_autoptr(CgDaemon) self = g_object_new (CG_TYPE_DAEMON, NULL);
  g_auto(GStrv) names = NULL;

  self->output_fixed = config->speech_to != NULL;
  self->today = config->today;
  if (g_mkdir_with_parents (config->runtime_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot make %s: %s",
                   config->runtime_dir, g_strerror (saved));
      return NULL;
    }
  self->variants = cg_voices_list_variants (config->voices_dir, error);
  if (self->variants == NULL)
    return NULL;
  names = variant_names (self->variants);
  self->profiles = cg_profiles_new (config->profile_dirs, config->state_file,
                                    (const char *const *) names, error);
  if (self->profiles == NULL)
    return NULL;
  if (!start_speech (self, config, error))
    return NULL;
  self->notifier = cg_notifier_new ("claimguided");
  g_signal_connect_object (self->notifier, "action", G_CALLBACK (on_notification_action), self, 0);
  g_signal_connect_object (self->profiles, "changed", G_CALLBACK (on_profiles_changed), self, 0);
  self->plugin = cg_plugin_launcher_new (config->plugin, config->plugin_off);
  self->silent_apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  apply_profile (self);
  return g_steal_pointer (&self);
}

static void
cg_daemon_dispose (GObject *object)
{
  CgDaemon *self = CG_DAEMON (object);
  GDBusInterfaceSkeleton *ifaces[] = {
    (GDBusInterfaceSkeleton *) self->daemon_iface, (GDBusInterfaceSkeleton *) self->speech_iface,
    (GDBusInterfaceSkeleton *) self->claims_iface, (GDBusInterfaceSkeleton *) self->profiles_iface,
    (GDBusInterfaceSkeleton *) self->reader_iface, (GDBusInterfaceSkeleton *) self->guide_iface,
    (GDBusInterfaceSkeleton *) self->helper_iface,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (ifaces); i++)
    if (ifaces[i] != NULL && g_dbus_interface_skeleton_get_connection (ifaces[i]) != NULL)
      g_dbus_interface_skeleton_unexport (ifaces[i]);
  cg_helper_service_free (self);
  g_clear_object (&self->plugin);
  g_clear_object (&self->reader_iface);
  cg_guide_service_free (self);
  /* The session ends: a profile that keeps nothing keeps no draft either. */
  if (self->profiles != NULL && !cg_profiles_get_active (self->profiles)->keep_drafts)
    cg_drafts_wipe ();
  g_clear_handle_id (&self->form_announcement_timer, g_source_remove);
  g_clear_object (&self->daemon_iface);
  g_clear_object (&self->speech_iface);
  g_clear_object (&self->claims_iface);
  g_clear_object (&self->profiles_iface);
  g_clear_object (&self->notifier);
  g_clear_object (&self->speech);
  g_clear_object (&self->espeak);
  g_clear_object (&self->profiles);
  G_OBJECT_CLASS (cg_daemon_parent_class)->dispose (object);
}

static void
cg_daemon_finalize (GObject *object)
{
  CgDaemon *self = CG_DAEMON (object);
  cg_claims_service_free (self);
  g_clear_pointer (&self->variants, g_ptr_array_unref);
  g_free (self->applied_output);
  g_free (self->last_announcement);
  g_free (self->announced_form);
  g_free (self->form_announcement);
  g_clear_pointer (&self->silent_apps, g_hash_table_unref);
  g_clear_pointer (&self->last_check, g_variant_unref);
  G_OBJECT_CLASS (cg_daemon_parent_class)->finalize (object);
}

static void
cg_daemon_class_init (CgDaemonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cg_daemon_dispose;
  G_OBJECT_CLASS (klass)->finalize = cg_daemon_finalize;
}

static void
cg_daemon_init (CgDaemon *self)
{
}
