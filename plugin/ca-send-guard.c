/* ca-send-guard.c: Enter or Space on Send, held back or let through. */
#include "ca-send-guard.h"

void
ca_send_guard_enter (CaSendGuard *guard, gboolean checking, guint errors)
{
  guard->held_at = 0;
  guard->last_held = 0;
  guard->errors = checking ? 0 : errors;
  if (checking)
    guard->state = CA_SEND_GUARD_CHECKING;
  else
    guard->state = errors > 0 ? CA_SEND_GUARD_ERRORS : CA_SEND_GUARD_CLEAR;
}

void
ca_send_guard_leave (CaSendGuard *guard)
{
  guard->state = CA_SEND_GUARD_OFF;
  guard->errors = 0;
  guard->held_at = 0;
  guard->last_held = 0;
}

void
ca_send_guard_checked (CaSendGuard *guard, guint errors, gboolean known)
{
  if (guard->state == CA_SEND_GUARD_OFF)
    return;
  if (!known || errors == 0)
    {
      guard->state = CA_SEND_GUARD_CLEAR;
      guard->errors = 0;
      guard->held_at = 0;
      return;
    }
  /* A press held while checking opened the window: the senior hears the
   * problem now and may press again to send anyway. */
  guard->state = CA_SEND_GUARD_ERRORS;
  guard->errors = errors;
}

CaSendVerdict
ca_send_guard_press (CaSendGuard *guard, gint64 now)
{
  switch (guard->state)
    {
    case CA_SEND_GUARD_OFF:
    case CA_SEND_GUARD_CLEAR:
      return CA_SEND_PASS;

    case CA_SEND_GUARD_CHECKING:
      /* Nothing is known yet: held, never sent unchecked.  The check about
       * to answer says what it found; this press counts as the first. */
      if (guard->held_at == 0)
        guard->held_at = now;
      guard->last_held = now;
      return CA_SEND_HOLD;

    case CA_SEND_GUARD_ERRORS:
      if (guard->last_held != 0 && now - guard->last_held < CA_SEND_GUARD_REPEAT_US)
        {
          guard->last_held = now; /* still the same press */
          return CA_SEND_HOLD;
        }
      if (guard->held_at != 0 && now - guard->held_at <= CA_SEND_GUARD_WINDOW_US)
        return CA_SEND_PASS; /* pressed again: the senior decides */
      guard->held_at = now;
      guard->last_held = now;
      return CA_SEND_HOLD_FIRST;
    }
  return CA_SEND_PASS;
}
