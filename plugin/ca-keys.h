/* ca-keys.h: the guide's keys, caught before any app sees them.
 *
 * The profile names the guide's keys ([Keys] NextStep, PreviousStep, Repeat,
 * WhereAmI, CheckNow, Help, AllowHelper, DenyHelper, Refill) in GTK accelerator syntax
 * ("<Control><Alt>Page_Down").  CaKeys registers them with the AT-SPI
 * registry as a synchronous keystroke listener that may consume keys: a
 * key of the guide never reaches the app, and the signal "action" says
 * which was pressed (from the main loop, after the key was answered).
 *
 * It also holds the Send key on request (ca_keys_hold_send): while asked
 * to, Return, KP_Enter and space with no modifier are offered to the signal
 * "send-key" before the app sees them; a handler returning TRUE keeps the
 * key from the app (see ca-send-guard.h for when).  Those three keys stay
 * registered from the first hold until ca_keys_forget_send (no claim form
 * in front): each press of them in any app is then a round trip here.
 *
 * Keys come to the registry from the toolkits (GTK 3, Chromium, Firefox),
 * so only keys pressed in an accessible app are seen. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CA_KEY_NEXT_STEP,
  CA_KEY_PREVIOUS_STEP,
  CA_KEY_REPEAT,
  CA_KEY_WHERE_AM_I,
  CA_KEY_CHECK_NOW,
  CA_KEY_HELP,
  CA_KEY_ALLOW_HELPER,
  CA_KEY_DENY_HELPER,
  CA_KEY_REFILL,
  CA_N_KEY_ACTIONS
} CaKeyAction;

/* "NextStep", "PreviousStep", "Repeat", "WhereAmI", "CheckNow", "Help",
 * "AllowHelper", "DenyHelper", "Refill": the profile's key names
 * (Keys.NAME) and the "action" signal's argument. */
const char *ca_key_action_name      (CaKeyAction action);
/* FALSE when @name is none of those. */
gboolean    ca_key_action_from_name (const char *name, CaKeyAction *action);

/* X modifier bits as the registry reports them (GDK's values for these are
 * the same): Shift, Caps Lock, Control, Mod1 (Alt), Mod2 (Num Lock), Mod4
 * (Super). */
#define CA_KEY_SHIFT    (1u << 0)
#define CA_KEY_LOCK     (1u << 1)
#define CA_KEY_CONTROL  (1u << 2)
#define CA_KEY_MOD1     (1u << 3)
#define CA_KEY_MOD2     (1u << 4)
#define CA_KEY_MOD4     (1u << 6)
/* Modifiers that say nothing about the key pressed: Caps Lock, Num Lock. */
#define CA_KEY_IGNORED  (CA_KEY_LOCK | CA_KEY_MOD2)

/* A key as the registry sees it. */
typedef struct {
  guint keysym;   /* X keysym, lower case; 0 for none */
  guint mods;     /* X modifier mask, without CA_KEY_IGNORED */
} CaKey;

/* Parses @accelerator ("<Control><Alt>Page_Down", "<Super>h", "F9").  A key
 * must have Control, Alt or Super, or be a function key alone: any other
 * key would be taken from typing.  FALSE with CA_ERROR_INVALID, saying
 * what is wrong, otherwise. */
gboolean    ca_key_parse            (const char *accelerator, CaKey *key, GError **error);
/* The registry compares a listener's modifier mask with the key's exactly,
 * Caps Lock and Num Lock included: the masks to register @mods under, with
 * and without those.  Fills @masks, returns how many (4). */
guint       ca_key_masks            (guint mods, guint masks[4]);
/* Is the key event (@keysym, @modifiers as the registry gives them) @key?
 * Caps Lock, Num Lock and the case of a letter make no difference. */
gboolean    ca_key_matches          (const CaKey *key, guint keysym, guint modifiers);
/* Is it a key that presses a focused button: Return, KP_Enter or space
 * with no modifier (Caps Lock and Num Lock aside)? */
gboolean    ca_key_is_send          (guint keysym, guint modifiers);

#define CA_TYPE_KEYS (ca_keys_get_type ())
G_DECLARE_FINAL_TYPE (CaKeys, ca_keys, CA, KEYS, GObject)

/* Registers nothing yet. */
CaKeys     *ca_keys_new             (void);
/* @accelerators: one per CaKeyAction, NULL or "" for none.  Registers them
 * with the registry in place of the keys before (nothing is asked of the
 * registry when they did not change).  Each key that cannot be parsed is
 * left out and said in @problems ("Keys.Help: ..."). */
void        ca_keys_set             (CaKeys *keys, const char *const *accelerators,
                                     GPtrArray *problems);
/* The key registered for @action ({0, 0} for none). */
CaKey       ca_keys_get             (CaKeys *keys, CaKeyAction action);
/* Starts (TRUE) or stops holding the Send key: see "send-key". */
void        ca_keys_hold_send       (CaKeys *keys, gboolean hold);
/* Stops holding it and, soon after, deregisters those keys. */
void        ca_keys_forget_send     (CaKeys *keys);

G_END_DECLS
