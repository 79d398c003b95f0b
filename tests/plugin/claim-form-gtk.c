/* An accident insurance claim form as an insurer's GTK 3 desktop app would show
 * it, for the plugin's end-to-end tests, the benchmarks and the demo.
 *
 *   claim-form-gtk [--lang zh_CN|en] [--not-a-claim] [--title TEXT]
 *                  [--fields N] [--hang-after-focus INDEX]
 *
 * The controls, in Tab order (INDEX counts from 0 over this list):
 *    0 claim type (combo)        6 accident cause (combo)   12 bank card number
 *    1 name                      7 admission date           13 account holder
 *    2 ID number                 8 discharge date           14-16 document check boxes
 *                                                           17 Send
 *    3 phone                     9 hospital name
 *    4 accident date            10 hospital level (combo)
 *    5 accident place           11 beneficiary name
 * --not-a-claim shows a library membership form instead: 0 name, 1 phone,
 * 2 address, 3 favourite subjects (combo), 4 newsletter (check box), 5 Submit.
 * --fields N keeps the first N fields; the Send button is always there.
 *
 * Each entry and combo box is the mnemonic widget of its label, so AT-SPI
 * shows a LABELLED_BY relation (GTK 3 gives the entry no name of its own).
 * Required fields say so twice: a trailing " *" on the label, and the AT-SPI
 * REQUIRED state, which GTK 3 has no API for: the entries and combo boxes
 * here are small subclasses whose accessibles add ATK_STATE_REQUIRED.
 *
 * What AT-SPI sees (GTK 3.24): an entry is role "text" with an empty name,
 * LABELLED_BY its label (whose name ends in " *" when required), REQUIRED when
 * required, and "placeholder-text" as an attribute.  A combo box is role "combo
 * box", named after its active item (empty until one is chosen), LABELLED_BY
 * and REQUIRED likewise, but not FOCUSABLE: the keyboard focus, and so the
 * focus event, goes to a nameless "toggle button" inside it, whose parent is a
 * "filler" whose parent is the combo box (the combo box does not list the
 * filler among its children).  Check boxes and Send are named by their text.
 * GtkGrid lists its children last row first: order by position.
 *
 * Pressing Send adds " · sent N" to the window's title (N: how many times).
 *
 * No field has focus when the window appears, so the first Tab lands on
 * field 0, as on a web page.  Once the window is mapped, the only line this
 * program prints on stdout is "ready <X window id in decimal>".
 *
 * --hang-after-focus INDEX: once the control INDEX has the keyboard focus
 * (with the window active: Tab, or a click), the process stops itself with
 * SIGSTOP when a client first asks the control's name (a combo box: as soon
 * as the focus event is out): an app that stops answering while read.  SIGCONT wakes it up; a stopped process only dies of SIGKILL, or of
 * SIGTERM once it is continued.
 *
 * Every name, number and place shown or implied here is made up. */
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L  /* kill () under -std=c11 */
#endif
#include <gtk/gtk.h>
#include <gtk/gtk-a11y.h>
#include <gdk/gdkx.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

/* ---------------------------------------------------------------- required state -- */

static GQuark
form_required_quark (void)
{
  return g_quark_from_static_string ("claim-form-required");
}

/* Set once, before the widget is shown: no state-changed event is sent. */
static void
form_widget_set_required (GtkWidget *widget, gboolean required)
{
  g_object_set_qdata (G_OBJECT (widget), form_required_quark (), GINT_TO_POINTER (required));
}

static void
form_add_required_state (AtkObject *accessible, AtkStateSet *set)
{
  GtkWidget *widget = gtk_accessible_get_widget (GTK_ACCESSIBLE (accessible));

  if (widget != NULL && g_object_get_qdata (G_OBJECT (widget), form_required_quark ()) != NULL)
    atk_state_set_add_state (set, ATK_STATE_REQUIRED);
}

/* An entry whose accessible can say REQUIRED. */
#define FORM_TYPE_ENTRY_ACCESSIBLE (form_entry_accessible_get_type ())
G_DECLARE_FINAL_TYPE (FormEntryAccessible, form_entry_accessible, FORM, ENTRY_ACCESSIBLE,
                      GtkEntryAccessible)
struct _FormEntryAccessible { GtkEntryAccessible parent_instance; };
G_DEFINE_TYPE (FormEntryAccessible, form_entry_accessible, GTK_TYPE_ENTRY_ACCESSIBLE)

static GQuark
form_hang_quark (void)
{
  return g_quark_from_static_string ("claim-form-hang");
}

/* --hang-after-focus: once the control has the focus, the first client that
 * asks its name finds the form stopped (SIGSTOP) before it answers: an app
 * that stops answering in the middle of being read, every time. */
static const char *
form_entry_accessible_get_name (AtkObject *accessible);

static AtkStateSet *
form_entry_accessible_ref_state_set (AtkObject *accessible)
{
  AtkStateSet *set =
    ATK_OBJECT_CLASS (form_entry_accessible_parent_class)->ref_state_set (accessible);
  form_add_required_state (accessible, set);
  return set;
}

static const char *
form_entry_accessible_get_name (AtkObject *accessible)
{
  GtkWidget *widget = gtk_accessible_get_widget (GTK_ACCESSIBLE (accessible));

  if (widget != NULL && gtk_widget_has_focus (widget) &&
      g_object_steal_qdata (G_OBJECT (widget), form_hang_quark ()) != NULL)
    {
      g_message ("stopping myself (SIGSTOP) as my focused field is read");
      kill (getpid (), SIGSTOP);
    }
  return ATK_OBJECT_CLASS (form_entry_accessible_parent_class)->get_name (accessible);
}

static void
form_entry_accessible_class_init (FormEntryAccessibleClass *klass)
{
  ATK_OBJECT_CLASS (klass)->ref_state_set = form_entry_accessible_ref_state_set;
  ATK_OBJECT_CLASS (klass)->get_name = form_entry_accessible_get_name;
}

static void
form_entry_accessible_init (FormEntryAccessible *self G_GNUC_UNUSED)
{
}

#define FORM_TYPE_ENTRY (form_entry_get_type ())
G_DECLARE_FINAL_TYPE (FormEntry, form_entry, FORM, ENTRY, GtkEntry)
struct _FormEntry { GtkEntry parent_instance; };
G_DEFINE_TYPE (FormEntry, form_entry, GTK_TYPE_ENTRY)

static void
form_entry_class_init (FormEntryClass *klass)
{
  gtk_widget_class_set_accessible_type (GTK_WIDGET_CLASS (klass), FORM_TYPE_ENTRY_ACCESSIBLE);
}

static void
form_entry_init (FormEntry *self G_GNUC_UNUSED)
{
}

/* The same for a combo box. */
#define FORM_TYPE_COMBO_ACCESSIBLE (form_combo_accessible_get_type ())
G_DECLARE_FINAL_TYPE (FormComboAccessible, form_combo_accessible, FORM, COMBO_ACCESSIBLE,
                      GtkComboBoxAccessible)
struct _FormComboAccessible { GtkComboBoxAccessible parent_instance; };
G_DEFINE_TYPE (FormComboAccessible, form_combo_accessible, GTK_TYPE_COMBO_BOX_ACCESSIBLE)

static AtkStateSet *
form_combo_accessible_ref_state_set (AtkObject *accessible)
{
  AtkStateSet *set =
    ATK_OBJECT_CLASS (form_combo_accessible_parent_class)->ref_state_set (accessible);
  form_add_required_state (accessible, set);
  return set;
}

static void
form_combo_accessible_class_init (FormComboAccessibleClass *klass)
{
  ATK_OBJECT_CLASS (klass)->ref_state_set = form_combo_accessible_ref_state_set;
}

static void
form_combo_accessible_init (FormComboAccessible *self G_GNUC_UNUSED)
{
}

#define FORM_TYPE_COMBO (form_combo_get_type ())
G_DECLARE_FINAL_TYPE (FormCombo, form_combo, FORM, COMBO, GtkComboBoxText)
struct _FormCombo { GtkComboBoxText parent_instance; };
G_DEFINE_TYPE (FormCombo, form_combo, GTK_TYPE_COMBO_BOX_TEXT)

static void
form_combo_class_init (FormComboClass *klass)
{
  gtk_widget_class_set_accessible_type (GTK_WIDGET_CLASS (klass), FORM_TYPE_COMBO_ACCESSIBLE);
}

static void
form_combo_init (FormCombo *self G_GNUC_UNUSED)
{
}

/* ---------------------------------------------------------------- the forms -- */

typedef enum { FIELD_TEXT, FIELD_DATE, FIELD_CHOICE, FIELD_CHECK } FieldKind;

typedef struct
{
  FieldKind kind;
  gboolean required;
  const char *label[2];        /* [0] zh_CN, [1] en; a check box's own text */
  const char *placeholder[2];  /* NULL: none */
  const char *const *choices[2];
  const char *group[2];        /* check boxes: the heading shown beside the first of a group */
  GtkInputPurpose purpose;
} FormField;

enum { ZH, EN };

static const char *const claim_types_zh[] =
  { "意外伤害身故", "意外伤残", "意外住院津贴", "乘坐营运交通工具意外身故", NULL };
static const char *const claim_types_en[] =
  { "Accidental death", "Accidental disability", "Hospital allowance",
    "Death on public transport", NULL };
static const char *const causes_zh[] =
  { "跌倒", "交通事故", "磕碰", "高空坠物", "其他意外", NULL };
static const char *const causes_en[] =
  { "A fall", "Traffic accident", "Knock or bump", "Falling object", "Other accident", NULL };

static const char *const levels_zh[] = { "一级医院", "二级医院", "三级医院", NULL };
static const char *const levels_en[] = { "Level 1", "Level 2", "Level 3", NULL };

static const FormField claim_fields[] = {
  { FIELD_CHOICE, TRUE, { "理赔类型", "Claim type" }, { NULL, NULL },
    { claim_types_zh, claim_types_en }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_TEXT, TRUE, { "被保险人姓名", "Full name" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_NAME },
  { FIELD_TEXT, TRUE, { "身份证号码", "ID number" }, { "18位", "18 characters" },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_TEXT, TRUE, { "联系电话", "Phone" }, { "11位手机号码", "11-digit mobile" },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_PHONE },
  { FIELD_DATE, TRUE, { "出险日期", "Accident date" }, { "年-月-日", "YYYY-MM-DD" },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_TEXT, TRUE, { "出险地点", "Place of accident" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_CHOICE, TRUE, { "出险原因", "Cause of accident" }, { NULL, NULL },
    { causes_zh, causes_en }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_DATE, FALSE, { "入院日期", "Admission date" }, { "年-月-日", "YYYY-MM-DD" },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_DATE, FALSE, { "出院日期", "Discharge date" }, { "年-月-日", "YYYY-MM-DD" },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_TEXT, FALSE, { "医院名称", "Hospital name" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_CHOICE, FALSE, { "医院等级", "Hospital level" }, { NULL, NULL },
    { levels_zh, levels_en }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_TEXT, FALSE, { "受益人姓名", "Beneficiary" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_NAME },
  { FIELD_TEXT, TRUE, { "银行卡号", "Bank card number" }, { "16-19位数字", "16 to 19 digits" },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_DIGITS },
  { FIELD_TEXT, TRUE, { "开户名", "Account holder" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_NAME },
  { FIELD_CHECK, FALSE, { "住院证明", "Hospital certificate" }, { NULL, NULL },
    { NULL, NULL }, { "已备材料", "Papers enclosed" }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_CHECK, FALSE, { "医疗费用清单", "Expense list" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_CHECK, FALSE, { "病历资料", "Medical records" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
};

static const char *const subjects_zh[] =
  { "文学小说", "历史", "科普", "书法绘画", "养生保健", NULL };
static const char *const subjects_en[] =
  { "Novels", "History", "Popular science", "Art", "Health", NULL };

static const FormField library_fields[] = {
  { FIELD_TEXT, TRUE, { "姓名", "Name" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_NAME },
  { FIELD_TEXT, TRUE, { "联系电话", "Phone" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_PHONE },
  { FIELD_TEXT, FALSE, { "住址", "Address" }, { NULL, NULL },
    { NULL, NULL }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_CHOICE, FALSE, { "喜欢的图书类别", "Favourite subjects" }, { NULL, NULL },
    { subjects_zh, subjects_en }, { NULL, NULL }, GTK_INPUT_PURPOSE_FREE_FORM },
  { FIELD_CHECK, FALSE, { "订阅新书通讯", "Send me the newsletter" }, { NULL, NULL },
    { NULL, NULL }, { "通讯", "Newsletter" }, GTK_INPUT_PURPOSE_FREE_FORM },
};

typedef struct
{
  const char *title[2];
  const char *heading[2];
  const char *send[2];
  const FormField *fields;
  guint n_fields;
} Form;

static const Form claim_form = {
  { "老年人意外伤害保险理赔申请", "Elderly accident insurance claim" },
  { "意外伤害保险理赔申请书", "Accident insurance claim form" },
  { "提交", "Send" },
  claim_fields, G_N_ELEMENTS (claim_fields),
};

static const Form library_form = {
  { "图书馆读者证申请", "Library membership" },
  { "读者证申请表", "Apply for a library card" },
  { "提交", "Submit" },
  library_fields, G_N_ELEMENTS (library_fields),
};

static const char form_css[] =
  "window { font-size: 14pt; }\n"
  ".form-heading { font-size: 20pt; font-weight: bold; }\n"
  ".form-note { font-size: 12pt; }\n";

/* ---------------------------------------------------------------- the app -- */

typedef struct
{
  GtkWidget *window;
  GPtrArray *controls;     /* in Tab order, Send last; the window owns the widgets */
  int hang_index;          /* -1: never */
  guint hang_source;
  gboolean ready_printed;
  guint sent;              /* times Send was pressed */
} FormApp;

/* Send pressed (Return, space or a click): the window's title ends with
 * " · sent N", the tests' marker that the app got the key. */
static void
on_send_clicked (GtkButton *button, FormApp *app)
{
  const char *title = g_object_get_data (G_OBJECT (app->window), "form-title");
  g_autofree char *marked = g_strdup_printf ("%s · sent %u", title, ++app->sent);

  gtk_window_set_title (GTK_WINDOW (app->window), marked);
}

static gboolean
stop_self (gpointer data)
{
  FormApp *app = data;

  app->hang_source = 0;
  g_message ("stopping myself (SIGSTOP) after the focus moved");
  kill (getpid (), SIGSTOP);
  return G_SOURCE_REMOVE;
}

static void
on_set_focus (GtkWindow *window, GtkWidget *focus, gpointer data)
{
  FormApp *app = data;
  GtkWidget *target;

  /* Not while the window is inactive: GTK focuses the first control on show,
   * before anyone can type in it. */
  if (app->hang_index < 0 || focus == NULL || app->hang_source != 0
      || !gtk_window_is_active (window))
    return;
  target = g_ptr_array_index (app->controls, app->hang_index);
  /* A combo box's focus goes to the button inside it. */
  if (focus != target && !gtk_widget_is_ancestor (focus, target))
    return;
  app->hang_index = -1;  /* once */
  if (GTK_IS_ENTRY (target))
    g_object_set_qdata (G_OBJECT (target), form_hang_quark (), GINT_TO_POINTER (TRUE));
  else /* no name of its own to ask for: stop once the focus event is out */
    app->hang_source = g_idle_add_full (G_PRIORITY_LOW, stop_self, app, NULL);
}

static gboolean
on_map_event (GtkWidget *window, GdkEvent *event G_GNUC_UNUSED, gpointer data)
{
  FormApp *app = data;
  GdkWindow *gdk_window = gtk_widget_get_window (window);

  if (app->ready_printed)
    return GDK_EVENT_PROPAGATE;
  app->ready_printed = TRUE;
  printf ("ready %lu\n", (unsigned long) gdk_x11_window_get_xid (gdk_window));
  fflush (stdout);
  return GDK_EVENT_PROPAGATE;
}

static GtkWidget *
make_control (const FormField *field, int lang)
{
  GtkWidget *control = NULL;

  switch (field->kind)
    {
    case FIELD_TEXT:
    case FIELD_DATE:
      control = g_object_new (FORM_TYPE_ENTRY,
                              "input-purpose", field->purpose,
                              "activates-default", TRUE,
                              "hexpand", TRUE,
                              NULL);
      if (field->placeholder[lang] != NULL)
        gtk_entry_set_placeholder_text (GTK_ENTRY (control), field->placeholder[lang]);
      break;
    case FIELD_CHOICE:
      control = g_object_new (FORM_TYPE_COMBO, "hexpand", TRUE, NULL);
      for (const char *const *c = field->choices[lang]; *c != NULL; c++)
        gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (control), *c);
      break;
    case FIELD_CHECK:
      control = gtk_check_button_new_with_label (field->label[lang]);
      break;
    }
  form_widget_set_required (control, field->required);
  return control;
}

static void
build_window (FormApp *app, const Form *form, int lang, const char *title, guint n_fields)
{
  GtkWidget *grid, *heading, *note, *send;
  int row = 0;

  app->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_title (GTK_WINDOW (app->window), title != NULL ? title : form->title[lang]);
  g_object_set_data_full (G_OBJECT (app->window), "form-title",
                          g_strdup (title != NULL ? title : form->title[lang]), g_free);
  gtk_widget_set_size_request (app->window, 900, 1000);
  gtk_window_set_resizable (GTK_WINDOW (app->window), FALSE);
  g_signal_connect (app->window, "destroy", G_CALLBACK (gtk_main_quit), NULL);
  g_signal_connect (app->window, "map-event", G_CALLBACK (on_map_event), app);
  g_signal_connect (app->window, "set-focus", G_CALLBACK (on_set_focus), app);

  grid = gtk_grid_new ();
  g_object_set (grid, "margin", 32, "row-spacing", 12, "column-spacing", 24, NULL);
  gtk_container_add (GTK_CONTAINER (app->window), grid);

  heading = gtk_label_new (form->heading[lang]);
  gtk_style_context_add_class (gtk_widget_get_style_context (heading), "form-heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_grid_attach (GTK_GRID (grid), heading, 0, row++, 2, 1);

  note = gtk_label_new (lang == ZH ? "带 * 的是必填项。" : "Fields marked * are required.");
  gtk_style_context_add_class (gtk_widget_get_style_context (note), "form-note");
  gtk_label_set_xalign (GTK_LABEL (note), 0.0);
  gtk_grid_attach (GTK_GRID (grid), note, 0, row++, 2, 1);

  for (guint i = 0; i < n_fields; i++, row++)
    {
      const FormField *field = &form->fields[i];
      GtkWidget *control = make_control (field, lang);
      GtkWidget *label = NULL;

      if (field->kind == FIELD_CHECK)
        {
          if (field->group[lang] != NULL)
            label = gtk_label_new (field->group[lang]);
        }
      else
        {
          g_autofree char *text = field->required
            ? g_strconcat (field->label[lang], " *", NULL)
            : g_strdup (field->label[lang]);
          label = gtk_label_new (text);
          gtk_label_set_mnemonic_widget (GTK_LABEL (label), control);
        }
      if (label != NULL)
        {
          gtk_label_set_xalign (GTK_LABEL (label), 0.0);
          gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
        }
      gtk_grid_attach (GTK_GRID (grid), control, 1, row, 1, 1);
      g_ptr_array_add (app->controls, control);
    }

  send = gtk_button_new_with_label (form->send[lang]);
  gtk_widget_set_halign (send, GTK_ALIGN_START);
  gtk_widget_set_margin_top (send, 12);
  gtk_widget_set_can_default (send, TRUE);
  g_signal_connect (send, "clicked", G_CALLBACK (on_send_clicked), app);
  gtk_grid_attach (GTK_GRID (grid), send, 1, row, 1, 1);
  g_ptr_array_add (app->controls, send);
}

int
main (int argc, char **argv)
{
  g_autofree char *lang_arg = NULL;
  g_autofree char *title = NULL;
  gboolean not_a_claim = FALSE;
  int n_fields_arg = -1;
  int hang_index = -1;
  GOptionEntry entries[] = {
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_arg, "Language of the form (default zh_CN)",
      "zh_CN|en" },
    { "not-a-claim", 0, 0, G_OPTION_ARG_NONE, &not_a_claim,
      "Show a library membership form instead", NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Window title", "TEXT" },
    { "fields", 0, 0, G_OPTION_ARG_INT, &n_fields_arg, "Show only the first N fields", "N" },
    { "hang-after-focus", 0, 0, G_OPTION_ARG_INT, &hang_index,
      "SIGSTOP myself 50 ms after control INDEX gets the focus", "INDEX" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- an insurance claim form");
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  const Form *form;
  FormApp app = { 0 };
  guint n_fields;
  int lang;

  /* The tests drive it with xdotool. */
  gdk_set_allowed_backends ("x11");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gtk_get_option_group (TRUE));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 2;
    }
  if (lang_arg == NULL || g_str_equal (lang_arg, "zh_CN"))
    lang = ZH;
  else if (g_str_equal (lang_arg, "en"))
    lang = EN;
  else
    {
      g_printerr ("%s: --lang must be zh_CN or en, not %s\n", g_get_prgname (), lang_arg);
      return 2;
    }

  form = not_a_claim ? &library_form : &claim_form;
  if (n_fields_arg == 0 || n_fields_arg < -1)
    {
      g_printerr ("%s: --fields must be at least 1\n", g_get_prgname ());
      return 2;
    }
  n_fields = n_fields_arg < 0 ? form->n_fields : MIN ((guint) n_fields_arg, form->n_fields);
  if (hang_index < -1 || hang_index > (int) n_fields)
    {
      g_printerr ("%s: --hang-after-focus must be between 0 and %u (the Send button)\n",
                  g_get_prgname (), n_fields);
      return 2;
    }

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (css, form_css, -1, NULL);
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (),
                                             GTK_STYLE_PROVIDER (css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  controls = g_ptr_array_new ();
  app.controls = controls;
  app.hang_index = hang_index;
  build_window (&app, form, lang, title, n_fields);
  if (!GDK_IS_X11_DISPLAY (gtk_widget_get_display (app.window)))
    {
      g_printerr ("%s: needs an X11 display\n", g_get_prgname ());
      return 1;
    }

  gtk_widget_show_all (app.window);
  /* GTK focuses the first control on show; a form starts with none. */
  gtk_window_set_focus (GTK_WINDOW (app.window), NULL);
  gtk_main ();

  if (app.hang_source != 0)
    g_source_remove (app.hang_source);
  return 0;
}
