/* The helper (Helper1) on a private session bus: a real claimguided with
 * the recording notification server, fed the way the plugin feeds it.
 * What a watcher sees is the lines of Watch and Changed; what the senior
 * hears, UtteranceStarted.  Every line a watcher gets, and the record of
 * help, is searched for the made-up person's data.  Made-up data only
 * (tools/fake-ids). */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "cg-audit.h"
#include "cg-dbus.h"
#include "daemon/test-session.h"

#define SCHEME "chaonan-elderly-accident"
#define GUARD_S 30

#define FAKE_NAME  "林小梅"
#define FAKE_ID    "440514195511304189"
#define FAKE_PHONE "13800138033"
#define FAKE_CARD  "6228480000000007"

/* What must never reach a watcher (masked) or the record of help. */
static const char *const personal[] = {
  FAKE_NAME, "小梅", FAKE_ID, "19551130", "1955113041", FAKE_PHONE, "00138033", FAKE_CARD,
  "48000000", NULL
};

static struct {
  char *tmp;
  char *wav;
  GTestDBus *bus;
  GDBusConnection *conn;
  GSubprocess *daemon;
  GSubprocess *notifications;
  CgDBusHelper1 *helper;
  CgDBusReader1 *reader;
  CgDBusGuide1 *guide;
  CgDBusDaemon1 *status;
  CgDBusSpeech1 *speech;
  GPtrArray *said;   /* char*: what the senior heard */
  GPtrArray *lines;  /* char*: what this watcher was sent */
  GPtrArray *lens;   /* char*: Said signals */
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
on_changed (GDBusConnection *c, const char *sender, const char *path, const char *iface,
            const char *signal, GVariant *params, gpointer data)
{
  g_autofree const char **lines = NULL;
  g_variant_get (params, "(^a&s)", &lines);
  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (t.lines, g_strdup (lines[i]));
}

static void
on_said (GDBusConnection *c, const char *sender, const char *path, const char *iface,
         const char *signal, GVariant *params, gpointer data)
{
  const char *text;
  g_variant_get (params, "(&s)", &text);
  g_ptr_array_add (t.lens, g_strdup (text));
}

static gboolean
guard_fired (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gconstpointer data);

/* Runs the main loop until @cond holds, at most GUARD_S seconds. */
static gboolean
wait_until (Condition cond, gconstpointer data)
{
  gboolean timed_out = FALSE;
  guint guard = g_timeout_add_seconds (GUARD_S, guard_fired, &timed_out);
  guint ticker = g_timeout_add (50, tick, NULL);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  if (!timed_out)
    g_source_remove (guard);
  return !timed_out;
}

/* ---- What the senior heard, what the watcher saw ---- */

typedef struct {
  GPtrArray *in;
  guint from;
  const char *const *parts;
  const char *found;
} Search;

static gboolean
found (gconstpointer data)
{
  Search *s = (Search *) data;
  for (guint i = s->from; i < s->in->len; i++)
    {
      gboolean all = TRUE;
      for (guint j = 0; s->parts[j] != NULL && all; j++)
        all = j == 0 && s->in == t.lines ? g_str_has_prefix (s->in->pdata[i], s->parts[j])
                                          : strstr (s->in->pdata[i], s->parts[j]) != NULL;
      if (all)
        {
          s->found = s->in->pdata[i];
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
wait_in (GPtrArray *in, guint from, const char *const *parts)
{
  Search s = { in, from, parts, NULL };
  if (wait_until (found, &s))
    return s.found;
  /* Lines a watcher got are masked; what the senior heard is not shown. */
  for (guint i = from; in == t.lines && i < in->len; i++)
    g_test_message ("seen: %s", (char *) in->pdata[i]);
  g_test_message ("%u things heard or seen since, none with what was awaited", in->len - from);
  return NULL;
}

/* Something said from @from on holding every part. */
#define WAIT_SAID(from, ...) wait_in (t.said, (from), (const char *const[]) { __VA_ARGS__, NULL })
/* A line from @from on starting with the first part and holding the others. */
#define WAIT_LINE(from, ...) wait_in (t.lines, (from), (const char *const[]) { __VA_ARGS__, NULL })

static void
assert_nothing_personal (const char *text)
{
  /* The failure names which, never the data itself. */
  for (guint i = 0; personal[i] != NULL; i++)
    if (strstr (text, personal[i]) != NULL)
      g_error ("personal data reached a helper or the record (made-up item %u)", i);
}

static void
assert_lines_masked (guint from)
{
  for (guint i = from; i < t.lines->len; i++)
    assert_nothing_personal (t.lines->pdata[i]);
}

static void
add_lines (const char *const *lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (t.lines, g_strdup (lines[i]));
}

/* ---- Feeding the daemon as the plugin does ---- */

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

/* A made-up claim for a hospital stay. */
static void
set_claim (const char *discharge)
{
  g_autoptr(GError) error = NULL;
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&b, "{ss}", "claim_type", "住院津贴");
  g_variant_builder_add (&b, "{ss}", "claimant_name", FAKE_NAME);
  g_variant_builder_add (&b, "{ss}", "id_number", FAKE_ID);
  g_variant_builder_add (&b, "{ss}", "phone", FAKE_PHONE);
  g_variant_builder_add (&b, "{ss}", "accident_date", "2025-01-06");
  g_variant_builder_add (&b, "{ss}", "admission_date", "2025-01-06");
  g_variant_builder_add (&b, "{ss}", "discharge_date", discharge);
  g_variant_builder_add (&b, "{ss}", "hospital_name", "潮南区人民医院");
  g_variant_builder_add (&b, "{ss}", "bank_card", FAKE_CARD);
  g_variant_builder_add (&b, "{ss}", "account_holder", FAKE_NAME);
  cg_dbus_reader1_call_set_fields_sync (t.reader, g_variant_builder_end (&b), TRUE, NULL, &error);
  g_assert_no_error (error);
}

static void
present (const char *label, const char *field, const char *value)
{
  g_autoptr(GError) error = NULL;
  GVariantBuilder b;
  guint id;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "label", g_variant_new_string (label));
  g_variant_builder_add (&b, "{sv}", "kind", g_variant_new_string ("text"));
  g_variant_builder_add (&b, "{sv}", "value", g_variant_new_string (value));
  g_variant_builder_add (&b, "{sv}", "field", g_variant_new_string (field));
  cg_dbus_reader1_call_present_control_sync (t.reader, g_variant_builder_end (&b), &id, NULL, &error);
  g_assert_no_error (error);
}

static char *
helper_status (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) status = NULL;
  char *state = NULL;

  g_assert_true (cg_dbus_daemon1_call_get_status_sync (t.status, &status, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (status, "helper", "s", &state));
  return state;
}

static void
assert_remote_error (GError *error, const char *name)
{
  g_autofree char *got = NULL;
  g_assert_nonnull (error);
  got = g_dbus_error_get_remote_error (error);
  g_assert_cmpstr (got, ==, name);
}

/* Quiet, so that what comes next is said at once (speech into the WAV file
 * takes as long as it would aloud). */
static void
hush (void)
{
  g_autoptr(GError) error = NULL;
  cg_dbus_speech1_call_stop_sync (t.speech, NULL, &error);
  g_assert_no_error (error);
}

/* ---- Notifications ---- */

/* The last notification titled @summary from the recording server:
 * its id, body and actions. */
static gboolean
last_notification (const char *summary, guint32 *id, char **body, GStrv *actions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) r = g_dbus_connection_call_sync (t.conn, "org.freedesktop.Notifications",
                                                       "/org/freedesktop/Notifications",
                                                       "org.claimguide.Test.Notifications",
                                                       "GetRecorded", NULL,
                                                       G_VARIANT_TYPE ("(a(ussas))"), 0, -1, NULL,
                                                       &error);
  g_autoptr(GVariant) list = NULL;
  gboolean seen = FALSE;

  g_assert_no_error (error);
  list = g_variant_get_child_value (r, 0);
  for (gsize i = 0; i < g_variant_n_children (list); i++)
    {
      const char *s, *b;
      g_autoptr(GVariant) acts = NULL;
      guint32 n;
      g_variant_get_child (list, i, "(u&s&s@as)", &n, &s, &b, &acts);
      if (!g_str_equal (s, summary))
        continue;
      seen = TRUE;
      *id = n;
      if (body != NULL)
        {
          g_free (*body);
          *body = g_strdup (b);
        }
      if (actions != NULL)
        {
          g_strfreev (*actions);
          *actions = g_variant_dup_strv (acts, NULL);
        }
    }
  return seen;
}

static gboolean
notified (gconstpointer summary)
{
  guint32 id;
  g_usleep (20000);
  return last_notification (summary, &id, NULL, NULL);
}

/* How many notifications titled @summary were shown. */
static guint
n_notifications (const char *summary)
{
  g_autoptr(GVariant) r = g_dbus_connection_call_sync (t.conn, "org.freedesktop.Notifications",
                                                       "/org/freedesktop/Notifications",
                                                       "org.claimguide.Test.Notifications",
                                                       "GetRecorded", NULL,
                                                       G_VARIANT_TYPE ("(a(ussas))"), 0, -1, NULL,
                                                       NULL);
  g_autoptr(GVariant) list = g_variant_get_child_value (r, 0);
  guint n = 0;

  for (gsize i = 0; i < g_variant_n_children (list); i++)
    {
      const char *s;
      g_variant_get_child (list, i, "(u&s&s@as)", NULL, &s, NULL, NULL);
      n += g_str_equal (s, summary);
    }
  return n;
}

static gboolean
notified_more (gconstpointer before)
{
  g_usleep (20000);
  return n_notifications ("帮手想看您的资料") > GPOINTER_TO_UINT (before);
}

static void
invoke_action (guint32 id, const char *action)
{
  g_autoptr(GError) error = NULL;
  g_dbus_connection_call_sync (t.conn, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                               "org.claimguide.Test.Notifications", "InvokeAction",
                               g_variant_new ("(us)", id, action), NULL, 0, -1, NULL, &error);
  g_assert_no_error (error);
}

/* ---- AskToSee, waited for ---- */

typedef struct {
  gboolean done;
  gboolean allowed;
  GError *error;
} Asked;

static void
on_asked (GObject *source, GAsyncResult *result, gpointer data)
{
  Asked *a = data;
  a->done = TRUE;
  cg_dbus_helper1_call_ask_to_see_finish (CG_DBUS_HELPER1 (source), &a->allowed, result, &a->error);
}

static gboolean
asked (gconstpointer data)
{
  return ((const Asked *) data)->done;
}

static gboolean
status_is (gconstpointer state)
{
  g_autofree char *now = helper_status ();
  if (!g_str_equal (now, state))
    g_usleep (20000);
  return g_str_equal (now, state);
}

static gboolean
is_true (gconstpointer flag)
{
  return *(const gboolean *) flag;
}

static void
on_acquired (GDBusConnection *c, const char *name, gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

/* Asks, and waits until the question is spoken and shown. */
static guint32
ask (Asked *a)
{
  guint from = t.said->len;
  guint32 id = 0;
  g_auto(GStrv) actions = NULL;
  g_autofree char *body = NULL;
  guint shown = n_notifications ("帮手想看您的资料");

  memset (a, 0, sizeof *a);
  hush ();
  cg_dbus_helper1_call_ask_to_see (t.helper, NULL, on_asked, a);
  g_assert_true (wait_until (status_is, "asking"));
  g_assert_nonnull (WAIT_SAID (from, "想看您填的全部内容", "Ctrl加Alt加Y", "Ctrl加Alt加N"));
  g_assert_true (wait_until (notified_more, GUINT_TO_POINTER (shown)));
  g_assert_true (last_notification ("帮手想看您的资料", &id, &body, &actions));
  g_assert_nonnull (strstr (body, "想看您填的全部内容"));
  g_assert_cmpuint (g_strv_length (actions), ==, 4);
  g_assert_cmpstr (actions[0], ==, "helper-allow");
  g_assert_cmpstr (actions[1], ==, "同意");
  g_assert_cmpstr (actions[2], ==, "helper-deny");
  g_assert_cmpstr (actions[3], ==, "不同意");
  return id;
}

/* ---- The tests ---- */

/* Watch: the form, the step, each field masked, the problems, what is
 * heard; a line for each change. */
static void
test_watch (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint from = t.said->len, seen;

  set_form ();
  set_claim ("2025-01-20");
  g_assert_true (cg_dbus_guide1_call_start_sync (t.guide, "", NULL, &error));
  g_assert_no_error (error);
  hush ();

  g_assert_true (cg_dbus_helper1_call_watch_sync (t.helper, &lines, NULL, &error));
  g_assert_no_error (error);
  seen = t.lines->len;
  add_lines ((const char *const *) lines);
  g_assert_nonnull (WAIT_LINE (seen, "allowed\tno"));
  g_assert_nonnull (WAIT_LINE (seen, "form\t" SCHEME "\t潮南区"));
  g_assert_nonnull (WAIT_LINE (seen, "step\t1/"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tclaim_type\tfilled\t住院津贴\t理赔类型"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tclaimant_name\tfilled\t林**\t"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tid_number\tfilled\t4405**********4189\t"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tphone\tfilled\t*******8033\t"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tbank_card\tfilled\t****0007\t"));
  g_assert_nonnull (WAIT_LINE (seen, "field\taccount_holder\tfilled\t林**\t"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tadmission_date\tfilled\t2025-01-06\t"));
  g_assert_nonnull (WAIT_LINE (seen, "field\thospital_level\tempty\t\t"));
  /* The senior is told that a helper follows. */
  g_assert_nonnull (WAIT_SAID (from, "您的帮手现在在看您填表"));

  /* The guide moves: one line. */
  seen = t.lines->len;
  g_assert_true (cg_dbus_guide1_call_next_sync (t.guide, NULL, &error));
  g_assert_nonnull (WAIT_LINE (seen, "step\t2/"));

  /* A problem comes, and goes. */
  seen = t.lines->len;
  set_claim ("2025-01-02");
  g_assert_nonnull (WAIT_LINE (seen, "field\tdischarge_date\tproblem\t2025-01-02\t"));
  g_assert_nonnull (WAIT_LINE (seen, "problem\tdischarge_date\terror\t", "出院"));
  seen = t.lines->len;
  set_claim ("2025-01-20");
  g_assert_nonnull (WAIT_LINE (seen, "problem\tdischarge_date\tnone"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tdischarge_date\tfilled\t2025-01-20\t"));

  /* What the senior hears on a field, the value masked for the helper. */
  seen = t.lines->len;
  present ("身份证号码", "id_number", FAKE_ID);
  g_assert_nonnull (WAIT_LINE (seen, "focus\tid_number"));
  g_assert_nonnull (WAIT_LINE (seen, "heard\tfocus\t", "身份证号码", "4405**********4189"));
  seen = t.lines->len;
  present ("姓名", "claimant_name", FAKE_NAME);
  g_assert_nonnull (WAIT_LINE (seen, "heard\tfocus\t", "姓名", "林**"));
  /* Typing echoed is never shown. */
  seen = t.lines->len;
  from = t.said->len;
  cg_dbus_reader1_call_echo_sync (t.reader, "梅", FAKE_NAME, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (WAIT_SAID (from, FAKE_NAME));
  g_assert_nonnull (WAIT_LINE (seen, "heard\tfocus\t****"));

  assert_lines_masked (0);
}

/* Say: heard as from the helper, in a notification, and for the lens. */
static void
test_say (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint from = t.said->len, seen = t.lines->len;
  guint32 id;

  hush ();
  g_assert_true (cg_dbus_helper1_call_say_sync (t.helper, "妈，下一步填银行卡。", NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (WAIT_SAID (from, "您的帮手说：妈，下一步填银行卡。"));
  g_assert_nonnull (WAIT_LINE (seen, "heard\tprompt\t您的帮手说：妈，下一步填银行卡。"));
  g_assert_true (wait_until (notified, "帮手的话"));
  g_assert_true (last_notification ("帮手的话", &id, &body, NULL));
  g_assert_cmpstr (body, ==, "您的帮手说：妈，下一步填银行卡。");
  g_assert_cmpuint (t.lens->len, >, 0);
  g_assert_cmpstr (g_ptr_array_index (t.lens, t.lens->len - 1), ==, "妈，下一步填银行卡。");

  /* A helper's words with an ID in them reach the senior, never a watcher. */
  from = t.said->len;
  g_assert_true (cg_dbus_helper1_call_say_sync (t.helper, "身份证是" FAKE_ID "吗？", NULL, &error));
  g_assert_nonnull (WAIT_SAID (from, FAKE_ID));
  g_assert_nonnull (WAIT_LINE (seen, "heard\tprompt\t您的帮手说：身份证是4405**********4189吗？"));

  g_assert_false (cg_dbus_helper1_call_say_sync (t.helper, "  ", NULL, &error));
  assert_remote_error (error, "org.claimguide.Error.InvalidArgument");
  assert_lines_masked (0);
}

/* AskToSee: no keeps values masked; yes shows them in full until withdrawn
 * or the claim is sent; only the senior says yes. */
static void
test_ask (void)
{
  g_autoptr(GError) error = NULL;
  Asked a;
  guint32 id;
  guint seen, from;

  /* No, on the notification. */
  id = ask (&a);
  from = t.said->len;
  invoke_action (id, "helper-deny");
  g_assert_true (wait_until (asked, &a));
  g_assert_no_error (a.error);
  g_assert_false (a.allowed);
  g_assert_nonnull (WAIT_SAID (from, "您的资料继续遮住"));
  g_assert_true (wait_until (status_is, "masked"));
  assert_lines_masked (0);

  /* Yes, on the notification: everything in full. */
  id = ask (&a);
  seen = t.lines->len;
  from = t.said->len;
  invoke_action (id, "helper-allow");
  g_assert_true (wait_until (asked, &a));
  g_assert_true (a.allowed);
  g_assert_nonnull (WAIT_SAID (from, "能看到您填的全部内容", "Ctrl加Alt加N"));
  g_assert_nonnull (WAIT_LINE (seen, "allowed\tyes"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tid_number\tfilled\t" FAKE_ID "\t"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tclaimant_name\tfilled\t" FAKE_NAME "\t"));
  /* Asked again while allowed: yes at once. */
  g_assert_true (cg_dbus_helper1_call_ask_to_see_sync (t.helper, &a.allowed, NULL, &error));
  g_assert_true (a.allowed);

  /* Withdrawn: masked again. */
  seen = t.lines->len;
  g_assert_true (cg_dbus_helper1_call_withdraw_sync (t.helper, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (WAIT_LINE (seen, "allowed\tno"));
  g_assert_nonnull (WAIT_LINE (seen, "field\tid_number\tfilled\t4405**********4189\t"));
  assert_lines_masked (seen);

  /* Only the senior says yes: from anyone but the plugin, Allow is refused. */
  ask (&a);
  g_assert_false (cg_dbus_helper1_call_allow_sync (t.helper, NULL, &error));
  assert_remote_error (error, "org.claimguide.Error.NotAllowed");
  g_clear_error (&error);
  /* The plugin's connection (the senior's AllowHelper key) may. */
  {
    gboolean acquired = FALSE;
    guint owner = g_bus_own_name_on_connection (t.conn, "org.claimguide.Plugin",
                                                G_BUS_NAME_OWNER_FLAGS_NONE, on_acquired, NULL,
                                                &acquired, NULL);
    g_assert_true (wait_until (is_true, &acquired));
    seen = t.lines->len;
    g_assert_true (cg_dbus_helper1_call_allow_sync (t.helper, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (wait_until (asked, &a));
    g_assert_true (a.allowed);
    g_assert_nonnull (WAIT_LINE (seen, "allowed\tyes"));
    /* With nothing asked, there is nothing to say yes to. */
    g_assert_false (cg_dbus_helper1_call_allow_sync (t.helper, NULL, &error));
    assert_remote_error (error, "org.claimguide.Error.NotAsked");
    g_clear_error (&error);
    g_bus_unown_name (owner);
  }

  /* The claim is sent: masked again (the values the form still shows, if
   * any, and any the next claim brings). */
  seen = t.lines->len;
  cg_dbus_reader1_call_form_sent_sync (t.reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (WAIT_LINE (seen, "allowed\tno"));
  g_assert_true (wait_until (status_is, "masked"));
  set_claim ("2025-01-20");
  g_assert_nonnull (WAIT_LINE (seen, "field\tid_number\tfilled\t4405**********4189\t"));
  assert_lines_masked (seen);
}

/* The record of help: each action, and nothing personal. */
static void
test_record (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cg_audit_path ();
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) entries = cg_audit_read (path, &error);
  g_autoptr(GString) actions = g_string_new (NULL);
  GStatBuf st;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const CgAuditEntry *e = entries->pdata[i];
      g_string_append_printf (actions, "%s%s%s;", cg_audit_action_to_string (e->action),
                              e->detail[0] ? " " : "", e->detail);
    }
  g_test_message ("recorded: %s", actions->str);
  g_assert_nonnull (strstr (actions->str,
                            "watch-started;said chars=10;said chars=24;asked;denied by=notification;"
                            "asked;allowed by=notification;withdrawn by=command;asked;"
                            "allowed by=key;ended reason=claim-sent;"));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  assert_nothing_personal (text);
  g_assert_null (strstr (text, "4405"));
  g_assert_null (strstr (text, "妈"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* claimguidectl helper watch through a pipe: each line arrives as it
 * happens (flushed), and Ctrl-C ends it cleanly; helper log reads the
 * record. */
static void
test_ctl (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *log = NULL;
  gboolean step = FALSE;
  int status = 0;

  if (g_getenv ("CLAIMGUIDECTL") == NULL)
    {
      g_test_skip ("CLAIMGUIDECTL is not set");
      return;
    }
  set_form ();
  set_claim ("2025-01-20");
  g_assert_true (cg_dbus_guide1_call_start_sync (t.guide, "", NULL, &error));
  g_assert_no_error (error);
  g_subprocess_launcher_setenv (l, "LANGUAGE", "en", TRUE);
  watch = g_subprocess_launcher_spawn (l, &error, g_getenv ("CLAIMGUIDECTL"), "helper", "watch", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watch));
  /* The state first, then the guide's move: read while it runs. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      assert_nothing_personal (line);
      if (g_str_has_prefix (line, "field\tbank_card\t") && !step)
        {
          g_assert_cmpstr (line, ==, "field\tbank_card\tfilled\t****0007\t银行卡号");
          step = TRUE;
          g_assert_true (cg_dbus_guide1_call_next_sync (t.guide, NULL, &error));
        }
      else if (step && g_str_has_prefix (line, "step\t"))
        break;
    }
  g_subprocess_send_signal (watch, SIGINT);
  g_assert_true (g_subprocess_wait (watch, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (watch));
  g_assert_cmpint (g_subprocess_get_exit_status (watch), ==, 0);

  {
    const char *argv[] = { g_getenv ("CLAIMGUIDECTL"), "helper", "--lang", "en", "log", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &log,
                                 NULL, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (log, "\tsaid\tchars=10\tThe helper spoke to the senior (10 characters).\n"));
  g_assert_nonnull (strstr (log, "\twatch-ended\t"));
  assert_nothing_personal (log);
}

/* A profile that turns the helper off: every method refused, nothing said,
 * and a watcher told. */
static void
test_off (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusProfiles1) profiles = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean allowed = FALSE;
  guint seen = t.lines->len, from;

  profiles = cg_dbus_profiles1_proxy_new_sync (t.conn, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                                               "org.claimguide.Daemon", "/org/claimguide/Daemon",
                                               NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cg_dbus_profiles1_call_use_profile_sync (profiles, "shared-computer", NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (WAIT_LINE (seen, "helper\toff"));
  g_assert_true (wait_until (status_is, "off"));

  from = t.said->len;
  g_assert_false (cg_dbus_helper1_call_watch_sync (t.helper, &lines, NULL, &error));
  assert_remote_error (error, "org.claimguide.Error.HelperOff");
  g_clear_error (&error);
  g_assert_false (cg_dbus_helper1_call_say_sync (t.helper, "妈？", NULL, &error));
  assert_remote_error (error, "org.claimguide.Error.HelperOff");
  g_clear_error (&error);
  g_assert_false (cg_dbus_helper1_call_ask_to_see_sync (t.helper, &allowed, NULL, &error));
  assert_remote_error (error, "org.claimguide.Error.HelperOff");
  g_clear_error (&error);
  g_assert_false (cg_dbus_helper1_call_withdraw_sync (t.helper, NULL, &error));
  assert_remote_error (error, "org.claimguide.Error.HelperOff");
  g_clear_error (&error);
  g_assert_false (cg_dbus_helper1_call_allow_sync (t.helper, NULL, &error));
  assert_remote_error (error, "org.claimguide.Error.HelperOff");
  g_clear_error (&error);
  /* Nothing is said: a word to the senior after all that would come by now. */
  {
    gboolean timed_out = FALSE;
    guint guard = g_timeout_add (1500, guard_fired, &timed_out);
    while (!timed_out)
      g_main_context_iteration (NULL, TRUE);
    (void) guard;
  }
  for (guint i = from; i < t.said->len; i++)
    g_assert_null (strstr (t.said->pdata[i], "帮手"));
  /* The shared computer keeps nothing, not even the refusals. */
  {
    g_autofree char *path = cg_audit_path ();
    g_autoptr(GPtrArray) entries = cg_audit_read (path, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      g_assert_cmpint (((CgAuditEntry *) entries->pdata[i])->action, !=, CG_AUDIT_REFUSED);
  }
  g_assert_true (cg_dbus_profiles1_call_use_profile_sync (profiles, "default", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (status_is, "masked"));
}

/* ---- Setting up ---- */

static void
start_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  t.notifications = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      g_getenv ("FAKE_NOTIFICATIONS"), NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (t.notifications));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_cmpstr (line, ==, "ready");
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  const char *const signals[][2] = {
    { "org.claimguide.Speech1", "UtteranceStarted" },
    { "org.claimguide.Helper1", "Changed" },
    { "org.claimguide.Helper1", "Said" },
  };
  GDBusSignalCallback callbacks[] = { on_started, on_changed, on_said };

  t.tmp = cg_test_session_dirs ("test-helper");
  t.wav = g_build_filename (t.tmp, "speech.wav", NULL);
  t.bus = cg_test_session_bus (t.tmp, NULL);
  t.said = g_ptr_array_new_with_free_func (g_free);
  t.lines = g_ptr_array_new_with_free_func (g_free);
  t.lens = g_ptr_array_new_with_free_func (g_free);
  t.conn = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    g_dbus_connection_signal_subscribe (t.conn, NULL, signals[i][0], signals[i][1], NULL, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, callbacks[i], NULL, NULL);
  start_notifications ();
  t.daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("CLAIMGUIDED"),
                               "--speech-to", t.wav, "--no-speech-dispatcher", "--no-plugin", NULL);
  g_assert_no_error (error);
#define PROXY(type, var)                                                                      \
  t.var = cg_dbus_##type##_proxy_new_sync (t.conn, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,  \
                                           "org.claimguide.Daemon", "/org/claimguide/Daemon",  \
                                           NULL, &error);                                       \
  g_assert_no_error (error)
  PROXY (helper1, helper);
  PROXY (reader1, reader);
  PROXY (guide1, guide);
  PROXY (daemon1, status);
  PROXY (speech1, speech);
#undef PROXY
  /* Wait for the daemon's name. */
  {
    gboolean timed_out = FALSE;
    guint guard = g_timeout_add_seconds (GUARD_S, guard_fired, &timed_out);
    char *owner = NULL;
    while (!timed_out && (owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (t.helper))) == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (owner);
    g_free (owner);
    g_source_remove (guard);
  }
}

static void
tear_down (void)
{
  g_subprocess_send_signal (t.daemon, SIGTERM);
  g_subprocess_wait (t.daemon, NULL, NULL);
  g_subprocess_force_exit (t.notifications);
  g_subprocess_wait (t.notifications, NULL, NULL);
  g_clear_object (&t.daemon);
  g_clear_object (&t.notifications);
  g_clear_object (&t.helper);
  g_clear_object (&t.reader);
  g_clear_object (&t.guide);
  g_clear_object (&t.status);
  g_clear_object (&t.speech);
  g_clear_object (&t.conn);
  g_test_dbus_down (t.bus);
  g_clear_object (&t.bus);
  g_ptr_array_unref (t.said);
  g_ptr_array_unref (t.lines);
  g_ptr_array_unref (t.lens);
  g_free (t.wav);
  g_free (t.tmp);
}

int
main (int argc, char **argv)
{
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("CLAIMGUIDED") == NULL || g_getenv ("FAKE_NOTIFICATIONS") == NULL)
    {
      g_test_skip ("CLAIMGUIDED and FAKE_NOTIFICATIONS are not set");
      return g_test_run ();
    }
  set_up ();
  g_test_add_func ("/helper/bus/watch", test_watch);
  g_test_add_func ("/helper/bus/say", test_say);
  g_test_add_func ("/helper/bus/ask", test_ask);
  g_test_add_func ("/helper/bus/record", test_record);
  g_test_add_func ("/helper/ctl/watch-and-log", test_ctl);
  g_test_add_func ("/helper/bus/off", test_off);
  rc = g_test_run ();
  tear_down ();
  return rc;
}
