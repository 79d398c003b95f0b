/* ca-send-guard.h: when Enter or Space on a claim form's Send button is
 * held back, and when it is let through.
 *
 * Pure logic, no AT-SPI: ca-plugin.c says when the focus reaches or leaves
 * the Send button and what the guide's check found (Guide1.Check's error
 * count; warnings never count), ca-keys.c asks about each press of Return,
 * KP_Enter or space while the focus is there.  Times are passed in, so the
 * tests set the clock.
 *
 * While the check has found an error, a press is held back (the app never
 * sees it) and the daemon says why; pressing again within a few seconds
 * sends anyway: the senior decides. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first press held back opens a window this long: a second press
 * within it goes through to the app (the senior has heard the problem and
 * sends anyway), and so does any other press until the window closes. */
#define CA_SEND_GUARD_WINDOW_US (5 * G_USEC_PER_SEC)
/* A press this soon after one held back is the key repeating, not a second
 * press (an X server without detectable auto-repeat sends press and release
 * pairs while a key is held down, and seniors often hold a key down): held
 * back too. */
#define CA_SEND_GUARD_REPEAT_US (300 * G_TIME_SPAN_MILLISECOND)

typedef enum {
  CA_SEND_GUARD_OFF,       /* the focus is not on a claim form's Send button */
  CA_SEND_GUARD_CHECKING,  /* it is, and the check has not answered yet */
  CA_SEND_GUARD_ERRORS,    /* it is, and the check found errors */
  CA_SEND_GUARD_CLEAR,     /* it is, and the check found none (or could not say) */
} CaSendGuardState;

typedef enum {
  CA_SEND_PASS,       /* the app gets the key */
  CA_SEND_HOLD,       /* held back */
  CA_SEND_HOLD_FIRST, /* held back, the first press of a window: have the daemon say why */
} CaSendVerdict;

typedef struct {
  CaSendGuardState state;
  guint errors;       /* what the last check said */
  gint64 held_at;     /* the first press held back in this window; 0 for none */
  gint64 last_held;   /* the latest press held back */
} CaSendGuard;

/* The focus reached the Send button.  @checking: a check was asked for and
 * has not answered; else @errors is what a check of the same values said. */
void          ca_send_guard_enter   (CaSendGuard *guard, gboolean checking, guint errors);
/* The focus left it: nothing is held. */
void          ca_send_guard_leave   (CaSendGuard *guard);
/* A check answered while the focus is on Send.  @known: FALSE when the
 * check failed (the daemon did not answer): then nothing is held, for the
 * senior must always be able to send. */
void          ca_send_guard_checked (CaSendGuard *guard, guint errors, gboolean known);
/* Return, KP_Enter or space pressed (not repeating) at @now. */
CaSendVerdict ca_send_guard_press   (CaSendGuard *guard, gint64 now);

G_END_DECLS
