/* What the per-interface files (cg-*-service.c) share. */
#pragma once

#include "cg-daemon.h"
#include "cg-dbus.h"
#include "cg-error.h"
#include "cg-notifier.h"
#include "cg-plugin-launcher.h"
#include "cg-profiles.h"
#include "cg-speaker-espeak.h"
#include "cg-speech.h"

G_BEGIN_DECLS

/* Bounds on what a caller may send. */
#define CG_MAX_FIELDS 400
#define CG_MAX_FIELD_NAME 128
#define CG_MAX_FIELD_VALUE 4096
#define CG_MAX_NAME 256

struct _CgDaemon {
  GObject parent;

  gboolean output_fixed; /* --speech-to: the profiles' Output is not followed */
  gint32 today;          /* --today: the day claims are judged on; 0 for the real date */

  CgSpeech *speech;
  CgSpeaker *espeak;
  CgProfiles *profiles;
  CgNotifier *notifier;
  GPtrArray *variants; /* CgVoiceVariant */
  char *applied_output; /* the profile's Output last applied */

  GHashTable *schemes; /* id -> LoadedScheme */
  char *last_announcement;
  GVariant *last_check; /* (sa{ss}a{sv}) for "Check again" */

  CgDBusDaemon1 *daemon_iface;
  CgDBusSpeech1 *speech_iface;
  CgDBusClaims1 *claims_iface;
  CgDBusProfiles1 *profiles_iface;
  CgDBusReader1 *reader_iface;

  CgPluginLauncher *plugin;
  GHashTable *silent_apps;   /* apps already said to be not answering */
  char *announced_form;      /* scheme and title of the form last announced */
  char *form_announcement;   /* waiting to be said after the field's own words */
  guint form_announcement_timer;
  char *focus_label;         /* the label of the control last presented */

  CgDBusGuide1 *guide_iface;
  struct _CgGuide *guide;    /* NULL while the guide is stopped */
  struct _CrClaim *claim;    /* the form's values (Reader1.SetFields) */
  char *claim_scheme;        /* the scheme those values are for */
  char *guide_lead;          /* said before the next field's own words */
  CgLang guide_lead_lang;
  guint guide_lead_timer;
  guint draft_timer;         /* the draft is written when this fires */
  gboolean claim_sent;       /* the claim was sent: no draft until the guide starts again */
  GVariant *refill;          /* a{ss}: a draft's values the form did not show, for Refill */
  GThreadPool *draft_writer; /* one thread: drafts written in order, off the main loop */

  CgDBusHelper1 *helper_iface;
  struct _CgHelper *helper;  /* the helper's watchers and the senior's answer (cg-helper-service.c) */
};

/* Check's options: "language", "today" and, for Claims1, "announce". */
typedef struct {
  const char *lang; /* zh_CN or en */
  CgLang speak_lang;
  gint32 today;     /* a CrDay */
  gboolean announce;
} CgCheckOptions;

/* The language to speak in when a caller gives "": the active profile's. */
CgLang   cg_daemon_default_lang    (CgDaemon *self);
/* Reads @name as a language or sets CG_ERROR_INVALID_ARGUMENT. */
gboolean cg_daemon_parse_lang      (CgDaemon *self, const char *name, CgLang *out, GError **error);
/* Says @text (focus it cuts, otherwise in turn) and shows it as a
 * notification with Repeat and Check again. */
void     cg_daemon_announce        (CgDaemon *self, const char *title, const char *text,
                                    CgPriority priority, CgLang lang);
/* The notification (and Repeat's text) of cg_daemon_announce, not spoken. */
void     cg_daemon_notify          (CgDaemon *self, const char *title, const char *text, CgLang lang);

void     cg_speech_service_export   (CgDaemon *self);
void     cg_claims_service_export   (CgDaemon *self);
void     cg_claims_service_check_again (CgDaemon *self);
/* Refuses an a{ss} of fields over the bounds above. */
gboolean cg_claims_service_check_fields (GVariant *fields, GError **error);
gboolean cg_claims_service_read_options (CgDaemon *self, GVariant *options, CgCheckOptions *out,
                                         GError **error);
/* @claim checked against the scheme @scheme_id with its calendars. */
struct _CrReport *cg_claims_service_check_claim (CgDaemon *self, const char *scheme_id,
                                                 const struct _CrClaim *claim,
                                                 const CgCheckOptions *opts, GError **error);
/* What the senior hears after a check: how many things to fix and the
 * first, or why it is not covered, or what it should pay and by when. */
char    *cg_claims_service_summary (const struct _CrReport *report, const char *lang);
void     cg_profiles_service_export (CgDaemon *self);
void     cg_claims_service_free     (CgDaemon *self);
/* The scheme @id, loaded once and kept (borrowed), or NULL with an error. */
struct _CrScheme *cg_claims_service_lookup_scheme (CgDaemon *self, const char *id, GError **error);
void     cg_reader_service_export   (CgDaemon *self);
/* GetStatus's form, form-name, claim-type and claim-type-name. */
void     cg_reader_service_add_status (CgDaemon *self, GVariantBuilder *status);
/* The scheme of the claim form in front of the senior, "" when none. */
const char *cg_reader_service_form_scheme (CgDaemon *self);

void     cg_guide_service_export    (CgDaemon *self);
void     cg_guide_service_free      (CgDaemon *self);
/* Field values read on the form: @complete replaces them all. */
void     cg_guide_service_set_fields (CgDaemon *self, const char *scheme, GVariant *fields,
                                      gboolean complete);
void     cg_guide_service_set_field (CgDaemon *self, const char *scheme, const char *field,
                                     const char *value);
/* Removes every draft, with none still being written (a profile that keeps
 * nothing); how many were removed. */
guint    cg_guide_service_drop_drafts (CgDaemon *self);
/* Send went through (Reader1.FormSent): the claim's draft is removed, the
 * guide stops, and no draft is kept again until it starts. */
void     cg_guide_service_form_sent (CgDaemon *self);
/* What the guide waits to say before the next field's own words (taken), or NULL. */
char    *cg_guide_service_take_lead (CgDaemon *self);
/* GetStatus's guide-step, guide-index, guide-count. */
void     cg_guide_service_add_status (CgDaemon *self, GVariantBuilder *status);

typedef struct _CgHelper CgHelper;
void     cg_helper_service_export   (CgDaemon *self);
void     cg_helper_service_free     (CgDaemon *self);
/* Something a helper's watch shows may have changed (@what: a word for
 * the reader of the code, such as "claim"): the watchers get what changed,
 * soon, in one batch.  Cheap when no one watches. */
void     cg_helper_service_changed  (CgDaemon *self, const char *what);
/* The claim was sent: the senior's yes ends, values are masked again. */
void     cg_helper_service_claim_sent (CgDaemon *self);
/* PresentControl: the senior is on @field (NULL: one the scheme does not
 * know) showing @value, which is masked in what the helper sees heard. */
void     cg_helper_service_presented (CgDaemon *self, const char *field, const char *value);
/* Echo: what was typed is never shown to a helper unless allowed. */
void     cg_helper_service_echoed   (CgDaemon *self, const char *typed, const char *word);
/* GetStatus's helper (s: off, masked, asking, allowed) and helper-watching (u). */
void     cg_helper_service_add_status (CgDaemon *self, GVariantBuilder *status);

G_END_DECLS
