/* bench-recognise: how long it takes to know that a web page is a claim form,
 * with every control's label, two ways, on the same page in the same run.
 *
 * Usage: bench-recognise --wait MIN_CONTROLS [--timeout S] [--toolkit NAME]
 *        bench-recognise [--rounds N] [--toolkit NAME]
 *
 * Run on the AT-SPI desktop of tools/desktop-session, with the page open in
 * Chromium (--toolkit, default "Chromium": the application's toolkit name).
 *
 * --wait polls (every 50 ms) until the page's document holds at least
 * MIN_CONTROLS controls (one Collection request, the plugin's roles), then
 * prints "ready MS CONTROLS": milliseconds waited and controls found; exits 1
 * after S seconds (default 30).
 *
 * Otherwise it times N rounds (default 7) of each way, in turn, on the
 * document:
 *
 *   collect  the plugin's way: ca_collect (one AtspiCollection request for
 *            the controls, one org.a11y.atspi.Cache.GetItems for every
 *            object's name and states, a LABELLED_BY relation only for an
 *            unnamed control) and ca_matcher_match on the labels
 *   walk     a naive client's way: from the document down, every node's role
 *            and children (get_child_count, get_child_at_index), and each
 *            control's name and states, with its LABELLED_BY target's name
 *            when it has none; then the same ca_matcher_match
 *
 * and prints one line per round:
 *
 *   KIND MS NODES CONTROLS UNLABELLED SCHEME MATCHED
 *
 * NODES: objects visited (collect: the controls it kept);
 * UNLABELLED: controls left with no label; SCHEME: the scheme recognised, or
 * "-"; MATCHED: different fields of it found.  libatspi caches nothing here
 * (a plain GLib main loop and no cache mask, as in the plugin), so every
 * getter is a round trip to the app, in both ways.  Environment: as the
 * plugin's, CLAIMRULES_SCHEME_PATH and CLAIMGUIDE_FORMS_DIR. */
#include "ca-atspi.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca-collector.h"
#include "ca-matcher.h"
#include "ca-reader.h"

/* The roles of plugin/ca-collector.c. */
static const AtspiRole control_roles[] = {
  ATSPI_ROLE_TEXT,        ATSPI_ROLE_ENTRY,         ATSPI_ROLE_PASSWORD_TEXT,
  ATSPI_ROLE_COMBO_BOX,   ATSPI_ROLE_CHECK_BOX,     ATSPI_ROLE_RADIO_BUTTON,
  ATSPI_ROLE_SPIN_BUTTON, ATSPI_ROLE_DATE_EDITOR,   ATSPI_ROLE_PUSH_BUTTON,
  ATSPI_ROLE_LIST_BOX,    ATSPI_ROLE_TOGGLE_BUTTON,
};

static gboolean
is_control_role (AtspiRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (control_roles); i++)
    if (control_roles[i] == role)
      return TRUE;
  return FALSE;
}

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* ---- Finding the page ---- */

static AtspiAccessible *
find_app (const char *toolkit)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);
      g_autofree char *tk = app != NULL ? atspi_accessible_get_toolkit_name (app, NULL) : NULL;
      if (tk != NULL && g_ascii_strcasecmp (tk, toolkit) == 0)
        return g_steal_pointer (&app);
    }
  return NULL;
}

static int count_controls (AtspiAccessible *doc);

/* The web document under @top with the most controls (breadth first, not
 * into documents): Chromium has more than one (the page, and empty ones). */
static AtspiAccessible *
find_document (AtspiAccessible *top, int *n_controls)
{
  g_autoptr(GQueue) queue = g_queue_new ();
  AtspiAccessible *best = NULL;
  guint visited = 0;

  *n_controls = -1;
  g_queue_push_tail (queue, g_object_ref (top));
  while (!g_queue_is_empty (queue) && visited < 3000)
    {
      g_autoptr(AtspiAccessible) obj = g_queue_pop_head (queue);
      AtspiRole role = atspi_accessible_get_role (obj, NULL);
      int n;

      visited++;
      if (role == ATSPI_ROLE_DOCUMENT_WEB)
        {
          n = count_controls (obj);
          if (n > *n_controls)
            {
              g_clear_object (&best);
              best = g_steal_pointer (&obj);
              *n_controls = n;
            }
          continue;
        }
      n = atspi_accessible_get_child_count (obj, NULL);
      for (int i = 0; i < n; i++)
        {
          AtspiAccessible *child = atspi_accessible_get_child_at_index (obj, i, NULL);
          if (child != NULL)
            g_queue_push_tail (queue, child);
        }
    }
  while (!g_queue_is_empty (queue))
    g_object_unref (g_queue_pop_head (queue));
  return best;
}

static int
count_controls (AtspiAccessible *doc)
{
  g_autoptr(AtspiCollection) collection = atspi_accessible_get_collection_iface (doc);
  g_autoptr(GArray) roles = g_array_new (FALSE, FALSE, sizeof (AtspiRole));
  g_autoptr(AtspiMatchRule) rule = NULL;
  g_autoptr(GArray) found = NULL;
  int n;

  if (collection == NULL)
    return -1;
  g_array_append_vals (roles, control_roles, G_N_ELEMENTS (control_roles));
  rule = atspi_match_rule_new (NULL, ATSPI_Collection_MATCH_ALL, NULL, ATSPI_Collection_MATCH_ALL,
                               roles, ATSPI_Collection_MATCH_ANY, NULL,
                               ATSPI_Collection_MATCH_ALL, FALSE);
  found = atspi_collection_get_matches (collection, rule, ATSPI_Collection_SORT_ORDER_CANONICAL,
                                        0, TRUE, NULL);
  if (found == NULL)
    return -1;
  n = (int) found->len;
  for (guint i = 0; i < found->len; i++)
    g_object_unref (g_array_index (found, AtspiAccessible *, i));
  return n;
}

/* ---- The two ways ---- */

typedef struct {
  GPtrArray *ids;
  GPtrArray *labels;
  guint nodes;
} Walked;

/* A control's label as a naive client finds it: its name, else the name of
 * its LABELLED_BY target. */
static char *
walk_label (AtspiAccessible *obj)
{
  g_autofree char *name = atspi_accessible_get_name (obj, NULL);
  g_autoptr(GArray) relations = NULL;
  char *label = NULL;

  if (name != NULL && name[0] != '\0')
    return g_steal_pointer (&name);
  relations = atspi_accessible_get_relation_set (obj, NULL);
  for (guint i = 0; relations != NULL && i < relations->len; i++)
    {
      AtspiRelation *rel = g_array_index (relations, AtspiRelation *, i);
      if (label == NULL && atspi_relation_get_relation_type (rel) == ATSPI_RELATION_LABELLED_BY &&
          atspi_relation_get_n_targets (rel) > 0)
        {
          g_autoptr(AtspiAccessible) target = atspi_relation_get_target (rel, 0);
          label = atspi_accessible_get_name (target, NULL);
        }
      g_object_unref (rel);
    }
  return label != NULL ? label : g_strdup ("");
}

static void
walk (AtspiAccessible *obj, Walked *w, int depth)
{
  AtspiRole role = atspi_accessible_get_role (obj, NULL);
  int n;

  w->nodes++;
  if (is_control_role (role))
    {
      g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (obj);
      /* Text that cannot be typed in is no control (as the plugin). */
      if (role != ATSPI_ROLE_TEXT || atspi_state_set_contains (states, ATSPI_STATE_EDITABLE))
        {
          g_ptr_array_add (w->ids, g_strdup (obj->parent.path));
          g_ptr_array_add (w->labels, walk_label (obj));
        }
    }
  if (depth > 64)
    return;
  n = atspi_accessible_get_child_count (obj, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (obj, i, NULL);
      if (child != NULL)
        walk (child, w, depth + 1);
    }
}

static guint
unlabelled (GPtrArray *labels)
{
  guint n = 0;
  for (guint i = 0; i < labels->len; i++)
    n += ((char *) labels->pdata[i])[0] == '\0';
  return n;
}

static void
print_round (const char *kind, double ms, guint nodes, GPtrArray *labels, const CaMatch *m)
{
  printf ("%s %.2f %u %u %u %s %u\n", kind, ms, nodes, labels->len, unlabelled (labels),
          m->scheme != NULL ? m->scheme : "-", m->matched);
  fflush (stdout);
}

static void
round_collect (AtspiAccessible *doc, const CaApp *app, GDBusConnection *bus, CaMatcher *matcher)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(CaCollected) c = ca_collect (doc, app, bus, &error);
  g_autoptr(CaMatch) m = NULL;
  double ms;

  if (c == NULL)
    {
      fprintf (stderr, "bench-recognise: ca_collect failed: %s\n", error->message);
      exit (1);
    }
  m = ca_matcher_match (matcher, c->title, c->address, (const char *const *) c->ids->pdata,
                        (const char *const *) c->labels->pdata, c->ids->len);
  ms = ms_since (t0);
  print_round ("collect", ms, c->ids->len, c->labels, m);
}

static void
round_walk (AtspiAccessible *doc, CaMatcher *matcher)
{
  Walked w = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free), 0 };
  gint64 t0 = g_get_monotonic_time ();
  g_autofree char *title = NULL;
  g_autoptr(CaMatch) m = NULL;
  double ms;

  walk (doc, &w, 0);
  title = atspi_accessible_get_name (doc, NULL);
  m = ca_matcher_match (matcher, title, NULL, (const char *const *) w.ids->pdata,
                        (const char *const *) w.labels->pdata, w.ids->len);
  ms = ms_since (t0);
  print_round ("walk", ms, w.nodes, w.labels, m);
  g_ptr_array_unref (w.ids);
  g_ptr_array_unref (w.labels);
}

/* ---- Setting up as the plugin does ---- */

static GDBusConnection *
a11y_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GDBusConnection *bus = session != NULL ? ca_a11y_bus_connect (session, &error) : NULL;

  if (bus == NULL)
    {
      fprintf (stderr, "bench-recognise: no accessibility bus: %s\n", error->message);
      exit (1);
    }
  return bus;
}

static CrScheme *
lookup_scheme (const char *id, gpointer data)
{
  GPtrArray *schemes = data;
  for (guint i = 0; i < schemes->len; i++)
    if (g_strcmp0 (cr_scheme_get_id (schemes->pdata[i]), id) == 0)
      return schemes->pdata[i];
  return NULL;
}

static CaMatcher *
new_matcher (GPtrArray *schemes)
{
  g_auto(GStrv) ids = cr_scheme_list_ids ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) maps = NULL;
  const char *dir = g_getenv ("CLAIMGUIDE_FORMS_DIR");
  const char *dirs[] = { dir != NULL ? dir : "", NULL };

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      CrScheme *scheme = cr_scheme_load (ids[i], &error);
      if (scheme == NULL)
        fprintf (stderr, "bench-recognise: scheme %s refused: %s\n", ids[i], error->message);
      else
        g_ptr_array_add (schemes, scheme);
    }
  if (schemes->len == 0)
    {
      fprintf (stderr, "bench-recognise: no scheme (CLAIMRULES_SCHEME_PATH?)\n");
      exit (1);
    }
  maps = ca_form_map_load_dirs (dirs, lookup_scheme, schemes, problems);
  return ca_matcher_new (schemes, maps);
}

int
main (int argc, char **argv)
{
  int rounds = 7, wait_min = -1, timeout_s = 30;
  const char *toolkit = "Chromium";
  g_autoptr(AtspiAccessible) app_obj = NULL;
  g_autoptr(AtspiAccessible) doc = NULL;
  g_autoptr(GPtrArray) schemes = NULL;
  g_autoptr(CaMatcher) matcher = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(CaApp) app = NULL;
  g_autoptr(GError) error = NULL;
  int n_controls = -1;
  gint64 t0;

  setlocale (LC_ALL, "");
  for (int a = 1; a < argc; a++)
    {
      if (strcmp (argv[a], "--rounds") == 0 && a + 1 < argc)
        rounds = atoi (argv[++a]);
      else if (strcmp (argv[a], "--wait") == 0 && a + 1 < argc)
        wait_min = atoi (argv[++a]);
      else if (strcmp (argv[a], "--timeout") == 0 && a + 1 < argc)
        timeout_s = atoi (argv[++a]);
      else if (strcmp (argv[a], "--toolkit") == 0 && a + 1 < argc)
        toolkit = argv[++a];
      else
        {
          fprintf (stderr, "usage: bench-recognise --wait MIN_CONTROLS [--timeout S] [--toolkit NAME]\n"
                           "       bench-recognise [--rounds N] [--toolkit NAME]\n");
          return 2;
        }
    }
  if (atspi_init () > 1)
    {
      fprintf (stderr, "bench-recognise: cannot reach the accessibility bus\n");
      return 1;
    }
  atspi_set_timeout (CA_ATSPI_TIMEOUT_MS * 5, CA_ATSPI_TIMEOUT_MS * 5);

  t0 = g_get_monotonic_time ();
  if (wait_min >= 0)
    {
      while (ms_since (t0) < timeout_s * 1000.0)
        {
          int n = -1;
          g_clear_object (&app_obj);
          g_clear_object (&doc);
          app_obj = find_app (toolkit);
          if (app_obj != NULL)
            doc = find_document (app_obj, &n);
          if (n >= wait_min)
            {
              printf ("ready %.0f %d\n", ms_since (t0), n);
              return 0;
            }
          g_usleep (50000);
        }
      fprintf (stderr, "bench-recognise: no %s document with %d controls after %d s\n", toolkit,
               wait_min, timeout_s);
      return 1;
    }

  app_obj = find_app (toolkit);
  doc = app_obj != NULL ? find_document (app_obj, &n_controls) : NULL;
  if (doc == NULL || n_controls <= 0)
    {
      fprintf (stderr, "bench-recognise: no %s document on the desktop\n", toolkit);
      return 1;
    }
  schemes = g_ptr_array_new_with_free_func ((GDestroyNotify) cr_scheme_unref);
  matcher = new_matcher (schemes);
  bus = a11y_bus ();
  /* As the plugin, once per app (it keeps the answer). */
  t0 = g_get_monotonic_time ();
  app = ca_app_new_for (doc, &error);
  if (app == NULL)
    {
      fprintf (stderr, "bench-recognise: %s\n", error->message);
      return 1;
    }
  printf ("app %.2f %s %s\n", ms_since (t0), app->name, app->toolkit->name);
  for (int r = 0; r < rounds; r++)
    {
      /* Which goes first turns, so neither always finds the app warm. */
      if (r % 2 == 0)
        {
          round_collect (doc, app, bus, matcher);
          round_walk (doc, matcher);
        }
      else
        {
          round_walk (doc, matcher);
          round_collect (doc, app, bus, matcher);
        }
    }
  atspi_exit ();
  return 0;
}
