/* org.claimguide.Guide1: the claim a step at a time, and the check before Send.
 *
 * The steps and where the senior is come from cg-guide.c; this file says
 * them.  A move asks the plugin (FocusField) to put the keyboard focus in
 * the step's first field; the step's words are then said just before that
 * field's own words, as one utterance, since the field's words (said at
 * focus priority) would cut anything said before them. */
#include "cg-daemon-private.h"

#include "claimrules.h"
#include "cg-drafts.h"
#include "cg-guide.h"
#include "cg-messages.h"
#include "cg-present.h"

/* How long the step's words wait for the field's words before they are said
 * alone (no plugin, or no field to move to). */
#define LEAD_WAIT_MS 1500

static CgLang
lang_now (CgDaemon *self)
{
  return cg_daemon_default_lang (self);
}

/* ---- Words said before the next field's ---- */

/* A move is asked for by the senior (a key) or their helper: it cuts what
 * is being said, as a focus change does. */
static void
say_lead_now (CgDaemon *self)
{
  g_autofree char *text = cg_guide_service_take_lead (self);
  if (text != NULL)
    cg_speech_say (self->speech, text, CG_PRIORITY_FOCUS, self->guide_lead_lang);
}

static gboolean
on_lead_due (gpointer data)
{
  CgDaemon *self = data;
  self->guide_lead_timer = 0;
  say_lead_now (self);
  return G_SOURCE_REMOVE;
}

char *
cg_guide_service_take_lead (CgDaemon *self)
{
  g_clear_handle_id (&self->guide_lead_timer, g_source_remove);
  return g_steal_pointer (&self->guide_lead);
}

/* Says @text with the focus move to @field: before the field's words when
 * the plugin moves the focus, else at once. */
static void
say_with_focus (CgDaemon *self, const char *text, const char *field)
{
  gboolean plugin = g_str_equal (cg_plugin_launcher_get_state (self->plugin), "running");

  g_free (self->guide_lead);
  self->guide_lead = g_strdup (text);
  self->guide_lead_lang = lang_now (self);
  g_clear_handle_id (&self->guide_lead_timer, g_source_remove);
  if (field != NULL && field[0] != '\0')
    cg_dbus_guide1_emit_focus_field (self->guide_iface, field);
  if (plugin && field != NULL && field[0] != '\0')
    self->guide_lead_timer = g_timeout_add (LEAD_WAIT_MS, on_lead_due, self);
  else
    say_lead_now (self);
}

/* ---- The claim's values ---- */

static const char *
claim_scheme (CgDaemon *self)
{
  if (self->guide != NULL)
    return cr_scheme_get_id (cg_guide_get_scheme (self->guide));
  return cg_reader_service_form_scheme (self);
}

static void publish_step (CgDaemon *self);

/* What the writer thread does with one draft: keeps it, or, with no step
 * and no fields, removes the scheme's draft (the claim was sent). */
static void
write_draft (gpointer data, gpointer unused)
{
  g_autoptr(CgDraft) draft = data;
  g_autoptr(GError) error = NULL;

  if (draft->step == NULL && draft->fields == NULL)
    {
      if (!cg_drafts_delete (draft->scheme, &error))
        g_warning ("The sent claim's draft was not removed: %s", error->message);
    }
  else if (!cg_drafts_save (draft, &error))
    g_warning ("The draft was not kept: %s", error->message);
}

static void
push_draft (CgDaemon *self, CgDraft *draft)
{
  if (self->draft_writer == NULL)
    self->draft_writer = g_thread_pool_new (write_draft, NULL, 1, TRUE, NULL);
  g_thread_pool_push (self->draft_writer, draft, NULL);
}

/* The claim and the step, kept for another day (user-only file), unless the
 * profile keeps nothing.  The file is written and flushed by one writer
 * thread, in order: a slow disk never holds up speech. */
static void
save_draft (CgDaemon *self)
{
  g_autoptr(GPtrArray) names = NULL;
  const CrStep *step = self->guide != NULL ? cg_guide_get_step (self->guide) : NULL;
  CgDraft *draft;

  if (!cg_profiles_get_active (self->profiles)->keep_drafts || self->claim == NULL ||
      self->claim_scheme == NULL || self->claim_sent)
    return;
  names = cr_claim_get_field_names (self->claim);
  draft = g_new0 (CgDraft, 1);
  draft->scheme = g_strdup (self->claim_scheme);
  draft->step = step != NULL ? g_strdup (cr_step_get_id (step)) : NULL;
  draft->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *v = cr_claim_get (self->claim, names->pdata[i]);
      if (v != NULL)
        g_hash_table_insert (draft->fields, g_strdup (names->pdata[i]), g_strdup (v));
    }
  push_draft (self, draft);
}

/* The draft waits for a pause in the typing, to be written once. */
#define DRAFT_WAIT_MS 1000

static gboolean
on_draft_due (gpointer data)
{
  CgDaemon *self = data;
  self->draft_timer = 0;
  save_draft (self);
  return G_SOURCE_REMOVE;
}

static void
draft_changed (CgDaemon *self)
{
  if (self->draft_timer == 0)
    self->draft_timer = g_timeout_add (DRAFT_WAIT_MS, on_draft_due, self);
}

static void
claim_changed (CgDaemon *self)
{
  draft_changed (self);
  if (self->guide == NULL)
    return;
  {
    guint before = cg_guide_get_index (self->guide), count = cg_guide_get_count (self->guide);
    const CrStep *step = cg_guide_get_step (self->guide);
    cg_guide_update (self->guide, self->claim);
    if (before != cg_guide_get_index (self->guide) || count != cg_guide_get_count (self->guide) ||
        step != cg_guide_get_step (self->guide))
      publish_step (self);
  }
}

/* Values from another form (another scheme) start a new claim. */
static void
claim_for (CgDaemon *self, const char *scheme)
{
  if (self->claim == NULL || g_strcmp0 (scheme, self->claim_scheme) != 0)
    {
      g_clear_pointer (&self->claim, cr_claim_free);
      self->claim = cr_claim_new ();
      g_free (self->claim_scheme);
      self->claim_scheme = g_strdup (scheme);
    }
}

static GVariant *claim_to_variant (const CrClaim *claim);

/* Do the a{ss} @a and @b hold the same values, in any order? */
static gboolean
same_values (GVariant *a, GVariant *b)
{
  GVariantIter iter;
  const char *k, *v;

  if (g_variant_n_children (a) != g_variant_n_children (b))
    return FALSE;
  g_variant_iter_init (&iter, a);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    {
      g_autofree char *other = NULL;
      if (!g_variant_lookup (b, k, "s", &other) || !g_str_equal (v, other))
        return FALSE;
    }
  return TRUE;
}

void
cg_guide_service_set_fields (CgDaemon *self, const char *scheme, GVariant *fields,
                             gboolean complete)
{
  GVariantIter iter;
  const char *k, *v;
  g_autoptr(GVariant) before = NULL, after = NULL;

  if (self->claim != NULL && g_strcmp0 (scheme, self->claim_scheme) == 0)
    before = g_variant_ref_sink (claim_to_variant (self->claim));
  if (complete)
    g_clear_pointer (&self->claim, cr_claim_free);
  claim_for (self, scheme);
  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    cr_claim_set (self->claim, k, v);
  after = g_variant_ref_sink (claim_to_variant (self->claim));
  /* Read again, unchanged: nothing to save or follow. */
  if (before == NULL || !same_values (before, after))
    claim_changed (self);
}

void
cg_guide_service_form_sent (CgDaemon *self)
{
  CgDraft *gone;

  g_clear_handle_id (&self->draft_timer, g_source_remove);
  if (self->claim_scheme == NULL || self->claim_sent)
    return;
  /* After any write still queued: the claim is done, its draft goes, and
   * so does the walk through it.  What is read from the form from now on
   * is kept for the check but not as a draft (it is what was sent) until
   * the guide starts again. */
  gone = g_new0 (CgDraft, 1);
  gone->scheme = g_strdup (self->claim_scheme);
  push_draft (self, gone);
  self->claim_sent = TRUE;
  g_clear_pointer (&self->refill, g_variant_unref);
  g_clear_pointer (&self->claim, cr_claim_free);
  g_clear_pointer (&self->claim_scheme, g_free);
  if (self->guide != NULL)
    {
      g_clear_pointer (&self->guide, cg_guide_free);
      g_free (cg_guide_service_take_lead (self));
      publish_step (self);
    }
}

void
cg_guide_service_set_field (CgDaemon *self, const char *scheme, const char *field,
                            const char *value)
{
  claim_for (self, scheme);
  {
    const char *was = cr_claim_get (self->claim, field);
    if (g_strcmp0 (was != NULL ? was : "", value != NULL ? value : "") == 0)
      return; /* read again, unchanged (an empty field is no value) */
  }
  cr_claim_set (self->claim, field, value);
  claim_changed (self);
}

/* ---- Steps ---- */

static void
publish_step (CgDaemon *self)
{
  const CrStep *step = self->guide != NULL ? cg_guide_get_step (self->guide) : NULL;
  const char *const *fields = step != NULL ? cr_step_get_fields (step) : NULL;
  const char *const none[] = { NULL };
  guint index = self->guide != NULL ? cg_guide_get_index (self->guide) : 0;
  guint count = self->guide != NULL ? cg_guide_get_count (self->guide) : 0;

  cg_dbus_guide1_set_active (self->guide_iface, self->guide != NULL);
  cg_dbus_guide1_set_scheme (self->guide_iface, self->guide != NULL
                             ? cr_scheme_get_id (cg_guide_get_scheme (self->guide)) : "");
  cg_dbus_guide1_set_step (self->guide_iface, step != NULL ? cr_step_get_id (step) : "");
  cg_dbus_guide1_set_step_index (self->guide_iface, index);
  cg_dbus_guide1_set_step_count (self->guide_iface, count);
  cg_dbus_guide1_emit_step_changed (self->guide_iface, step != NULL ? cr_step_get_id (step) : "",
                                    index, count, fields != NULL ? fields : none);
  if (step != NULL)
    draft_changed (self);
}

/* "Step 2 of 6. <prompt> <papers>" */
static char *
step_words (CgDaemon *self)
{
  const CrStep *step = cg_guide_get_step (self->guide);
  const char *tl = cg_lang_text_language (lang_now (self));
  g_autofree char *i = g_strdup_printf ("%u", cg_guide_get_index (self->guide));
  g_autofree char *n = g_strdup_printf ("%u", cg_guide_get_count (self->guide));
  g_autofree char *head = cg_message_with (CG_M_STEP, tl, "{i}", i);
  g_autofree char *where = cg_text_with (head, "{n}", n);
  const char *papers = cr_step_get_papers (step, tl);
  GString *s = g_string_new (where);

  g_string_append_printf (s, " %s", cr_step_get_prompt (step, tl));
  if (papers != NULL)
    g_string_append_printf (s, " %s", papers);
  return g_string_free (s, FALSE);
}

/* Says the step and moves the focus to its first field. */
static void
present_step (CgDaemon *self)
{
  const CrStep *step = cg_guide_get_step (self->guide);
  const char *const *fields = cr_step_get_fields (step);
  g_autofree char *words = step_words (self);

  publish_step (self);
  say_with_focus (self, words, fields != NULL ? fields[0] : NULL);
}

static gboolean
no_guide (CgDaemon *self, GDBusMethodInvocation *inv)
{
  if (self->guide != NULL)
    return FALSE;
  g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_NOT_STARTED,
                                         "the guide is not started (Guide1.Start)");
  return TRUE;
}

/* A draft of this scheme's claim: its values fill in what the form does not
 * say yet, and the guide goes back to its step.  FALSE when there is none. */
static gboolean
resume_draft (CgDaemon *self, const char *scheme_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDraft) draft = NULL;
  g_autoptr(GDateTime) saved = NULL;
  g_autofree char *date = NULL, *said = NULL, *words = NULL, *both = NULL;
  const char *const *fields;
  GHashTableIter iter;
  gpointer k, v;
  GVariantBuilder refill;
  guint n_refill = 0;

  g_clear_pointer (&self->refill, g_variant_unref);
  if (!cg_profiles_get_active (self->profiles)->keep_drafts)
    return FALSE;
  draft = cg_drafts_load (scheme_id, &error);
  if (draft == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("The draft was not read: %s", error->message);
      return FALSE;
    }
  /* What the draft holds and the form does not show is the claim's now,
   * and can be put back on the form (Refill).  A choice box showing no
   * choice of the scheme's shows nothing (a <select> on "请选择"). */
  g_variant_builder_init (&refill, G_VARIANT_TYPE ("a{ss}"));
  g_hash_table_iter_init (&iter, draft->fields);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      const char *now = cr_claim_get (self->claim, k);
      const CrField *field = cr_scheme_lookup_field (cg_guide_get_scheme (self->guide), k);
      gboolean shown = now != NULL && now[0] != '\0' &&
                       (field == NULL || cr_field_get_field_type (field) != CR_FIELD_CHOICE ||
                        cr_field_match_choice (field, now) != NULL);
      gboolean worth = ((const char *) v)[0] != '\0' &&
                       (field == NULL || cr_field_get_field_type (field) != CR_FIELD_CHOICE ||
                        cr_field_match_choice (field, v) != NULL);
      if (!shown && worth)
        {
          cr_claim_set (self->claim, k, v);
          g_variant_builder_add (&refill, "{ss}", (const char *) k, (const char *) v);
          n_refill++;
        }
    }
  self->refill = g_variant_ref_sink (g_variant_builder_end (&refill));
  cg_guide_update (self->guide, self->claim);
  cg_guide_restart (self->guide);
  while (draft->step != NULL && g_strcmp0 (cr_step_get_id (cg_guide_get_step (self->guide)), draft->step) != 0 &&
         cg_guide_next (self->guide))
    ;
  if (g_strcmp0 (cr_step_get_id (cg_guide_get_step (self->guide)), draft->step) != 0)
    cg_guide_restart (self->guide);
  saved = g_date_time_new_from_unix_local (draft->saved_at);
  date = saved != NULL ? g_date_time_format (saved, "%Y-%m-%d") : g_strdup ("");
  said = cg_message_with (CG_M_DRAFT_FOUND, cg_lang_text_language (lang_now (self)), "{date}", date);
  words = step_words (self);
  if (n_refill > 0 && g_str_equal (cg_plugin_launcher_get_state (self->plugin), "running"))
    {
      g_autofree char *keys = cg_present_keys (cg_profiles_get_active (self->profiles)->keys[CG_KEY_REFILL],
                                               lang_now (self));
      g_autofree char *offer = cg_message_with (CG_M_REFILL_OFFER,
                                                cg_lang_text_language (lang_now (self)), "{keys}", keys);
      both = g_strconcat (said, " ", offer, " ", words, NULL);
    }
  else
    both = g_strconcat (said, " ", words, NULL);
  fields = cr_step_get_fields (cg_guide_get_step (self->guide));
  publish_step (self);
  say_with_focus (self, both, fields != NULL ? fields[0] : NULL);
  return TRUE;
}

static gboolean
handle_start (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, const char *scheme_id,
              gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  CrScheme *scheme;

  if (scheme_id[0] == '\0')
    scheme_id = cg_reader_service_form_scheme (self);
  if (scheme_id[0] == '\0')
    {
      cg_speech_say (self->speech, cg_message (CG_M_NO_FORM, cg_lang_text_language (lang_now (self))),
                     CG_PRIORITY_PROMPT, lang_now (self));
      g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_NO_FORM,
                                             "no claim form is recognised and no scheme was named");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  scheme = cg_claims_service_lookup_scheme (self, scheme_id, &error);
  if (scheme == NULL)
    {
      g_dbus_method_invocation_return_gerror (inv, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (cr_scheme_get_n_steps (scheme) == 0)
    {
      g_dbus_method_invocation_return_error (inv, CG_ERROR, CG_ERROR_SCHEME_REFUSED,
                                             "the scheme %s has no steps", scheme_id);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  g_clear_pointer (&self->guide, cg_guide_free);
  self->guide = cg_guide_new (scheme);
  self->claim_sent = FALSE; /* a new walk: its draft is kept */
  claim_for (self, scheme_id);
  cg_guide_update (self->guide, self->claim);
  cg_guide_restart (self->guide);
  if (!resume_draft (self, scheme_id))
    present_step (self);
  cg_dbus_guide1_complete_start (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_move (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, gpointer data, gboolean forward)
{
  CgDaemon *self = data;
  const char *tl = cg_lang_text_language (lang_now (self));

  if (no_guide (self, inv))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  if (forward ? cg_guide_next (self->guide) : cg_guide_back (self->guide))
    present_step (self);
  else
    cg_speech_say (self->speech, cg_message (forward ? CG_M_LAST_STEP : CG_M_FIRST_STEP, tl),
                   CG_PRIORITY_FOCUS, lang_now (self));
  g_dbus_method_invocation_return_value (inv, NULL);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_next (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  return handle_move (iface, inv, data, TRUE);
}

static gboolean
handle_back (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  return handle_move (iface, inv, data, FALSE);
}

/* The step again; @where adds the field the senior is on. */
static void
say_step (CgDaemon *self, gboolean where)
{
  const char *tl = cg_lang_text_language (lang_now (self));
  g_autofree char *words = step_words (self);

  if (where && self->focus_label != NULL && self->focus_label[0] != '\0')
    {
      g_autofree char *on = cg_message_with (CG_M_ON_FIELD, tl, "{field}", self->focus_label);
      g_autofree char *both = g_strconcat (words, " ", on, NULL);
      g_free (words);
      words = g_steal_pointer (&both);
    }
  cg_speech_say (self->speech, words, CG_PRIORITY_FOCUS, lang_now (self));
}

static gboolean
handle_repeat (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;

  if (no_guide (self, inv))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  say_step (self, FALSE);
  cg_dbus_guide1_complete_repeat (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_where (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;

  if (no_guide (self, inv))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  say_step (self, TRUE);
  cg_dbus_guide1_complete_where (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_help (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;
  const CgProfile *p = cg_profiles_get_active (self->profiles);
  CgLang lang = lang_now (self);
  static const struct { const char *placeholder; CgKeyAction action; } keys[] = {
    { "{next}", CG_KEY_NEXT_STEP }, { "{back}", CG_KEY_PREVIOUS_STEP },
    { "{repeat}", CG_KEY_REPEAT }, { "{where}", CG_KEY_WHERE_AM_I }, { "{check}", CG_KEY_CHECK_NOW },
  };
  g_autofree char *text = g_strdup (cg_message (CG_M_GUIDE_KEYS, cg_lang_text_language (lang)));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *said = cg_present_keys (p->keys[keys[i].action], lang);
      g_autofree char *next = cg_text_with (text, keys[i].placeholder, said);
      g_free (text);
      text = g_steal_pointer (&next);
    }
  cg_speech_say (self->speech, text, CG_PRIORITY_FOCUS, lang);
  cg_dbus_guide1_complete_help (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_refill (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;
  CgLang lang = lang_now (self);
  const char *tl = cg_lang_text_language (lang);

  if (no_guide (self, inv))
    return G_DBUS_METHOD_INVOCATION_HANDLED;
  if (self->refill == NULL || g_variant_n_children (self->refill) == 0)
    cg_speech_say (self->speech, cg_message (CG_M_NOTHING_TO_REFILL, tl), CG_PRIORITY_FOCUS, lang);
  else
    {
      g_autofree char *n = g_strdup_printf ("%" G_GSIZE_FORMAT, g_variant_n_children (self->refill));
      g_autofree char *words = cg_message_with (CG_M_REFILLING, tl, "{n}", n);
      g_autoptr(GVariant) fields = g_steal_pointer (&self->refill);

      cg_speech_say (self->speech, words, CG_PRIORITY_FOCUS, lang);
      cg_dbus_guide1_emit_fill_fields (iface, fields);
    }
  cg_dbus_guide1_complete_refill (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_stop (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, gpointer data)
{
  CgDaemon *self = data;

  g_clear_pointer (&self->refill, g_variant_unref);
  if (self->guide != NULL)
    {
      g_clear_pointer (&self->guide, cg_guide_free);
      g_free (cg_guide_service_take_lead (self));
      publish_step (self);
      cg_speech_say (self->speech, cg_message (CG_M_GUIDE_STOPPED, cg_lang_text_language (lang_now (self))),
                     CG_PRIORITY_FOCUS, lang_now (self));
    }
  cg_dbus_guide1_complete_stop (iface, inv);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* ---- The check ---- */

/* The papers @ids by name, "、" or ", " between them. */
static char *
join_labels (const CrReport *report, const char *const *ids, const char *lang)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (s->len > 0)
        g_string_append (s, g_str_has_prefix (lang, "zh") ? "、" : ", ");
      g_string_append (s, cr_report_get_document_label (report, ids[i]));
    }
  return g_string_free (s, FALSE);
}

/* "Check your answers": what will be sent and the papers to attach. */
static void
append_answers (GString *s, const CrScheme *scheme, const CrClaim *claim, const CrReport *report,
                const char *lang)
{
  const CrField *type_field = cr_scheme_lookup_field (scheme, "claim_type");
  const char *type = cr_report_get_claim_type (report);
  const char *type_label = type != NULL && type_field != NULL
                           ? cr_field_get_choice_label (type_field, type, lang) : NULL;
  g_autoptr(GPtrArray) names = cr_claim_get_field_names (claim);
  guint filled = 0;
  g_autofree char *n = NULL;
  g_autofree char *sending = NULL, *sending_n = NULL;
  const char *const *missing = cr_report_get_documents_missing (report);

  for (guint i = 0; i < names->len; i++)
    {
      const char *v = cr_claim_get (claim, names->pdata[i]);
      filled += v != NULL && v[0] != '\0';
    }
  n = g_strdup_printf ("%u", filled);
  g_string_append_printf (s, " %s", cg_message (CG_M_CHECK_ANSWERS, lang));
  sending = cg_message_with (CG_M_SENDING, lang, "{type}", type_label != NULL ? type_label : "");
  sending_n = cg_text_with (sending, "{n}", n);
  g_string_append_printf (s, " %s", sending_n);

  /* The papers the claim needs and marks as at hand go with it. */
  {
    const char *const *needed = cr_report_get_documents_needed (report);
    g_autoptr(GPtrArray) ids = g_ptr_array_new ();
    for (guint i = 0; needed[i] != NULL; i++)
      if (!g_strv_contains (missing, needed[i]))
        g_ptr_array_add (ids, (char *) needed[i]);
    g_ptr_array_add (ids, NULL);
    if (ids->len > 1)
      {
        g_autofree char *list = join_labels (report, (const char *const *) ids->pdata, lang);
        g_autofree char *attach = cg_message_with (CG_M_ATTACH, lang, "{papers}", list);
        g_string_append_printf (s, " %s", attach);
      }
  }
  if (missing[0] != NULL)
    {
      g_autofree char *papers = join_labels (report, missing, lang);
      g_autofree char *still = cg_message_with (CG_M_STILL_TO_FIND, lang, "{papers}", papers);
      g_string_append_printf (s, " %s", still);
    }
}

/* The words after a check, and the field of the first error (or NULL). */
static char *
check_words (const CrScheme *scheme, const CrClaim *claim, const CrReport *report,
             const char *lang, const char **first_field, guint *errors)
{
  g_autofree char *summary = cg_claims_service_summary (report, lang);
  GString *s = g_string_new (summary);

  *errors = 0;
  *first_field = NULL;
  for (guint i = 0; i < cr_report_get_n_problems (report); i++)
    {
      const CrProblem *p = cr_report_get_problem (report, i);
      if (p->severity == CR_SEVERITY_ERROR && (*errors)++ == 0)
        *first_field = p->field;
    }
  if (*errors > 0)
    return g_string_free (s, FALSE);
  if (cr_report_get_eligibility (report) == CR_ELIGIBILITY_NOT_COVERED)
    {
      const char *help = cr_scheme_get_help (scheme, lang);
      if (help != NULL)
        {
          g_autofree char *call = cg_message_with (CG_M_WHOM_TO_CALL, lang, "{help}", help);
          g_string_append_printf (s, " %s", call);
        }
      return g_string_free (s, FALSE);
    }
  append_answers (s, scheme, claim, report, lang);
  return g_string_free (s, FALSE);
}

static GVariant *
claim_to_variant (const CrClaim *claim)
{
  GVariantBuilder b;
  g_autoptr(GPtrArray) names = cr_claim_get_field_names (claim);

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < names->len; i++)
    {
      const char *v = cr_claim_get (claim, names->pdata[i]);
      if (v != NULL)
        g_variant_builder_add (&b, "{ss}", (const char *) names->pdata[i], v);
    }
  return g_variant_builder_end (&b);
}

/* The report for the claim in hand, or NULL with an error. */
static CrReport *
check_claim (CgDaemon *self, GVariant *options, CgCheckOptions *opts, CrScheme **scheme,
             GError **error)
{
  const char *scheme_id = claim_scheme (self);

  if (!cg_claims_service_read_options (self, options, opts, error))
    return NULL;
  if (scheme_id[0] == '\0')
    {
      g_set_error (error, CG_ERROR, CG_ERROR_NO_FORM,
                   "no claim form is recognised and the guide is not started");
      return NULL;
    }
  *scheme = cg_claims_service_lookup_scheme (self, scheme_id, error);
  if (*scheme == NULL)
    return NULL;
  claim_for (self, scheme_id);
  return cg_claims_service_check_claim (self, scheme_id, self->claim, opts, error);
}

static gboolean
handle_check (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, GVariant *options, gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrReport) report = NULL;
  g_autofree char *words = NULL;
  CgCheckOptions opts;
  CrScheme *scheme = NULL;
  const char *field = NULL;
  guint errors = 0;

  report = check_claim (self, options, &opts, &scheme, &error);
  if (report == NULL)
    {
      g_dbus_method_invocation_return_gerror (inv, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  words = check_words (scheme, self->claim, report, opts.lang, &field, &errors);
  g_clear_pointer (&self->last_check, g_variant_unref);
  self->last_check = g_variant_ref_sink (g_variant_new ("(s@a{ss}@a{sv})", cr_scheme_get_id (scheme),
                                                        claim_to_variant (self->claim), options));
  cg_daemon_notify (self, cg_message (CG_M_CHECK_TITLE, opts.lang), words, opts.speak_lang);
  if (errors > 0)
    say_with_focus (self, words, field);
  else
    cg_speech_say (self->speech, words, CG_PRIORITY_PROMPT, opts.speak_lang);
  cg_dbus_guide1_complete_check (iface, inv, errors, field != NULL ? field : "");
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_summary (CgDBusGuide1 *iface, GDBusMethodInvocation *inv, GVariant *options,
                    gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrReport) report = NULL;
  g_autofree char *html = NULL;
  CgCheckOptions opts;
  CrScheme *scheme = NULL;

  report = check_claim (self, options, &opts, &scheme, &error);
  if (report == NULL)
    {
      g_dbus_method_invocation_return_gerror (inv, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  html = cr_report_to_html (report, scheme, self->claim, opts.today);
  cg_dbus_guide1_complete_get_summary (iface, inv, html);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

void
cg_guide_service_add_status (CgDaemon *self, GVariantBuilder *b)
{
  const CrStep *step = self->guide != NULL ? cg_guide_get_step (self->guide) : NULL;

  g_variant_builder_add (b, "{sv}", "guide-step",
                         g_variant_new_string (step != NULL ? cr_step_get_id (step) : ""));
  g_variant_builder_add (b, "{sv}", "guide-index",
                         g_variant_new_uint32 (self->guide != NULL ? cg_guide_get_index (self->guide) : 0));
  g_variant_builder_add (b, "{sv}", "guide-count",
                         g_variant_new_uint32 (self->guide != NULL ? cg_guide_get_count (self->guide) : 0));
}

void
cg_guide_service_export (CgDaemon *self)
{
  self->guide_iface = cg_dbus_guide1_skeleton_new ();
  cg_dbus_guide1_set_scheme (self->guide_iface, "");
  cg_dbus_guide1_set_step (self->guide_iface, "");
  g_signal_connect (self->guide_iface, "handle-start", G_CALLBACK (handle_start), self);
  g_signal_connect (self->guide_iface, "handle-next", G_CALLBACK (handle_next), self);
  g_signal_connect (self->guide_iface, "handle-back", G_CALLBACK (handle_back), self);
  g_signal_connect (self->guide_iface, "handle-repeat", G_CALLBACK (handle_repeat), self);
  g_signal_connect (self->guide_iface, "handle-where", G_CALLBACK (handle_where), self);
  g_signal_connect (self->guide_iface, "handle-help", G_CALLBACK (handle_help), self);
  g_signal_connect (self->guide_iface, "handle-stop", G_CALLBACK (handle_stop), self);
  g_signal_connect (self->guide_iface, "handle-check", G_CALLBACK (handle_check), self);
  g_signal_connect (self->guide_iface, "handle-refill", G_CALLBACK (handle_refill), self);
  g_signal_connect (self->guide_iface, "handle-get-summary", G_CALLBACK (handle_get_summary), self);
}

guint
cg_guide_service_drop_drafts (CgDaemon *self)
{
  /* Nothing still waiting to be written may come back after the wipe. */
  g_clear_handle_id (&self->draft_timer, g_source_remove);
  g_clear_pointer (&self->refill, g_variant_unref);
  if (self->draft_writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->draft_writer), FALSE, TRUE);
  return cg_drafts_wipe ();
}

void
cg_guide_service_free (CgDaemon *self)
{
  /* Nothing typed is lost when the daemon stops. */
  if (self->draft_timer != 0)
    {
      g_clear_handle_id (&self->draft_timer, g_source_remove);
      save_draft (self);
    }
  if (self->draft_writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->draft_writer), FALSE, TRUE); /* waits */
  g_clear_handle_id (&self->guide_lead_timer, g_source_remove);
  g_clear_pointer (&self->guide_lead, g_free);
  g_clear_pointer (&self->guide, cg_guide_free);
  g_clear_pointer (&self->claim, cr_claim_free);
  g_clear_pointer (&self->claim_scheme, g_free);
  g_clear_pointer (&self->refill, g_variant_unref);
  g_clear_pointer (&self->focus_label, g_free);
  g_clear_object (&self->guide_iface);
}
