/* The guide: its steps (pure logic, cg-guide.c) and Guide1 on a private
 * session bus, fed the way the plugin feeds it (Reader1.SetForm,
 * SetFields, PresentControl), with what it says taken from UtteranceStarted.
 * The daemon runs without the plugin; the e2e test with a real form is in
 * tests/plugin/. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "claimrules.h"
#include "cg-dbus.h"
#include "cg-guide.h"
#include "daemon/test-session.h"

#define SCHEME "chaonan-elderly-accident"
#define GUARD_S 30

/* ---- Steps, without a bus ---- */

static CrScheme *
load_scheme (void)
{
  g_autoptr(GError) error = NULL;
  CrScheme *scheme = cr_scheme_load (SCHEME, &error);
  g_assert_no_error (error);
  return scheme;
}

static void
test_steps_follow_claim_type (void)
{
  g_autoptr(CrScheme) scheme = load_scheme ();
  g_autoptr(CgGuide) guide = cg_guide_new (scheme);
  g_autoptr(CrClaim) claim = cr_claim_new ();
  guint before, with_hospital;

  g_assert_cmpuint (cg_guide_get_index (guide), ==, 1);
  g_assert_true (g_strv_contains (cr_step_get_fields (cg_guide_get_step (guide)), "claim_type"));
  g_assert_false (cg_guide_back (guide));
  before = cg_guide_get_count (guide);

  cr_claim_set (claim, "claim_type", "hospital");
  cg_guide_update (guide, claim);
  with_hospital = cg_guide_get_count (guide);
  g_assert_cmpuint (with_hospital, >, before);
  /* Walk to the end: a step covers the discharge date. */
  {
    gboolean discharge = FALSE;
    do
      discharge |= g_strv_contains (cr_step_get_fields (cg_guide_get_step (guide)), "discharge_date");
    while (cg_guide_next (guide));
    g_assert_true (discharge);
  }
  g_assert_cmpuint (cg_guide_get_index (guide), ==, with_hospital);
  g_assert_false (cg_guide_next (guide));

  /* On the hospital step, the claim type changes to a death: that step no
   * longer applies, and the guide stays on the nearest one before it. */
  cg_guide_restart (guide);
  while (!g_strv_contains (cr_step_get_fields (cg_guide_get_step (guide)), "discharge_date"))
    g_assert_true (cg_guide_next (guide));
  {
    g_autofree char *was = g_strdup (cr_step_get_id (cg_guide_get_step (guide)));
    cr_claim_set (claim, "claim_type", "death");
    cg_guide_update (guide, claim);
    g_assert_cmpstr (cr_step_get_id (cg_guide_get_step (guide)), !=, was);
    g_assert_false (g_strv_contains (cr_step_get_fields (cg_guide_get_step (guide)), "discharge_date"));
  }
  cg_guide_restart (guide);
  g_assert_cmpuint (cg_guide_get_index (guide), ==, 1);
}

/* ---- Guide1 on a bus ---- */

static struct {
  char *tmp;
  char *wav;
  GTestDBus *bus;
  GDBusConnection *conn;
  GSubprocess *daemon;
  CgDBusGuide1 *guide;
  CgDBusReader1 *reader;
  GPtrArray *said;     /* char* */
  GPtrArray *focused;  /* char*: FocusField's fields */
} t;

static void
on_started (GDBusConnection *c, const char *sender, const char *path, const char *iface,
            const char *signal, GVariant *params, gpointer data)
{
  const char *text;
  g_variant_get_child (params, 1, "&s", &text);
  g_ptr_array_add (t.said, g_strdup (text));
}

static void
on_focus_field (CgDBusGuide1 *guide, const char *field, gpointer data)
{
  g_ptr_array_add (t.focused, g_strdup (field));
}

static gboolean
guard_fired (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for something said from @from on that holds every part. */
static const char *
wait_said (guint from, const char *const *parts)
{
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add_seconds (GUARD_S, guard_fired, &timed_out);

  while (!timed_out)
    {
      for (guint i = from; i < t.said->len; i++)
        {
          gboolean all = TRUE;
          for (guint j = 0; parts[j] != NULL && all; j++)
            all = strstr (t.said->pdata[i], parts[j]) != NULL;
          if (all)
            {
              g_source_remove (guard);
              return t.said->pdata[i];
            }
        }
      g_main_context_iteration (NULL, TRUE);
    }
  for (guint i = from; i < t.said->len; i++)
    g_test_message ("said: %s", (char *) t.said->pdata[i]);
  return NULL;
}

/* Waits for FocusField(@field), the last one asked for. */
static gboolean
focus_asked (const char *field)
{
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add_seconds (GUARD_S, guard_fired, &timed_out);

  while (!timed_out &&
         (t.focused->len == 0 || g_strcmp0 (t.focused->pdata[t.focused->len - 1], field) != 0))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (guard);
  return !timed_out;
}

#define WAIT_SAID(from, ...) wait_said ((from), (const char *const[]) { __VA_ARGS__, NULL })

static void
set_form (void)
{
  g_autoptr(GError) error = NULL;
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "scheme", g_variant_new_string (SCHEME));
  g_variant_builder_add (&b, "{sv}", "title", g_variant_new_string ("理赔申请"));
  cg_dbus_reader1_call_set_form_sync (t.reader, g_variant_builder_end (&b), NULL, &error);
  g_assert_no_error (error);
}

/* A made-up claim for a hospital stay (ID from tools/fake-ids). */
static GVariant *
hospital_claim (const char *discharge)
{
  GVariantBuilder b;
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&b, "{ss}", "claim_type", "住院津贴");
  g_variant_builder_add (&b, "{ss}", "claimant_name", "林小梅");
  g_variant_builder_add (&b, "{ss}", "id_number", "440514195511304189");
  g_variant_builder_add (&b, "{ss}", "phone", "13800138033");
  g_variant_builder_add (&b, "{ss}", "accident_date", "2025-01-06");
  g_variant_builder_add (&b, "{ss}", "accident_place", "井都镇");
  g_variant_builder_add (&b, "{ss}", "accident_cause", "摔倒");
  g_variant_builder_add (&b, "{ss}", "admission_date", "2025-01-06");
  g_variant_builder_add (&b, "{ss}", "discharge_date", discharge);
  g_variant_builder_add (&b, "{ss}", "hospital_name", "潮南区人民医院");
  g_variant_builder_add (&b, "{ss}", "hospital_level", "二级");
  g_variant_builder_add (&b, "{ss}", "bank_card", "6228480000000007");
  g_variant_builder_add (&b, "{ss}", "account_holder", "林小梅");
  g_variant_builder_add (&b, "{ss}", "documents", "hospital_certificate;expense_list;medical_records");
  return g_variant_builder_end (&b);
}

static GVariant *
on_day (const char *today)
{
  GVariantBuilder b;
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "today", g_variant_new_string (today));
  return g_variant_builder_end (&b);
}

static void
test_bus_walk_and_check (void)
{
  g_autoptr(GError) error = NULL;
  guint from = t.said->len, count_before, errors = 0;
  g_autofree char *field = NULL;

  /* No form yet: Start says so and fails. */
  g_assert_false (cg_dbus_guide1_call_start_sync (t.guide, "", NULL, &error));
  g_assert_nonnull (WAIT_SAID (from, "理赔申请表"));
  g_clear_error (&error);

  set_form ();
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_start_sync (t.guide, "", NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (WAIT_SAID (from, "第1步"));
  g_assert_true (focus_asked ("claim_type"));
  count_before = cg_dbus_guide1_get_step_count (t.guide);

  /* The claim type picked on the form brings in the hospital steps. */
  cg_dbus_reader1_call_set_fields_sync (t.reader, hospital_claim ("2025-01-20"), TRUE, NULL, &error);
  g_assert_no_error (error);
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_next_sync (t.guide, NULL, &error));
  g_assert_nonnull (WAIT_SAID (from, "第2步"));
  g_assert_cmpuint (cg_dbus_guide1_get_step_count (t.guide), >, count_before);
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_back_sync (t.guide, NULL, &error));
  g_assert_nonnull (WAIT_SAID (from, "第1步"));
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_back_sync (t.guide, NULL, &error));
  g_assert_nonnull (WAIT_SAID (from, "第一步"));
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_where_sync (t.guide, NULL, &error));
  g_assert_nonnull (WAIT_SAID (from, "第1步"));
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_help_sync (t.guide, NULL, &error));
  g_assert_nonnull (WAIT_SAID (from, "下一步", "Ctrl"));

  /* Discharged before admitted: one error, on the discharge date. */
  cg_dbus_reader1_call_set_fields_sync (t.reader, hospital_claim ("2025-01-02"), TRUE, NULL, &error);
  g_assert_no_error (error);
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_check_sync (t.guide, on_day ("2025-01-24"), &errors, &field,
                                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (errors, ==, 1);
  g_assert_cmpstr (field, ==, "discharge_date");
  g_assert_true (focus_asked ("discharge_date"));
  g_assert_nonnull (WAIT_SAID (from, "发送前有一个地方要改"));
  g_clear_pointer (&field, g_free);

  /* Fixed (the field read again as the senior leaves it): nothing to fix,
   * and "check your answers" says the papers, the amount and the date.
   * Typed on Friday 2025-01-24: the review crosses Spring Festival and two
   * make-up working days (Sun 01-26, Sat 02-08); see rules case 034. */
  cg_dbus_reader1_call_set_fields_sync (t.reader, hospital_claim ("2025-01-20"), TRUE, NULL, &error);
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_check_sync (t.guide, on_day ("2025-01-24"), &errors, &field,
                                                 NULL, &error));
  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpstr (field, ==, "");
  g_assert_nonnull (WAIT_SAID (from, "没有要改的地方", "420", "2025-02-08", "核对", "住院证明"));

  /* The paper summary of the same claim. */
  {
    g_autofree char *html = NULL;
    g_assert_true (cg_dbus_guide1_call_get_summary_sync (t.guide, on_day ("2025-01-24"), &html, NULL,
                                                         &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (html, "<html"));
    g_assert_nonnull (strstr (html, "420"));
  }

  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_stop_sync (t.guide, NULL, &error));
  g_assert_nonnull (WAIT_SAID (from, "引导停止了"));
  g_assert_false (cg_dbus_guide1_call_next_sync (t.guide, NULL, &error));
  g_assert_true (g_dbus_error_is_remote_error (error));
  {
    g_autofree char *name = g_dbus_error_get_remote_error (error);
    g_assert_cmpstr (name, ==, "org.claimguide.Error.NotStarted");
  }
}

static void start_daemon (void);

static guint
drafts_on_disk (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "claimguide", "drafts", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += g_str_has_suffix (name, ".draft");
  return n;
}

/* Waits for the draft on disk to hold step @step. */
static gboolean
draft_has_step (const char *step)
{
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "claimguide", "drafts",
                                            SCHEME ".draft", NULL);
  g_autofree char *want = g_strconcat ("Step=", step, "\n", NULL);
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add_seconds (GUARD_S, guard_fired, &timed_out);

  while (!timed_out)
    {
      g_autofree char *text = NULL;
      if (g_file_get_contents (path, &text, NULL, NULL) && strstr (text, want) != NULL)
        {
          g_source_remove (guard);
          return TRUE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  return FALSE;
}

/* The claim and its step survive the daemon being killed; a profile that
 * keeps nothing leaves no draft on disk. */
static void
test_bus_draft_survives (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusProfiles1) profiles = NULL;
  guint from;

  set_form ();
  g_assert_true (cg_dbus_guide1_call_start_sync (t.guide, "", NULL, &error));
  cg_dbus_reader1_call_set_fields_sync (t.reader, hospital_claim ("2025-01-20"), TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cg_dbus_guide1_call_next_sync (t.guide, NULL, &error));
  g_assert_true (cg_dbus_guide1_call_next_sync (t.guide, NULL, &error));
  g_assert_no_error (error);
  /* The draft is written after a pause (never between a Tab and its words). */
  g_assert_true (draft_has_step ("accident")); /* step 3 of a hospital claim */
  g_assert_cmpuint (drafts_on_disk (), ==, 1);
  {
    g_autofree char *path = g_build_filename (g_get_user_state_dir (), "claimguide", "drafts",
                                              SCHEME ".draft", NULL);
    GStatBuf st;
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  g_subprocess_send_signal (t.daemon, 9);
  g_subprocess_wait (t.daemon, NULL, NULL);
  g_clear_object (&t.daemon);
  /* The proxies hear that the name is gone before it comes back. */
  for (char *owner; (owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (t.reader))) != NULL; g_free (owner))
    g_main_context_iteration (NULL, TRUE);
  start_daemon ();
  set_form ();
  from = t.said->len;
  g_assert_true (cg_dbus_guide1_call_start_sync (t.guide, "", NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (WAIT_SAID (from, "填过这份理赔", "第3步"));

  /* The shared computer's profile: the draft goes at once. */
  profiles = cg_dbus_profiles1_proxy_new_sync (t.conn, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                               "org.claimguide.Daemon", "/org/claimguide/Daemon",
                                               NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cg_dbus_profiles1_call_use_profile_sync (profiles, "shared-computer", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (drafts_on_disk (), ==, 0);
  cg_dbus_reader1_call_set_fields_sync (t.reader, hospital_claim ("2025-01-21"), TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts_on_disk (), ==, 0);
  g_assert_true (cg_dbus_profiles1_call_use_profile_sync (profiles, "default", NULL, &error));
}

/* Waits (pumping) until no draft is on disk; FALSE after GUARD_S. */
static gboolean
wait_no_drafts (void)
{
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add_seconds (GUARD_S, guard_fired, &timed_out);

  while (!timed_out && drafts_on_disk () > 0)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  if (!timed_out)
    g_source_remove (guard);
  return !timed_out;
}

/* Send went through: the claim's draft goes, the guide stops, and no draft
 * comes back when the form is read again; starting the guide starts one. */
static void
test_bus_sent_drops_draft (void)
{
  g_autoptr(GError) error = NULL;

  set_form ();
  g_assert_true (cg_dbus_guide1_call_start_sync (t.guide, "", NULL, &error));
  cg_dbus_reader1_call_set_fields_sync (t.reader, hospital_claim ("2025-01-20"), TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cg_dbus_guide1_call_next_sync (t.guide, NULL, &error));
  g_assert_true (draft_has_step ("who"));

  g_assert_true (cg_dbus_reader1_call_form_sent_sync (t.reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wait_no_drafts ());
  cg_dbus_reader1_call_set_fields_sync (t.reader, hospital_claim ("2025-01-20"), TRUE, NULL, &error);
  g_assert_no_error (error);
  {
    gboolean done = FALSE;
    g_timeout_add (1500, guard_fired, &done); /* longer than the draft's pause */
    while (!done)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (drafts_on_disk (), ==, 0);

  g_assert_false (cg_dbus_guide1_get_active (t.guide));

  cg_dbus_reader1_call_set_fields_sync (t.reader, hospital_claim ("2025-01-21"), TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cg_dbus_guide1_call_start_sync (t.guide, "", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (draft_has_step ("what-happened"));
  g_assert_true (cg_dbus_guide1_call_stop_sync (t.guide, NULL, &error));
}

static void
start_daemon (void)
{
  g_autoptr(GError) error = NULL;
  t.daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("CLAIMGUIDED"),
                               "--speech-to", t.wav, "--no-speech-dispatcher", "--no-plugin", NULL);
  g_assert_no_error (error);
  /* Wait for the daemon's name. */
  {
    gboolean timed_out = FALSE;
    guint guard = g_timeout_add_seconds (GUARD_S, guard_fired, &timed_out);
    char *owner = NULL;
    while (!timed_out && (owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (t.guide))) == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (owner);
    g_free (owner);
    g_source_remove (guard);
  }
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;

  t.tmp = cg_test_session_dirs ("test-guide");
  t.wav = g_build_filename (t.tmp, "speech.wav", NULL);
  t.bus = cg_test_session_bus (t.tmp, NULL);
  t.said = g_ptr_array_new_with_free_func (g_free);
  t.focused = g_ptr_array_new_with_free_func (g_free);
  t.conn = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_signal_subscribe (t.conn, NULL, "org.claimguide.Speech1", "UtteranceStarted",
                                      NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_started, NULL, NULL);
  t.guide = cg_dbus_guide1_proxy_new_sync (t.conn, G_DBUS_PROXY_FLAGS_NONE,
                                           "org.claimguide.Daemon", "/org/claimguide/Daemon",
                                           NULL, &error);
  g_assert_no_error (error);
  t.reader = cg_dbus_reader1_proxy_new_sync (t.conn, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                             "org.claimguide.Daemon", "/org/claimguide/Daemon",
                                             NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (t.guide, "focus-field", G_CALLBACK (on_focus_field), NULL);
  start_daemon ();
}

int
main (int argc, char **argv)
{
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/guide/steps/follow-claim-type", test_steps_follow_claim_type);
  if (g_getenv ("CLAIMGUIDED") != NULL)
    {
      set_up ();
      g_test_add_func ("/guide/bus/walk-and-check", test_bus_walk_and_check);
      g_test_add_func ("/guide/bus/draft-survives", test_bus_draft_survives);
      g_test_add_func ("/guide/bus/sent-drops-draft", test_bus_sent_drops_draft);
    }
  rc = g_test_run ();
  if (t.daemon != NULL)
    {
      g_subprocess_send_signal (t.daemon, 15);
      g_subprocess_wait (t.daemon, NULL, NULL);
      g_clear_object (&t.daemon);
      g_clear_object (&t.guide);
      g_clear_object (&t.reader);
      g_clear_object (&t.conn);
      g_test_dbus_down (t.bus);
      g_clear_object (&t.bus);
      g_ptr_array_unref (t.said);
      g_ptr_array_unref (t.focused);
      g_free (t.wav);
      g_free (t.tmp);
    }
  return rc;
}
