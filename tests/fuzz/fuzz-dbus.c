/* fuzz-dbus: the daemon's D-Bus methods with any arguments.
 *
 * One real claimguided (CgDaemon, made as daemon/main.c makes it) runs in
 * this process, exported on a peer-to-peer D-Bus connection over a
 * socketpair (no dbus-daemon); the fuzzer calls it over the other end, as
 * the plugin and claimguidectl do.  The daemon's main context is this
 * thread's: it runs while a call waits for its reply (GDBus's own thread
 * carries the messages both ways).  Any reply or D-Bus error is fine; a
 * crash, a sanitizer report, a GLib critical, a call unanswered for a
 * minute or a dropped connection is not.
 *
 * An input is one call or a few:
 *
 *   byte 0      the method: byte & 0x7f, a slot of the table made by
 *               list_methods (each method has a slot of its own, from a
 *               hash of its name, so that a method added to the daemon
 *               leaves the seeds' methods where they were; the other
 *               bytes are spread over all the methods)
 *   then        the method's in-arguments, serialised as a GVariant tuple of
 *               its signature (g_variant_new_from_bytes; the normal form is
 *               sent, so bytes that are no valid serialisation still make a
 *               valid, odd value)
 *
 * When byte 0 has 0x80 set, two bytes (little-endian) give the length of the
 * arguments and another call follows them, so one input can be a sequence
 * (a form, its fields, the guide started and moved).  The daemon keeps its
 * state from one input to the next, as a long-running one does; after each
 * input the harness undoes what the input set (speech stopped, guide
 * stopped, form cleared, profile, screen reader, silent apps, what the
 * helper was allowed), so inputs mostly do not depend on one another.
 * Drafts and the helper's record on disk, the scheme cache and utterance
 * numbers do carry over.  Helper1.AskToSee, whose reply is the senior's
 * answer, is sent without waiting for one.
 *
 * Speech is real (eSpeak NG) but goes to /dev/null through the WAV sink
 * (--speech-to): the synthesis thread keeps the pace of a listener, the
 * calls never wait for it, and Speech1.Stop after each input cuts it.  No
 * Speech Dispatcher, no plugin; notifications go to a session bus address
 * where nothing listens, so they fail at once as on a desktop without a
 * notification server.  Everything the daemon writes (state, drafts,
 * eSpeak's data links) is under a temporary folder, removed at exit.
 *
 * FUZZ_DBUS_SEEDS=DIR writes the seed inputs (tests/fuzz/corpus/dbus) into
 * DIR and exits; FUZZ_VERBOSE=1 shows the daemon's log. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cg-daemon.h"
#include "cg-log.h"
#include "cg-voices.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

#define CALL_TIMEOUT_MS (60 * 1000)
#define MAX_CALLS 16

typedef struct {
  char *iface;
  char *method;
  char *in; /* the in-arguments' tuple type */
} Method;

/* Every method the daemon exports, as its introspection data says (so a
 * method added to daemon/org.claimguide.Daemon.xml is fuzzed too), sorted by
 * name, and Properties.Get and GetAll.  The seeds name methods, not numbers:
 * when a method is added, write them again. */
static GArray *methods;
#define N_METHODS (methods->len)
#define METHOD(i) (&g_array_index (methods, Method, (i)))
#define N_SLOTS 0x80
static guint slot_method[N_SLOTS]; /* byte & 0x7f -> method */
static guint8 method_slot[N_SLOTS]; /* method -> its own slot, for the seeds */

/* What an input changed, to be undone after it. */
enum {
  TOUCHED_GUIDE = 1 << 0,
  TOUCHED_FORM = 1 << 1,
  TOUCHED_PROFILE = 1 << 2,
  TOUCHED_SCREEN_READER = 1 << 3,
  TOUCHED_APPS = 1 << 4,
  TOUCHED_HELPER = 1 << 5,
};

static struct {
  char *tmp;
  GMainContext *context;
  GDBusConnection *client;
  CgDaemon *daemon;
  gboolean verbose;
  guint touched;
  guint64 inputs;
  guint64 calls;
} F;

/* ---- The log: quiet, but a critical is a crash ---- */

static GLogWriterOutput
writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  gboolean fatal = (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0;

  if (!fatal && !F.verbose)
    return G_LOG_WRITER_HANDLED;
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 && fields[i].value != NULL)
      {
        g_autofree char *masked = cg_log_mask_digits (fields[i].value);
        fprintf (stderr, "fuzz-dbus: %s: %s\n", fatal ? "CRITICAL" : "log", masked);
      }
  if (fatal)
    abort ();
  return G_LOG_WRITER_HANDLED;
}

/* ---- The daemon ---- */

static void
on_connection (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  *(GDBusConnection **) data = g_dbus_connection_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
start_daemon (GIOStream *server_stream, GIOStream *client_stream)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *guid = g_dbus_generate_guid ();
  g_autofree char *state = g_build_filename (F.tmp, "state", "claimguide", "state", NULL);
  g_autofree char *runtime = g_build_filename (F.tmp, "runtime", "claimguide", NULL);
  const char *const profile_dirs[] = { FUZZ_PROFILES, NULL };
  CgDaemonConfig config = {
    .speech_to = "/dev/null",
    .profile_dirs = profile_dirs,
    .state_file = state,
    .voices_dir = FUZZ_VOICES,
    .espeak_data = ESPEAK_DATA_DIR,
    .runtime_dir = runtime,
    .no_speech_dispatcher = TRUE,
    .plugin = NULL,
    .plugin_off = "fuzzing",
  };
  GDBusConnection *server = NULL;

  F.daemon = cg_daemon_new (&config, &error);
  g_assert_no_error (error);
  /* Both ends authenticate at once. */
  g_dbus_connection_new (server_stream, guid,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER |
                         G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                         NULL, NULL, on_connection, &server);
  g_dbus_connection_new (client_stream, NULL, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL,
                         NULL, on_connection, &F.client);
  while (server == NULL || F.client == NULL)
    g_main_context_iteration (F.context, TRUE);
  g_assert_true (cg_daemon_export (F.daemon, server, &error));
  g_assert_no_error (error);
  g_dbus_connection_start_message_processing (server);
}

static void
at_exit (void)
{
  if (F.inputs > 0)
    fprintf (stderr, "fuzz-dbus: %" G_GUINT64_FORMAT " calls in %" G_GUINT64_FORMAT " inputs\n",
             F.calls, F.inputs);
  if (F.tmp != NULL)
    cg_remove_tree (F.tmp, NULL);
}

/* ---- Seeds ---- */

typedef struct {
  const char *name;
  const char *calls[MAX_CALLS]; /* "Interface.Method" then its arguments as GVariant text */
} Seed;

#define FORM "{'scheme': <'chaonan-elderly-accident'>, 'title': <'示例互助保险 理赔申请'>, " \
             "'matched': <uint32 12>, 'fields': <uint32 21>, 'claim-type': <'住院'>}"
/* A made-up claim (tools/fake-ids made the numbers): nobody real. */
#define CLAIM "{'claim_type': '住院', 'claimant_name': '陈大明', " \
              "'id_number': '440514195604170239', 'phone': '13800138000', " \
              "'accident_date': '2025年9月20日', 'accident_place': '峡山街道', " \
              "'accident_cause': '摔倒', 'admission_date': '2025/9/20', " \
              "'discharge_date': '2025.9.26', 'hospital_name': '潮南区人民医院', " \
              "'hospital_level': '二级', 'bank_card': '6228 4800 0000 0007', " \
              "'account_holder': '陈大明', " \
              "'documents': 'hospital_certificate;expense_list;medical_records', " \
              "'submitted_date': '2025-09-26'}"

static const Seed seeds[] = {
  { "status", { "Daemon1.GetStatus", "" } },
  { "speak-zh", { "Speech1.Speak", "('请在2025年3月14日前交回材料，电话13800138000', 'prompt', 'zh_CN')" } },
  { "speak-en", { "Speech1.Speak", "('Amount 1,234.50 yuan, due 2025-03-14.', 'focus', 'en')" } },
  { "speak-yue", { "Speech1.Speak", "('住院6日，每日30元', 'notify', 'yue')" } },
  { "speak-default", { "Speech1.Speak", "('第3步', 'prompt', '')" } },
  { "stop", { "Speech1.Stop", "" } },
  /* eSpeak NG 1.51 overran a stack buffer on words like these. */
  { "speak-long-word", { "Speech1.Speak", "('a.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
                         "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
                         "dddddddddddddddddddddddddddddddddddddddddddddddddddddddd', 'focus', 'en')" } },
  { "speak-suffixes", { "Speech1.Speak", "(\"s's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's'"
                        "s's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's'"
                        "s's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's's'\", "
                        "'prompt', 'en')" } },
  { "normalize", { "Speech1.Normalize", "('身份证 440514195604170239，卡号 6228 4800 0000 0007', 'zh_CN')" } },
  { "normalize-en", { "Speech1.Normalize", "('Paid ¥1,800.00 on 11/10/2025 at 9:30', 'en')" } },
  { "voices", { "Speech1.ListVoices", "" } },
  { "screen-reader", { "Speech1.SetScreenReader", "(true,)" } },
  { "claims-check", { "Claims1.Check", "('chaonan-elderly-accident', " CLAIM ", "
                      "{'language': <'en'>, 'today': <'2025-11-01'>})" } },
  { "claims-check-announce", { "Claims1.Check", "('chaonan-elderly-accident', "
                               "{'claim_type': '伤残', 'accident_date': '2025-02-30'}, "
                               "{'language': <'zh_CN'>, 'announce': <true>})" } },
  { "claims-check-unknown", { "Claims1.Check", "('no-such-scheme', {}, {})" } },
  { "present", { "Reader1.PresentControl",
                 "({'label': <'出险日期 *'>, 'kind': <'date'>, 'value': <'2025-09-20'>, "
                 "'required': <true>, 'invalid': <false>, 'field': <'accident_date'>, "
                 "'app': <'firefox'>, 'placeholder': <'年/月/日'>},)" } },
  { "present-check", { "Reader1.PresentControl",
                       "({'label': <'I agree'>, 'kind': <'check'>, 'checked': <true>, "
                       "'error': <'Please tick the box'>},)" } },
  { "echo", { "Reader1.Echo", "('5', '2025')" } },
  { "set-form", { "Reader1.SetForm", "(" FORM ",)" } },
  { "not-answering", { "Reader1.AppNotAnswering", "('gedit',)" } },
  { "set-fields-no-form", { "Reader1.SetFields", "(" CLAIM ", true)" } },
  { "guide-start", { "Guide1.Start", "('chaonan-elderly-accident',)" } },
  { "guide-next", { "Guide1.Next", "" } },
  { "guide-back", { "Guide1.Back", "" } },
  { "guide-repeat", { "Guide1.Repeat", "" } },
  { "guide-where", { "Guide1.Where", "" } },
  { "guide-help", { "Guide1.Help", "" } },
  { "guide-stop", { "Guide1.Stop", "" } },
  { "guide-check", { "Guide1.Check", "({'language': <'en'>, 'today': <'2025-10-01'>},)" } },
  { "guide-summary", { "Guide1.GetSummary", "({'today': <'2025-10-01'>},)" } },
  { "profiles", { "Profiles1.ListProfiles", "" } },
  { "get-profile", { "Profiles1.GetProfile", "('low-vision',)" } },
  { "use-profile", { "Profiles1.UseProfile", "('hard-of-hearing',)" } },
  { "form-sent", { "Reader1.FormSent", "" } },
  { "helper-watch", { "Helper1.Watch", "" } },
  { "helper-say", { "Helper1.Say", "('我是你的女儿，我看到你在第3步',)" } },
  { "helper-ask", { "Helper1.AskToSee", "", "Helper1.Allow", "", "Helper1.Withdraw", "" } },
  { "property", { "DBus.Properties.Get", "('org.claimguide.Reader1', 'Form')" } },
  { "properties", { "DBus.Properties.GetAll", "('org.claimguide.Guide1',)" } },
  /* Sequences: the form, its values, the guide through it. */
  { "form-guide", { "Reader1.SetForm", "(" FORM ",)",
                    "Reader1.SetFields", "(" CLAIM ", true)",
                    "Guide1.Start", "('',)",
                    "Guide1.Next", "", "Guide1.Next", "", "Guide1.Where", "",
                    "Guide1.Check", "({'today': <'2025-11-01'>},)",
                    "Guide1.GetSummary", "({'language': <'zh_CN'>},)" } },
  { "form-present-guide", { "Reader1.SetForm", "(" FORM ",)",
                            "Reader1.PresentControl",
                            "({'label': <'理赔类型'>, 'kind': <'choice'>, 'value': <'身故'>, "
                            "'field': <'claim_type'>},)",
                            "Guide1.Start", "('',)", "Guide1.Back", "", "Guide1.Repeat", "",
                            "Daemon1.GetStatus", "" } },
  { "shared-computer", { "Profiles1.UseProfile", "('shared-computer',)",
                         "Reader1.SetForm", "(" FORM ",)",
                         "Reader1.SetFields", "({'claimant_name': '陈大明'}, false)",
                         "Guide1.Check", "({},)" } },
  { "form-refill", { "Reader1.SetForm", "(" FORM ",)",
                     "Reader1.SetFields", "({'claimant_name': '陈大明', 'phone': '13800138000'}, true)",
                     "Guide1.Start", "('',)", "Guide1.Refill", "", "Reader1.FormSent", "" } },
  { "english", { "Profiles1.UseProfile", "('low-vision',)",
                 "Reader1.Echo", "('a', '')",
                 "Guide1.Start", "('chaonan-elderly-accident',)", "Guide1.Help", "",
                 "Guide1.Stop", "" } },
};

static guint
method_index (const char *name)
{
  for (guint i = 0; i < N_METHODS; i++)
    {
      const char *iface = METHOD (i)->iface;
      const char *short_iface = g_str_has_prefix (iface, "org.claimguide.") ? iface + 15 : iface + 16;
      g_autofree char *full = g_strconcat (short_iface, ".", METHOD (i)->method, NULL);
      if (g_str_equal (full, name))
        return i;
    }
  return G_MAXUINT;
}

static void
write_seeds (const char *dir)
{
  guint written = 0;

  g_mkdir_with_parents (dir, 0755);
  for (gsize s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(GByteArray) out = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (dir, seeds[s].name, NULL);
      guint ms[MAX_CALLS / 2];
      const char *texts[MAX_CALLS / 2];
      guint n = 0;

      for (guint c = 0; c < MAX_CALLS && seeds[s].calls[c] != NULL; c += 2)
        {
          ms[n] = method_index (seeds[s].calls[c]);
          texts[n] = seeds[s].calls[c + 1];
          if (ms[n] == G_MAXUINT)
            g_printerr ("seed %s: the daemon has no %s\n", seeds[s].name, seeds[s].calls[c]);
          else
            n++;
        }
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GVariant) args = NULL;
          gboolean more = i + 1 < n;
          guint8 head[3] = { (guint8) (method_slot[ms[i]] | (more ? 0x80 : 0)), 0, 0 };
          gsize len = 0;

          if (texts[i][0] != '\0')
            {
              args = g_variant_parse (G_VARIANT_TYPE (METHOD (ms[i])->in), texts[i], NULL, NULL,
                                      &error);
              g_assert_no_error (error);
              g_variant_ref_sink (args);
              len = g_variant_get_size (args);
            }
          g_assert_cmpuint (len, <=, G_MAXUINT16);
          head[1] = len & 0xff;
          head[2] = len >> 8;
          g_byte_array_append (out, head, more ? 3 : 1);
          if (args != NULL)
            g_byte_array_append (out, g_variant_get_data (args), len);
        }
      if (n == 0)
        continue;
      if (!g_file_set_contents (path, (const char *) out->data, out->len, &error))
        g_error ("%s", error->message);
      written++;
    }
  g_print ("%u seeds written to %s\n", written, dir);
}

/* ---- Setting up ---- */

typedef struct {
  gboolean done;
  GVariant *reply;
  GError *error;
} Waiting;

static void
on_reply (GObject *source, GAsyncResult *result, gpointer data)
{
  Waiting *w = data;
  w->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &w->error);
  w->done = TRUE;
}

/* A call, the daemon running until its reply comes. */
static GVariant *
call_and_wait (const char *iface, const char *method, GVariant *args, int timeout_ms,
               GError **error)
{
  Waiting w = { FALSE, NULL, NULL };

  g_dbus_connection_call (F.client, NULL, CG_DBUS_PATH, iface, method, args, NULL,
                          G_DBUS_CALL_FLAGS_NONE, timeout_ms, NULL, on_reply, &w);
  while (!w.done)
    g_main_context_iteration (F.context, TRUE);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.reply;
}

static gint
compare_methods (gconstpointer a, gconstpointer b)
{
  const Method *ma = a, *mb = b;
  int c = strcmp (ma->iface, mb->iface);
  return c != 0 ? c : strcmp (ma->method, mb->method);
}

static void
add_method (const char *iface, const char *method, GDBusArgInfo **in_args)
{
  GString *in = g_string_new ("(");
  Method m = { g_strdup (iface), g_strdup (method), NULL };

  for (guint i = 0; in_args != NULL && in_args[i] != NULL; i++)
    g_string_append (in, in_args[i]->signature);
  g_string_append_c (in, ')');
  m.in = g_string_free (in, FALSE);
  g_assert_true (g_variant_type_string_is_valid (m.in));
  g_array_append_val (methods, m);
}

/* The daemon's methods, from its own introspection data. */
static void
list_methods (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  const char *xml;
  guint own[N_SLOTS];
  GDBusArgInfo *get[] = {
    &(GDBusArgInfo) { -1, (char *) "interface", (char *) "s", NULL },
    &(GDBusArgInfo) { -1, (char *) "property", (char *) "s", NULL }, NULL,
  };

  reply = call_and_wait ("org.freedesktop.DBus.Introspectable", "Introspect", NULL, -1, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(&s)", &xml);
  node = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  methods = g_array_new (FALSE, TRUE, sizeof (Method));
  for (guint i = 0; node->interfaces != NULL && node->interfaces[i] != NULL; i++)
    {
      GDBusInterfaceInfo *iface = node->interfaces[i];
      if (!g_str_has_prefix (iface->name, "org.claimguide."))
        continue; /* GDBus's own, but for the properties below */
      for (guint j = 0; iface->methods != NULL && iface->methods[j] != NULL; j++)
        add_method (iface->name, iface->methods[j]->name, iface->methods[j]->in_args);
    }
  g_assert_cmpuint (methods->len, >=, 20);
  add_method ("org.freedesktop.DBus.Properties", "Get", get);
  add_method ("org.freedesktop.DBus.Properties", "GetAll", (GDBusArgInfo *[]) { get[0], NULL });
  g_array_sort (methods, compare_methods);

  /* Each method's own slot: FNV-1a of its name, or the next free one. */
  g_assert_cmpuint (N_METHODS, <=, N_SLOTS);
  for (guint b = 0; b < N_SLOTS; b++)
    own[b] = G_MAXUINT;
  for (guint i = 0; i < N_METHODS; i++)
    {
      g_autofree char *name = g_strconcat (METHOD (i)->iface, ".", METHOD (i)->method, NULL);
      guint32 h = 2166136261u;
      for (const char *p = name; *p; p++)
        h = (h ^ (guint8) *p) * 16777619u;
      h %= N_SLOTS;
      while (own[h] != G_MAXUINT)
        h = (h + 1) % N_SLOTS;
      own[h] = i;
      method_slot[i] = (guint8) h;
    }
  /* A byte with no method of its own: any, each about as often. */
  for (guint b = 0; b < N_SLOTS; b++)
    slot_method[b] = own[b] != G_MAXUINT ? own[b] : b % N_METHODS;
  if (F.verbose)
    for (guint i = 0; i < N_METHODS; i++)
      fprintf (stderr, "fuzz-dbus: method 0x%02x: %s.%s%s\n", method_slot[i], METHOD (i)->iface,
               METHOD (i)->method, METHOD (i)->in);
}

static GIOStream *
stream_for (int fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, &error);
  g_assert_no_error (error);
  return G_IO_STREAM (g_socket_connection_factory_create_connection (socket));
}

static void
set_dir (const char *var, const char *sub)
{
  g_autofree char *path = g_build_filename (F.tmp, sub, NULL);
  g_mkdir_with_parents (path, 0700);
  g_setenv (var, path, TRUE);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) server_stream = NULL;
  g_autoptr(GIOStream) client_stream = NULL;
  g_autofree char *no_bus = NULL;
  int fds[2];

  F.verbose = g_getenv ("FUZZ_VERBOSE") != NULL;
  g_log_set_writer_func (writer, NULL, NULL);

  /* The daemon's threads allocate and free on their own time, so libFuzzer
   * would look for leaks after every input (a scan of the whole heap, 90% of
   * the time) and could not blame one input anyway.  -detect_leaks=1 on the
   * command line still turns it on. */
  {
    char **args = g_new0 (char *, *argc + 2);
    args[0] = (*argv)[0];
    args[1] = (char *) "-detect_leaks=0";
    for (int i = 1; i < *argc; i++)
      args[i + 1] = (*argv)[i];
    *argv = args; /* kept for the life of the process */
    (*argc)++;
  }

  /* Nothing of the person running this is read or written: a home of our own
   * (set before GLib first looks at it), a session bus where nothing answers. */
  F.tmp = g_dir_make_tmp ("fuzz-dbus-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (at_exit);
  set_dir ("HOME", "home");
  set_dir ("XDG_CONFIG_HOME", "config");
  set_dir ("XDG_DATA_HOME", "data");
  set_dir ("XDG_STATE_HOME", "state");
  set_dir ("XDG_CACHE_HOME", "cache");
  set_dir ("XDG_RUNTIME_DIR", "runtime");
  no_bus = g_strdup_printf ("unix:path=%s/no-bus", F.tmp);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", no_bus, TRUE);
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_setenv ("CLAIMRULES_SCHEME_PATH", FUZZ_SCHEMES, TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  server_stream = stream_for (fds[0]);
  client_stream = stream_for (fds[1]);
  /* The daemon runs in this thread's main context, while a call waits. */
  F.context = g_main_context_new ();
  g_main_context_push_thread_default (F.context);
  start_daemon (server_stream, client_stream);
  list_methods ();

  if (g_getenv ("FUZZ_DBUS_SEEDS") != NULL)
    {
      write_seeds (g_getenv ("FUZZ_DBUS_SEEDS"));
      exit (0);
    }
  return 0;
}

/* ---- One call ---- */

/* A method that answers only when the senior has: Helper1.AskToSee. */
static gboolean
waits_for_a_person (const Method *m)
{
  return g_str_equal (m->iface, "org.claimguide.Helper1") && g_str_equal (m->method, "AskToSee");
}

static void
call (guint m, const guint8 *data, gsize len)
{
  g_autoptr(GVariant) args = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (strcmp (METHOD (m)->in, "()") != 0)
    {
      /* A copy: GVariant wants its data aligned. */
      g_autoptr(GBytes) bytes = g_bytes_new (data, len);
      g_autoptr(GVariant) raw = g_variant_ref_sink (
        g_variant_new_from_bytes (G_VARIANT_TYPE (METHOD (m)->in), bytes, FALSE));
      g_autoptr(GDBusMessage) probe = g_dbus_message_new_method_call (NULL, CG_DBUS_PATH,
                                                                      METHOD (m)->iface,
                                                                      METHOD (m)->method);
      g_autoptr(GDBusMessage) back = NULL;
      g_autofree guchar *blob = NULL;
      gsize blob_len = 0;

      args = g_variant_get_normal_form (raw);
      /* Only what D-Bus can carry: a value GVariant allows but the wire
       * format does not (a maybe type, nesting too deep) is refused by the
       * sender, and a message the receiver could not read would close the
       * connection. */
      g_dbus_message_set_body (probe, args);
      blob = g_dbus_message_to_blob (probe, &blob_len, G_DBUS_CAPABILITY_FLAGS_UNIX_FD_PASSING, NULL);
      if (blob == NULL)
        return;
      back = g_dbus_message_new_from_blob (blob, blob_len, G_DBUS_CAPABILITY_FLAGS_UNIX_FD_PASSING,
                                           NULL);
      if (back == NULL)
        return;
    }
  if (F.verbose)
    {
      g_autofree char *shown = args != NULL ? g_variant_print (args, TRUE) : g_strdup ("()");
      g_autofree char *masked = cg_log_mask_digits (shown);
      fprintf (stderr, "fuzz-dbus: %s.%s %.300s\n", METHOD (m)->iface, METHOD (m)->method, masked);
    }
  F.calls++;
  if (waits_for_a_person (METHOD (m)))
    {
      /* Its reply is the senior's answer: sent, not waited for. */
      g_dbus_connection_call (F.client, NULL, CG_DBUS_PATH, METHOD (m)->iface, METHOD (m)->method,
                              args, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
      F.touched |= TOUCHED_HELPER;
      return;
    }
  reply = call_and_wait (METHOD (m)->iface, METHOD (m)->method, args, CALL_TIMEOUT_MS, &error);
  if (error != NULL && (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
                        g_dbus_connection_is_closed (F.client)))
    {
      fprintf (stderr, "fuzz-dbus: %s.%s: %s\n", METHOD (m)->iface, METHOD (m)->method,
               error->message);
      abort ();
    }
  if (F.verbose)
    {
      g_autofree char *shown = reply != NULL ? g_variant_print (reply, FALSE) : NULL;
      g_autofree char *masked = cg_log_mask_digits (shown != NULL ? shown : error->message);
      fprintf (stderr, "fuzz-dbus:   -> %.300s\n", masked);
    }

  if (g_str_has_suffix (METHOD (m)->iface, "Guide1") && g_str_equal (METHOD (m)->method, "Start"))
    F.touched |= TOUCHED_GUIDE;
  else if (g_str_equal (METHOD (m)->method, "SetForm") || g_str_equal (METHOD (m)->method, "SetFields") ||
           g_str_equal (METHOD (m)->method, "PresentControl"))
    F.touched |= TOUCHED_FORM;
  else if (g_str_equal (METHOD (m)->method, "UseProfile"))
    F.touched |= TOUCHED_PROFILE;
  else if (g_str_equal (METHOD (m)->method, "SetScreenReader"))
    F.touched |= TOUCHED_SCREEN_READER;
  else if (g_str_equal (METHOD (m)->method, "AppNotAnswering"))
    F.touched |= TOUCHED_APPS;
  else if (g_str_has_suffix (METHOD (m)->iface, ".Helper1"))
    F.touched |= TOUCHED_HELPER;
}

/* Sent without waiting for the reply: the next call's reply comes after it. */
static void
send_only (const char *iface, const char *method, GVariant *args)
{
  g_dbus_connection_call (F.client, NULL, CG_DBUS_PATH, iface, method, args, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

/* Undoes what the last input set. */
static void
reset (void)
{
  guint touched = F.touched;

  F.touched = 0;
  if (touched & TOUCHED_GUIDE)
    send_only ("org.claimguide.Guide1", "Stop", NULL);
  if (touched & TOUCHED_FORM)
    {
      /* The claim's values go with the form (an error when there is none). */
      send_only ("org.claimguide.Reader1", "SetFields", g_variant_new_parsed ("(@a{ss} {}, true)"));
      send_only ("org.claimguide.Reader1", "SetForm", g_variant_new_parsed ("(@a{sv} {},)"));
    }
  if (touched & TOUCHED_PROFILE)
    send_only ("org.claimguide.Profiles1", "UseProfile", g_variant_new ("(s)", "default"));
  if (touched & TOUCHED_SCREEN_READER)
    send_only ("org.claimguide.Speech1", "SetScreenReader", g_variant_new ("(b)", FALSE));
  if (touched & TOUCHED_APPS)
    send_only ("org.claimguide.Reader1", "AppNotAnswering", g_variant_new ("(s)", ""));
  if (touched & TOUCHED_HELPER)
    send_only ("org.claimguide.Helper1", "Withdraw", NULL);
  send_only ("org.claimguide.Speech1", "Stop", NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  for (guint n = 0; size > 0 && n < MAX_CALLS; n++)
    {
      guint m = slot_method[data[0] & 0x7f];
      gsize len;

      if ((data[0] & 0x80) && size >= 3)
        {
          len = MIN ((gsize) (data[1] | data[2] << 8), size - 3);
          call (m, data + 3, len);
          data += 3 + len;
          size -= 3 + len;
        }
      else
        {
          call (m, data + 1, size - 1);
          break;
        }
    }
  reset ();
  F.inputs++;
  return 0;
}
