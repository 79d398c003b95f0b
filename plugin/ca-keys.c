/* ca-keys.c: the guide's keys and the Send key, through the AT-SPI registry.
 *
 * A keystroke listener registered SYNCHRONOUS | CANCONSUME is asked about
 * each matching key while the app that got it waits: returning TRUE keeps
 * the key from the app.  So the callback answers at once from what is
 * already known (it never calls an app, which is waiting on us), and the
 * guide's action is emitted later from the main loop.
 *
 * How the registry (at-spi2-core 2.46) matches a key to a listener: the
 * low 8 bits of the key's modifiers must equal the listener's mask exactly,
 * and the key set must hold the key's keysym (or its keycode, or its text:
 * the definitions here have keycode 0 and no text).  So each key is
 * registered under its modifiers with and without Caps Lock and Num Lock,
 * with its keysym in both cases.  Deregistering a listener forgets all of
 * its registrations at once, so the keys are re-registered on a new
 * listener, and the Send key has a listener of its own. */
#include "ca-keys.h"

#include "ca-atspi.h"
#include <gtk/gtk.h>
#include <string.h>

#include "ca-error.h"

#define KEY_EVENTS ((1u << ATSPI_KEY_PRESSED_EVENT) | (1u << ATSPI_KEY_RELEASED_EVENT))
#define KEY_SYNC   (ATSPI_KEYLISTENER_SYNCHRONOUS | ATSPI_KEYLISTENER_CANCONSUME)

/* A press of a key already down, this soon after its last press, is the
 * key repeating (X's auto-repeat starts after 500-660 ms, then every 25-40
 * ms): it gets the same answer and starts no action again. */
#define KEY_REPEAT_US (G_USEC_PER_SEC)

static const char *const action_names[CA_N_KEY_ACTIONS] = {
  [CA_KEY_NEXT_STEP] = "NextStep",
  [CA_KEY_PREVIOUS_STEP] = "PreviousStep",
  [CA_KEY_REPEAT] = "Repeat",
  [CA_KEY_WHERE_AM_I] = "WhereAmI",
  [CA_KEY_CHECK_NOW] = "CheckNow",
  [CA_KEY_HELP] = "Help",
  [CA_KEY_ALLOW_HELPER] = "AllowHelper",
  [CA_KEY_DENY_HELPER] = "DenyHelper",
  [CA_KEY_REFILL] = "Refill",
};

static const guint send_keysyms[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_space };

const char *
ca_key_action_name (CaKeyAction action)
{
  g_return_val_if_fail (action < CA_N_KEY_ACTIONS, NULL);
  return action_names[action];
}

gboolean
ca_key_action_from_name (const char *name, CaKeyAction *action)
{
  for (guint a = 0; a < CA_N_KEY_ACTIONS; a++)
    if (g_strcmp0 (name, action_names[a]) == 0)
      {
        *action = a;
        return TRUE;
      }
  return FALSE;
}

/* GTK's modifiers as X's: Super and Hyper are Mod4 on the usual keymaps,
 * Meta is Mod1 with Alt; Caps Lock, Num Lock and <Release> are dropped. */
static guint
x_modifiers (GdkModifierType mods)
{
  guint x = mods & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_MOD1_MASK | GDK_MOD3_MASK |
                    GDK_MOD4_MASK | GDK_MOD5_MASK);

  if (mods & (GDK_SUPER_MASK | GDK_HYPER_MASK))
    x |= CA_KEY_MOD4;
  if (mods & GDK_META_MASK)
    x |= CA_KEY_MOD1;
  return x;
}

gboolean
ca_key_parse (const char *accelerator, CaKey *key, GError **error)
{
  guint keyval = 0;
  GdkModifierType mods = 0;
  guint x;

  if (accelerator == NULL || accelerator[0] == '\0')
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID, "no key given");
      return FALSE;
    }
  if (!g_utf8_validate (accelerator, -1, NULL))
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID, "the key is not UTF-8 text");
      return FALSE;
    }
  /* GTK resolves <Primary> with the display's keymap, which a plugin
   * without a lens has not opened; the profile writes <Control>. */
  {
    g_autofree char *folded = g_ascii_strdown (accelerator, -1);
    if (strstr (folded, "<primary>") != NULL)
      {
        g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                     "“%s”: write <Control> instead of <Primary>", accelerator);
        return FALSE;
      }
  }
  gtk_accelerator_parse (accelerator, &keyval, &mods);
  if (keyval == 0)
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                   "“%s” is not a key; write it as <Control><Alt>Page_Down or F9", accelerator);
      return FALSE;
    }
  x = x_modifiers (mods);
  if ((x & (CA_KEY_CONTROL | CA_KEY_MOD1 | CA_KEY_MOD4)) == 0 &&
      !(keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35))
    {
      g_set_error (error, CA_ERROR, CA_ERROR_INVALID,
                   "“%s” has no Control, Alt or Super and is no function key: it would be "
                   "taken from typing", accelerator);
      return FALSE;
    }
  key->keysym = gdk_keyval_to_lower (keyval);
  key->mods = x;
  return TRUE;
}

guint
ca_key_masks (guint mods, guint masks[4])
{
  mods &= ~CA_KEY_IGNORED;
  masks[0] = mods;
  masks[1] = mods | CA_KEY_LOCK;
  masks[2] = mods | CA_KEY_MOD2;
  masks[3] = mods | CA_KEY_LOCK | CA_KEY_MOD2;
  return 4;
}

gboolean
ca_key_matches (const CaKey *key, guint keysym, guint modifiers)
{
  return key->keysym != 0 && gdk_keyval_to_lower (keysym) == key->keysym &&
         (modifiers & 0xff & ~CA_KEY_IGNORED) == key->mods;
}

gboolean
ca_key_is_send (guint keysym, guint modifiers)
{
  if ((modifiers & 0xff & ~CA_KEY_IGNORED) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (send_keysyms); i++)
    if (keysym == send_keysyms[i])
      return TRUE;
  return FALSE;
}

/* ---- The listener ---- */

typedef struct {
  gint64 at;          /* its last press (or repeat) */
  gboolean consumed;  /* kept from the app: its release is kept too */
} KeyDown;

struct _CaKeys {
  GObject parent;

  CaKey keys[CA_N_KEY_ACTIONS];
  AtspiDeviceListener *action_listener; /* NULL while no key is registered */
  AtspiDeviceListener *release_listener; /* the guide's keys let go of under other modifiers */
  AtspiDeviceListener *send_listener;   /* Return, KP_Enter, space; NULL until first held */
  gboolean holding;                     /* the focus is on Send: offer them to "send-key" */
  guint forget_source;                  /* the send listener goes when this runs */
  GHashTable *down;                     /* keysym (lower case) -> KeyDown */
  GQueue actions;                       /* CaKeyAction + 1, to emit */
  guint idle;
};

G_DEFINE_FINAL_TYPE (CaKeys, ca_keys, G_TYPE_OBJECT)

enum { SIGNAL_ACTION, SIGNAL_SEND_KEY, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
emit_actions (gpointer data)
{
  g_autoptr(CaKeys) self = g_object_ref (CA_KEYS (data));

  self->idle = 0;
  while (!g_queue_is_empty (&self->actions))
    {
      guint a = GPOINTER_TO_UINT (g_queue_pop_head (&self->actions)) - 1;
      g_signal_emit (self, signals[SIGNAL_ACTION], 0, ca_key_action_name (a));
    }
  return G_SOURCE_REMOVE;
}

/* Called by libatspi while the app that got the key waits for the answer:
 * TRUE keeps the key from it.  @event is ours to free. */
static gboolean
on_key (AtspiDeviceEvent *event, void *data)
{
  CaKeys *self = data;
  guint sym = gdk_keyval_to_lower (event->id);
  gpointer slot = GUINT_TO_POINTER (sym);
  KeyDown *down = sym != 0 ? g_hash_table_lookup (self->down, slot) : NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean consume = FALSE;

  if (sym == 0)
    ;
  else if (event->type == ATSPI_KEY_RELEASED_EVENT)
    {
      consume = down != NULL && down->consumed;
      g_hash_table_remove (self->down, slot);
    }
  else if (down != NULL && now - down->at < KEY_REPEAT_US)
    {
      down->at = now;
      consume = down->consumed;
    }
  else
    {
      for (guint a = 0; a < CA_N_KEY_ACTIONS && !consume; a++)
        if (ca_key_matches (&self->keys[a], event->id, event->modifiers))
          {
            g_queue_push_tail (&self->actions, GUINT_TO_POINTER (a + 1));
            if (self->idle == 0)
              self->idle = g_idle_add (emit_actions, self);
            consume = TRUE;
          }
      if (!consume && self->holding && ca_key_is_send (event->id, event->modifiers))
        g_signal_emit (self, signals[SIGNAL_SEND_KEY], 0, event->id, &consume);
      down = g_new (KeyDown, 1);
      down->at = now;
      down->consumed = consume;
      g_hash_table_replace (self->down, slot, down);
    }
  g_boxed_free (ATSPI_TYPE_DEVICE_EVENT, event);
  return consume;
}

/* Registers @keysyms (both cases of a letter) under @mods, with and without
 * Caps Lock and Num Lock; @releases: for key releases only, not waited
 * for. */
static void
register_keys_for (AtspiDeviceListener *listener, const guint *keysyms, guint n, guint mods,
                   gboolean releases)
{
  g_autoptr(GArray) set = g_array_new (FALSE, TRUE, sizeof (AtspiKeyDefinition));
  guint masks[4];
  guint n_masks = ca_key_masks (mods, masks);

  for (guint i = 0; i < n; i++)
    {
      AtspiKeyDefinition kd = { 0 };
      guint upper = gdk_keyval_to_upper (keysyms[i]);

      kd.keysym = (gint) keysyms[i];
      g_array_append_val (set, kd);
      if (upper != keysyms[i])
        {
          kd.keysym = (gint) upper;
          g_array_append_val (set, kd);
        }
    }
  for (guint m = 0; m < n_masks; m++)
    {
      GError *error = NULL;
      /* libatspi 2.46 returns FALSE with no error even when it worked. */
      if (!atspi_register_keystroke_listener (listener, set, masks[m],
                                              releases ? (1 << ATSPI_KEY_RELEASED_EVENT) : KEY_EVENTS,
                                              releases ? ATSPI_KEYLISTENER_NOSYNC : KEY_SYNC,
                                              &error) &&
          error != NULL)
        {
          g_warning ("Cannot register the guide's keys: %s", error->message);
          g_error_free (error);
        }
    }
}

static void
register_keys (AtspiDeviceListener *listener, const guint *keysyms, guint n, guint mods)
{
  register_keys_for (listener, keysyms, n, mods, FALSE);
}

/* The release of a key of the guide comes under whatever modifiers are
 * still down (people, and xdotool, often let go of Ctrl first): the
 * releases of @keysyms are heard under every part of @mods too, so that
 * the next press is never taken for the key repeating. */
static void
register_releases (AtspiDeviceListener *listener, const guint *keysyms, guint n, guint mods)
{
  guint bits[8], n_bits = 0;

  mods &= ~CA_KEY_IGNORED;
  for (guint b = 0; b < 8; b++)
    if (mods & (1u << b))
      bits[n_bits++] = 1u << b;
  /* Every subset but @mods itself (the keys' own listener has that). */
  for (guint subset = 0; subset + 1 < (1u << n_bits); subset++)
    {
      guint m = 0;
      for (guint b = 0; b < n_bits; b++)
        if (subset & (1u << b))
          m |= bits[b];
      register_keys_for (listener, keysyms, n, m, TRUE);
    }
}

static void
drop_listener (AtspiDeviceListener **listener)
{
  GError *error = NULL;

  if (*listener == NULL)
    return;
  /* The registry forgets every registration of this listener at once. */
  atspi_deregister_keystroke_listener (*listener, NULL, 0, KEY_EVENTS, &error);
  if (error != NULL)
    {
      g_debug ("Deregistering keys: %s", error->message);
      g_error_free (error);
    }
  g_clear_object (listener);
}

static void
register_actions (CaKeys *self)
{
  g_autoptr(GArray) syms = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean done[CA_N_KEY_ACTIONS] = { FALSE };

  drop_listener (&self->action_listener);
  drop_listener (&self->release_listener);
  self->action_listener = atspi_device_listener_new (on_key, self, NULL);
  self->release_listener = atspi_device_listener_new (on_key, self, NULL);
  /* One key set per set of modifiers: the default keys are all Ctrl+Alt. */
  for (guint a = 0; a < CA_N_KEY_ACTIONS; a++)
    {
      if (done[a] || self->keys[a].keysym == 0)
        continue;
      g_array_set_size (syms, 0);
      for (guint b = a; b < CA_N_KEY_ACTIONS; b++)
        if (!done[b] && self->keys[b].keysym != 0 && self->keys[b].mods == self->keys[a].mods)
          {
            g_array_append_val (syms, self->keys[b].keysym);
            done[b] = TRUE;
          }
      register_keys (self->action_listener, (const guint *) syms->data, syms->len,
                     self->keys[a].mods);
      register_releases (self->release_listener, (const guint *) syms->data, syms->len,
                         self->keys[a].mods);
    }
}

void
ca_keys_set (CaKeys *self, const char *const *accelerators, GPtrArray *problems)
{
  CaKey keys[CA_N_KEY_ACTIONS] = { { 0 } };
  gboolean any = FALSE;

  g_return_if_fail (CA_IS_KEYS (self));
  for (guint a = 0; a < CA_N_KEY_ACTIONS; a++)
    {
      g_autoptr(GError) error = NULL;

      if (accelerators[a] == NULL || accelerators[a][0] == '\0')
        continue;
      if (!ca_key_parse (accelerators[a], &keys[a], &error))
        {
          if (problems != NULL)
            g_ptr_array_add (problems, g_strdup_printf ("Keys.%s: %s", action_names[a],
                                                        error->message));
          keys[a] = (CaKey) { 0 };
          continue;
        }
      for (guint b = 0; b < a; b++)
        if (keys[b].keysym == keys[a].keysym && keys[b].mods == keys[a].mods)
          {
            if (problems != NULL)
              g_ptr_array_add (problems, g_strdup_printf ("Keys.%s: “%s” is Keys.%s's key already",
                                                          action_names[a], accelerators[a],
                                                          action_names[b]));
            keys[a] = (CaKey) { 0 };
            break;
          }
      any |= keys[a].keysym != 0;
    }
  if (memcmp (keys, self->keys, sizeof keys) == 0 && (self->action_listener != NULL) == any)
    return;
  memcpy (self->keys, keys, sizeof keys);
  if (any)
    register_actions (self);
  else
    {
      drop_listener (&self->action_listener);
      drop_listener (&self->release_listener);
    }
}

CaKey
ca_keys_get (CaKeys *self, CaKeyAction action)
{
  g_return_val_if_fail (CA_IS_KEYS (self) && action < CA_N_KEY_ACTIONS, (CaKey) { 0 });
  return self->keys[action];
}

void
ca_keys_hold_send (CaKeys *self, gboolean hold)
{
  g_return_if_fail (CA_IS_KEYS (self));
  if (hold == self->holding)
    return;
  /* A press seen before is no longer the one to answer the same way. */
  for (guint i = 0; i < G_N_ELEMENTS (send_keysyms); i++)
    g_hash_table_remove (self->down, GUINT_TO_POINTER (gdk_keyval_to_lower (send_keysyms[i])));
  self->holding = hold;
  g_clear_handle_id (&self->forget_source, g_source_remove);
  /* Registered once and kept: the registry's Deregister call is
   * synchronous, and made while a key it sent here waits for its answer
   * (space pressed on Send, then the focus leaving it) both sides wait a
   * second for each other. */
  if (hold && self->send_listener == NULL)
    {
      self->send_listener = atspi_device_listener_new (on_key, self, NULL);
      register_keys (self->send_listener, send_keysyms, G_N_ELEMENTS (send_keysyms), 0);
    }
}

static gboolean
forget_send (gpointer data)
{
  CaKeys *self = data;

  self->forget_source = 0;
  if (!self->holding)
    drop_listener (&self->send_listener);
  return G_SOURCE_REMOVE;
}

void
ca_keys_forget_send (CaKeys *self)
{
  g_return_if_fail (CA_IS_KEYS (self));
  ca_keys_hold_send (self, FALSE);
  /* Once the key events already queued here are answered. */
  if (self->send_listener != NULL && self->forget_source == 0)
    self->forget_source = g_idle_add_full (G_PRIORITY_LOW, forget_send, self, NULL);
}

CaKeys *
ca_keys_new (void)
{
  return g_object_new (CA_TYPE_KEYS, NULL);
}

static void
ca_keys_dispose (GObject *object)
{
  CaKeys *self = CA_KEYS (object);

  drop_listener (&self->action_listener);
  drop_listener (&self->release_listener);
  drop_listener (&self->send_listener);
  g_clear_handle_id (&self->forget_source, g_source_remove);
  g_clear_handle_id (&self->idle, g_source_remove);
  g_queue_clear (&self->actions);
  G_OBJECT_CLASS (ca_keys_parent_class)->dispose (object);
}

static void
ca_keys_finalize (GObject *object)
{
  CaKeys *self = CA_KEYS (object);

  g_hash_table_unref (self->down);
  G_OBJECT_CLASS (ca_keys_parent_class)->finalize (object);
}

static void
ca_keys_class_init (CaKeysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_keys_dispose;
  object_class->finalize = ca_keys_finalize;

  /* CaKeys::action: one of the guide's keys was pressed (and kept from the
   * app); @name is ca_key_action_name's.  Emitted from the main loop. */
  signals[SIGNAL_ACTION] = g_signal_new ("action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* CaKeys::send-key: Return, KP_Enter or space was pressed while the Send
   * key is held (@keysym says which).  Return TRUE to keep it from the
   * app.  Emitted while the app waits for the answer: a handler must answer
   * from what it knows, without calling any app. */
  signals[SIGNAL_SEND_KEY] = g_signal_new ("send-key", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0,
                                           g_signal_accumulator_true_handled, NULL, NULL,
                                           G_TYPE_BOOLEAN, 1, G_TYPE_UINT);
}

static void
ca_keys_init (CaKeys *self)
{
  self->down = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_queue_init (&self->actions);
}
