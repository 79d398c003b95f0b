/* test-summary-render: the printable summary as a person sees it.
 *
 * Writes the page for a sample claim (a made-up person), has headless
 * Chromium take a picture of it, and measures the picture: each line of text
 * is a band of rows holding dark pixels, and a band of Han characters is as
 * tall as their ink, about 90% of the em or more.  Body text at 18 pt (24 px
 * at 96 dpi) needs bands of at least 22 px; and the page's first line of body
 * text must stand at least as tall as the same words set at exactly 18 pt in
 * the same fonts, pictured the same way.  Exits 77 (skipped) without Chromium.
 */
#include "claimrules.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#define WIDTH  1000
#define HEIGHT 2800     /* tall enough for the whole sample page */
#define MIN_BODY_PX 22  /* 18 pt is 24 px; Han ink fills about 90% of it */
#define SUBTITLE "理赔申请（本人留存）" /* the zh_CN page's first line of body text */

static const char *source_root;
static const char *chromium;
static char *tmpdir;

typedef struct {
  int top, height;     /* rows */
  int left, right;     /* the ink's extent, columns */
  int dark;            /* dark pixels in the band */
} Band;

static gboolean
is_dark (const guchar *p)
{
  /* Rec. 601 luma under half: ink, not paper or the lightest anti-aliasing. */
  return 299 * p[0] + 587 * p[1] + 114 * p[2] < 128 * 1000;
}

/* The bands of rows with ink, top to bottom, leaving out rules (a row of
 * ink across most of the width, a table border or a heading's line) and
 * bands cut by the picture's edge. */
static GArray *
find_bands (GdkPixbuf *shot)
{
  GArray *bands = g_array_new (FALSE, TRUE, sizeof (Band));
  int w = gdk_pixbuf_get_width (shot), h = gdk_pixbuf_get_height (shot);
  int stride = gdk_pixbuf_get_rowstride (shot), nc = gdk_pixbuf_get_n_channels (shot);
  const guchar *pixels = gdk_pixbuf_read_pixels (shot);
  Band cur = { -1, 0, 0, 0, 0 };

  for (int y = 0; y <= h; y++)
    {
      int n = 0, left = w, right = -1;
      if (y < h)
        for (int x = 0; x < w; x++)
          if (is_dark (pixels + y * stride + x * nc))
            {
              n++;
              left = MIN (left, x);
              right = MAX (right, x);
            }
      /* A rule is its own band: it ends the text above and below it. */
      gboolean rule = n > w / 2;
      if (n > 0 && !rule)
        {
          if (cur.top < 0)
            {
              cur.top = y;
              cur.left = left;
              cur.right = right;
              cur.dark = 0;
            }
          cur.left = MIN (cur.left, left);
          cur.right = MAX (cur.right, right);
          cur.dark += n;
          continue;
        }
      if (cur.top >= 0)
        {
          cur.height = y - cur.top;
          if (cur.top > 0 && y < h)
            g_array_append_val (bands, cur);
          cur.top = -1;
        }
    }
  return bands;
}

static char *
write_summary (const char *claim_name, const char *lang)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrScheme) scheme = cr_scheme_load ("chaonan-elderly-accident", &error);
  g_assert_no_error (error);
  g_autoptr(CrCalendar) cal = cr_calendar_new_for_scheme (scheme, &error);
  g_assert_no_error (error);
  g_autofree char *claim_path = g_build_filename (source_root, "rules", "samples", claim_name, NULL);
  g_autoptr(CrClaim) claim = cr_claim_new_from_file (claim_path, &error);
  g_assert_no_error (error);
  CrDay today;
  g_assert_true (cr_day_from_ymd (2025, 11, 1, &today));
  g_autoptr(CrReport) report = cr_check_claim (scheme, cal, claim, today, lang);
  g_autofree char *html = cr_report_to_html (report, scheme, claim, today);
  g_autofree char *name = g_strdup_printf ("summary-%s.html", lang);
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_utf8_validate (html, -1, NULL));
  g_assert_true (g_file_set_contents (path, html, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* SUBTITLE at exactly 18 pt in the summary's fonts, where the summary puts it. */
static char *
write_reference (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, "reference-18pt.html", NULL);
  const char *html =
    "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><style>"
    "body { margin: 0; padding: 20px; background: #fff; color: #000; font-size: 18pt;"
    " font-family: \"WenQuanYi Zen Hei\", \"Noto Sans CJK SC\", sans-serif; }"
    "</style></head><body><p>" SUBTITLE "</p></body></html>\n";

  g_assert_true (g_file_set_contents (path, html, -1, &error));
  g_assert_no_error (error);
  return path;
}

static GdkPixbuf *
screenshot (const char *html_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_strconcat (html_path, ".png", NULL);
  g_autofree char *uri = g_filename_to_uri (html_path, NULL, &error);
  g_autofree char *profile = g_build_filename (tmpdir, "chromium-profile", NULL);
  g_autofree char *profile_arg = g_strconcat ("--user-data-dir=", profile, NULL);
  g_autofree char *shot_arg = g_strconcat ("--screenshot=", png, NULL);
  g_autofree char *size_arg = g_strdup_printf ("--window-size=%d,%d", WIDTH, HEIGHT);
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { chromium, "--headless", "--no-sandbox", "--disable-gpu",
                         "--hide-scrollbars", "--force-device-scale-factor=1",
                         "--no-first-run", "--no-default-browser-check",
                         "--disable-extensions", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         profile_arg, shot_arg, size_arg, uri, NULL };
  int status;

  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) || !g_file_test (png, G_FILE_TEST_EXISTS))
    {
      g_test_message ("chromium said: %s%s", out, err);
      g_assert_not_reached ();
    }
  GdkPixbuf *shot = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (shot), ==, WIDTH);
  g_assert_cmpint (gdk_pixbuf_get_height (shot), ==, HEIGHT);
  return shot;
}

/* The share of pixels that are pure white and pure black. */
static void
paper_and_ink (GdkPixbuf *shot, double *white, double *black)
{
  int w = gdk_pixbuf_get_width (shot), h = gdk_pixbuf_get_height (shot);
  int stride = gdk_pixbuf_get_rowstride (shot), nc = gdk_pixbuf_get_n_channels (shot);
  const guchar *pixels = gdk_pixbuf_read_pixels (shot);
  guint64 nw = 0, nb = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guchar *p = pixels + y * stride + x * nc;
        if (p[0] == 0xff && p[1] == 0xff && p[2] == 0xff)
          nw++;
        else if (p[0] == 0 && p[1] == 0 && p[2] == 0)
          nb++;
      }
  *white = (double) nw / ((double) w * h);
  *black = (double) nb / ((double) w * h);
}

static void
test_chinese_body_text (void)
{
  g_autofree char *html = write_summary ("hospital-mistakes.claim", "zh_CN");
  g_autofree char *reference = write_reference ();
  g_autofree char *text = NULL;
  g_autoptr(GdkPixbuf) shot = screenshot (html);
  g_autoptr(GdkPixbuf) reference_shot = screenshot (reference);
  g_autoptr(GArray) bands = find_bands (shot);
  g_autoptr(GArray) reference_bands = find_bands (reference_shot);
  int smallest = G_MAXINT, last_bottom = 0;
  double white, black;

  g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<p class=\"subtitle\">" SUBTITLE "</p>"));
  g_assert_cmpuint (reference_bands->len, ==, 1);
  const Band *at_18pt = &g_array_index (reference_bands, Band, 0);

  for (guint i = 0; i < bands->len; i++)
    {
      const Band *b = &g_array_index (bands, Band, i);
      g_test_message ("line %u: %d px tall at y=%d, ink from x=%d to %d", i, b->height, b->top,
                      b->left, b->right);
      smallest = MIN (smallest, b->height);
      last_bottom = b->top + b->height;
    }
  /* The whole page is in the picture, with room to spare: every line is measured. */
  g_assert_cmpint (last_bottom, <, HEIGHT - 200);
  /* Title, subtitle, date, cover, 13 fields, 4 papers, 5 headings... */
  g_assert_cmpuint (bands->len, >=, 25);

  /* Line 0 is the title (h1); line 1 the subtitle, body text in Han
   * characters only: 理赔申请（本人留存）. */
  const Band *title = &g_array_index (bands, Band, 0);
  const Band *body = &g_array_index (bands, Band, 1);
  g_test_message ("title %d px, body text line %d px, the same words at 18 pt %d px, "
                  "smallest line %d px (need %d)", title->height, body->height,
                  at_18pt->height, smallest, MIN_BODY_PX);
  g_assert_cmpint (body->height, >=, MIN_BODY_PX);
  g_assert_cmpint (body->height, >=, at_18pt->height);
  /* The same words, so the same width for the size. */
  g_assert_cmpint (body->right - body->left, >=, at_18pt->right - at_18pt->left);
  g_assert_cmpint (title->height, >, body->height + 4);
  /* Nothing on the page smaller than body text: each line holds Han characters. */
  g_assert_cmpint (smallest, >=, MIN_BODY_PX);

  /* Black on white: paper is pure white, and the strokes reach pure black. */
  paper_and_ink (shot, &white, &black);
  g_test_message ("pure white %.1f%%, pure black %.1f%% of the picture", white * 100, black * 100);
  g_assert_cmpfloat (white, >, 0.75);
  g_assert_cmpfloat (black, >, 0.01);
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                NULL, NULL);
}

int
main (int argc, char **argv)
{
  g_autofree char *found = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      printf ("Bail out! usage: test-summary-render SOURCE_ROOT\n");
      return 1;
    }
  source_root = argv[1];
  found = g_find_program_in_path ("chromium");
  if (found == NULL)
    {
      printf ("# chromium is not installed: skipped\n");
      return 77;
    }
  chromium = found;
  tmpdir = g_dir_make_tmp ("summary-render-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/summary-render/chinese-body-text", test_chinese_body_text);
  rc = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return rc;
}
