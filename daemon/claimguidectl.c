/* claimguidectl: talk to claimguided from a terminal.
 *
 * Exit status: 0 done (for check: covered, nothing to fix), 1 check found
 * something, 2 usage or file problem, 3 the daemon cannot be reached, 4 the
 * daemon refused the request (the message says why). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include "claimrules.h"
#include "cg-audit.h"
#include "cg-daemon.h"
#include "cg-dbus.h"
#include "cg-messages.h"

enum { EXIT_OK = 0, EXIT_FOUND = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3, EXIT_REFUSED = 4 };

typedef struct {
  const char *name;
  const char *args;
  const char *summary;
  int (*run) (int argc, char **argv);
} Command;

static int
usage_error (GOptionContext *ctx, const char *msg)
{
  g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
  g_printerr ("claimguidectl: %s\n\n%s", msg, help);
  return EXIT_USAGE;
}

static int
report_error (GError *error)
{
  g_dbus_error_strip_remote_error (error);
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED))
    {
      g_printerr ("claimguidectl: cannot reach claimguided on the session bus: %s\n"
                  "Is it installed, and is this the senior's own login session?\n",
                  error->message);
      return EXIT_UNREACHABLE;
    }
  g_printerr ("claimguidectl: %s\n", error->message);
  return EXIT_REFUSED;
}

static GDBusConnection *
connect_bus (int *status)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *c = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (c == NULL)
    *status = report_error (error);
  return c;
}

/* proxy_daemon1 (), proxy_speech1 (), ...: the generated proxy of each interface. */
#define PROXY(Type, type)                                                                   \
  static CgDBus##Type *proxy_##type (int *status)                                           \
  {                                                                                         \
    g_autoptr(GDBusConnection) c = connect_bus (status);                                    \
    g_autoptr(GError) error = NULL;                                                         \
    CgDBus##Type *p;                                                                        \
    if (c == NULL)                                                                          \
      return NULL;                                                                          \
    p = cg_dbus_##type##_proxy_new_sync (c, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,     \
                                         CG_DBUS_NAME, CG_DBUS_PATH, NULL, &error);         \
    if (p == NULL)                                                                          \
      *status = report_error (error);                                                       \
    return p;                                                                               \
  }
PROXY (Daemon1, daemon1)
PROXY (Speech1, speech1)
PROXY (Claims1, claims1)
PROXY (Profiles1, profiles1)
PROXY (Guide1, guide1)
PROXY (Helper1, helper1)

static GOptionContext *
command_context (const char *name, const char *args, const char *summary)
{
  g_autofree char *param = g_strdup_printf ("%s %s", name, args);
  GOptionContext *ctx = g_option_context_new (param);
  g_option_context_set_summary (ctx, summary);
  return ctx;
}

/* ---- status ---- */

static int
run_status (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = command_context ("status", "", "Say what the daemon is doing.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusDaemon1) d = NULL;
  g_autoptr(GVariant) status = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  int rc = EXIT_OK;

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if (argc > 1)
    return usage_error (ctx, "status takes no arguments");
  if ((d = proxy_daemon1 (&rc)) == NULL)
    return rc;
  if (!cg_dbus_daemon1_call_get_status_sync (d, &status, NULL, &error))
    return report_error (error);
  g_variant_iter_init (&iter, status);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) v = value;
      if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
        g_print ("%s: %s\n", key, g_variant_get_string (v, NULL));
      else if (g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN))
        g_print ("%s: %s\n", key, g_variant_get_boolean (v) ? "yes" : "no");
      else if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING_ARRAY))
        {
          g_autofree const char **items = g_variant_get_strv (v, NULL);
          g_print ("%s:%s\n", key, items[0] == NULL ? " none" : "");
          for (guint i = 0; items[i] != NULL; i++)
            g_print ("  %s\n", items[i]);
        }
      else
        {
          g_autofree char *s = g_variant_print (v, FALSE);
          g_print ("%s: %s\n", key, s);
        }
    }
  return EXIT_OK;
}

/* ---- say ---- */

typedef struct {
  guint id;
  gboolean done;
} WaitFor;

static void
on_ended (CgDBusSpeech1 *s, guint id, gboolean interrupted, gpointer data)
{
  WaitFor *w = data;
  if (id == w->id)
    w->done = TRUE;
}

static int
run_say (int argc, char **argv)
{
  g_autofree char *lang = NULL, *priority = NULL;
  gboolean dry_run = FALSE, wait = FALSE;
  GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang, "zh_CN, yue or en (default: the profile's)", "LANG" },
    { "priority", 'p', 0, G_OPTION_ARG_STRING, &priority,
      "focus (cuts in), prompt (waits its turn; the default) or notify", "PRIORITY" },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      "Print the words that would be spoken, after numbers and dates become words", NULL },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait, "Return when it has been said", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = command_context ("say", "TEXT", "Say TEXT aloud.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusSpeech1) s = NULL;
  g_autofree char *text = NULL;
  int rc = EXIT_OK;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if (argc < 2)
    return usage_error (ctx, "say what? Give the text");
  text = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (text, -1, NULL))
    return usage_error (ctx, "the text is not valid UTF-8");
  if ((s = proxy_speech1 (&rc)) == NULL)
    return rc;
  if (dry_run)
    {
      g_autofree char *words = NULL;
      if (!cg_dbus_speech1_call_normalize_sync (s, text, lang ? lang : "", &words, NULL, &error))
        return report_error (error);
      g_print ("%s\n", words);
      return EXIT_OK;
    }
  {
    WaitFor w = { 0 };
    if (wait)
      g_signal_connect (s, "utterance-ended", G_CALLBACK (on_ended), &w);
    if (!cg_dbus_speech1_call_speak_sync (s, text, priority ? priority : "prompt", lang ? lang : "",
                                          &w.id, NULL, &error))
      return report_error (error);
    while (wait && !w.done)
      g_main_context_iteration (NULL, TRUE);
  }
  return EXIT_OK;
}

/* ---- stop ---- */

static int
run_stop (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = command_context ("stop", "", "Stop speaking now and forget what waits.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusSpeech1) s = NULL;
  int rc = EXIT_OK;

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if ((s = proxy_speech1 (&rc)) == NULL)
    return rc;
  if (!cg_dbus_speech1_call_stop_sync (s, NULL, &error))
    return report_error (error);
  return EXIT_OK;
}

/* ---- check ---- */

static int
run_check (int argc, char **argv)
{
  g_autofree char *scheme = NULL, *today = NULL, *lang = NULL;
  gboolean json = FALSE, announce = FALSE;
  GOptionEntry entries[] = {
    { "scheme", 's', 0, G_OPTION_ARG_STRING, &scheme,
      "The scheme's id (default chaonan-elderly-accident)", "ID" },
    { "today", 't', 0, G_OPTION_ARG_STRING, &today, "Judge dates as on this day", "YYYY-MM-DD" },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang, "zh_CN or en (default: the profile's)", "LANG" },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, "Print the report as one JSON object", NULL },
    { "announce", 'a', 0, G_OPTION_ARG_NONE, &announce,
      "Also say the result aloud and show it as a notification", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = command_context ("check", "CLAIM_FILE",
    "Check a claim file through the daemon; prints what claimcheck prints.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusClaims1) c = NULL;
  g_autoptr(CrClaim) claim = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *name = NULL, *report_json = NULL, *report_text = NULL;
  GVariantBuilder fields, options;
  gboolean ok = FALSE;
  int rc = EXIT_OK;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if (argc != 2)
    return usage_error (ctx, "name one claim file");
  claim = cr_claim_new_from_file (argv[1], &error);
  if (claim == NULL)
    {
      g_printerr ("claimguidectl: the claim file was refused: %s\n", error->message);
      return EXIT_USAGE;
    }
  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  names = cr_claim_get_field_names (claim);
  for (guint i = 0; i < names->len; i++)
    g_variant_builder_add (&fields, "{ss}", (const char *) g_ptr_array_index (names, i),
                           cr_claim_get (claim, g_ptr_array_index (names, i)));
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  if (today != NULL)
    g_variant_builder_add (&options, "{sv}", "today", g_variant_new_string (today));
  if (lang != NULL)
    g_variant_builder_add (&options, "{sv}", "language", g_variant_new_string (lang));
  if (announce)
    g_variant_builder_add (&options, "{sv}", "announce", g_variant_new_boolean (TRUE));

  if ((c = proxy_claims1 (&rc)) == NULL)
    {
      g_variant_builder_clear (&fields);
      g_variant_builder_clear (&options);
      return rc;
    }
  if (!cg_dbus_claims1_call_check_sync (c, scheme ? scheme : "chaonan-elderly-accident",
                                        g_variant_builder_end (&fields),
                                        g_variant_builder_end (&options), &ok, &name,
                                        &report_json, &report_text, NULL, &error))
    return report_error (error);
  if (json)
    g_print ("%s\n", report_json);
  else
    g_print ("%s: %s\n\n%s", argv[1], name, report_text);
  return ok ? EXIT_OK : EXIT_FOUND;
}

/* ---- profile ---- */

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static int
run_profile (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = command_context ("profile", "list|show NAME|use NAME",
    "List the profiles, show one's settings and files, or make one active.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusProfiles1) p = NULL;
  int rc = EXIT_OK;

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if (argc < 2 || !(g_str_equal (argv[1], "list") ? argc == 2 : argc == 3) ||
      !(g_str_equal (argv[1], "list") || g_str_equal (argv[1], "show") || g_str_equal (argv[1], "use")))
    return usage_error (ctx, "say list, show NAME or use NAME");
  if ((p = proxy_profiles1 (&rc)) == NULL)
    return rc;

  if (g_str_equal (argv[1], "list"))
    {
      g_autoptr(GVariant) list = NULL;
      g_autofree char *active = NULL;
      g_autoptr(CgDBusDaemon1) d = proxy_daemon1 (&rc);
      g_autoptr(GVariant) status = NULL;
      GVariantIter iter;
      const char *name, *title, *files;

      if (d != NULL && cg_dbus_daemon1_call_get_status_sync (d, &status, NULL, NULL))
        g_variant_lookup (status, "profile", "s", &active);
      if (!cg_dbus_profiles1_call_list_profiles_sync (p, &list, NULL, &error))
        return report_error (error);
      g_variant_iter_init (&iter, list);
      while (g_variant_iter_next (&iter, "(&s&s&s)", &name, &title, &files))
        g_print ("%s %-20s %s\n", g_strcmp0 (name, active) == 0 ? "*" : " ", name, title);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "show"))
    {
      g_autoptr(GVariant) settings = NULL;
      g_auto(GStrv) files = NULL;
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      GVariantIter iter;
      char *k;

      if (!cg_dbus_profiles1_call_get_profile_sync (p, argv[2], &settings, &files, NULL, &error))
        return report_error (error);
      g_variant_iter_init (&iter, settings);
      while (g_variant_iter_next (&iter, "{ss}", &k, NULL))
        g_ptr_array_add (keys, k);
      g_ptr_array_sort (keys, compare_strings);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *value = NULL;
          g_variant_lookup (settings, g_ptr_array_index (keys, i), "&s", &value);
          g_print ("%s=%s\n", (const char *) g_ptr_array_index (keys, i), value);
        }
      g_print ("# from, the later ones winning:\n");
      for (guint i = 0; files[i] != NULL; i++)
        g_print ("#   %s\n", files[i]);
      return EXIT_OK;
    }
  if (!cg_dbus_profiles1_call_use_profile_sync (p, argv[2], NULL, &error))
    return report_error (error);
  return EXIT_OK;
}

/* ---- voices ---- */

static int
run_voices (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = command_context ("voices", "", "List the voices a profile can use.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusSpeech1) s = NULL;
  g_autoptr(GVariant) voices = NULL;
  GVariantIter iter;
  const char *name, *lang, *desc;
  int rc = EXIT_OK;

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if ((s = proxy_speech1 (&rc)) == NULL)
    return rc;
  if (!cg_dbus_speech1_call_list_voices_sync (s, &voices, NULL, &error))
    return report_error (error);
  g_variant_iter_init (&iter, voices);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &name, &lang, &desc))
    g_print ("%-16s %-6s %s\n", name, lang, desc);
  return EXIT_OK;
}

/* ---- monitor ---- */

static void
on_started (CgDBusSpeech1 *s, guint id, const char *text, const char *words, const char *lang,
            const char *priority, gpointer data)
{
  gboolean show_words = GPOINTER_TO_INT (data);
  g_autofree char *flat = g_strdelimit (g_strdup (show_words ? words : text), "\r\n", ' ');
  g_print ("%s\t%s\t%s\n", priority, lang, flat);
  fflush (stdout);
}

static void
on_vanished (GDBusConnection *c, const char *name, gpointer data)
{
  g_printerr ("claimguidectl: claimguided stopped; waiting for it to come back\n");
}

static int
run_monitor (int argc, char **argv)
{
  gboolean words = FALSE;
  GOptionEntry entries[] = {
    { "words", 'w', 0, G_OPTION_ARG_NONE, &words, "Print the words as synthesised, not the text", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = command_context ("monitor", "",
    "Print each utterance as it starts: priority, language and text, one a line.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusSpeech1) s = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  int rc = EXIT_OK;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if ((s = proxy_speech1 (&rc)) == NULL)
    return rc;
  g_signal_connect (s, "utterance-started", G_CALLBACK (on_started), GINT_TO_POINTER (words));
  g_bus_watch_name_on_connection (g_dbus_proxy_get_connection (G_DBUS_PROXY (s)), CG_DBUS_NAME,
                                  G_BUS_NAME_WATCHER_FLAGS_NONE, NULL, on_vanished, NULL, NULL);
  g_main_loop_run (loop);
  return EXIT_OK;
}

/* ---- guide ---- */

/* Guide1's options (a{sv}, taken): "today" when given; NULL when it is no date. */
static GVariant *
day_options (const char *today, GError **error)
{
  GVariantBuilder options;
  CrDay day;

  if (today != NULL && !cr_parse_date (today, &day))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--today wants a date such as 2025-03-14, not “%s”", today);
      return NULL;
    }
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  if (today != NULL)
    g_variant_builder_add (&options, "{sv}", "today", g_variant_new_string (today));
  return g_variant_ref_sink (g_variant_builder_end (&options));
}

static int
run_guide (int argc, char **argv)
{
  g_autofree char *today = NULL;
  GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, "check: judge dates as on this day", "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = command_context ("guide", "start [SCHEME]|next|back|repeat|where|help|check|stop",
    "Move the guide through the claim's steps, or check the claim as it stands on the form.\n"
    "start: with no SCHEME, the claim form in front of the senior.\n"
    "check: exit status 1 while something must be fixed.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusGuide1) g = NULL;
  g_autoptr(GVariant) options = NULL;
  const char *verb;
  gboolean ok = FALSE;
  int rc = EXIT_OK;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if (argc < 2)
    return usage_error (ctx, "say what the guide should do");
  verb = argv[1];
  if (argc > (g_str_equal (verb, "start") ? 3 : 2))
    return usage_error (ctx, "too many arguments");
  if ((options = day_options (today, &error)) == NULL)
    return usage_error (ctx, error->message);
  if ((g = proxy_guide1 (&rc)) == NULL)
    return rc;
  if (g_str_equal (verb, "check"))
    {
      guint errors = 0;
      g_autofree char *field = NULL;
      ok = cg_dbus_guide1_call_check_sync (g, options, &errors, &field,
                                           NULL, &error);
      if (ok)
        {
          g_print ("errors\t%u\n", errors);
          if (field[0] != '\0')
            g_print ("first\t%s\n", field);
          return errors > 0 ? EXIT_FOUND : EXIT_OK;
        }
      return report_error (error);
    }
  if (g_str_equal (verb, "start"))
    ok = cg_dbus_guide1_call_start_sync (g, argc > 2 ? argv[2] : "", NULL, &error);
  else if (g_str_equal (verb, "next"))
    ok = cg_dbus_guide1_call_next_sync (g, NULL, &error);
  else if (g_str_equal (verb, "back"))
    ok = cg_dbus_guide1_call_back_sync (g, NULL, &error);
  else if (g_str_equal (verb, "repeat"))
    ok = cg_dbus_guide1_call_repeat_sync (g, NULL, &error);
  else if (g_str_equal (verb, "where"))
    ok = cg_dbus_guide1_call_where_sync (g, NULL, &error);
  else if (g_str_equal (verb, "help"))
    ok = cg_dbus_guide1_call_help_sync (g, NULL, &error);
  else if (g_str_equal (verb, "stop"))
    ok = cg_dbus_guide1_call_stop_sync (g, NULL, &error);
  else
    {
      g_autofree char *msg = g_strdup_printf ("unknown guide command “%s”", verb);
      return usage_error (ctx, msg);
    }
  return ok ? EXIT_OK : report_error (error);
}

/* ---- summary ---- */

static int
run_summary (int argc, char **argv)
{
  g_autofree char *out = NULL, *today = NULL;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write the page to FILE (required)", "FILE" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, "Judge dates as on this day", "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = command_context ("summary", "--out FILE",
    "Write the claim as it stands on the form as a printable page in large type (HTML):\n"
    "its answers, the papers to attach, what it should pay and by when.");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusGuide1) g = NULL;
  g_autofree char *html = NULL;
  g_autoptr(GVariant) options = NULL;
  int rc = EXIT_OK;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if (out == NULL || argc > 1)
    return usage_error (ctx, "name the file to write with --out FILE");
  if ((options = day_options (today, &error)) == NULL)
    return usage_error (ctx, error->message);
  if ((g = proxy_guide1 (&rc)) == NULL)
    return rc;
  if (!cg_dbus_guide1_call_get_summary_sync (g, options, &html, NULL, &error))
    return report_error (error);
  /* The page holds the senior's own answers: readable by them alone. */
  if (!g_file_set_contents_full (out, html, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_printerr ("claimguidectl: %s\n", error->message);
      return EXIT_USAGE;
    }
  return EXIT_OK;
}

/* ---- helper ---- */

/* The language of what the helper reads: --lang, else the terminal's. */
static const char *
helper_lang (const char *given)
{
  if (given != NULL)
    return g_str_has_prefix (given, "zh") ? "zh_CN" : "en";
  return g_str_has_prefix (g_get_language_names ()[0], "zh") ? "zh_CN" : "en";
}

static int
helper_error (GError *error, const char *lang)
{
  g_autofree char *name = g_dbus_error_get_remote_error (error);
  if (g_strcmp0 (name, "org.claimguide.Error.HelperOff") == 0)
    {
      g_printerr ("claimguidectl: %s\n", cg_message (CG_M_CTL_HELPER_OFF, lang));
      return EXIT_REFUSED;
    }
  return report_error (error);
}

typedef struct {
  GMainLoop *loop;
  int status;
  const char *lang;
} Watching;

static void
print_lines (const char *const *lines, Watching *w)
{
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_print ("%s\n", lines[i]);
      if (g_str_equal (lines[i], "helper\toff"))
        {
          g_printerr ("claimguidectl: %s\n", cg_message (CG_M_CTL_HELPER_OFF, w->lang));
          w->status = EXIT_REFUSED;
          g_main_loop_quit (w->loop);
        }
    }
  fflush (stdout);
}

static void
on_helper_changed (CgDBusHelper1 *h, const char *const *lines, gpointer data)
{
  print_lines (lines, data);
}

static void
on_daemon_gone (GDBusConnection *c, const char *name, gpointer data)
{
  Watching *w = data;
  g_printerr ("claimguidectl: %s\n", cg_message (CG_M_CTL_WATCH_ENDED, w->lang));
  w->status = EXIT_UNREACHABLE;
  g_main_loop_quit (w->loop);
}

static gboolean
on_stop_signal (gpointer data)
{
  g_main_loop_quit (((Watching *) data)->loop);
  return G_SOURCE_CONTINUE;
}

/* One line a change, flushed as it comes, so that it reads well over SSH
 * and through a pipe; until Ctrl-C, SIGTERM or the daemon goes. */
static int
helper_watch (CgDBusHelper1 *h, const char *lang)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Watching w = { loop, EXIT_OK, lang };
  guint sigint, sigterm, gone;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_signal_connect (h, "changed", G_CALLBACK (on_helper_changed), &w);
  if (!cg_dbus_helper1_call_watch_sync (h, &lines, NULL, &error))
    return helper_error (error, lang);
  g_printerr ("claimguidectl: %s\n", cg_message (CG_M_CTL_WATCHING, lang));
  print_lines ((const char *const *) lines, &w);
  gone = g_bus_watch_name_on_connection (g_dbus_proxy_get_connection (G_DBUS_PROXY (h)),
                                         CG_DBUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE, NULL,
                                         on_daemon_gone, &w, NULL);
  sigint = g_unix_signal_add (SIGINT, on_stop_signal, &w);
  sigterm = g_unix_signal_add (SIGTERM, on_stop_signal, &w);
  if (w.status == EXIT_OK)
    g_main_loop_run (loop);
  g_bus_unwatch_name (gone);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_data (h, &w);
  return w.status;
}

/* The record of help, one action a line: time, action, details, and what
 * it means. */
static int
helper_log (const char *lang)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cg_audit_path ();
  g_autoptr(GPtrArray) entries = cg_audit_read (path, &error);
  static const CgMessageId said[CG_AUDIT_N] = {
    [CG_AUDIT_WATCH_STARTED] = CG_M_LOG_WATCH_STARTED, [CG_AUDIT_WATCH_ENDED] = CG_M_LOG_WATCH_ENDED,
    [CG_AUDIT_SAID] = CG_M_LOG_SAID, [CG_AUDIT_ASKED] = CG_M_LOG_ASKED,
    [CG_AUDIT_ALLOWED] = CG_M_LOG_ALLOWED, [CG_AUDIT_DENIED] = CG_M_LOG_DENIED,
    [CG_AUDIT_NO_ANSWER] = CG_M_LOG_NO_ANSWER, [CG_AUDIT_WITHDRAWN] = CG_M_LOG_WITHDRAWN,
    [CG_AUDIT_ENDED] = CG_M_LOG_ENDED, [CG_AUDIT_REFUSED] = CG_M_LOG_REFUSED,
  };

  if (entries == NULL)
    {
      g_printerr ("claimguidectl: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (entries->len == 0)
    g_print ("%s\n", cg_message (CG_M_CTL_LOG_EMPTY, lang));
  for (guint i = 0; i < entries->len; i++)
    {
      const CgAuditEntry *e = entries->pdata[i];
      g_autofree char *when = g_date_time_format (e->time, "%Y-%m-%d %H:%M:%S");
      const char *n = strstr (e->detail, "chars=");
      g_autofree char *count = n != NULL ? g_strndup (n + 6, strcspn (n + 6, " ")) : g_strdup ("");
      g_autofree char *sentence = cg_message_with (said[e->action], lang, "{n}", count);
      g_print ("%s\t%s\t%s\t%s\n", when, cg_audit_action_to_string (e->action), e->detail,
               sentence);
    }
  return EXIT_OK;
}

static int
run_helper (int argc, char **argv)
{
  g_autofree char *lang_opt = NULL;
  GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang_opt,
      "zh_CN or en for the messages (default: the terminal's)", "LANG" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = command_context ("helper", "watch|say TEXT|ask-to-see|withdraw|log",
    "Help the senior from another login on this computer (such as SSH as the senior).\n"
    "watch: one line a change (form, step, each field, problems, what was heard),\n"
    "  personal details masked unless the senior allows; until Ctrl-C.\n"
    "say TEXT: said to the senior as from their helper, and shown on screen.\n"
    "ask-to-see: ask the senior whether you may see everything; exit status 0 yes,\n"
    "  1 no or no answer in two minutes.\n"
    "withdraw: mask everything again.\n"
    "log: the record of what helpers did (no personal details in it).");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDBusHelper1) h = NULL;
  const char *verb, *lang;
  int rc = EXIT_OK;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (ctx, error->message);
  if (argc < 2)
    return usage_error (ctx, "say what to do: watch, say TEXT, ask-to-see, withdraw or log");
  verb = argv[1];
  lang = helper_lang (lang_opt);
  if (g_str_equal (verb, "log"))
    return argc == 2 ? helper_log (lang) : usage_error (ctx, "log takes no arguments");
  if (!g_str_equal (verb, "say") && argc > 2)
    return usage_error (ctx, "too many arguments");
  if (g_str_equal (verb, "say") && argc < 3)
    return usage_error (ctx, "say what? Give the text");
  if (!g_strv_contains ((const char *const[]) { "watch", "say", "ask-to-see", "withdraw", NULL }, verb))
    {
      g_autofree char *msg = g_strdup_printf ("unknown helper command “%s”", verb);
      return usage_error (ctx, msg);
    }
  if ((h = proxy_helper1 (&rc)) == NULL)
    return rc;

  if (g_str_equal (verb, "watch"))
    return helper_watch (h, lang);
  if (g_str_equal (verb, "say"))
    {
      g_autofree char *text = g_strjoinv (" ", argv + 2);
      if (!g_utf8_validate (text, -1, NULL))
        return usage_error (ctx, "the text is not valid UTF-8");
      if (!cg_dbus_helper1_call_say_sync (h, text, NULL, &error))
        return helper_error (error, lang);
      g_print ("%s\n", cg_message (CG_M_CTL_SAID, lang));
      return EXIT_OK;
    }
  if (g_str_equal (verb, "ask-to-see"))
    {
      gboolean allowed = FALSE;
      g_printerr ("claimguidectl: %s\n", cg_message (CG_M_CTL_ASKING, lang));
      /* The senior has two minutes to answer. */
      g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (h), 150 * 1000);
      if (!cg_dbus_helper1_call_ask_to_see_sync (h, &allowed, NULL, &error))
        return helper_error (error, lang);
      g_print ("%s\n", cg_message (allowed ? CG_M_CTL_YES : CG_M_CTL_NO, lang));
      return allowed ? EXIT_OK : EXIT_FOUND;
    }
  if (!cg_dbus_helper1_call_withdraw_sync (h, NULL, &error))
    return helper_error (error, lang);
  g_print ("%s\n", cg_message (CG_M_CTL_WITHDRAWN, lang));
  return EXIT_OK;
}

static const Command commands[] = {
  { "status", "", "what the daemon is doing", run_status },
  { "say", "[--lang L] [--dry-run] TEXT", "say TEXT aloud", run_say },
  { "stop", "", "stop speaking", run_stop },
  { "check", "[--json] CLAIM_FILE", "check a claim through the daemon", run_check },
  { "profile", "list|show NAME|use NAME", "the profiles", run_profile },
  { "voices", "", "the voices a profile can use", run_voices },
  { "monitor", "", "print what is said, as it is said", run_monitor },
  { "guide", "start|next|back|repeat|where|help|check|stop", "walk through the claim's steps", run_guide },
  { "summary", "--out FILE", "write the claim as a printable page", run_summary },
  { "helper", "watch|say TEXT|ask-to-see|withdraw|log", "help the senior from another login",
    run_helper },
};

static int
main_usage (FILE *out)
{
  fprintf (out, "Usage: claimguidectl COMMAND [OPTION…]\n\nTalks to claimguided, the claimguide "
                "session service.\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-8s %-28s %s\n", commands[i].name, commands[i].args, commands[i].summary);
  fprintf (out, "\n'claimguidectl COMMAND --help' tells more.\n");
  return out == stdout ? EXIT_OK : EXIT_USAGE;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2)
    return main_usage (stderr);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    return main_usage (stdout);
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("claimguidectl %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);
  g_printerr ("claimguidectl: unknown command “%s”\n\n", argv[1]);
  return main_usage (stderr);
}
