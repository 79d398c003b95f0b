/* bench-name-owner: how long a service takes from being started to owning
 * its bus name.
 *
 * Usage: bench-name-owner [--runs N] [--warmup N] NAME PROGRAM [ARG...]
 *
 * Subscribes to NameOwnerChanged for NAME on the session bus first, then,
 * run after run, starts PROGRAM ARG... and times from just before the fork
 * to the arrival of the signal giving NAME an owner (taken on GDBus's own
 * thread as the message comes in, not when a main loop gets round to it).
 * Then it stops the program (SIGTERM), waits for it to exit and for the name
 * to be released, and starts the next.  Prints one time a line, in
 * milliseconds; warm-up runs are not printed.  PROGRAM's standard output
 * goes to /dev/null, its errors where ours go. */
#include <fcntl.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define TIMEOUT_US (10 * G_USEC_PER_SEC)

static const char *name;
static GMutex lock;
static GCond changed;
static gint64 owned_at = -1; /* under lock */
static gboolean has_owner;   /* under lock */

static GDBusMessage *
filter (GDBusConnection *connection, GDBusMessage *message, gboolean incoming, gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  const char *changed_name, *old_owner, *new_owner;
  GVariant *body;

  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_SIGNAL ||
      g_strcmp0 (g_dbus_message_get_sender (message), "org.freedesktop.DBus") != 0 ||
      g_strcmp0 (g_dbus_message_get_member (message), "NameOwnerChanged") != 0)
    return message;
  body = g_dbus_message_get_body (message);
  if (body == NULL || !g_variant_is_of_type (body, G_VARIANT_TYPE ("(sss)")))
    return message;
  g_variant_get (body, "(&s&s&s)", &changed_name, &old_owner, &new_owner);
  if (strcmp (changed_name, name) != 0)
    return message;

  g_mutex_lock (&lock);
  has_owner = *new_owner != '\0';
  if (has_owner && owned_at < 0)
    owned_at = now;
  g_cond_broadcast (&changed);
  g_mutex_unlock (&lock);
  return message;
}

static gboolean
name_has_owner (GDBusConnection *bus, GError **error)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
    bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
    g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  gboolean owned = FALSE;
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Waits until the name's owner is as wanted, or the deadline. */
static gboolean
wait_for (gboolean owned, gint64 deadline)
{
  gboolean ok;
  g_mutex_lock (&lock);
  while (has_owner != owned && g_cond_wait_until (&changed, &lock, deadline))
    ;
  ok = has_owner == owned;
  g_mutex_unlock (&lock);
  return ok;
}

int
main (int argc, char **argv)
{
  int runs = 21, warmup = 1, a = 1;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) matched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rule = NULL;

  for (; a < argc && argv[a][0] == '-'; a++)
    {
      if (strcmp (argv[a], "--runs") == 0 && a + 1 < argc)
        runs = atoi (argv[++a]);
      else if (strcmp (argv[a], "--warmup") == 0 && a + 1 < argc)
        warmup = atoi (argv[++a]);
      else
        break;
    }
  if (argc - a < 2 || runs < 1 || warmup < 0)
    {
      fprintf (stderr, "usage: bench-name-owner [--runs N] [--warmup N] NAME PROGRAM [ARG...]\n");
      return 2;
    }
  name = argv[a];
  argv += a + 1;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      fprintf (stderr, "bench-name-owner: no session bus: %s\n", error->message);
      return 1;
    }
  g_dbus_connection_add_filter (bus, filter, NULL, NULL);
  rule = g_strdup_printf ("type='signal',sender='org.freedesktop.DBus',"
                          "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='%s'",
                          name);
  matched = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "AddMatch",
                                         g_variant_new ("(s)", rule), NULL,
                                         G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  if (matched == NULL)
    {
      fprintf (stderr, "bench-name-owner: AddMatch: %s\n", error->message);
      return 1;
    }
  if (name_has_owner (bus, &error) || error != NULL)
    {
      fprintf (stderr, "bench-name-owner: %s\n",
               error != NULL ? error->message : "the name already has an owner");
      return 1;
    }

  for (int r = 0; r < warmup + runs; r++)
    {
      gint64 start, took;
      int status;
      pid_t pid;

      g_mutex_lock (&lock);
      owned_at = -1;
      g_mutex_unlock (&lock);

      start = g_get_monotonic_time ();
      pid = fork ();
      if (pid < 0)
        {
          perror ("bench-name-owner: fork");
          return 1;
        }
      if (pid == 0)
        {
          /* Only async-signal-safe calls here: GDBus has a thread running. */
          int null = open ("/dev/null", O_WRONLY);
          if (null >= 0)
            dup2 (null, STDOUT_FILENO);
          prctl (PR_SET_PDEATHSIG, SIGTERM); /* never outlive us */
          execvp (argv[0], argv);
          _exit (127);
        }
      if (!wait_for (TRUE, start + TIMEOUT_US))
        {
          fprintf (stderr, "bench-name-owner: %s did not own %s within %d s\n", argv[0], name,
                   (int) (TIMEOUT_US / G_USEC_PER_SEC));
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          return 1;
        }
      g_mutex_lock (&lock);
      took = owned_at - start;
      g_mutex_unlock (&lock);
      if (r >= warmup)
        {
          printf ("%.3f\n", took / 1000.0);
          fflush (stdout);
        }

      kill (pid, SIGTERM);
      if (waitpid (pid, &status, 0) < 0 || !wait_for (FALSE, g_get_monotonic_time () + TIMEOUT_US))
        {
          fprintf (stderr, "bench-name-owner: %s did not stop and release %s\n", argv[0], name);
          return 1;
        }
      g_usleep (100 * 1000);
    }
  return 0;
}
