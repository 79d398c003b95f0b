/* test-lens.c: the lens on a real X server.
 *
 * Needs an X display (tools/desktop-session gives one: Xvfb, no window
 * manager).  It reads back what the X server shows (a screenshot of the root
 * window), where the window is, and who has the X input focus.
 * Every value here is made up.
 */
#include "ca-lens.h"
#include "cg-colour.h"

#include <gdk/gdkx.h>
#include <X11/Xlib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT_MS 5000

/* ---- Helpers ---- */

static gboolean
on_timeout (gpointer data)
{
  gboolean *over = data;

  *over = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean over = FALSE;

  g_timeout_add (ms, on_timeout, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until *@flag is set; FALSE after WAIT_MS. */
static gboolean
wait_for (gboolean *flag)
{
  gboolean over = FALSE;
  guint id = g_timeout_add (WAIT_MS, on_timeout, &over);

  while (!*flag && !over)
    g_main_context_iteration (NULL, TRUE);
  if (!over)
    g_source_remove (id);
  return *flag;
}

static gboolean
on_drawn (GtkWidget *widget, cairo_t *cr, gpointer data)
{
  (void) widget;
  (void) cr;
  *(gboolean *) data = TRUE;
  return FALSE;
}

/* Waits until @window has painted what it shows now and the X server has it. */
static void
wait_painted (GtkWidget *window)
{
  gboolean drawn = FALSE;
  gulong id = g_signal_connect_after (window, "draw", G_CALLBACK (on_drawn), &drawn);

  gtk_widget_queue_draw (window);
  g_assert_true (wait_for (&drawn));
  g_signal_handler_disconnect (window, id);
  gdk_display_sync (gtk_widget_get_display (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_named (GtkWidget *widget, const char *name)
{
  g_autoptr(GList) children = NULL;

  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = find_named (l->data, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The text of the lens line called @name ("ca-lens-state"...), or NULL when hidden. */
static const char *
line_text (CaLens *lens, const char *name)
{
  GtkWidget *line = find_named (ca_lens_get_window (lens), name);

  g_assert_nonnull (line);
  if (!gtk_widget_get_visible (line))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (line));
}

/* The window's rectangle as the X server has it. */
static void
window_rect (GtkWidget *window, GdkRectangle *r)
{
  GdkWindow *w = gtk_widget_get_window (window);

  g_assert_nonnull (w);
  gdk_window_get_origin (w, &r->x, &r->y);
  r->width = gdk_window_get_width (w);
  r->height = gdk_window_get_height (w);
}

static void
screen_area (GdkRectangle *area)
{
  GdkDisplay *display = gdk_display_get_default ();
  GdkMonitor *monitor = gdk_display_get_primary_monitor (display);

  if (monitor == NULL)
    monitor = gdk_display_get_monitor (display, 0);
  g_assert_nonnull (monitor);
  gdk_monitor_get_workarea (monitor, area);
}

static CaControl *
date_control (void)
{
  CaControl *c = ca_control_new ();

  g_free (c->label);
  c->label = g_strdup ("出险日期");
  c->kind = CG_KIND_DATE;
  g_free (c->value);
  c->value = g_strdup ("2025-03-14");
  c->required = TRUE;
  return c;
}

static guint32
pixel_at (GdkPixbuf *pb, int x, int y)
{
  const guchar *p = gdk_pixbuf_get_pixels (pb) + y * gdk_pixbuf_get_rowstride (pb)
                    + x * gdk_pixbuf_get_n_channels (pb);

  return ((guint32) p[0] << 16) | ((guint32) p[1] << 8) | p[2];
}

static int
colour_distance (guint32 a, guint32 b)
{
  int d = 0;

  for (int shift = 0; shift <= 16; shift += 8)
    d += ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff));
  return d;
}

static void
format_colour (guint32 c, char out[8])
{
  g_snprintf (out, 8, "#%06X", c & 0xffffff);
}

/* ---- Tests ---- */

static void
test_contrast_ratio (void)
{
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#FFFFFF", "#000000"), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#000000", "#ffffff"), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#777777", "#000000"), 4.69, 0.01);
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#FFFF00", "#000000"), 19.56, 0.01);
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#767676", "#FFFFFF"), 4.54, 0.01);
  g_assert_cmpfloat_with_epsilon (cg_contrast_ratio ("#123456", "#123456"), 1.0, 1e-9);
  g_assert_cmpfloat (cg_contrast_ratio ("white", "#000000"), ==, 0.0);
  g_assert_cmpfloat (cg_contrast_ratio ("#FFF", "#000000"), ==, 0.0);
  g_assert_cmpfloat (cg_contrast_ratio ("#GGGGGG", "#000000"), ==, 0.0);
  g_assert_cmpfloat (cg_contrast_ratio ("#FFFFFF ", "#000000"), ==, 0.0);
  g_assert_cmpfloat (cg_contrast_ratio (NULL, "#000000"), ==, 0.0);
}

static void
test_refusals (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  g_autoptr(GError) error = NULL;
  GtkWidget *value;

  g_assert_cmpfloat (ca_lens_get_value_size (lens), >=, 30.0);
  g_assert_cmpfloat (ca_lens_get_label_size (lens), >=, 30.0);
  ca_lens_show_control (lens, control, -1, -1, -1, -1);

  g_assert_false (ca_lens_set_style (lens, 20.0, "#FFFFFF", "#000000", CA_LENS_BOTTOM, &error));
  g_assert_error (error, CA_LENS_ERROR, CA_LENS_ERROR_TEXT_SIZE);
  g_clear_error (&error);
  g_assert_false (ca_lens_set_style (lens, 29.9, "#FFFFFF", "#000000", CA_LENS_BOTTOM, &error));
  g_assert_error (error, CA_LENS_ERROR, CA_LENS_ERROR_TEXT_SIZE);
  g_clear_error (&error);
  g_assert_false (ca_lens_set_style (lens, NAN, "#FFFFFF", "#000000", CA_LENS_BOTTOM, &error));
  g_assert_error (error, CA_LENS_ERROR, CA_LENS_ERROR_TEXT_SIZE);
  g_clear_error (&error);
  g_assert_false (ca_lens_set_style (lens, 40.0, "#777777", "#000000", CA_LENS_BOTTOM, &error));
  g_assert_error (error, CA_LENS_ERROR, CA_LENS_ERROR_CONTRAST);
  g_clear_error (&error);
  g_assert_false (ca_lens_set_style (lens, 40.0, "white", "black", CA_LENS_BOTTOM, &error));
  g_assert_error (error, CA_LENS_ERROR, CA_LENS_ERROR_COLOUR);
  g_clear_error (&error);

  /* The default style is still in force, on screen too. */
  g_assert_cmpfloat (ca_lens_get_value_size (lens), ==, 32.0);
  g_assert_cmpfloat (ca_lens_get_label_size (lens), ==, 32.0);
  value = find_named (ca_lens_get_window (lens), "ca-lens-value");
  {
    GdkRGBA colour;
    gtk_style_context_get_color (gtk_widget_get_style_context (value),
                                 gtk_widget_get_state_flags (value), &colour);
    g_assert_cmpfloat (colour.red, ==, 1.0);
    g_assert_cmpfloat (colour.green, ==, 1.0);
    g_assert_cmpfloat (colour.blue, ==, 1.0);
  }

  /* Exactly 30 pt and the low-vision profile's colours are taken. */
  g_assert_true (ca_lens_set_style (lens, 30.0, "#FFFFFF", "#000000", CA_LENS_BOTTOM, &error));
  g_assert_no_error (error);
  g_assert_true (ca_lens_set_style (lens, 48.0, "#FFFF00", "#000000", CA_LENS_BOTTOM, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (ca_lens_get_value_size (lens), ==, 48.0);
  g_assert_cmpfloat (ca_lens_get_label_size (lens), ==, 48.0);
}

/* Bounding box of the first glyph (from the left) in @area of @shot: the
 * first run of columns holding pixels nearer @fg than @bg. */
static gboolean
first_glyph_box (GdkPixbuf *shot, const GdkRectangle *area, guint32 fg, guint32 bg,
                 GdkRectangle *box)
{
  int x0 = -1, x1 = -1, y0 = G_MAXINT, y1 = -1;

  for (int x = area->x; x < area->x + area->width; x++)
    {
      gboolean ink = FALSE;
      for (int y = area->y; y < area->y + area->height; y++)
        {
          guint32 p = pixel_at (shot, x, y);
          if (colour_distance (p, fg) < colour_distance (p, bg))
            {
              ink = TRUE;
              y0 = MIN (y0, y);
              y1 = MAX (y1, y);
            }
        }
      if (ink && x0 < 0)
        x0 = x;
      if (ink)
        x1 = x;
      else if (x0 >= 0)
        break;
    }
  if (x0 < 0)
    return FALSE;
  box->x = x0;
  box->y = y0;
  box->width = x1 - x0 + 1;
  box->height = y1 - y0 + 1;
  return TRUE;
}

typedef struct {
  guint32 colour;
  guint count;
} ColourCount;

static void
add_count (gpointer key, gpointer value, gpointer data)
{
  ColourCount *top = data;  /* top[0] the most common, top[1] the next */
  ColourCount c = { GPOINTER_TO_UINT (key), GPOINTER_TO_UINT (value) };

  if (c.count > top[0].count)
    {
      top[1] = top[0];
      top[0] = c;
    }
  else if (c.count > top[1].count)
    top[1] = c;
}

static void
test_screenshot (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  g_autoptr(GdkPixbuf) shot = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GdkWindow *root = gdk_get_default_root_window ();
  GtkWidget *window, *label;
  GdkRectangle lens_rect, label_area, glyph = { 0, 0, 0, 0 };
  GtkAllocation alloc;
  ColourCount top[2] = { { 0, 0 }, { 0, 0 } };
  char colour_a[8], colour_b[8];
  double ratio;

  g_assert_true (ca_lens_set_style (lens, 32.0, "#FFFFFF", "#000000", CA_LENS_BOTTOM, &error));
  g_assert_no_error (error);
  ca_lens_set_language (lens, "zh_CN");
  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  window = ca_lens_get_window (lens);
  wait_painted (window);
  g_assert_cmpfloat (ca_lens_get_value_size (lens), >=, 30.0);
  g_assert_cmpfloat (ca_lens_get_label_size (lens), >=, 30.0);

  /* What the X server shows: the whole screen. */
  shot = gdk_pixbuf_get_from_window (root, 0, 0, gdk_window_get_width (root),
                                     gdk_window_get_height (root));
  g_assert_nonnull (shot);
  window_rect (window, &lens_rect);
  g_assert_cmpint (lens_rect.x, >=, 0);
  g_assert_cmpint (lens_rect.y, >=, 0);
  g_assert_cmpint (lens_rect.x + lens_rect.width, <=, gdk_pixbuf_get_width (shot));
  g_assert_cmpint (lens_rect.y + lens_rect.height, <=, gdk_pixbuf_get_height (shot));

  /* The two commonest colours in the lens are the profile's, and far apart enough. */
  for (int y = lens_rect.y; y < lens_rect.y + lens_rect.height; y++)
    for (int x = lens_rect.x; x < lens_rect.x + lens_rect.width; x++)
      {
        gpointer key = GUINT_TO_POINTER (pixel_at (shot, x, y));
        g_hash_table_insert (counts, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
      }
  g_hash_table_foreach (counts, add_count, top);
  format_colour (top[0].colour, colour_a);
  format_colour (top[1].colour, colour_b);
  ratio = cg_contrast_ratio (colour_a, colour_b);
  g_test_message ("commonest colours in the lens: %s (%u px), %s (%u px), contrast %.2f:1",
                  colour_a, top[0].count, colour_b, top[1].count, ratio);
  g_assert_cmpfloat (ratio, >=, 7.0);
  g_assert_cmpuint (top[0].colour, ==, 0x000000);
  g_assert_cmpuint (top[1].colour, ==, 0xFFFFFF);

  /* The first Han character of the label is at least 32 px tall on screen. */
  label = find_named (window, "ca-lens-label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "出险日期");
  gtk_widget_get_allocation (label, &alloc);
  label_area.x = lens_rect.x + alloc.x;
  label_area.y = lens_rect.y + alloc.y;
  label_area.width = alloc.width;
  label_area.height = alloc.height;
  g_assert_true (first_glyph_box (shot, &label_area, 0xFFFFFF, 0x000000, &glyph));
  g_test_message ("first Han character of the label: %d x %d px at %d,%d (label line %d px tall)",
                  glyph.width, glyph.height, glyph.x, glyph.y, alloc.height);
  g_assert_cmpint (glyph.height, >=, 32);
  /* One character, not the whole word run together. */
  g_assert_cmpint (glyph.width, <=, glyph.height * 3 / 2);

  /* The same through ca_lens_save_png. */
  {
    g_autofree char *dir = g_dir_make_tmp ("test-lens-XXXXXX", &error);
    g_autofree char *path = NULL;
    g_autoptr(GdkPixbuf) saved = NULL;

    g_assert_no_error (error);
    path = g_build_filename (dir, "lens.png", NULL);
    g_assert_true (ca_lens_save_png (lens, path, &error));
    g_assert_no_error (error);
    saved = gdk_pixbuf_new_from_file (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (saved), ==, lens_rect.width);
    g_assert_cmpint (gdk_pixbuf_get_height (saved), ==, lens_rect.height);
    g_assert_cmpuint (pixel_at (saved, 1, lens_rect.height - 2), ==, 0x000000);
    g_assert_cmpint (g_remove (path), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }

  /* Hidden, there is nothing to save. */
  ca_lens_hide (lens);
  g_assert_false (ca_lens_save_png (lens, "/nonexistent/lens.png", &error));
  g_assert_error (error, CA_LENS_ERROR, CA_LENS_ERROR_NOT_SHOWN);
}

static gboolean
on_mapped (GtkWidget *widget, GdkEvent *event, gpointer data)
{
  (void) widget;
  (void) event;
  *(gboolean *) data = TRUE;
  return FALSE;
}

static Window
x_focus (Display *xdisplay)
{
  Window focus = None;
  int revert;

  XGetInputFocus (xdisplay, &focus, &revert);
  return focus;
}

/* What `xdotool getwindowfocus -f` says, or 0 without xdotool. */
static gulong
xdotool_focus (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "getwindowfocus", "-f", NULL };
  int status;

  if (xdotool == NULL)
    return 0;
  argv[0] = xdotool;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return strtoul (out, NULL, 10);
}

static void
test_focus (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  GdkDisplay *display = gdk_display_get_default ();
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  GtkWidget *other = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *entry = gtk_entry_new ();
  gboolean mapped = FALSE;
  Window other_xid, focus_before, focus;
  gulong xdotool_before;

  /* Another application's window, with the X input focus. */
  gtk_window_set_title (GTK_WINDOW (other), "another application");
  gtk_window_set_default_size (GTK_WINDOW (other), 400, 200);
  gtk_window_move (GTK_WINDOW (other), 100, 100);
  gtk_container_add (GTK_CONTAINER (other), entry);
  g_signal_connect (other, "map-event", G_CALLBACK (on_mapped), &mapped);
  gtk_widget_show_all (other);
  g_assert_true (wait_for (&mapped));
  other_xid = gdk_x11_window_get_xid (gtk_widget_get_window (other));
  gdk_x11_display_error_trap_push (display);
  XSetInputFocus (xdisplay, other_xid, RevertToParent, CurrentTime);
  XSync (xdisplay, False);
  g_assert_cmpint (gdk_x11_display_error_trap_pop (display), ==, 0);
  spin (50);
  focus_before = x_focus (xdisplay);
  g_assert_cmpuint (focus_before, ==, other_xid);
  xdotool_before = xdotool_focus ();
  if (xdotool_before != 0)
    g_assert_cmpuint (xdotool_before, ==, other_xid);

  /* The lens shown and updated 50 times, each update painted. */
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *value = g_strdup_printf ("2025-03-%02d", i % 28 + 1);
      switch (i % 5)
        {
        case 0:
          control->required = !control->required;
          ca_lens_show_control (lens, control, 120, 140 + i, 300, 40);
          break;
        case 1:
          ca_lens_set_value (lens, value);
          break;
        case 2:
          ca_lens_set_problem (lens, i % 2 ? "日期不能晚于今天" : NULL);
          break;
        case 3:
          ca_lens_set_prompt (lens, i % 3 ? "请输入出险日期" : NULL);
          break;
        default:
          if (i == 24)
            ca_lens_hide (lens);  /* and shown again by the next show_control */
          if (i == 29)            /* moved and resized while on screen from now on */
            g_assert_true (ca_lens_set_style (lens, 40.0, "#FFFF00", "#000000",
                                              CA_LENS_BESIDE, NULL));
          ca_lens_set_value (lens, "");
          break;
        }
      wait_painted (gtk_widget_get_visible (ca_lens_get_window (lens)) ? ca_lens_get_window (lens) : other);
      focus = x_focus (xdisplay);
      g_assert_cmpuint (focus, ==, focus_before);
    }
  g_assert_true (gtk_widget_get_mapped (ca_lens_get_window (lens)));
  g_assert_cmpuint (x_focus (xdisplay), ==, other_xid);
  if (xdotool_before != 0)
    {
      g_autofree char *xdotool = g_find_program_in_path ("xdotool");
      const char *argv[] = { xdotool, "type", "--delay", "30", "1955", NULL };
      g_autoptr(GError) error = NULL;
      int status;

      g_assert_cmpuint (xdotool_focus (), ==, other_xid);

      /* And keys typed now still go to the other application. */
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      for (int i = 0; i < 100 && g_strcmp0 (gtk_entry_get_text (GTK_ENTRY (entry)), "1955") != 0; i++)
        spin (20);
      g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, "1955");
    }
  g_test_message ("X input focus stayed on window 0x%lx through 50 updates", other_xid);

  gtk_widget_destroy (other);
}

static gboolean
on_button_press (GtkWidget *widget, GdkEventButton *event, gpointer data)
{
  (void) widget;
  (void) event;
  *(gboolean *) data = TRUE;
  return FALSE;
}

/* A click on the lens reaches the window underneath. */
static void
test_click_through (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  g_autoptr(GdkPixbuf) shot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *x_arg = NULL, *y_arg = NULL;
  GtkWidget *under, *window;
  GdkRectangle r, u;
  gboolean mapped = FALSE, clicked = FALSE;
  int status, x, y;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  window = ca_lens_get_window (lens);
  wait_painted (window);
  window_rect (window, &r);

  /* A window reaching from above the lens down to the bottom of the screen. */
  under = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title (GTK_WINDOW (under), "under the lens");
  gtk_widget_add_events (under, GDK_BUTTON_PRESS_MASK);
  gtk_window_set_default_size (GTK_WINDOW (under), 400, r.height + 100);
  gtk_window_move (GTK_WINDOW (under), r.x + 100, r.y - 100);
  g_signal_connect (under, "map-event", G_CALLBACK (on_mapped), &mapped);
  g_signal_connect (under, "button-press-event", G_CALLBACK (on_button_press), &clicked);
  gtk_widget_show (under);
  g_assert_true (wait_for (&mapped));
  /* Mapped after the lens, so above it: the next control raises the lens again. */
  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  wait_painted (under);
  wait_painted (window);
  window_rect (under, &u);
  x = u.x + u.width / 2;
  y = r.y + r.height - 4;
  g_assert_cmpint (y, <, u.y + u.height);

  /* The lens is what shows there... */
  shot = gdk_pixbuf_get_from_window (gdk_get_default_root_window (), x, y, 1, 1);
  g_assert_cmpuint (pixel_at (shot, 0, 0), ==, 0x000000);

  /* ...yet the click goes to the window underneath. */
  x_arg = g_strdup_printf ("%d", x);
  y_arg = g_strdup_printf ("%d", y);
  {
    const char *argv[] = { xdotool, "mousemove", "--sync", x_arg, y_arg, "click", "1", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_true (wait_for (&clicked));
  gtk_widget_destroy (under);
}

static void
test_docked_bottom (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  g_autoptr(GError) error = NULL;
  GdkRectangle area, r;
  GtkWidget *window;
  int height;

  screen_area (&area);
  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  window = ca_lens_get_window (lens);
  wait_painted (window);
  window_rect (window, &r);
  g_test_message ("screen %dx%d, lens %dx%d at %d,%d", area.width, area.height,
                  r.width, r.height, r.x, r.y);
  g_assert_cmpint (r.x, ==, area.x);
  g_assert_cmpint (r.width, ==, area.width);
  g_assert_cmpint (ABS (r.y + r.height - (area.y + area.height)), <=, 3);
  g_assert_cmpint (r.height, <, area.height / 2);

  /* A problem adds a line: the lens grows upwards and stays docked. */
  height = r.height;
  ca_lens_set_problem (lens, "请填写出险日期");
  wait_painted (window);
  window_rect (window, &r);
  g_assert_cmpint (r.height, >, height);
  g_assert_cmpint (ABS (r.y + r.height - (area.y + area.height)), <=, 3);
  ca_lens_set_problem (lens, NULL);
  wait_painted (window);
  window_rect (window, &r);
  g_assert_cmpint (r.height, ==, height);

  /* A bigger size from the profile: bigger lens, still docked. */
  g_assert_true (ca_lens_set_style (lens, 48.0, "#FFFF00", "#000000", CA_LENS_BOTTOM, &error));
  g_assert_no_error (error);
  wait_painted (window);
  window_rect (window, &r);
  g_assert_cmpint (r.height, >, height);
  g_assert_cmpint (r.width, ==, area.width);
  g_assert_cmpint (ABS (r.y + r.height - (area.y + area.height)), <=, 3);
}

static void
test_beside (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  g_autoptr(GError) error = NULL;
  GdkRectangle area, r;
  GtkWidget *window;

  screen_area (&area);
  g_assert_true (ca_lens_set_style (lens, 32.0, "#FFFFFF", "#000000", CA_LENS_BESIDE, &error));
  g_assert_no_error (error);

  /* Room below: just under the control, from its left edge. */
  ca_lens_show_control (lens, control, 100, 200, 300, 40);
  window = ca_lens_get_window (lens);
  wait_painted (window);
  window_rect (window, &r);
  g_test_message ("control 300x40 at 100,200; lens %dx%d at %d,%d", r.width, r.height, r.x, r.y);
  g_assert_cmpint (r.x, ==, 100);
  g_assert_cmpint (r.y, >=, 240);
  g_assert_cmpint (r.y, <=, 260);
  g_assert_cmpint (r.width, >=, 300);
  g_assert_cmpint (r.width, <=, area.width);

  /* No room below: just above it. */
  ca_lens_show_control (lens, control, 100, area.height - 60, 300, 40);
  wait_painted (window);
  window_rect (window, &r);
  g_assert_cmpint (r.y + r.height, <=, area.height - 60);
  g_assert_cmpint (r.y + r.height, >=, area.height - 80);

  /* At the right edge: kept on the monitor. */
  ca_lens_show_control (lens, control, area.width - 50, 300, 40, 30);
  wait_painted (window);
  window_rect (window, &r);
  g_assert_cmpint (r.x + r.width, <=, area.x + area.width);
  g_assert_cmpint (r.y, >=, 330);

  /* Extents unknown: docked at the bottom. */
  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  wait_painted (window);
  window_rect (window, &r);
  g_assert_cmpint (r.width, ==, area.width);
  g_assert_cmpint (ABS (r.y + r.height - (area.y + area.height)), <=, 3);
}

static void
test_language (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  g_autoptr(CaControl) check = ca_control_new ();
  g_autoptr(CaControl) empty = ca_control_new ();

  ca_lens_set_language (lens, "zh_CN");
  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  g_assert_nonnull (strstr (line_text (lens, "ca-lens-state"), "必填"));
  g_assert_null (strstr (line_text (lens, "ca-lens-state"), "Required"));
  g_assert_null (line_text (lens, "ca-lens-problem"));

  ca_lens_set_language (lens, "en");
  g_assert_nonnull (strstr (line_text (lens, "ca-lens-state"), "Required"));
  g_assert_null (strstr (line_text (lens, "ca-lens-state"), "必填"));

  /* Never colour alone: a problem is in words, with a symbol, on two lines. */
  ca_lens_set_problem (lens, "Enter the date of the accident.");
  g_assert_nonnull (strstr (line_text (lens, "ca-lens-state"), "⚠ Needs fixing"));
  g_assert_cmpstr (line_text (lens, "ca-lens-problem"), ==, "⚠ Enter the date of the accident.");
  ca_lens_set_language (lens, "zh_CN");
  g_assert_nonnull (strstr (line_text (lens, "ca-lens-state"), "⚠ 有错误"));
  ca_lens_set_language (lens, "yue");
  g_assert_nonnull (strstr (line_text (lens, "ca-lens-state"), "⚠ 有錯誤"));

  /* The problem belongs to its field; the prompt stays for the step. */
  ca_lens_set_prompt (lens, "第二步：出险经过");
  g_free (check->label);
  check->label = g_strdup ("已阅读并同意");
  check->kind = CG_KIND_CHECK;
  check->checkable = TRUE;
  ca_lens_show_control (lens, check, -1, -1, -1, -1);
  g_assert_null (line_text (lens, "ca-lens-problem"));
  g_assert_cmpstr (line_text (lens, "ca-lens-prompt"), ==, "第二步：出险经过");
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "☐ 未勾選");
  g_assert_cmpstr (line_text (lens, "ca-lens-state"), ==, "選填");
  check->checked = TRUE;
  ca_lens_set_language (lens, "zh_CN");
  ca_lens_show_control (lens, check, -1, -1, -1, -1);
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "☑ 已勾选");
  ca_lens_set_language (lens, "en");
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "☑ Checked");
  ca_lens_set_prompt (lens, NULL);
  g_assert_null (line_text (lens, "ca-lens-prompt"));

  /* Never an empty line: an empty field says so, dimmer but still 7:1. */
  g_free (empty->label);
  empty->label = g_strdup ("联系电话");
  empty->kind = CG_KIND_TEXT;
  empty->placeholder = g_strdup ("11 digits");
  ca_lens_show_control (lens, empty, -1, -1, -1, -1);
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "Empty (hint: 11 digits)");
  g_assert_cmpstr (line_text (lens, "ca-lens-state"), ==, "Optional");
  ca_lens_set_language (lens, "zh_CN");
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "空（提示：11 digits）");
  {
    GtkWidget *value = find_named (ca_lens_get_window (lens), "ca-lens-value");
    GdkRGBA colour;
    char hex[8];

    gtk_style_context_get_color (gtk_widget_get_style_context (value),
                                 gtk_widget_get_state_flags (value), &colour);
    g_snprintf (hex, sizeof hex, "#%02X%02X%02X", (int) (colour.red * 255 + 0.5),
                (int) (colour.green * 255 + 0.5), (int) (colour.blue * 255 + 0.5));
    g_test_message ("placeholder colour %s, contrast %.2f:1 on black", hex,
                    cg_contrast_ratio (hex, "#000000"));
    g_assert_cmpstr (hex, !=, "#FFFFFF");
    g_assert_cmpfloat (cg_contrast_ratio (hex, "#000000"), >=, 7.0);
  }
  ca_lens_set_value (lens, "1");
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "1");

  /* A password is never shown. */
  empty->kind = CG_KIND_PASSWORD;
  g_free (empty->value);
  empty->value = g_strdup ("pa55wörd");
  ca_lens_show_control (lens, empty, -1, -1, -1, -1);
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "●●●●●●●●");
  ca_lens_set_value (lens, "pa55wörd!");
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "●●●●●●●●●");

  /* No label: said, not left blank. */
  g_free (empty->label);
  empty->label = g_strdup ("");
  empty->kind = CG_KIND_TEXT;
  ca_lens_show_control (lens, empty, -1, -1, -1, -1);
  g_assert_cmpstr (line_text (lens, "ca-lens-label"), ==, "（没有名称）");
}

static void
on_size_allocate (GtkWidget *widget, GdkRectangle *allocation, gpointer data)
{
  GdkRectangle *last = data;

  (void) widget;
  if (allocation->width != last[0].width || allocation->height != last[0].height)
    {
      last[1].x++;  /* counts size changes */
      g_test_message ("lens resized from %dx%d to %dx%d", last[0].width, last[0].height,
                      allocation->width, allocation->height);
    }
  last[0] = *allocation;
}

static void
on_unmap (GtkWidget *widget, gpointer data)
{
  (void) widget;
  (*(int *) data)++;
}

static void
test_no_flicker (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  g_autoptr(CaControl) other = date_control ();
  GdkRectangle sizes[2] = { { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };
  GdkRectangle before, after;
  GtkWidget *window, *value;
  GdkWindow *gdk_window;
  int unmaps = 0;
  const char *typed = "2025-03-14 这是一段很长很长的说明文字，用来看输入很长的内容时镜头只显示最后输入的部分而不换行";
  const char *p;

  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  window = ca_lens_get_window (lens);
  wait_painted (window);
  gdk_window = gtk_widget_get_window (window);
  window_rect (window, &before);
  gtk_widget_get_allocation (window, &sizes[0]);
  g_signal_connect (window, "size-allocate", G_CALLBACK (on_size_allocate), sizes);
  g_signal_connect (window, "unmap", G_CALLBACK (on_unmap), &unmaps);

  /* Typing, one character at a time, far past the lens's width. */
  value = find_named (window, "ca-lens-value");
  ca_lens_set_value (lens, "");
  for (p = typed; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *so_far = g_strndup (typed, (gsize) (g_utf8_next_char (p) - typed));
      ca_lens_set_value (lens, so_far);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (value)), ==, so_far);
      wait_painted (window);
    }
  /* Too long to fit: the start is cut off, the end being typed is shown. */
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (value)), ==, PANGO_ELLIPSIZE_START);
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (value))));

  /* Moving between fields that need the same lines, in either script. */
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *v = g_strdup_printf ("2025-03-%02d", i + 1);
      g_free (other->value);
      other->value = g_strdup (v);
      g_free (other->label);
      other->label = g_strdup (i % 4 == 0 ? "Date of accident" : i % 2 ? "入院日期" : "出院日期");
      ca_lens_show_control (lens, i % 2 ? control : other, -1, -1, -1, -1);
      wait_painted (window);
    }

  window_rect (window, &after);
  g_assert_true (ca_lens_get_window (lens) == window);
  g_assert_true (gtk_widget_get_window (window) == gdk_window);
  g_assert_cmpint (unmaps, ==, 0);
  g_assert_cmpint (sizes[1].x, ==, 0);
  g_assert_cmpint (after.x, ==, before.x);
  g_assert_cmpint (after.y, ==, before.y);
  g_assert_cmpint (after.width, ==, before.width);
  g_assert_cmpint (after.height, ==, before.height);
}

/* Someone else destroys the window: the next control makes a new one. */
static void
test_window_destroyed (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(CaControl) control = date_control ();
  GtkWidget *window;
  GdkRectangle area, r;

  screen_area (&area);
  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  gtk_widget_destroy (ca_lens_get_window (lens));
  g_assert_null (ca_lens_get_window (lens));
  ca_lens_set_value (lens, "2025-03-15");
  ca_lens_set_problem (lens, "请填写出险日期");
  ca_lens_hide (lens);

  ca_lens_show_control (lens, control, -1, -1, -1, -1);
  window = ca_lens_get_window (lens);
  g_assert_nonnull (window);
  wait_painted (window);
  window_rect (window, &r);
  g_assert_cmpint (r.width, ==, area.width);
  g_assert_cmpint (ABS (r.y + r.height - (area.y + area.height)), <=, 3);
  g_assert_cmpstr (line_text (lens, "ca-lens-value"), ==, "2025-03-14");
}

static void
test_not_shown (void)
{
  g_autoptr(CaLens) lens = ca_lens_new ();
  g_autoptr(GError) error = NULL;

  /* Nothing to show yet: no window, and updates are harmless. */
  g_assert_null (ca_lens_get_window (lens));
  ca_lens_set_value (lens, "2025-03-14");
  ca_lens_set_problem (lens, "请填写出险日期");
  ca_lens_set_prompt (lens, "第一步");
  ca_lens_hide (lens);
  g_assert_null (ca_lens_get_window (lens));
  g_assert_false (ca_lens_save_png (lens, "/nonexistent/lens.png", &error));
  g_assert_error (error, CA_LENS_ERROR, CA_LENS_ERROR_NOT_SHOWN);
}

int
main (int argc, char **argv)
{
  /* The lens needs no accessibility bus or settings store here. */
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  if (!gtk_init_check (&argc, &argv))
    {
      printf ("Bail out! No X display (run under tools/desktop-session)\n");
      return 1;
    }

  g_test_add_func ("/lens/contrast-ratio", test_contrast_ratio);
  g_test_add_func ("/lens/not-shown", test_not_shown);
  g_test_add_func ("/lens/refusals", test_refusals);
  g_test_add_func ("/lens/screenshot", test_screenshot);
  g_test_add_func ("/lens/focus", test_focus);
  g_test_add_func ("/lens/click-through", test_click_through);
  g_test_add_func ("/lens/docked-bottom", test_docked_bottom);
  g_test_add_func ("/lens/beside", test_beside);
  g_test_add_func ("/lens/language", test_language);
  g_test_add_func ("/lens/no-flicker", test_no_flicker);
  g_test_add_func ("/lens/window-destroyed", test_window_destroyed);
  return g_test_run ();
}
