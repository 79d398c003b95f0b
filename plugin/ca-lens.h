/* ca-lens.h: the lens, a window that shows the focused control in large type.
 *
 * It never takes the keyboard focus (the senior's keys must stay in the form),
 * docks at the bottom of the screen or sits beside the control, and follows
 * focus and typing without flicker: a change of text only relabels.
 */
#pragma once

#include <gtk/gtk.h>
#include "ca-control.h"

G_BEGIN_DECLS

#define CA_LENS_ERROR (ca_lens_error_quark ())
GQuark ca_lens_error_quark (void);

typedef enum {
  CA_LENS_ERROR_TEXT_SIZE,  /* under 30 pt, over 200 pt, or not a number */
  CA_LENS_ERROR_COLOUR,     /* not "#RRGGBB" */
  CA_LENS_ERROR_CONTRAST,   /* the two colours are under 7:1 */
  CA_LENS_ERROR_NOT_SHOWN,  /* ca_lens_save_png while the lens is not on screen */
  CA_LENS_ERROR_FAILED,     /* the window could not be read back */
} CaLensError;

typedef enum {
  CA_LENS_BOTTOM,
  CA_LENS_BESIDE,
} CaLensPosition;

#define CA_TYPE_LENS (ca_lens_get_type ())
G_DECLARE_FINAL_TYPE (CaLens, ca_lens, CA, LENS, GObject)

CaLens   *ca_lens_new           (void);
/* The profile's [Lens] group: points (the field's text; labels and prompts are
 * sized from it), "#RRGGBB" colours, where it goes.  Refuses (FALSE, error)
 * a size under 30 pt or colours under 7:1 contrast, keeping the old style. */
gboolean  ca_lens_set_style     (CaLens *lens, double text_size_pt,
                                 const char *foreground, const char *background,
                                 CaLensPosition position, GError **error);
/* The interface language for the lens's own words ("Required", "Empty"...):
 * "zh_CN", "yue" or "en". */
void      ca_lens_set_language  (CaLens *lens, const char *language);
/* Show this control; @x, @y, @width, @height are its screen extents (used by
 * CA_LENS_BESIDE; -1 when unknown).  Shows the window if hidden. */
void      ca_lens_show_control  (CaLens *lens, const CaControl *control,
                                 int x, int y, int width, int height);
/* The value changed as the senior typed: update it in place. */
void      ca_lens_set_value     (CaLens *lens, const char *value);
/* A problem for this field in plain words (NULL clears it). */
void      ca_lens_set_problem   (CaLens *lens, const char *problem);
/* The current step's prompt (NULL clears it). */
void      ca_lens_set_prompt    (CaLens *lens, const char *prompt);
/* A helper's words (Helper1.Said) on the prompt line, after "您的帮手说：";
 * the window comes back if it was hidden after a control was shown. */
void      ca_lens_show_helper_words (CaLens *lens, const char *text);
void      ca_lens_hide          (CaLens *lens);
/* For tests and the demo: the window (NULL before the first show), and the
 * point size actually used for the value and for the label. */
GtkWidget *ca_lens_get_window   (CaLens *lens);
double    ca_lens_get_value_size (CaLens *lens);
double    ca_lens_get_label_size (CaLens *lens);
/* Save what the lens shows now as a PNG (for the demo's screenshots). */
gboolean  ca_lens_save_png      (CaLens *lens, const char *path, GError **error);


G_END_DECLS
