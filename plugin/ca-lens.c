/* ca-lens.c: the lens, the focused control in large type.
 *
 * One window per lens, made on the first ca_lens_show_control and kept until
 * the lens is finalized: a focus change or a key typed only relabels
 * (gtk_label_set_text on the lines whose text changed), and the window is
 * moved or resized only when its lines need a different height.
 *
 * The window never takes the keyboard focus.  It is a GTK_WINDOW_POPUP
 * (override-redirect on X11: no window manager gives it focus, and with none
 * at all nothing does), it asks for no focus anyway (accept-focus and
 * focus-on-map off, a notification type hint), it is never presented (only
 * shown, which on X11 maps without XSetInputFocus), and its input shape is
 * empty, so clicks on it reach the window underneath.
 *
 * Lines, top to bottom, each a GtkLabel with a widget name tests can find:
 *   ca-lens-label    the field's label                    TextSize pt
 *   ca-lens-value    the value as typed (or "Empty")      TextSize pt, bold,
 *                    one line, ellipsized at the start: the end being typed
 *                    stays in view
 *   ca-lens-state    "✱ Required · ⚠ Needs fixing"         3/4 of it, >= 24 pt
 *   ca-lens-problem  "⚠ problem", in an inverse box         same
 *   ca-lens-prompt   the step's prompt                     same
 * State is always in words with a symbol, never colour alone.  A check box or
 * radio with no value of its own shows "☑ Checked" / "☐ Not checked" as its
 * value; a password shows one "●" per character.
 *
 * Colours and sizes are a CSS provider for the screen whose rules all sit
 * under a class of this lens's own (".ca-lens-<address>"), sizes in pt.
 */
#include "ca-lens.h"
#include "cg-colour.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (ca-lens-error-quark, ca_lens_error)

#define MIN_TEXT_PT     30.0  /* the field's text, never under this */
#define MAX_TEXT_PT     200.0 /* over this the lens no longer fits a screen */
#define MIN_SMALL_PT    24.0  /* state, problem and prompt lines */
#define SMALL_RATIO     0.75
#define MIN_CONTRAST    7.0
/* MIIT's age-friendly rules want line spacing of at least 1.3.  A line of
 * DejaVu Sans is 1.2 em high, of WenQuanYi Zen Hei 1.29 em (measured, Debian
 * 12): wrapped lines are spaced a tenth more than the font's own height. */
#define LINE_SPACING    1.1
#define BESIDE_GAP_PX   8     /* between the control and a lens beside it */
#define BESIDE_FRACTION 0.6   /* a lens beside a control: this much of the monitor's width */
#define DRAW_WAIT_MS    3000  /* ca_lens_save_png waits this long for a paint */

/* The lens's own words.  yue uses Traditional characters. */
typedef struct {
  const char *language;
  const char *required;
  const char *optional;
  const char *checked;
  const char *not_checked;
  const char *needs_fixing;
  const char *empty;
  const char *hint_open;   /* "Empty (hint: " placeholder ")" */
  const char *hint_close;
  const char *no_label;
  const char *button;
  const char *link;
  const char *helper_says; /* before a helper's words (Helper1.Said) */
} CaLensWords;

static const CaLensWords lens_words[] = {
  { "zh_CN", "必填", "选填", "已勾选", "未勾选", "有错误", "空", "（提示：", "）",
    "（没有名称）", "按钮", "链接", "您的帮手说：" },
  { "yue", "必填", "選填", "已勾選", "未勾選", "有錯誤", "空", "（提示：", "）",
    "（冇名稱）", "按鈕", "連結", "您的幫手說：" },
  { "en", "Required", "Optional", "Checked", "Not checked", "Needs fixing", "Empty",
    " (hint: ", ")", "(no name)", "Button", "Link", "Your helper says: " },
};

#define SYMBOL_REQUIRED    "✱ "
#define SYMBOL_PROBLEM     "⚠ "
#define SYMBOL_CHECKED     "☑ "
#define SYMBOL_NOT_CHECKED "☐ "
#define SYMBOL_MASK        "●"
#define STATE_SEPARATOR    "  ·  "

struct _CaLens {
  GObject parent_instance;

  /* Style (always valid: checked by ca_lens_set_style). */
  double text_size;
  char foreground[8];
  char background[8];
  char dim[8];              /* the placeholder's colour: dimmer, still >= 7:1 */
  CaLensPosition position;
  const CaLensWords *words;

  /* What is shown. */
  CaControl *control;       /* NULL before the first show */
  char *problem;
  char *prompt;
  int x, y, width, height;  /* the control's extents, -1 when unknown */

  /* The window, made on the first show; NULL before, and if someone destroys it. */
  GtkWidget *window;
  GtkWidget *label_line;
  GtkWidget *value_line;
  GtkWidget *state_line;
  GtkWidget *problem_line;
  GtkWidget *prompt_line;
  GtkCssProvider *css;
  GdkScreen *css_screen;    /* where css is installed */
  char *css_class;
  GdkRectangle placed;      /* the geometry last asked for; width 0 when none */
  GdkFrameClock *clock;     /* the window's, while it is realized */
  gulong layout_handler;
  gboolean restyled;        /* a line's style changed: its size is known after layout */
  gboolean drawn;           /* set by each paint, for ca_lens_save_png */
};

G_DEFINE_FINAL_TYPE (CaLens, ca_lens, G_TYPE_OBJECT)

/* ---- Colours ---- */

/* The foreground moved towards the background as far as 7:1 still allows
 * (at most 30%): for the placeholder and "Empty", which are told apart by
 * their words too. */
static void
make_dim_colour (const char *fg, const char *bg, char out[8])
{
  guint8 f[3], b[3], m[3];

  g_strlcpy (out, fg, 8);
  if (!cg_colour_parse (fg, f) || !cg_colour_parse (bg, b))
    return;
  for (int step = 6; step > 0; step--)
    {
      double t = step * 0.05;  /* share of the background */
      for (int i = 0; i < 3; i++)
        m[i] = (guint8) (f[i] * (1.0 - t) + b[i] * t + 0.5);
      if (cg_contrast_ratio_rgb (m, b) >= MIN_CONTRAST)
        {
          g_snprintf (out, 8, "#%02X%02X%02X", m[0], m[1], m[2]);
          return;
        }
    }
}

/* ---- Sizes and CSS ---- */

static double
small_size (double text_size)
{
  return MAX (MIN_SMALL_PT, text_size * SMALL_RATIO);
}

/* "32.5pt", whatever the locale's decimal mark. */
static void
format_pt (double pt, char out[G_ASCII_DTOSTR_BUF_SIZE])
{
  g_ascii_formatd (out, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", pt);
}

static char *
build_css (CaLens *self)
{
  char big[G_ASCII_DTOSTR_BUF_SIZE], small[G_ASCII_DTOSTR_BUF_SIZE];
  const char *c = self->css_class, *fg = self->foreground, *bg = self->background;

  format_pt (self->text_size, big);
  format_pt (small_size (self->text_size), small);
  /* The colours were checked to be "#RRGGBB": nothing else can reach the CSS. */
  return g_strdup_printf (
      ".%s, .%s * { background-image: none; box-shadow: none; text-shadow: none;"
      " -gtk-icon-shadow: none; opacity: 1; }\n"
      ".%s { background-color: %s; color: %s; border: none; border-top: 3px solid %s; }\n"
      ".%s .ca-body { padding: 8px 24px 12px 24px; }\n"
      ".%s label { color: %s; background-color: transparent; }\n"
      ".%s label.ca-label { font-size: %spt; font-weight: normal; }\n"
      ".%s label.ca-value { font-size: %spt; font-weight: bold; }\n"
      ".%s label.ca-dim { color: %s; font-weight: normal; }\n"
      ".%s label.ca-state, .%s label.ca-prompt { font-size: %spt; }\n"
      ".%s label.ca-problem { font-size: %spt; color: %s; background-color: %s;"
      " border: 2px solid %s; padding: 2px 12px; }\n",
      c, c,
      c, bg, fg, fg,
      c,
      c, fg,
      c, big,
      c, big,
      c, self->dim,
      c, c, small,
      c, small, bg, fg, fg);
}

static void
load_css (CaLens *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *css = NULL;

  if (self->css == NULL)
    return;
  css = build_css (self);
  if (!gtk_css_provider_load_from_data (self->css, css, -1, &error))
    g_warning ("The lens's style was not taken: %s", error->message);
}

/* ---- Text of each line ---- */

/* Text from an application, made safe for a GtkLabel. */
static char *
valid_text (const char *s)
{
  if (s == NULL)
    return g_strdup ("");
  return g_utf8_make_valid (s, -1);
}

static char *
label_text (CaLens *self, gboolean *dim)
{
  const CaControl *c = self->control;

  *dim = c->label == NULL || *c->label == '\0';
  return *dim ? g_strdup (self->words->no_label) : valid_text (c->label);
}

static char *
value_text (CaLens *self, gboolean *dim)
{
  const CaControl *c = self->control;
  const CaLensWords *w = self->words;

  *dim = FALSE;
  if (c->value != NULL && *c->value != '\0')
    {
      if (c->kind == CG_KIND_PASSWORD)
        {
          g_autofree char *value = valid_text (c->value);
          glong n = g_utf8_strlen (value, -1);
          GString *mask = g_string_sized_new ((gsize) n * strlen (SYMBOL_MASK));
          for (glong i = 0; i < n; i++)
            g_string_append (mask, SYMBOL_MASK);
          return g_string_free (mask, FALSE);
        }
      return valid_text (c->value);
    }
  if (c->checkable)
    return g_strconcat (c->checked ? SYMBOL_CHECKED : SYMBOL_NOT_CHECKED,
                        c->checked ? w->checked : w->not_checked, NULL);
  *dim = TRUE;
  if (c->kind == CG_KIND_BUTTON)
    return g_strdup (w->button);
  if (c->kind == CG_KIND_LINK)
    return g_strdup (w->link);
  if (c->placeholder != NULL && *c->placeholder != '\0')
    {
      g_autofree char *placeholder = valid_text (c->placeholder);
      return g_strconcat (w->empty, w->hint_open, placeholder, w->hint_close, NULL);
    }
  return g_strdup (w->empty);
}

/* The problem shown: the one set by the guide, else the app's own message. */
static const char *
problem_of (CaLens *self)
{
  if (self->problem != NULL)
    return self->problem;
  if (self->control->invalid && self->control->error != NULL && *self->control->error != '\0')
    return self->control->error;
  return NULL;
}

static char *
state_text (CaLens *self)
{
  const CaControl *c = self->control;
  const CaLensWords *w = self->words;
  GString *s = g_string_new (NULL);

  if (c->kind != CG_KIND_BUTTON && c->kind != CG_KIND_LINK)
    {
      if (c->required)
        g_string_append_printf (s, "%s%s", SYMBOL_REQUIRED, w->required);
      else
        g_string_append (s, w->optional);
    }
  /* A checkable with no value of its own says checked or not on its value line. */
  if (c->checkable && c->value != NULL && *c->value != '\0')
    g_string_append_printf (s, "%s%s%s", s->len > 0 ? STATE_SEPARATOR : "",
                            c->checked ? SYMBOL_CHECKED : SYMBOL_NOT_CHECKED,
                            c->checked ? w->checked : w->not_checked);
  if (c->invalid || problem_of (self) != NULL)
    g_string_append_printf (s, "%s%s%s", s->len > 0 ? STATE_SEPARATOR : "",
                            SYMBOL_PROBLEM, w->needs_fixing);
  return g_string_free (s, FALSE);
}

/* ---- Window ---- */

static void
set_line (GtkWidget *line, const char *text, gboolean dim)
{
  GtkStyleContext *style = gtk_widget_get_style_context (line);
  gboolean visible = text != NULL;

  if (visible && g_strcmp0 (gtk_label_get_text (GTK_LABEL (line)), text) != 0)
    gtk_label_set_text (GTK_LABEL (line), text);
  if (gtk_style_context_has_class (style, "ca-dim") != dim)
    {
      if (dim)
        gtk_style_context_add_class (style, "ca-dim");
      else
        gtk_style_context_remove_class (style, "ca-dim");
    }
  if (gtk_widget_get_visible (line) != visible)
    gtk_widget_set_visible (line, visible);
}

static void update_geometry (CaLens *self);

/* Latin and Han have lines of different heights here (DejaVu Sans 1.2 em,
 * WenQuanYi Zen Hei 1.29 em): each line is made as high as the tallest, so
 * that typing "2025" then "年" or moving from an English label to a Chinese one
 * does not change the lens's height. */
static void
fit_line_height (GtkWidget *line)
{
  /* Which script comes first moves the baseline a little: try both orders. */
  static const char *const probes[] = { "Ag0出險⚠●", "0出險Ag⚠●", "出險Ag0⚠●" };
  PangoAttrList *attrs = gtk_label_get_attributes (GTK_LABEL (line));
  GtkStyleContext *style = gtk_widget_get_style_context (line);
  GtkStateFlags state = gtk_style_context_get_state (style);
  GtkBorder padding, border;
  int height = 0, old_height;

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (line, probes[i]);
      int h;

      if (attrs != NULL)
        pango_layout_set_attributes (layout, attrs);
      pango_layout_get_size (layout, NULL, &h);
      height = MAX (height, PANGO_PIXELS_CEIL (h));
      g_object_unref (layout);
    }
  gtk_style_context_get_padding (style, state, &padding);
  gtk_style_context_get_border (style, state, &border);
  height += padding.top + padding.bottom + border.top + border.bottom;
  gtk_widget_get_size_request (line, NULL, &old_height);
  if (height != old_height)
    gtk_widget_set_size_request (line, -1, height);
}

/* A new style (the profile's sizes, or the desktop's DPI or fonts) reaches the
 * lines in the frame's layout phase, and only then are their sizes known:
 * the window is fitted again at the end of that phase, before it is painted. */
static void
on_line_style_updated (GtkWidget *line, gpointer data)
{
  CaLens *self = data;

  fit_line_height (line);
  self->restyled = TRUE;
  if (self->clock != NULL)
    gdk_frame_clock_request_phase (self->clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

static void
on_layout_done (GdkFrameClock *clock, gpointer data)
{
  CaLens *self = data;

  (void) clock;
  if (!self->restyled)
    return;
  self->restyled = FALSE;
  update_geometry (self);
}

static void
forget_clock (CaLens *self)
{
  if (self->clock == NULL)
    return;
  g_signal_handler_disconnect (self->clock, self->layout_handler);
  self->layout_handler = 0;
  g_clear_object (&self->clock);
}

static void
on_window_realize (GtkWidget *window, gpointer data)
{
  CaLens *self = data;

  forget_clock (self);
  self->clock = gtk_widget_get_frame_clock (window);
  if (self->clock == NULL)
    return;
  g_object_ref (self->clock);
  /* After GTK's own handler, which restyles and sizes the widgets. */
  self->layout_handler = g_signal_connect_after (self->clock, "layout",
                                                 G_CALLBACK (on_layout_done), self);
}

/* Clicks go through the lens to whatever is underneath: an empty input shape.
 * GTK 3.24 on X11 loses a shape set before the window is mapped (measured:
 * the server has the whole window as input after the map), so it is set
 * again each time the window is mapped. */
static void
on_window_mapped (GtkWidget *window, gpointer data)
{
  cairo_region_t *nowhere = cairo_region_create ();

  (void) data;
  gtk_widget_input_shape_combine_region (window, nowhere);
  cairo_region_destroy (nowhere);
}

static void
on_window_unrealize (GtkWidget *window, gpointer data)
{
  (void) window;
  forget_clock (data);
}

static GtkWidget *
new_line (CaLens *lens, GtkWidget *box, const char *name, const char *css_class, int lines,
          PangoEllipsizeMode ellipsize)
{
  GtkWidget *line = gtk_label_new ("");
  GtkLabel *label = GTK_LABEL (line);

  gtk_widget_set_name (line, name);
  gtk_style_context_add_class (gtk_widget_get_style_context (line), css_class);
  gtk_label_set_xalign (label, 0.0);
  gtk_widget_set_halign (line, GTK_ALIGN_START);
  gtk_label_set_ellipsize (label, ellipsize);
  if (lines > 1)
    {
      gtk_label_set_line_wrap (label, TRUE);
      gtk_label_set_line_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (label, lines);
#if PANGO_VERSION_CHECK(1, 50, 0)
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_line_height_new (LINE_SPACING));
      gtk_label_set_attributes (label, attrs);
      pango_attr_list_unref (attrs);
#endif
    }
  else
    gtk_label_set_single_line_mode (label, TRUE);
  gtk_widget_set_can_focus (line, FALSE);
  g_signal_connect (line, "style-updated", G_CALLBACK (on_line_style_updated), lens);
  gtk_box_pack_start (GTK_BOX (box), line, FALSE, FALSE, 0);
  gtk_widget_show (line);
  return line;
}

static void
on_window_destroy (GtkWidget *window, gpointer data)
{
  CaLens *self = data;

  (void) window;
  self->window = NULL;
  self->label_line = self->value_line = self->state_line = NULL;
  self->problem_line = self->prompt_line = NULL;
  self->placed.width = 0;
}

/* A paint counts for ca_lens_save_png once it fills the window as placed:
 * just after a move and resize, GTK may still paint at the old size. */
static gboolean
on_window_drawn (GtkWidget *window, cairo_t *cr, gpointer data)
{
  CaLens *self = data;
  GdkWindow *gdk_window = gtk_widget_get_window (window);
  GtkAllocation allocation;

  (void) cr;
  gtk_widget_get_allocation (window, &allocation);
  if (gdk_window != NULL && allocation.width == gdk_window_get_width (gdk_window)
      && allocation.height == gdk_window_get_height (gdk_window))
    self->drawn = TRUE;
  return FALSE;
}

static void
remove_css (CaLens *self)
{
  if (self->css != NULL && self->css_screen != NULL)
    gtk_style_context_remove_provider_for_screen (self->css_screen,
                                                  GTK_STYLE_PROVIDER (self->css));
  g_clear_object (&self->css);
  g_clear_object (&self->css_screen);
}

static void
create_window (CaLens *self)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_POPUP);
  GtkWindow *w = GTK_WINDOW (window);
  GtkWidget *box;
  GdkScreen *screen;

  gtk_window_set_title (w, "claimguide lens");
  gtk_window_set_type_hint (w, GDK_WINDOW_TYPE_HINT_NOTIFICATION);
  gtk_window_set_accept_focus (w, FALSE);
  gtk_window_set_focus_on_map (w, FALSE);
  gtk_window_set_keep_above (w, TRUE);
  gtk_window_set_skip_taskbar_hint (w, TRUE);
  gtk_window_set_skip_pager_hint (w, TRUE);
  gtk_window_set_decorated (w, FALSE);
  gtk_widget_set_can_focus (window, FALSE);

  gtk_style_context_add_class (gtk_widget_get_style_context (window), self->css_class);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_style_context_add_class (gtk_widget_get_style_context (box), "ca-body");
  gtk_container_add (GTK_CONTAINER (window), box);
  gtk_widget_show (box);

  self->label_line = new_line (self, box, "ca-lens-label", "ca-label", 2, PANGO_ELLIPSIZE_END);
  self->value_line = new_line (self, box, "ca-lens-value", "ca-value", 1, PANGO_ELLIPSIZE_START);
  self->state_line = new_line (self, box, "ca-lens-state", "ca-state", 2, PANGO_ELLIPSIZE_END);
  self->problem_line = new_line (self, box, "ca-lens-problem", "ca-problem", 3, PANGO_ELLIPSIZE_END);
  self->prompt_line = new_line (self, box, "ca-lens-prompt", "ca-prompt", 2, PANGO_ELLIPSIZE_END);

  screen = gtk_widget_get_screen (window);
  if (self->css != NULL && self->css_screen != screen)
    remove_css (self);
  if (self->css == NULL)  /* kept if the window was destroyed and is made again */
    {
      self->css = gtk_css_provider_new ();
      self->css_screen = g_object_ref (screen);
      /* Above the user's own gtk.css too: the profile is this person's choice
       * for this window, and its contrast was checked. */
      gtk_style_context_add_provider_for_screen (screen, GTK_STYLE_PROVIDER (self->css),
                                                 GTK_STYLE_PROVIDER_PRIORITY_USER + 1);
      load_css (self);
    }

  g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), self);
  g_signal_connect (window, "unrealize", G_CALLBACK (on_window_unrealize), self);
  g_signal_connect_after (window, "map", G_CALLBACK (on_window_mapped), self);
  g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroy), self);
  g_signal_connect_after (window, "draw", G_CALLBACK (on_window_drawn), self);
  self->window = window;
  self->placed.width = 0;
}

static gboolean
extents_known (CaLens *self)
{
  return self->width > 0 && self->height > 0 && self->x != -1 && self->y != -1;
}

static void
get_workarea (CaLens *self, GdkRectangle *area)
{
  GdkDisplay *display = gtk_widget_get_display (self->window);
  GdkMonitor *monitor = NULL;

  if (extents_known (self))
    monitor = gdk_display_get_monitor_at_point (display, self->x + self->width / 2,
                                                self->y + self->height / 2);
  if (monitor == NULL)
    monitor = gdk_display_get_primary_monitor (display);
  if (monitor == NULL && gdk_display_get_n_monitors (display) > 0)
    monitor = gdk_display_get_monitor (display, 0);
  if (monitor != NULL)
    {
      gdk_monitor_get_workarea (monitor, area);
      return;
    }
  {
    GdkWindow *root = gdk_screen_get_root_window (gtk_widget_get_screen (self->window));
    area->x = area->y = 0;
    area->width = gdk_window_get_width (root);
    area->height = gdk_window_get_height (root);
  }
}

/* Where the window goes for what it shows now; moves and resizes it only
 * when that changed. */
static void
update_geometry (CaLens *self)
{
  GdkRectangle area, want;
  int min_h = 0, nat_h = 0;

  if (self->window == NULL)
    return;
  get_workarea (self, &area);
  if (self->position == CA_LENS_BESIDE && extents_known (self))
    want.width = CLAMP (MAX (self->width, (int) (area.width * BESIDE_FRACTION)), 1, area.width);
  else
    want.width = area.width;

  /* Everything is laid out for this width: without a width request, GTK would
   * size the window's height for its narrowest width, where every line wraps. */
  gtk_widget_set_size_request (self->window, want.width, -1);
  gtk_widget_get_preferred_height_for_width (self->window, want.width, &min_h, &nat_h);
  want.height = MIN (MAX (min_h, nat_h), area.height);

  if (self->position == CA_LENS_BESIDE && extents_known (self))
    {
      int below = self->y + self->height + BESIDE_GAP_PX;
      int above = self->y - BESIDE_GAP_PX - want.height;
      int bottom = area.y + area.height;

      want.x = CLAMP (self->x, area.x, area.x + area.width - want.width);
      if (below + want.height <= bottom)
        want.y = below;
      else if (above >= area.y)
        want.y = above;
      else  /* fits on neither side: the side with more room, kept on the monitor */
        want.y = bottom - below >= self->y - area.y ? bottom - want.height : area.y;
    }
  else
    {
      want.x = area.x;
      want.y = area.y + area.height - want.height;
    }

  if (self->placed.width > 0 && gdk_rectangle_equal (&want, &self->placed))
    return;
  self->placed = want;
  gtk_window_resize (GTK_WINDOW (self->window), want.width, want.height);
  if (gtk_widget_get_mapped (self->window))
    /* On screen, gtk_window_move moves at once and the size follows at the
     * next frame: a frame with the lens off its place.  Both at once instead;
     * GTK takes the new size from the server's reply. */
    gdk_window_move_resize (gtk_widget_get_window (self->window), want.x, want.y,
                            want.width, want.height);
  else
    gtk_window_move (GTK_WINDOW (self->window), want.x, want.y);
}

/* Relabel every line from what the lens knows, then fit the window. */
static void
refresh (CaLens *self)
{
  g_autofree char *label = NULL, *value = NULL, *state = NULL, *problem = NULL;
  gboolean label_dim, value_dim;
  const char *p;

  if (self->window == NULL || self->control == NULL)
    return;
  label = label_text (self, &label_dim);
  value = value_text (self, &value_dim);
  state = state_text (self);
  p = problem_of (self);
  if (p != NULL)
    {
      g_autofree char *valid = valid_text (p);
      problem = g_strconcat (SYMBOL_PROBLEM, valid, NULL);
    }

  set_line (self->label_line, label, label_dim);
  set_line (self->value_line, value, value_dim);
  set_line (self->state_line, *state != '\0' ? state : NULL, FALSE);
  set_line (self->problem_line, problem, FALSE);
  if (self->prompt != NULL)
    {
      g_autofree char *prompt = valid_text (self->prompt);
      set_line (self->prompt_line, prompt, FALSE);
    }
  else
    set_line (self->prompt_line, NULL, FALSE);
  update_geometry (self);
}

/* ---- Public ---- */

CaLens *
ca_lens_new (void)
{
  return g_object_new (CA_TYPE_LENS, NULL);
}

gboolean
ca_lens_set_style (CaLens *self, double text_size_pt, const char *foreground,
                   const char *background, CaLensPosition position, GError **error)
{
  guint8 fg[3], bg[3];
  double ratio;

  g_return_val_if_fail (CA_IS_LENS (self), FALSE);
  g_return_val_if_fail (position == CA_LENS_BOTTOM || position == CA_LENS_BESIDE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text_size_pt >= MIN_TEXT_PT && text_size_pt <= MAX_TEXT_PT))
    {
      g_set_error (error, CA_LENS_ERROR, CA_LENS_ERROR_TEXT_SIZE,
                   "The lens text size must be from %g to %g points, not %g",
                   MIN_TEXT_PT, MAX_TEXT_PT, text_size_pt);
      return FALSE;
    }
  if (!cg_colour_parse (foreground, fg) || !cg_colour_parse (background, bg))
    {
      g_set_error (error, CA_LENS_ERROR, CA_LENS_ERROR_COLOUR,
                   "The lens colours must be written #RRGGBB, not “%s” and “%s”",
                   foreground ? foreground : "(none)", background ? background : "(none)");
      return FALSE;
    }
  ratio = cg_contrast_ratio_rgb (fg, bg);
  if (ratio < MIN_CONTRAST)
    {
      g_set_error (error, CA_LENS_ERROR, CA_LENS_ERROR_CONTRAST,
                   "The lens colours %s on %s have a contrast of %.2f:1, under %g:1",
                   foreground, background, ratio, MIN_CONTRAST);
      return FALSE;
    }

  self->text_size = text_size_pt;
  g_snprintf (self->foreground, sizeof self->foreground, "#%02X%02X%02X", fg[0], fg[1], fg[2]);
  g_snprintf (self->background, sizeof self->background, "#%02X%02X%02X", bg[0], bg[1], bg[2]);
  make_dim_colour (self->foreground, self->background, self->dim);
  self->position = position;
  load_css (self);
  refresh (self);
  return TRUE;
}

void
ca_lens_set_language (CaLens *self, const char *language)
{
  const CaLensWords *words = &lens_words[G_N_ELEMENTS (lens_words) - 1];  /* en */

  g_return_if_fail (CA_IS_LENS (self));

  if (language == NULL || g_str_has_prefix (language, "zh_CN") || g_str_has_prefix (language, "zh_SG")
      || strcmp (language, "zh") == 0 || g_str_has_prefix (language, "cmn"))
    words = &lens_words[0];
  else if (g_str_has_prefix (language, "yue") || g_str_has_prefix (language, "zh_HK")
           || g_str_has_prefix (language, "zh_MO") || g_str_has_prefix (language, "zh_TW"))
    words = &lens_words[1];
  if (words == self->words)
    return;
  self->words = words;
  refresh (self);
}

void
ca_lens_show_control (CaLens *self, const CaControl *control, int x, int y, int width, int height)
{
  g_return_if_fail (CA_IS_LENS (self));
  g_return_if_fail (control != NULL);

  if (self->control == NULL || !ca_control_equal (self->control, control))
    {
      ca_control_free (self->control);
      self->control = ca_control_copy (control);
    }
  /* A problem belongs to the field it was set for; the prompt, to the step. */
  g_clear_pointer (&self->problem, g_free);
  self->x = x;
  self->y = y;
  self->width = width;
  self->height = height;

  if (self->window == NULL)
    create_window (self);
  refresh (self);
  if (!gtk_widget_get_visible (self->window))
    gtk_widget_show (self->window);
  else if (gtk_widget_get_realized (self->window))
    gdk_window_raise (gtk_widget_get_window (self->window));  /* above a window raised since */
}

void
ca_lens_set_value (CaLens *self, const char *value)
{
  g_autofree char *text = NULL;
  gboolean dim;

  g_return_if_fail (CA_IS_LENS (self));

  if (self->control == NULL || g_strcmp0 (self->control->value, value ? value : "") == 0)
    return;
  g_free (self->control->value);
  self->control->value = g_strdup (value ? value : "");
  if (self->window == NULL)
    return;
  if (self->control->checkable)
    {
      refresh (self);  /* the checked words move between the value and state lines */
      return;
    }
  /* One line, ellipsized: the height cannot change, so only relabel. */
  text = value_text (self, &dim);
  set_line (self->value_line, text, dim);
}

void
ca_lens_set_problem (CaLens *self, const char *problem)
{
  g_return_if_fail (CA_IS_LENS (self));

  if (problem != NULL && *problem == '\0')
    problem = NULL;
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  refresh (self);
}

void
ca_lens_set_prompt (CaLens *self, const char *prompt)
{
  g_return_if_fail (CA_IS_LENS (self));

  if (prompt != NULL && *prompt == '\0')
    prompt = NULL;
  if (g_strcmp0 (self->prompt, prompt) == 0)
    return;
  g_free (self->prompt);
  self->prompt = g_strdup (prompt);
  refresh (self);
}

void
ca_lens_show_helper_words (CaLens *self, const char *text)
{
  g_autofree char *line = NULL;

  g_return_if_fail (CA_IS_LENS (self));
  line = g_strconcat (self->words->helper_says, text, NULL);
  ca_lens_set_prompt (self, line);
  if (self->window != NULL && self->control != NULL)
    gtk_widget_show (self->window);
}

void
ca_lens_hide (CaLens *self)
{
  g_return_if_fail (CA_IS_LENS (self));

  if (self->window != NULL)
    {
      gtk_widget_hide (self->window);
      self->placed.width = 0;  /* placed again, through GTK, before it is shown */
    }
}

GtkWidget *
ca_lens_get_window (CaLens *self)
{
  g_return_val_if_fail (CA_IS_LENS (self), NULL);
  return self->window;
}

double
ca_lens_get_value_size (CaLens *self)
{
  g_return_val_if_fail (CA_IS_LENS (self), 0.0);
  return self->text_size;
}

double
ca_lens_get_label_size (CaLens *self)
{
  g_return_val_if_fail (CA_IS_LENS (self), 0.0);
  return self->text_size;
}

static gboolean
on_draw_wait_over (gpointer data)
{
  gboolean *over = data;

  *over = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default main context until the window has painted what it shows
 * now (or DRAW_WAIT_MS pass), then waits for the X server to have it.  Other
 * sources of the default context (the caller's own events) may run meanwhile. */
static void
wait_for_paint (CaLens *self)
{
  gboolean over = FALSE;
  guint timeout;

  self->drawn = FALSE;
  gtk_widget_queue_draw (self->window);
  timeout = g_timeout_add (DRAW_WAIT_MS, on_draw_wait_over, &over);
  while (!self->drawn && !over && self->window != NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!over)
    g_source_remove (timeout);
  if (self->window != NULL)
    gdk_display_sync (gtk_widget_get_display (self->window));
}

gboolean
ca_lens_save_png (CaLens *self, const char *path, GError **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GdkWindow *window;

  g_return_val_if_fail (CA_IS_LENS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->window == NULL || !gtk_widget_get_mapped (self->window))
    {
      g_set_error_literal (error, CA_LENS_ERROR, CA_LENS_ERROR_NOT_SHOWN,
                           "The lens is not on screen");
      return FALSE;
    }
  wait_for_paint (self);
  if (self->window == NULL || !gtk_widget_get_mapped (self->window))
    {
      g_set_error_literal (error, CA_LENS_ERROR, CA_LENS_ERROR_NOT_SHOWN,
                           "The lens went off screen before it could be read");
      return FALSE;
    }
  window = gtk_widget_get_window (self->window);
  pixbuf = gdk_pixbuf_get_from_window (window, 0, 0, gdk_window_get_width (window),
                                       gdk_window_get_height (window));
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, CA_LENS_ERROR, CA_LENS_ERROR_FAILED,
                           "The lens window could not be read back");
      return FALSE;
    }
  return gdk_pixbuf_save (pixbuf, path, "png", error, NULL);
}

/* ---- GObject ---- */

static void
ca_lens_dispose (GObject *object)
{
  CaLens *self = CA_LENS (object);

  forget_clock (self);
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->window, self);
      if (self->label_line != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->label_line, self);
          g_signal_handlers_disconnect_by_data (self->value_line, self);
          g_signal_handlers_disconnect_by_data (self->state_line, self);
          g_signal_handlers_disconnect_by_data (self->problem_line, self);
          g_signal_handlers_disconnect_by_data (self->prompt_line, self);
        }
      gtk_widget_destroy (self->window);
      on_window_destroy (NULL, self);
    }
  remove_css (self);
  G_OBJECT_CLASS (ca_lens_parent_class)->dispose (object);
}

static void
ca_lens_finalize (GObject *object)
{
  CaLens *self = CA_LENS (object);

  ca_control_free (self->control);
  g_free (self->problem);
  g_free (self->prompt);
  g_free (self->css_class);
  G_OBJECT_CLASS (ca_lens_parent_class)->finalize (object);
}

static void
ca_lens_class_init (CaLensClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_lens_dispose;
  object_class->finalize = ca_lens_finalize;
}

static void
ca_lens_init (CaLens *self)
{
  self->text_size = 32.0;
  g_strlcpy (self->foreground, "#FFFFFF", sizeof self->foreground);
  g_strlcpy (self->background, "#000000", sizeof self->background);
  make_dim_colour (self->foreground, self->background, self->dim);
  self->position = CA_LENS_BOTTOM;
  self->words = &lens_words[0];
  self->x = self->y = self->width = self->height = -1;
  /* Unique while this lens lives, which is as long as its rules are installed. */
  self->css_class = g_strdup_printf ("ca-lens-%" G_GINTPTR_MODIFIER "x", (guintptr) self);
}
