/* End to end: a relative helps over SSH while the senior fills in a claim.
 *
 * A real OpenSSH server, started here on 127.0.0.1 with its own host key
 * and an authorized key made for the test, lets the helper log in as the
 * current user (the senior), and claimguidectl runs in that SSH session:
 * `helper watch` follows the claim with values masked, `helper say` is
 * heard (the daemon's UtteranceStarted) and shown (a notification, and the
 * Helper1.Said signal), `helper ask-to-see` is answered by the senior's keys
 * (Ctrl+Alt+N, then Ctrl+Alt+Y, through the real plugin), and Send ends the
 * yes.  The senior's side is the real claimguided with the real
 * claimguide-atspi and the GTK 3 claim form, typed by xdotool, under
 * tools/desktop-session.  The one fake is the notification server
 * (tests/daemon/fake-notifications.c), which records what it is shown.
 *
 * Environment: as test-plugin (CLAIMGUIDED, CLAIMGUIDE_ATSPI, CLAIM_FORM_GTK,
 * FAKE_NOTIFICATIONS...) and CLAIMGUIDECTL.  Without sshd, ssh or
 * ssh-keygen (Debian: openssh-server, openssh-client), or when sshd cannot
 * run here, the test is skipped with the reason.
 *
 * Made-up person only (tools/fake-ids); nothing typed, said or seen with
 * values in it is printed. */
#include <gio/gio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"

#define SCHEME "chaonan-elderly-accident"

/* What must never reach the helper unless the senior said yes. */
static const char *const personal[] = {
  E2E_NAME, "Xiaomei", E2E_ID, "19551130", "1955113041", E2E_PHONE, "00138033", E2E_CARD,
  "48000000", NULL
};

static struct {
  char *dir;           /* keys, sshd's configuration and log */
  char *key;           /* the helper's private key */
  char *sshd_log;
  GSubprocess *sshd;
  guint16 port;
  GSubprocess *notifications;
  GSubprocess *daemon;
  char *wav;
  /* The helper's `watch`, in its SSH session. */
  GSubprocess *watch;
  GDataInputStream *watch_out;
  GPtrArray *lines;    /* char*: what the helper's terminal showed, one a line */
  gboolean watch_eof;
  GPtrArray *lens;     /* char*: Helper1.Said */
  guint said_sub;
} s;

/* ---- The SSH server ---- */

static char *
find_program (const char *name)
{
  char *path = g_find_program_in_path (name);
  if (path == NULL)
    {
      g_autofree char *sbin = g_build_filename ("/usr/sbin", name, NULL);
      if (g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&sbin);
    }
  return path;
}

static gboolean
spawn_quiet (const char *const *argv, char **err)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (err != NULL)
    g_clear_pointer (err, g_free);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, err,
                     &status, &error))
    {
      if (err != NULL)
        {
          g_free (*err);
          *err = g_strdup (error->message);
        }
      return FALSE;
    }
  return g_spawn_check_wait_status (status, NULL);
}

/* A port nobody listens on now (sshd may still lose it to a race: then
 * another is tried). */
static guint16
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (sock);
  g_assert_true (g_socket_bind (sock, any, FALSE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
read_file (const char *path)
{
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    text = g_strdup ("");
  return text;
}

/* Starts sshd; FALSE with the reason in *why when it cannot run here. */
static gboolean
start_sshd (char **why)
{
  g_autofree char *sshd = find_program ("sshd");
  g_autofree char *keygen = find_program ("ssh-keygen");
  g_autofree char *ssh = find_program ("ssh");
  g_autofree char *host_key = NULL, *auth = NULL, *pub = NULL, *pub_text = NULL, *err = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;

  if (sshd == NULL || keygen == NULL || ssh == NULL)
    {
      *why = g_strdup_printf ("%s is not installed (Debian: openssh-server and openssh-client, "
                              "in tools/packages)", sshd == NULL ? "sshd" : keygen == NULL ? "ssh-keygen" : "ssh");
      return FALSE;
    }
  /* As root, sshd wants its privilege separation folder, which the
   * system's unit (RuntimeDirectory=sshd) would make: made here the same
   * way, empty and root's, when it is missing. */
  if (getuid () == 0 && !g_file_test ("/run/sshd", G_FILE_TEST_IS_DIR) &&
      g_mkdir_with_parents ("/run/sshd", 0755) != 0)
    {
      *why = g_strdup ("sshd needs /run/sshd as root, and it cannot be made");
      return FALSE;
    }

  s.dir = g_build_filename (g_get_tmp_dir (), "ssh", NULL);
  g_assert_cmpint (g_mkdir_with_parents (s.dir, 0700), ==, 0);
  host_key = g_build_filename (s.dir, "host_ed25519", NULL);
  s.key = g_build_filename (s.dir, "helper_ed25519", NULL);
  pub = g_strconcat (s.key, ".pub", NULL);
  auth = g_build_filename (s.dir, "authorized_keys", NULL);
  s.sshd_log = g_build_filename (s.dir, "sshd.log", NULL);
  for (guint i = 0; i < 2; i++)
    if (!spawn_quiet ((const char *const[]) { keygen, "-q", "-t", "ed25519", "-N", "", "-C",
                                              "claimguide-test", "-f", i == 0 ? host_key : s.key,
                                              NULL }, &err))
      {
        *why = g_strdup_printf ("ssh-keygen failed: %s", err != NULL ? err : "");
        return FALSE;
      }
  g_assert_true (g_file_get_contents (pub, &pub_text, NULL, &error));
  g_assert_true (g_file_set_contents_full (auth, pub_text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));

  for (int attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
      g_autofree char *conf_path = g_build_filename (s.dir, "sshd_config", NULL);
      gint64 end;

      s.port = free_port ();
      g_free (config);
      /* Loopback only, key login only, to this one user.  StrictModes no:
       * the temporary folder is not the user's home.  Root may log in with
       * a key (tests may run as root). */
      config = g_strdup_printf ("ListenAddress 127.0.0.1\n"
                                "Port %u\n"
                                "HostKey %s\n"
                                "AuthorizedKeysFile %s\n"
                                "AllowUsers %s\n"
                                "PidFile none\n"
                                "UsePAM no\n"
                                "StrictModes no\n"
                                "PermitRootLogin prohibit-password\n"
                                "PubkeyAuthentication yes\n"
                                "PasswordAuthentication no\n"
                                "KbdInteractiveAuthentication no\n"
                                "PermitUserEnvironment no\n"
                                "X11Forwarding no\n"
                                "AllowTcpForwarding no\n"
                                "PrintMotd no\n"
                                "PrintLastLog no\n"
                                "UseDNS no\n",
                                s.port, host_key, auth, g_get_user_name ());
      g_assert_true (g_file_set_contents (conf_path, config, -1, &error));
      g_subprocess_launcher_set_stderr_file_path (launcher, s.sshd_log);
      g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/null");
      s.sshd = g_subprocess_launcher_spawn (launcher, &error, sshd, "-D", "-e", "-f", conf_path, NULL);
      g_assert_no_error (error);
      end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      for (;;)
        {
          g_autofree char *log = read_file (s.sshd_log);
          if (strstr (log, "Server listening on 127.0.0.1") != NULL)
            return TRUE;
          if (g_subprocess_get_identifier (s.sshd) == NULL || g_get_monotonic_time () > end)
            {
              g_strstrip (log);
              if (strstr (log, "Address already in use") != NULL)
                break; /* another port */
              *why = g_strdup_printf ("sshd cannot run here: %s", log[0] ? log : "it did not start");
              return FALSE;
            }
          e2e_pump (0.05);
        }
      g_subprocess_wait (s.sshd, NULL, NULL);
      g_clear_object (&s.sshd);
    }
  *why = g_strdup ("sshd found no free port on 127.0.0.1");
  return FALSE;
}

static void
stop_sshd (void)
{
  if (s.sshd == NULL)
    return;
  g_subprocess_send_signal (s.sshd, SIGTERM);
  g_subprocess_wait (s.sshd, NULL, NULL);
  g_clear_object (&s.sshd);
}

/* The helper's command line in an SSH session: `ssh ... 127.0.0.1 'env
 * ... claimguidectl helper ARGS'`.  SSH gives the session a clean
 * environment; the senior's session bus is named in it.  On a real system
 * the helper logging in as the senior finds the senior's bus at
 * $XDG_RUNTIME_DIR/bus (unix:path=/run/user/UID/bus, which pam_systemd sets
 * as DBUS_SESSION_BUS_ADDRESS for every login of that user), and needs none
 * of this; here the senior's session is the test's private one.  @tty: a
 * terminal (ssh -tt), as a person would have, so that Ctrl-C reaches the
 * remote command and it ends with the connection. */
static GPtrArray *
ssh_argv (gboolean tty, const char *const *helper_args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) remote = g_string_new ("exec env");
  static const char *const pass[] = {
    "DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
    "XDG_DATA_HOME", "XDG_CACHE_HOME",
    /* Processes of the session carry its folder, so that desktop-session
     * stops any left behind. */
    "CLAIMGUIDE_SESSION_DIR", NULL
  };
  const char *const opts[] = {
    "ssh", "-F", "/dev/null", "-i", s.key, "-l", g_get_user_name (), "-o", "IdentitiesOnly=yes",
    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
    "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", NULL
  };

  for (guint i = 0; opts[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (opts[i]));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", s.port));
  if (tty)
    g_ptr_array_add (argv, g_strdup ("-tt"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  for (guint i = 0; pass[i] != NULL; i++)
    if (g_getenv (pass[i]) != NULL)
      {
        g_autofree char *kv = g_strconcat (pass[i], "=", g_getenv (pass[i]), NULL);
        g_autofree char *quoted = g_shell_quote (kv);
        g_string_append_printf (remote, " %s", quoted);
      }
  /* UTF-8 output, English messages from claimguidectl itself. */
  g_string_append (remote, " LANG=C.UTF-8");
  {
    g_autofree char *ctl = g_shell_quote (g_getenv ("CLAIMGUIDECTL"));
    g_string_append_printf (remote, " %s helper", ctl);
  }
  for (guint i = 0; helper_args[i] != NULL; i++)
    {
      g_autofree char *quoted = g_shell_quote (helper_args[i]);
      g_string_append_printf (remote, " %s", quoted);
    }
  g_ptr_array_add (argv, g_strdup (remote->str));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Runs a helper command over SSH to its end: its exit status, output in
 * *out. */
static int
ssh_helper (const char *const *helper_args, char **out)
{
  g_autoptr(GPtrArray) argv = ssh_argv (FALSE, helper_args);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 255)
    g_test_message ("ssh failed: %s", err);
  return WEXITSTATUS (status);
}

/* ---- The helper's watch ---- */

static void read_next_line (void);

static void
on_line (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                         NULL, &error);
  if (line == NULL)
    {
      s.watch_eof = TRUE;
      return;
    }
  /* A terminal ends lines with \r\n. */
  if (line[0] != '\0' && line[strlen (line) - 1] == '\r')
    line[strlen (line) - 1] = '\0';
  g_ptr_array_add (s.lines, line);
  read_next_line ();
}

static void
read_next_line (void)
{
  g_data_input_stream_read_line_async (s.watch_out, G_PRIORITY_DEFAULT, NULL, on_line, NULL);
}

static void
start_watch (void)
{
  g_autoptr(GPtrArray) argv = ssh_argv (TRUE, (const char *const[]) { "watch", NULL });
  g_autoptr(GError) error = NULL;

  s.watch = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  s.watch_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s.watch));
  read_next_line ();
}

/* A line from @from on that starts with @prefix and holds @part (or NULL):
 * its index, or -1 after @seconds. */
static int
wait_line (guint from, const char *prefix, const char *part, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  for (;;)
    {
      for (guint i = from; i < s.lines->len; i++)
        {
          const char *l = s.lines->pdata[i];
          if (g_str_has_prefix (l, prefix) && (part == NULL || strstr (l, part) != NULL))
            return (int) i;
        }
      if (g_get_monotonic_time () > end || s.watch_eof)
        break;
      e2e_pump (0.05);
    }
  {
    g_autofree char *want = e2e_printable (prefix);
    g_test_message ("the helper saw no line “%s…”; %u lines since, their kinds:", want,
                    s.lines->len - from);
    for (guint i = from; i < s.lines->len; i++)
      {
        const char *l = s.lines->pdata[i];
        g_autofree char *kind = g_strndup (l, strcspn (l, "\t"));
        g_test_message ("  %s", kind);
      }
  }
  return -1;
}

#define ASSERT_LINE(from, prefix, part) g_assert_cmpint (wait_line ((from), (prefix), (part), 10), >=, 0)

/* Lines from @from on hold nothing personal; the failure names which
 * made-up item, never the data. */
static void
assert_masked (guint from, const char *when)
{
  for (guint i = from; i < s.lines->len; i++)
    for (guint j = 0; personal[j] != NULL; j++)
      if (strstr (s.lines->pdata[i], personal[j]) != NULL)
        g_error ("%s, the helper saw made-up item %u in full (line %u)", when, j, i);
}

static gboolean
has_personal (const char *text)
{
  for (guint j = 0; personal[j] != NULL; j++)
    if (strstr (text, personal[j]) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- Notifications and Said ---- */

static void
on_said (GDBusConnection *c, const char *sender, const char *path, const char *iface,
         const char *signal, GVariant *params, gpointer data)
{
  const char *text;
  g_variant_get (params, "(&s)", &text);
  g_ptr_array_add (s.lens, g_strdup (text));
}

/* The body of the last notification titled @summary, or NULL. */
static char *
notification_body (const char *summary)
{
  g_autoptr(GVariant) r = g_dbus_connection_call_sync (
    e2e_bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
    "org.claimguide.Test.Notifications", "GetRecorded", NULL, G_VARIANT_TYPE ("(a(ussas))"), 0, 5000,
    NULL, NULL);
  g_autoptr(GVariant) list = r != NULL ? g_variant_get_child_value (r, 0) : NULL;
  char *body = NULL;

  for (gsize i = 0; list != NULL && i < g_variant_n_children (list); i++)
    {
      const char *t, *b;
      g_variant_get_child (list, i, "(u&s&s@as)", NULL, &t, &b, NULL);
      if (g_str_equal (t, summary))
        {
          g_free (body);
          body = g_strdup (b);
        }
    }
  return body;
}

static char *
wait_notification (const char *summary, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  char *body;

  while ((body = notification_body (summary)) == NULL && g_get_monotonic_time () < end)
    e2e_pump (0.1);
  return body;
}

static void
start_notifications (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  s.notifications = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      g_getenv ("FAKE_NOTIFICATIONS"), NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s.notifications));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_cmpstr (line, ==, "ready");
}

/* ---- ask-to-see, answered by the senior's key ---- */

typedef struct {
  gboolean done;
  char *out;
  int status;
} Asked;

static void
on_asked (GObject *source, GAsyncResult *result, gpointer data)
{
  Asked *a = data;
  g_autoptr(GError) error = NULL;
  GSubprocess *p = G_SUBPROCESS (source);

  g_subprocess_communicate_utf8_finish (p, result, &a->out, NULL, &error);
  g_assert_no_error (error);
  a->status = g_subprocess_get_if_exited (p) ? g_subprocess_get_exit_status (p) : -1;
  a->done = TRUE;
}

/* The helper asks; once the senior heard the question, they press @keysym;
 * returns ask-to-see's exit status (0 yes, 1 no). */
static int
ask_and_answer (const char *keysym, const char *then_said)
{
  g_autoptr(GPtrArray) argv = ssh_argv (FALSE, (const char *const[]) { "ask-to-see", NULL });
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = NULL;
  Asked a = { FALSE, NULL, -1 };
  guint from = e2e_said->len;
  gint64 end;

  p = g_subprocess_newv ((const char *const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (p, NULL, NULL, on_asked, &a);
  g_assert_cmpint (E2E_WAIT_SAID (from, 15, "想看您填的全部内容", "Ctrl加Alt加Y", "Ctrl加Alt加N"), >=, 0);
  g_assert_true (e2e_wait_status ("helper", "asking", 5));
  from = e2e_said->len;
  e2e_key (keysym);
  g_assert_cmpint (E2E_WAIT_SAID (from, 10, then_said), >=, 0);
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!a.done && g_get_monotonic_time () < end)
    e2e_pump (0.05);
  g_assert_true (a.done);
  g_test_message ("ask-to-see answered: %s (exit %d)", a.out != NULL ? g_strstrip (a.out) : "",
                  a.status);
  g_free (a.out);
  return a.status;
}

/* ---- The test ---- */

static void
test_helper_ssh (void)
{
  E2eApp app = { 0 };
  g_autofree char *why = NULL, *out = NULL, *body = NULL;
  const E2eAct *moves;
  guint n_moves, bank, from, seen;
  int i;

  if (g_getenv ("CLAIMGUIDECTL") == NULL || g_getenv ("FAKE_NOTIFICATIONS") == NULL)
    {
      g_test_skip ("CLAIMGUIDECTL and FAKE_NOTIFICATIONS are not set");
      return;
    }
  if (!start_sshd (&why))
    {
      g_test_skip (why);
      return;
    }
  start_notifications ();
  s.daemon = e2e_start_daemon (s.wav, NULL, NULL, NULL);
  e2e_app_start_gtk (&app, NULL);
  e2e_act (&(E2eAct) { "Tab", NULL, { "理赔类型" } });
  g_assert_true (e2e_wait_status ("form", SCHEME, 10));

  /* The helper logs in and watches; the senior is told. */
  from = e2e_said->len;
  start_watch ();
  ASSERT_LINE (0, "allowed\tno", NULL);
  ASSERT_LINE (0, "form\t" SCHEME "\t", "潮南区");
  g_assert_cmpint (E2E_WAIT_SAID (from, 40, "您的帮手现在在看您填表"), >=, 0);
  g_assert_true (e2e_wait_status ("helper", "masked", 5));

  /* The claim, up to the bank card's step: the step and each field, masked. */
  moves = e2e_clean_claim (&n_moves, &bank);
  seen = s.lines->len;
  for (guint m = 0; m < bank; m++)
    e2e_act (&moves[m]);
  ASSERT_LINE (seen, "step\t", "\twho");
  ASSERT_LINE (seen, "step\t", "\thospital-stay");
  ASSERT_LINE (seen, "field\tclaim_type\tfilled\t", NULL);
  ASSERT_LINE (seen, "field\tclaimant_name\tfilled\tL.\t", NULL);
  ASSERT_LINE (seen, "field\tid_number\tfilled\t4405**********4189\t", NULL);
  ASSERT_LINE (seen, "field\tphone\tfilled\t*******8033\t", NULL);
  ASSERT_LINE (seen, "field\tdischarge_date\tfilled\t2025-01-20\t", NULL);
  ASSERT_LINE (seen, "heard\t", NULL);
  assert_masked (0, "while the claim was filled in");

  /* The helper speaks: heard in its turn, shown as a notification and on
   * Helper1.Said (the lens's), and seen in the watch. */
  from = e2e_said->len;
  seen = s.lines->len;
  g_assert_cmpint (ssh_helper ((const char *const[]) { "say", "妈，下一步填银行卡。", NULL }, &out), ==, 0);
  g_assert_cmpint (E2E_WAIT_SAID (from, 15, "您的帮手说：妈，下一步填银行卡。"), >=, 0);
  ASSERT_LINE (seen, "heard\tprompt\t您的帮手说：妈，下一步填银行卡。", NULL);
  body = wait_notification ("帮手的话", 10);
  g_assert_cmpstr (body, ==, "您的帮手说：妈，下一步填银行卡。");
  g_assert_cmpuint (s.lens->len, >, 0);
  g_assert_cmpstr (g_ptr_array_index (s.lens, s.lens->len - 1), ==, "妈，下一步填银行卡。");

  /* The bank card and the papers, up to just before Send. */
  seen = s.lines->len;
  for (guint m = bank; m < n_moves - 1; m++)
    e2e_act (&moves[m]);
  ASSERT_LINE (seen, "step\t", "\tbank");
  ASSERT_LINE (seen, "field\tbank_card\tfilled\t****0007\t", NULL);
  ASSERT_LINE (seen, "field\taccount_holder\tfilled\tL.\t", NULL);
  assert_masked (0, "while the claim was filled in");

  /* Asked, and the senior says no with Ctrl+Alt+N: still masked. */
  seen = s.lines->len;
  g_assert_cmpint (ask_and_answer ("ctrl+alt+n", "您的资料继续遮住"), ==, 1);
  g_assert_true (e2e_wait_status ("helper", "masked", 5));
  e2e_pump (0.5); /* what a watcher would be sent after a no has come */
  assert_masked (0, "after the senior said no");
  for (guint l = seen; l < s.lines->len; l++)
    g_assert_false (g_str_has_prefix (s.lines->pdata[l], "allowed\tyes"));

  /* Asked again, and yes with Ctrl+Alt+Y: every value in full. */
  seen = s.lines->len;
  g_assert_cmpint (ask_and_answer ("ctrl+alt+y", "能看到您填的全部内容"), ==, 0);
  ASSERT_LINE (seen, "allowed\tyes", NULL);
  ASSERT_LINE (seen, "field\tid_number\tfilled\t" E2E_ID "\t", NULL);
  ASSERT_LINE (seen, "field\tphone\tfilled\t" E2E_PHONE "\t", NULL);
  ASSERT_LINE (seen, "field\tbank_card\tfilled\t" E2E_CARD "\t", NULL);
  ASSERT_LINE (seen, "field\tclaimant_name\tfilled\t" E2E_NAME "\t", NULL);
  g_assert_true (e2e_wait_status ("helper", "allowed", 5));

  /* Send, with nothing to fix: the claim reaches the app (its title says
   * so), the plugin reports it (Reader1.FormSent), and the yes ends. */
  e2e_act (&moves[n_moves - 1]);
  seen = s.lines->len;
  e2e_key ("Return");
  g_assert_true (e2e_wait_window_name ("· sent 1", 10));
  i = wait_line (seen, "allowed\tno", NULL, 10);
  g_assert_cmpint (i, >=, 0);
  g_assert_true (e2e_wait_status ("helper", "masked", 5));
  e2e_pump (1.0); /* the lines that follow the end of the yes */
  assert_masked ((guint) i, "after the claim was sent");
  /* Whatever the helper still sees of the claim is masked. */
  for (guint l = (guint) i; l < s.lines->len; l++)
    if (g_str_has_prefix (s.lines->pdata[l], "field\tid_number\tfilled\t"))
      g_assert_true (g_str_has_prefix (s.lines->pdata[l], "field\tid_number\tfilled\t4405**********4189\t"));

  /* Ctrl-C on the helper's terminal ends the watch cleanly. */
  {
    g_autoptr(GError) error = NULL;
    GOutputStream *in = g_subprocess_get_stdin_pipe (s.watch);
    g_assert_true (g_output_stream_write_all (in, "\003", 1, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_flush (in, NULL, &error));
  }
  {
    gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
    while (g_subprocess_get_identifier (s.watch) != NULL && g_get_monotonic_time () < end)
      e2e_pump (0.05);
  }
  g_assert_null (g_subprocess_get_identifier (s.watch));
  g_assert_true (g_subprocess_get_if_exited (s.watch));
  g_assert_cmpint (g_subprocess_get_exit_status (s.watch), ==, 0);

  /* The record of help, read over SSH: each action, nothing personal. */
  g_clear_pointer (&out, g_free);
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    for (;;)
      {
        g_clear_pointer (&out, g_free);
        g_assert_cmpint (ssh_helper ((const char *const[]) { "--lang", "en", "log", NULL }, &out), ==, 0);
        if (strstr (out, "\twatch-ended\t") != NULL || g_get_monotonic_time () > end)
          break;
        e2e_pump (0.2);
      }
  }
  g_assert_false (has_personal (out));
  {
    static const char *const order[] = {
      "\twatch-started\t", "\tsaid\tchars=10\t", "\tasked\t", "\tdenied\tby=key\t", "\tasked\t",
      "\tallowed\tby=key\t", "\tended\treason=claim-sent\t", "\twatch-ended\t", NULL
    };
    const char *at = out;
    for (guint k = 0; order[k] != NULL; k++)
      {
        const char *next = strstr (at, order[k]);
        if (next == NULL)
          g_error ("the record of help lacks, in order, “%s”", order[k]);
        at = next + strlen (order[k]);
      }
  }
  /* Every one of those came through sshd, by key. */
  {
    g_autofree char *log = read_file (s.sshd_log);
    g_autofree char *accepted = g_strdup_printf ("Accepted publickey for %s from 127.0.0.1",
                                                 g_get_user_name ());
    g_assert_nonnull (strstr (log, accepted));
  }
  e2e_app_stop (&app);
}

int
main (int argc, char **argv)
{
  g_autofree char *why = NULL;
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!e2e_init (&why))
    {
      g_test_skip (why);
      return g_test_run ();
    }
  s.lines = g_ptr_array_new_with_free_func (g_free);
  s.lens = g_ptr_array_new_with_free_func (g_free);
  s.wav = g_build_filename (g_get_tmp_dir (), "speech.wav", NULL);
  s.said_sub = g_dbus_connection_signal_subscribe (e2e_bus, NULL, "org.claimguide.Helper1", "Said",
                                                   "/org/claimguide/Daemon", NULL,
                                                   G_DBUS_SIGNAL_FLAGS_NONE, on_said, NULL, NULL);
  g_test_add_func ("/plugin/helper/ssh", test_helper_ssh);
  rc = g_test_run ();

  if (s.watch != NULL && g_subprocess_get_identifier (s.watch) != NULL)
    {
      g_subprocess_force_exit (s.watch);
      g_subprocess_wait (s.watch, NULL, NULL);
    }
  g_clear_object (&s.watch_out);
  g_clear_object (&s.watch);
  stop_sshd ();
  e2e_stop_daemon (&s.daemon);
  if (s.notifications != NULL)
    {
      g_subprocess_force_exit (s.notifications);
      g_subprocess_wait (s.notifications, NULL, NULL);
      g_clear_object (&s.notifications);
    }
  g_dbus_connection_signal_unsubscribe (e2e_bus, s.said_sub);
  e2e_shutdown ();
  g_ptr_array_unref (s.lines);
  g_ptr_array_unref (s.lens);
  g_free (s.wav);
  g_free (s.dir);
  g_free (s.key);
  g_free (s.sshd_log);
  return rc;
}
