/* The guide's keys as the profile writes them, as the AT-SPI registry sees
 * them, and when Enter or Space on Send is held back.  No bus: the parts
 * that need none. */
#include <gtk/gtk.h>

#include "ca-error.h"
#include "ca-keys.h"
#include "ca-send-guard.h"

static CaKey
parse (const char *accelerator)
{
  g_autoptr(GError) error = NULL;
  CaKey key = { 0 };

  g_assert_true (ca_key_parse (accelerator, &key, &error));
  g_assert_no_error (error);
  return key;
}

static void
test_names (void)
{
  static const char *const names[] = { "NextStep", "PreviousStep", "Repeat", "WhereAmI",
                                       "CheckNow", "Help", "AllowHelper", "DenyHelper", "Refill" };
  CaKeyAction action;

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, CA_N_KEY_ACTIONS);
  for (guint a = 0; a < CA_N_KEY_ACTIONS; a++)
    {
      g_assert_cmpstr (ca_key_action_name (a), ==, names[a]);
      g_assert_true (ca_key_action_from_name (names[a], &action));
      g_assert_cmpuint (action, ==, a);
    }
  g_assert_false (ca_key_action_from_name ("nextstep", &action));
  g_assert_false (ca_key_action_from_name ("", &action));
  g_assert_false (ca_key_action_from_name (NULL, &action));
}

/* profiles/default.profile's keys, and the other forms the profile README
 * allows. */
static void
test_parse (void)
{
  CaKey k;

  k = parse ("<Control><Alt>Page_Down");
  g_assert_cmpuint (k.keysym, ==, GDK_KEY_Page_Down);
  g_assert_cmpuint (k.mods, ==, CA_KEY_CONTROL | CA_KEY_MOD1);
  k = parse ("<Control><Alt>Page_Up");
  g_assert_cmpuint (k.keysym, ==, GDK_KEY_Page_Up);
  k = parse ("<Control><Alt>r");
  g_assert_cmpuint (k.keysym, ==, GDK_KEY_r);
  g_assert_cmpuint (k.mods, ==, CA_KEY_CONTROL | CA_KEY_MOD1);
  /* Letters are kept in lower case, however written. */
  k = parse ("<Ctrl><Alt>H");
  g_assert_cmpuint (k.keysym, ==, GDK_KEY_h);
  k = parse ("<Control><Shift>c");
  g_assert_cmpuint (k.keysym, ==, GDK_KEY_c);
  g_assert_cmpuint (k.mods, ==, CA_KEY_CONTROL | CA_KEY_SHIFT);
  /* Super is X's Mod4. */
  k = parse ("<Super>h");
  g_assert_cmpuint (k.keysym, ==, GDK_KEY_h);
  g_assert_cmpuint (k.mods, ==, CA_KEY_MOD4);
  /* A function key alone. */
  k = parse ("F9");
  g_assert_cmpuint (k.keysym, ==, GDK_KEY_F9);
  g_assert_cmpuint (k.mods, ==, 0);
  k = parse ("<Shift>F12");
  g_assert_cmpuint (k.mods, ==, CA_KEY_SHIFT);
  /* Caps Lock and Num Lock say nothing about the key. */
  k = parse ("<Control><Mod2>w");
  g_assert_cmpuint (k.keysym, ==, GDK_KEY_w);
  g_assert_cmpuint (k.mods, ==, CA_KEY_CONTROL);
  /* Meta is Alt's Mod1; a <Release> key is the same key. */
  k = parse ("<Meta>x");
  g_assert_cmpuint (k.mods, ==, CA_KEY_MOD1);
  k = parse ("<Release><Control><Alt>x");
  g_assert_cmpuint (k.mods, ==, CA_KEY_CONTROL | CA_KEY_MOD1);
}

static void
test_parse_refused (void)
{
  static const char *const bad[] = {
    "",               /* nothing */
    "<Control><Alt>", /* no key */
    "<Control><Alt>NoSuchKey",
    "Page_Down",      /* would be taken from every form */
    "h",
    "<Shift>h",       /* Shift alone is typing */
    "space",
    "<Primary>h",     /* needs a display to say which modifier it is */
    "<Lock>h",        /* no such modifier */
    "\xff\xfe",       /* not UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      CaKey k = { 0 };

      g_test_message ("“%s”", bad[i]);
      g_assert_false (ca_key_parse (bad[i], &k, &error));
      g_assert_error (error, CA_ERROR, CA_ERROR_INVALID);
      g_assert_nonnull (error->message);
    }
  {
    g_autoptr(GError) error = NULL;
    CaKey k = { 0 };
    g_assert_false (ca_key_parse (NULL, &k, &error));
    g_assert_error (error, CA_ERROR, CA_ERROR_INVALID);
  }
}

/* The registry compares the low 8 bits of a key's modifiers with a mask
 * exactly: each key is registered with and without Caps Lock and Num Lock. */
static void
test_masks (void)
{
  guint masks[4];
  guint ctrl_alt = CA_KEY_CONTROL | CA_KEY_MOD1;

  g_assert_cmpuint (ca_key_masks (ctrl_alt, masks), ==, 4);
  g_assert_cmpuint (masks[0], ==, ctrl_alt);
  g_assert_cmpuint (masks[1], ==, ctrl_alt | CA_KEY_LOCK);
  g_assert_cmpuint (masks[2], ==, ctrl_alt | CA_KEY_MOD2);
  g_assert_cmpuint (masks[3], ==, ctrl_alt | CA_KEY_LOCK | CA_KEY_MOD2);
  /* A lock given in the mask is not doubled. */
  g_assert_cmpuint (ca_key_masks (CA_KEY_CONTROL | CA_KEY_LOCK, masks), ==, 4);
  g_assert_cmpuint (masks[0], ==, CA_KEY_CONTROL);
  /* The Send key: no modifier. */
  ca_key_masks (0, masks);
  g_assert_cmpuint (masks[0], ==, 0);
  g_assert_cmpuint (masks[3], ==, CA_KEY_LOCK | CA_KEY_MOD2);
  /* The X masks are GDK's. */
  g_assert_cmpuint (CA_KEY_CONTROL, ==, GDK_CONTROL_MASK);
  g_assert_cmpuint (CA_KEY_MOD1, ==, GDK_MOD1_MASK);
  g_assert_cmpuint (CA_KEY_MOD4, ==, GDK_MOD4_MASK);
  g_assert_cmpuint (CA_KEY_LOCK, ==, GDK_LOCK_MASK);
}

static void
test_matches (void)
{
  CaKey pgdn = parse ("<Control><Alt>Page_Down");
  CaKey r = parse ("<Control><Alt>r");
  CaKey f9 = parse ("F9");
  CaKey none = { 0 };
  guint ctrl_alt = CA_KEY_CONTROL | CA_KEY_MOD1;
  /* The registry adds its own Num Lock bit (1 << 14) above the low 8. */
  guint registry_numlock = 1u << 14;

  g_assert_true (ca_key_matches (&pgdn, GDK_KEY_Page_Down, ctrl_alt));
  g_assert_true (ca_key_matches (&pgdn, GDK_KEY_Page_Down, ctrl_alt | CA_KEY_MOD2 | registry_numlock));
  g_assert_true (ca_key_matches (&pgdn, GDK_KEY_Page_Down, ctrl_alt | CA_KEY_LOCK));
  g_assert_false (ca_key_matches (&pgdn, GDK_KEY_Page_Down, CA_KEY_CONTROL));
  g_assert_false (ca_key_matches (&pgdn, GDK_KEY_Page_Down, ctrl_alt | CA_KEY_SHIFT));
  g_assert_false (ca_key_matches (&pgdn, GDK_KEY_Page_Up, ctrl_alt));
  /* Caps Lock makes the keysym upper case. */
  g_assert_true (ca_key_matches (&r, GDK_KEY_r, ctrl_alt));
  g_assert_true (ca_key_matches (&r, GDK_KEY_R, ctrl_alt | CA_KEY_LOCK));
  g_assert_false (ca_key_matches (&r, GDK_KEY_r, 0));
  g_assert_true (ca_key_matches (&f9, GDK_KEY_F9, 0));
  g_assert_true (ca_key_matches (&f9, GDK_KEY_F9, CA_KEY_MOD2));
  g_assert_false (ca_key_matches (&f9, GDK_KEY_F9, CA_KEY_CONTROL));
  g_assert_false (ca_key_matches (&none, 0, 0));
}

static void
test_send_keys (void)
{
  g_assert_true (ca_key_is_send (GDK_KEY_Return, 0));
  g_assert_true (ca_key_is_send (GDK_KEY_KP_Enter, CA_KEY_MOD2));
  g_assert_true (ca_key_is_send (GDK_KEY_space, CA_KEY_LOCK));
  g_assert_false (ca_key_is_send (GDK_KEY_Return, CA_KEY_CONTROL));
  g_assert_false (ca_key_is_send (GDK_KEY_space, CA_KEY_SHIFT));
  g_assert_false (ca_key_is_send (GDK_KEY_Tab, 0));
  g_assert_false (ca_key_is_send (GDK_KEY_a, 0));
}

/* ---- The Send guard ---- */

#define MS(n) ((gint64) (n) * G_TIME_SPAN_MILLISECOND)

/* Focus on Send, the check finds an error: the first press is held and the
 * daemon asked to say why; a second within the window goes through. */
static void
test_guard_errors (void)
{
  CaSendGuard g = { 0 };
  gint64 t = MS (100000);

  g_assert_cmpint (ca_send_guard_press (&g, t), ==, CA_SEND_PASS); /* not on Send */
  ca_send_guard_enter (&g, TRUE, 0);
  ca_send_guard_checked (&g, 2, TRUE);
  g_assert_cmpint (g.state, ==, CA_SEND_GUARD_ERRORS);
  g_assert_cmpint (ca_send_guard_press (&g, t), ==, CA_SEND_HOLD_FIRST);
  /* The key repeating while held down is still the first press. */
  g_assert_cmpint (ca_send_guard_press (&g, t + MS (40)), ==, CA_SEND_HOLD);
  g_assert_cmpint (ca_send_guard_press (&g, t + MS (80)), ==, CA_SEND_HOLD);
  /* Pressed again: the senior decides. */
  g_assert_cmpint (ca_send_guard_press (&g, t + MS (1500)), ==, CA_SEND_PASS);
  g_assert_cmpint (ca_send_guard_press (&g, t + MS (3000)), ==, CA_SEND_PASS);
  /* After the window, held again (a new first press). */
  g_assert_cmpint (ca_send_guard_press (&g, t + CA_SEND_GUARD_WINDOW_US + MS (1)), ==,
                   CA_SEND_HOLD_FIRST);
  /* Leaving Send: nothing held, the window forgotten. */
  ca_send_guard_leave (&g);
  g_assert_cmpint (ca_send_guard_press (&g, t + MS (20000)), ==, CA_SEND_PASS);
  ca_send_guard_enter (&g, FALSE, 1);
  g_assert_cmpint (ca_send_guard_press (&g, t + MS (20100)), ==, CA_SEND_HOLD_FIRST);
}

static void
test_guard_window_edges (void)
{
  CaSendGuard g = { 0 };
  gint64 t = MS (5000);

  ca_send_guard_enter (&g, FALSE, 1);
  g_assert_cmpint (ca_send_guard_press (&g, t), ==, CA_SEND_HOLD_FIRST);
  /* Just past the repeat gap: a second press. */
  g_assert_cmpint (ca_send_guard_press (&g, t + CA_SEND_GUARD_REPEAT_US), ==, CA_SEND_PASS);
  ca_send_guard_leave (&g);
  ca_send_guard_enter (&g, FALSE, 1);
  g_assert_cmpint (ca_send_guard_press (&g, t), ==, CA_SEND_HOLD_FIRST);
  /* The last moment of the window still sends. */
  g_assert_cmpint (ca_send_guard_press (&g, t + CA_SEND_GUARD_WINDOW_US), ==, CA_SEND_PASS);
  /* A key held down past the window is still held, not a new first press. */
  ca_send_guard_leave (&g);
  ca_send_guard_enter (&g, FALSE, 1);
  g_assert_cmpint (ca_send_guard_press (&g, t), ==, CA_SEND_HOLD_FIRST);
  for (gint64 at = t + MS (40); at < t + CA_SEND_GUARD_WINDOW_US + MS (500); at += MS (40))
    g_assert_cmpint (ca_send_guard_press (&g, at), ==, CA_SEND_HOLD);
}

/* No error, or the check could not say: nothing is held, ever. */
static void
test_guard_clear (void)
{
  CaSendGuard g = { 0 };

  ca_send_guard_enter (&g, TRUE, 0);
  ca_send_guard_checked (&g, 0, TRUE);
  g_assert_cmpint (g.state, ==, CA_SEND_GUARD_CLEAR);
  g_assert_cmpint (ca_send_guard_press (&g, MS (1)), ==, CA_SEND_PASS);
  g_assert_cmpint (ca_send_guard_press (&g, MS (2)), ==, CA_SEND_PASS);

  ca_send_guard_enter (&g, TRUE, 0);
  ca_send_guard_checked (&g, 3, FALSE); /* the daemon did not answer */
  g_assert_cmpint (ca_send_guard_press (&g, MS (10)), ==, CA_SEND_PASS);

  /* Errors fixed while on Send (the check key): nothing held any more. */
  ca_send_guard_enter (&g, FALSE, 1);
  g_assert_cmpint (ca_send_guard_press (&g, MS (100)), ==, CA_SEND_HOLD_FIRST);
  ca_send_guard_checked (&g, 0, TRUE);
  g_assert_cmpint (ca_send_guard_press (&g, MS (150)), ==, CA_SEND_PASS);

  /* A check answering after the focus left changes nothing. */
  ca_send_guard_leave (&g);
  ca_send_guard_checked (&g, 4, TRUE);
  g_assert_cmpint (g.state, ==, CA_SEND_GUARD_OFF);
  g_assert_cmpint (ca_send_guard_press (&g, MS (200)), ==, CA_SEND_PASS);
}

/* A press before the check answers is held, never sent unchecked; with
 * errors it was the first press, with none the next press goes through. */
static void
test_guard_checking (void)
{
  CaSendGuard g = { 0 };
  gint64 t = MS (1000);

  ca_send_guard_enter (&g, TRUE, 0);
  g_assert_cmpint (ca_send_guard_press (&g, t), ==, CA_SEND_HOLD);
  ca_send_guard_checked (&g, 1, TRUE);
  g_assert_cmpint (ca_send_guard_press (&g, t + MS (2000)), ==, CA_SEND_PASS);

  ca_send_guard_leave (&g);
  ca_send_guard_enter (&g, TRUE, 0);
  g_assert_cmpint (ca_send_guard_press (&g, t), ==, CA_SEND_HOLD);
  ca_send_guard_checked (&g, 0, TRUE);
  g_assert_cmpint (ca_send_guard_press (&g, t + MS (500)), ==, CA_SEND_PASS);

  /* The check answering after the window closed: the next press is a new
   * first press. */
  ca_send_guard_leave (&g);
  ca_send_guard_enter (&g, TRUE, 0);
  g_assert_cmpint (ca_send_guard_press (&g, t), ==, CA_SEND_HOLD);
  ca_send_guard_checked (&g, 2, TRUE);
  g_assert_cmpint (ca_send_guard_press (&g, t + CA_SEND_GUARD_WINDOW_US + MS (1)), ==,
                   CA_SEND_HOLD_FIRST);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keys/names", test_names);
  g_test_add_func ("/keys/parse", test_parse);
  g_test_add_func ("/keys/parse-refused", test_parse_refused);
  g_test_add_func ("/keys/masks", test_masks);
  g_test_add_func ("/keys/matches", test_matches);
  g_test_add_func ("/keys/send-keys", test_send_keys);
  g_test_add_func ("/keys/guard/errors", test_guard_errors);
  g_test_add_func ("/keys/guard/window-edges", test_guard_window_edges);
  g_test_add_func ("/keys/guard/clear", test_guard_clear);
  g_test_add_func ("/keys/guard/checking", test_guard_checking);
  return g_test_run ();
}
