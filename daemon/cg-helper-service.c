/* org.claimguide.Helper1: a relative helping from elsewhere.
 *
 * The helper logs in to the senior's computer as the senior (SSH) and
 * talks to this daemon on the senior's own session bus; nothing here
 * listens on the network.  What they see comes from the daemon's own state
 * (the form recognised, the guide's step, the claim's values and its
 * check, what was said), turned into lines by cg-helper-view.c and masked
 * by cg-mask.c unless the senior said yes.  Each action goes to the record
 * of help (cg-audit.c), without personal data.
 *
 * The senior's yes comes only from their own key (the plugin's connection)
 * or the notification; their no, from anyone.  It lasts until the claim is
 * sent (cg_helper_service_claim_sent), the profile turns the helper off, or
 * the daemon stops.  The helper logs in as the senior, so this is the
 * honest path made easy, not a wall against a determined one: the record
 * shows what was done. */
#include "cg-daemon-private.h"

#include "claimrules.h"
#include "cg-audit.h"
#include "cg-guide.h"
#include "cg-helper-view.h"
#include "cg-mask.h"
#include "cg-messages.h"
#include "cg-present.h"

#define HELPER_IFACE "org.claimguide.Helper1"
#define MAX_SAY      1000   /* bytes */
#define ASK_WAIT_S   120    /* a question unanswered this long is a no */
#define REFRESH_MS   50     /* changes that come together are sent together */
#define RECENT       8      /* values presented of late, masked in what is heard */
#define MASKED       "****"

struct _CgHelper {
  gboolean enabled;       /* the profile lets a helper in */
  gboolean allowed;       /* the senior said yes */
  GHashTable *watchers;   /* unique bus name -> GUINT_TO_POINTER (name watch id) */
  GHashTable *shown;      /* line key -> the line the watchers have */
  guint refresh_timer;
  GPtrArray *waiting;     /* AskToSee calls waiting for the senior's answer */
  guint ask_timer;
  char *focus;            /* the scheme field the senior is on, "other", or NULL */
  GPtrArray *recent_values, *recent_masks;
  GPtrArray *echoes;      /* typing echoed, not heard yet: never shown unless allowed */
  char *last_heard;       /* what the senior heard last, as said */
  CgPriority last_priority;
  gboolean last_echo;
  char *audit_path;
};

static CgHelper *
helper (CgDaemon *self)
{
  return self->helper;
}

static CgLang
lang (CgDaemon *self)
{
  return cg_daemon_default_lang (self);
}

static const char *
text_lang (CgDaemon *self)
{
  return cg_lang_text_language (lang (self));
}

/* ---- The record of help ---- */

static gboolean
record (CgDaemon *self, CgAuditAction action, const char *detail, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (cg_audit_append (helper (self)->audit_path, action, detail, &local))
    return TRUE;
  g_warning ("The record of help was not written: %s", local->message);
  if (error != NULL)
    g_set_error (error, CG_ERROR, CG_ERROR_FAILED,
                 "the record of help cannot be written (%s), so nothing was done", local->message);
  return FALSE;
}

/* ---- What the helper sees ---- */

/* The scheme of the claim in hand: the guide's, the form's in front, or the
 * one the values were read for. */
static CrScheme *
claim_scheme (CgDaemon *self)
{
  const char *id = cg_reader_service_form_scheme (self);

  if (self->guide != NULL)
    id = cr_scheme_get_id (cg_guide_get_scheme (self->guide));
  else if (id[0] == '\0' && self->claim_scheme != NULL)
    id = self->claim_scheme;
  return id[0] != '\0' ? cg_claims_service_lookup_scheme (self, id, NULL) : NULL;
}

/* The view now; with @check, the claim checked into *@report. */
static void
fill_view (CgDaemon *self, CgHelperView *v, gboolean check, CrReport **report)
{
  CrScheme *scheme = claim_scheme (self);
  const CrStep *step = self->guide != NULL ? cg_guide_get_step (self->guide) : NULL;

  memset (v, 0, sizeof *v);
  v->allowed = helper (self)->allowed;
  v->lang = text_lang (self);
  v->focus = helper (self)->focus;
  if (scheme == NULL)
    return;
  v->scheme = scheme;
  v->scheme_name = cr_scheme_get_name (scheme, v->lang);
  if (self->claim != NULL && g_strcmp0 (self->claim_scheme, cr_scheme_get_id (scheme)) == 0)
    v->claim = self->claim;
  if (step != NULL)
    {
      v->step = cr_step_get_id (step);
      v->step_index = cg_guide_get_index (self->guide);
      v->step_count = cg_guide_get_count (self->guide);
    }
  if (check)
    {
      g_autoptr(GVariant) none = g_variant_ref_sink (g_variant_new ("a{sv}", NULL));
      g_autoptr(CrClaim) empty = cr_claim_new ();
      CgCheckOptions opts;

      if (cg_claims_service_read_options (self, none, &opts, NULL))
        *report = cg_claims_service_check_claim (self, cr_scheme_get_id (scheme),
                                                 v->claim != NULL ? v->claim : empty, &opts, NULL);
      v->report = *report;
    }
}

static GDBusConnection *
connection (CgDaemon *self)
{
  return g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (self->helper_iface));
}

/* Sends @lines (NULL-terminated) to every watcher, and to them only. */
static void
send_lines (CgDaemon *self, const char *const *lines)
{
  GDBusConnection *c = connection (self);
  GHashTableIter iter;
  gpointer name;

  if (c == NULL || lines[0] == NULL)
    return;
  g_hash_table_iter_init (&iter, helper (self)->watchers);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_dbus_connection_emit_signal (c, name, CG_DBUS_PATH, HELPER_IFACE, "Changed",
                                   g_variant_new ("(^as)", lines), NULL);
}

/* The state now (CgHelperLine); what differs from what the watchers have
 * is sent to them. */
static GPtrArray *
refresh (CgDaemon *self)
{
  CgHelper *h = helper (self);
  g_autoptr(CrReport) report = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) now = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *lines;
  CgHelperView view;
  GHashTableIter iter;
  gpointer key, line;

  g_clear_handle_id (&h->refresh_timer, g_source_remove);
  fill_view (self, &view, TRUE, &report);
  lines = cg_helper_view_lines (&view);
  for (guint i = 0; i < lines->len; i++)
    {
      CgHelperLine *l = lines->pdata[i];
      g_hash_table_add (now, l->key);
      if (g_strcmp0 (g_hash_table_lookup (h->shown, l->key), l->line) != 0)
        {
          g_ptr_array_add (changed, g_strdup (l->line));
          g_hash_table_insert (h->shown, g_strdup (l->key), g_strdup (l->line));
        }
    }
  g_hash_table_iter_init (&iter, h->shown);
  while (g_hash_table_iter_next (&iter, &key, &line))
    if (!g_hash_table_contains (now, key))
      {
        if (g_str_has_prefix (key, "problem:"))
          {
            const char *const parts[] = { "problem", (const char *) key + strlen ("problem:"),
                                          "none", NULL };
            g_ptr_array_add (changed, cg_helper_line_join (parts));
          }
        g_hash_table_iter_remove (&iter);
      }
  g_ptr_array_add (changed, NULL);
  send_lines (self, (const char *const *) changed->pdata);
  return lines;
}

static gboolean
on_refresh_due (gpointer data)
{
  CgDaemon *self = data;
  helper (self)->refresh_timer = 0;
  g_ptr_array_unref (refresh (self));
  return G_SOURCE_REMOVE;
}

void
cg_helper_service_changed (CgDaemon *self, const char *what)
{
  CgHelper *h = helper (self);

  if (h == NULL || g_hash_table_size (h->watchers) == 0 || h->refresh_timer != 0)
    return;
  h->refresh_timer = g_timeout_add (REFRESH_MS, on_refresh_due, self);
}

/* Keeps @value (and its mask) among those masked in what is heard. */
static void
remember_value (CgHelper *h, const char *value, char *mask)
{
  if (value == NULL || value[0] == '\0')
    {
      g_free (mask);
      return;
    }
  if (h->recent_values->len >= RECENT)
    {
      g_ptr_array_remove_index (h->recent_values, 0);
      g_ptr_array_remove_index (h->recent_masks, 0);
    }
  g_ptr_array_add (h->recent_values, g_strdup (value));
  g_ptr_array_add (h->recent_masks, mask);
}

void
cg_helper_service_presented (CgDaemon *self, const char *field, const char *value)
{
  CgHelper *h = helper (self);
  CrScheme *scheme;
  const CrField *f;

  if (h == NULL)
    return;
  scheme = claim_scheme (self);
  f = scheme != NULL && field != NULL ? cr_scheme_lookup_field (scheme, field) : NULL;
  g_free (h->focus);
  h->focus = g_strdup (f != NULL ? field : "other");
  /* A control the scheme does not know may hold anything: masked whole. */
  remember_value (h, value, f != NULL ? cg_mask_field_value (f, value) : g_strdup (MASKED));
  cg_helper_service_changed (self, "focus");
}

void
cg_helper_service_echoed (CgDaemon *self, const char *typed, const char *word)
{
  CgHelper *h = helper (self);
  const char *both[] = { typed, word };

  if (h == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (both); i++)
    if (both[i] != NULL && both[i][0] != '\0')
      {
        if (h->echoes->len >= 2 * RECENT)
          g_ptr_array_remove_index (h->echoes, 0);
        g_ptr_array_add (h->echoes, g_strdup (both[i]));
      }
}

/* What the senior heard, as the helper may see it: a line.  @echo: it was
 * typing echoed, which is never shown, since a character of an ID is the
 * ID's. */
static char *
heard_line (CgDaemon *self, const char *said, CgPriority priority, gboolean echo)
{
  CgHelper *h = helper (self);
  g_autofree char *text = NULL;

  if (echo && !h->allowed)
    text = g_strdup (MASKED);
  else
    {
      /* Borrowed, NULL-terminated. */
      g_autoptr(GPtrArray) values = g_ptr_array_new ();
      g_autoptr(GPtrArray) masks = g_ptr_array_new ();
      CgHelperView view;

      for (guint i = 0; i < h->recent_values->len; i++)
        {
          g_ptr_array_add (values, h->recent_values->pdata[i]);
          g_ptr_array_add (masks, h->recent_masks->pdata[i]);
        }
      g_ptr_array_add (values, NULL);
      g_ptr_array_add (masks, NULL);
      fill_view (self, &view, FALSE, NULL);
      text = cg_helper_view_mask_text (&view, said, (const char *const *) values->pdata,
                                       (const char *const *) masks->pdata);
    }
  return cg_helper_line_join ((const char *const[]) { "heard", cg_priority_to_string (priority),
                                                      text, NULL });
}

static void
on_utterance_started (CgSpeech *speech, const CgUtterance *utt, gpointer data)
{
  CgDaemon *self = data;
  CgHelper *h = helper (self);
  g_autofree char *line = NULL;
  guint echo;

  /* Kept for a watcher who comes later: what the senior just heard. */
  h->last_echo = g_ptr_array_find_with_equal_func (h->echoes, utt->text, g_str_equal, &echo);
  if (h->last_echo)
    g_ptr_array_remove_index (h->echoes, echo);
  g_free (h->last_heard);
  h->last_heard = g_strdup (utt->text);
  h->last_priority = utt->priority;
  if (g_hash_table_size (h->watchers) == 0)
    return;
  line = heard_line (self, utt->text, utt->priority, h->last_echo);
  send_lines (self, (const char *const[]) { line, NULL });
}

/* ---- The senior's answer ---- */

static void
set_state (CgDaemon *self)
{
  CgHelper *h = helper (self);
  cg_dbus_helper1_set_enabled (self->helper_iface, h->enabled);
  cg_dbus_helper1_set_allowed (self->helper_iface, h->allowed);
  cg_dbus_helper1_set_asking (self->helper_iface, h->ask_timer != 0);
  cg_dbus_helper1_set_watching (self->helper_iface, g_hash_table_size (h->watchers) > 0);
  cg_helper_service_changed (self, "allowed");
}

static gboolean
asking (CgHelper *h)
{
  return h->ask_timer != 0;
}

/* Answers every AskToSee waiting. */
static void
answer_waiting (CgHelper *h, gboolean allowed)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&h->waiting);

  h->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    cg_dbus_helper1_complete_ask_to_see (NULL, waiting->pdata[i], allowed);
}

static char *
key_words (CgDaemon *self, CgKeyAction action)
{
  return cg_present_keys (cg_profiles_get_active (self->profiles)->keys[action], lang (self));
}

/* The question ends: @by is who answered (key, notification, command). */
static void
answer (CgDaemon *self, gboolean yes, const char *by)
{
  CgHelper *h = helper (self);
  g_autofree char *detail = g_strconcat ("by=", by, NULL);
  g_autofree char *said = NULL;

  g_clear_handle_id (&h->ask_timer, g_source_remove);
  record (self, yes ? CG_AUDIT_ALLOWED : CG_AUDIT_DENIED, detail, NULL);
  h->allowed = yes;
  if (yes)
    {
      g_autofree char *deny = key_words (self, CG_KEY_DENY_HELPER);
      said = cg_message_with (CG_M_HELPER_ALLOWED, text_lang (self), "{deny}", deny);
    }
  else
    said = g_strdup (cg_message (CG_M_HELPER_DENIED, text_lang (self)));
  /* An answer to the senior's own key press: at once. */
  cg_speech_say (self->speech, said, CG_PRIORITY_FOCUS, lang (self));
  answer_waiting (h, yes);
  set_state (self);
}

/* Values are masked again (@by: key, notification, command); a question
 * still open is answered no.  FALSE when there was nothing to take back. */
static gboolean
withdraw (CgDaemon *self, const char *by)
{
  CgHelper *h = helper (self);
  g_autofree char *detail = g_strconcat ("by=", by, NULL);

  if (asking (h))
    {
      answer (self, FALSE, by);
      return TRUE;
    }
  if (!h->allowed)
    return FALSE;
  h->allowed = FALSE;
  record (self, CG_AUDIT_WITHDRAWN, detail, NULL);
  cg_speech_say (self->speech, cg_message (CG_M_HELPER_WITHDRAWN, text_lang (self)),
                 CG_PRIORITY_FOCUS, lang (self));
  set_state (self);
  return TRUE;
}

/* The permission (or the question) ends without the senior: @reason is
 * claim-sent, helper-off or session-end. */
static void
end_permission (CgDaemon *self, const char *reason)
{
  CgHelper *h = helper (self);
  g_autofree char *detail = g_strconcat ("reason=", reason, NULL);

  if (!h->allowed && !asking (h))
    return;
  g_clear_handle_id (&h->ask_timer, g_source_remove);
  h->allowed = FALSE;
  record (self, CG_AUDIT_ENDED, detail, NULL);
  answer_waiting (h, FALSE);
  if (self->helper_iface != NULL)
    set_state (self);
}

void
cg_helper_service_claim_sent (CgDaemon *self)
{
  if (helper (self) != NULL)
    end_permission (self, "claim-sent");
}

static gboolean
on_ask_expired (gpointer data)
{
  CgDaemon *self = data;
  CgHelper *h = helper (self);

  h->ask_timer = 0;
  record (self, CG_AUDIT_NO_ANSWER, NULL, NULL);
  answer_waiting (h, FALSE);
  set_state (self);
  return G_SOURCE_REMOVE;
}

static void
on_notification_action (CgNotifier *notifier, const char *action, gpointer data)
{
  CgDaemon *self = data;
  CgHelper *h = helper (self);

  if (!h->enabled)
    return;
  if (g_str_equal (action, "helper-allow") && asking (h))
    answer (self, TRUE, "notification");
  else if (g_str_equal (action, "helper-deny"))
    withdraw (self, "notification"); /* no, at any time */
}

/* ---- Methods ---- */

/* With the helper off, the call fails (and the refusal is recorded, but
 * on a profile that keeps nothing). */
static gboolean
refused (CgDaemon *self, GDBusMethodInvocation *inv, const char *request)
{
  const CgProfile *p = cg_profiles_get_active (self->profiles);

  if (helper (self)->enabled)
    return FALSE;
  if (p->keep_drafts)
    {
      g_autofree char *detail = g_strconcat ("request=", request, NULL);
      record (self, CG_AUDIT_REFUSED, detail, NULL);
    }
  g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_HELPER_OFF,
                                         "the helper is turned off in the profile %s "
                                         "([Privacy] HelperAllowed=false)", p->name);
  return TRUE;
}

typedef struct {
  CgDaemon *self;
  char *name;
} Watcher;

static void
watcher_free (gpointer data)
{
  Watcher *w = data;
  g_free (w->name);
  g_free (w);
}

static void
stop_watching (CgDaemon *self, const char *name, const char *reason)
{
  CgHelper *h = helper (self);
  gpointer id;
  g_autofree char *detail = reason != NULL ? g_strconcat ("reason=", reason, NULL) : NULL;

  if (!g_hash_table_lookup_extended (h->watchers, name, NULL, &id))
    return;
  record (self, CG_AUDIT_WATCH_ENDED, detail, NULL);
  g_bus_unwatch_name (GPOINTER_TO_UINT (id));
  g_hash_table_remove (h->watchers, name);
  if (g_hash_table_size (h->watchers) == 0)
    {
      g_hash_table_remove_all (h->shown);
      g_clear_handle_id (&h->refresh_timer, g_source_remove);
    }
  if (self->helper_iface != NULL)
    set_state (self);
}

static void
on_watcher_gone (GDBusConnection *c, const char *name, gpointer data)
{
  Watcher *w = data;
  g_autofree char *gone = g_strdup (w->name); /* w goes with the watch */
  stop_watching (w->self, gone, NULL);
}

static gboolean
handle_watch (CgDBusHelper1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;
  CgHelper *h = helper (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autofree char *heard = NULL;
  const char *sender = g_dbus_method_invocation_get_sender (inv);

  if (refused (self, inv, "watch"))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  if (sender == NULL)
    {
      g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                                             "watching needs a bus connection");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (!g_hash_table_contains (h->watchers, sender))
    {
      Watcher *w;
      guint id;

      if (!record (self, CG_AUDIT_WATCH_STARTED, NULL, &error))
        {
          g_dbus_method_invocation_return_gerror (inv, error);
          return G_DBUS_METHOD_INVOCATION_HANDLED;
        }
      /* The senior is told, once, when a helper starts to follow. */
      if (g_hash_table_size (h->watchers) == 0)
        cg_speech_say (self->speech,
                       cg_message (h->allowed ? CG_M_HELPER_WATCHING_ALL : CG_M_HELPER_WATCHING,
                                   text_lang (self)),
                       CG_PRIORITY_NOTIFY, lang (self));
      /* Those already watching get what changed; the newcomer all of it. */
      lines = refresh (self);
      w = g_new0 (Watcher, 1);
      w->self = self;
      w->name = g_strdup (sender);
      id = g_bus_watch_name_on_connection (g_dbus_method_invocation_get_connection (inv), sender,
                                           G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, on_watcher_gone,
                                           w, watcher_free);
      g_hash_table_insert (h->watchers, g_strdup (sender), GUINT_TO_POINTER (id));
      set_state (self);
    }
  else
    lines = refresh (self);
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (out, ((CgHelperLine *) lines->pdata[i])->line);
  if (h->last_heard != NULL)
    {
      heard = heard_line (self, h->last_heard, h->last_priority, h->last_echo);
      g_ptr_array_add (out, heard);
    }
  g_ptr_array_add (out, NULL);
  cg_dbus_helper1_complete_watch (iface, inv, (const char *const *) out->pdata);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_say (CgDBusHelper1 *iface, GDBusMethodInvocation *inv, const char *text, gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *said = NULL, *detail = NULL;
  const char *actions[] = { "repeat", cg_message (CG_M_REPEAT, text_lang (self)), NULL };

  if (refused (self, inv, "say"))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  if (trimmed[0] == '\0')
    g_set_error (&error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT, "say what? The text is empty");
  else if (strlen (text) > MAX_SAY)
    g_set_error (&error, CG_ERROR, CG_ERROR_TOO_LARGE,
                 "the text is %zu bytes; a helper says at most %d at once", strlen (text), MAX_SAY);
  else
    {
      detail = g_strdup_printf ("chars=%ld", g_utf8_strlen (trimmed, -1));
      record (self, CG_AUDIT_SAID, detail, &error);
    }
  if (error != NULL)
    {
      g_dbus_method_invocation_return_gerror (inv, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  said = cg_message_with (CG_M_HELPER_SAYS, text_lang (self), "{text}", trimmed);
  cg_speech_say (self->speech, said, CG_PRIORITY_PROMPT, lang (self));
  /* The notification's Repeat says it again. */
  g_free (self->last_announcement);
  self->last_announcement = g_strdup (said);
  cg_notifier_show (self->notifier, cg_message (CG_M_HELPER_TITLE, text_lang (self)), said, actions);
  cg_dbus_helper1_emit_said (iface, trimmed);
  cg_dbus_helper1_complete_say (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_ask_to_see (CgDBusHelper1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;
  CgHelper *h = helper (self);
  g_autoptr(GError) error = NULL;

  if (refused (self, inv, "ask"))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  if (h->allowed)
    {
      cg_dbus_helper1_complete_ask_to_see (iface, inv, TRUE);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (!asking (h))
    {
      const char *tl = text_lang (self);
      g_autofree char *allow = key_words (self, CG_KEY_ALLOW_HELPER);
      g_autofree char *deny = key_words (self, CG_KEY_DENY_HELPER);
      g_autofree char *with_allow = cg_message_with (CG_M_HELPER_ASK, tl, "{allow}", allow);
      g_autofree char *question = cg_text_with (with_allow, "{deny}", deny);
      const char *actions[] = { "helper-allow", cg_message (CG_M_HELPER_ALLOW, tl),
                                "helper-deny", cg_message (CG_M_HELPER_DENY, tl), NULL };

      if (!record (self, CG_AUDIT_ASKED, NULL, &error))
        {
          g_dbus_method_invocation_return_gerror (inv, error);
          return G_DBUS_METHOD_INVOCATION_HANDLED;
        }
      h->ask_timer = g_timeout_add_seconds (ASK_WAIT_S, on_ask_expired, self);
      cg_speech_say (self->speech, question, CG_PRIORITY_PROMPT, lang (self));
      cg_notifier_show (self->notifier, cg_message (CG_M_HELPER_ASK_TITLE, tl), question, actions);
    }
  g_ptr_array_add (h->waiting, g_object_ref (inv));
  set_state (self);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Allow and Withdraw: whether the caller is the plugin (the senior's key)
 * is asked of the bus, then the call goes on. */
typedef struct {
  CgDaemon *self;
  GDBusMethodInvocation *inv;
  gboolean allow;
} Answer;

static void
on_plugin_owner (GObject *source, GAsyncResult *result, gpointer data)
{
  Answer *a = data;
  g_autoptr(CgDaemon) self = a->self;
  g_autoptr(GDBusMethodInvocation) inv = a->inv;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  const char *owner = NULL;
  gboolean from_plugin, allow = a->allow;
  CgHelper *h = helper (self);

  g_free (a);
  if (reply != NULL)
    g_variant_get (reply, "(&s)", &owner);
  from_plugin = owner != NULL && g_strcmp0 (owner, g_dbus_method_invocation_get_sender (inv)) == 0;
  if (h == NULL || !h->enabled)
    g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_HELPER_OFF,
                                           "the helper is turned off in the profile");
  else if (!allow)
    {
      withdraw (self, from_plugin ? "key" : "command");
      g_dbus_method_invocation_return_value (inv, NULL);
    }
  else if (!from_plugin)
    g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_NOT_ALLOWED,
                                           "only the senior says yes: with their AllowHelper key "
                                           "or on the notification");
  else if (!asking (h))
    g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_NOT_ASKED,
                                           "no helper has asked to see everything");
  else
    {
      answer (self, TRUE, "key");
      g_dbus_method_invocation_return_value (inv, NULL);
    }
}

static void
check_caller (CgDaemon *self, GDBusMethodInvocation *inv, gboolean allow)
{
  Answer *a = g_new0 (Answer, 1);

  a->self = g_object_ref (self);
  a->inv = g_object_ref (inv);
  a->allow = allow;
  g_dbus_connection_call (g_dbus_method_invocation_get_connection (inv), "org.freedesktop.DBus",
                          "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner",
                          g_variant_new ("(s)", CG_PLUGIN_BUS_NAME), G_VARIANT_TYPE ("(s)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_plugin_owner, a);
}

static gboolean
handle_allow (CgDBusHelper1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;

  if (!refused (self, inv, "allow"))
    check_caller (self, inv, TRUE);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_withdraw (CgDBusHelper1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;

  if (!refused (self, inv, "withdraw"))
    check_caller (self, inv, FALSE);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- The profile ---- */

static void
on_profiles_changed (CgProfiles *profiles, gpointer data)
{
  CgDaemon *self = data;
  CgHelper *h = helper (self);
  gboolean enabled = cg_profiles_get_active (profiles)->helper_allowed;

  if (enabled == h->enabled)
    {
      cg_helper_service_changed (self, "profile"); /* the language of labels, perhaps */
      return;
    }
  h->enabled = enabled;
  if (!enabled)
    {
      const char *const off[] = { "helper\toff", NULL };
      g_autoptr(GList) names = NULL;

      end_permission (self, "helper-off");
      send_lines (self, off);
      names = g_hash_table_get_keys (h->watchers);
      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *name = g_strdup (l->data);
          stop_watching (self, name, "helper-off");
        }
    }
  set_state (self);
}

/* ---- Putting it together ---- */

void
cg_helper_service_add_status (CgDaemon *self, GVariantBuilder *b)
{
  CgHelper *h = helper (self);

  if (h == NULL)
    return;
  g_variant_builder_add (b, "{sv}", "helper", g_variant_new_string (
                           !h->enabled ? "off" : h->allowed ? "allowed" : asking (h) ? "asking"
                           : "masked"));
  g_variant_builder_add (b, "{sv}", "helper-watching",
                         g_variant_new_uint32 (g_hash_table_size (h->watchers)));
}

/* The guide moved, or another form came to the front. */
static void
on_published (CgDaemon *self)
{
  cg_helper_service_changed (self, "published");
}

void
cg_helper_service_export (CgDaemon *self)
{
  CgHelper *h = g_new0 (CgHelper, 1);

  self->helper = h;
  h->enabled = cg_profiles_get_active (self->profiles)->helper_allowed;
  h->watchers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  h->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  h->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  h->recent_values = g_ptr_array_new_with_free_func (g_free);
  h->recent_masks = g_ptr_array_new_with_free_func (g_free);
  h->echoes = g_ptr_array_new_with_free_func (g_free);
  h->audit_path = cg_audit_path ();

  self->helper_iface = cg_dbus_helper1_skeleton_new ();
  g_signal_connect (self->helper_iface, "handle-watch", G_CALLBACK (handle_watch), self);
  g_signal_connect (self->helper_iface, "handle-say", G_CALLBACK (handle_say), self);
  g_signal_connect (self->helper_iface, "handle-ask-to-see", G_CALLBACK (handle_ask_to_see), self);
  g_signal_connect (self->helper_iface, "handle-allow", G_CALLBACK (handle_allow), self);
  g_signal_connect (self->helper_iface, "handle-withdraw", G_CALLBACK (handle_withdraw), self);
  set_state (self);

  g_signal_connect_object (self->speech, "utterance-started", G_CALLBACK (on_utterance_started),
                           self, 0);
  g_signal_connect_object (self->notifier, "action", G_CALLBACK (on_notification_action), self, 0);
  g_signal_connect_object (self->profiles, "changed", G_CALLBACK (on_profiles_changed), self, 0);
  /* What the guide and the reader change, as they publish it. */
  g_signal_connect_object (self->guide_iface, "step-changed", G_CALLBACK (on_published), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader_iface, "notify::form", G_CALLBACK (on_published), self,
                           G_CONNECT_SWAPPED);
}

void
cg_helper_service_free (CgDaemon *self)
{
  CgHelper *h = helper (self);
  g_autoptr(GList) names = NULL;

  if (h == NULL)
    return;
  /* The session ends: so does the senior's yes, and every watch. */
  end_permission (self, "session-end");
  names = g_hash_table_get_keys (h->watchers);
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *name = g_strdup (l->data);
      stop_watching (self, name, "session-end");
    }
  g_clear_handle_id (&h->refresh_timer, g_source_remove);
  g_clear_handle_id (&h->ask_timer, g_source_remove);
  answer_waiting (h, FALSE);
  g_hash_table_unref (h->watchers);
  g_hash_table_unref (h->shown);
  g_ptr_array_unref (h->waiting);
  g_ptr_array_unref (h->recent_values);
  g_ptr_array_unref (h->recent_masks);
  g_ptr_array_unref (h->echoes);
  g_free (h->focus);
  g_free (h->last_heard);
  g_free (h->audit_path);
  g_free (h);
  self->helper = NULL;
  g_clear_object (&self->helper_iface);
}
