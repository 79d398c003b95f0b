/* What the helper's and the privacy end-to-end tests share: the real
 * claimguided with the real claimguide-atspi, the GTK 3 claim form driven
 * by synthetic keys (xdotool), and what the daemon says, from its
 * UtteranceStarted signal.  Run under tools/desktop-session.
 *
 * Nothing here prints what was typed or said: made-up personal data still
 * stays out of test output (e2e_printable masks digits and the made-up
 * names for the rare message that quotes what was said). */
#pragma once

#include <gio/gio.h>

/* The made-up person (tools/fake-ids): never a real one. */
#define E2E_NAME  "Lin Xiaomei"
#define E2E_ID    "440514195511304189"
#define E2E_PHONE "13800138033"
#define E2E_CARD  "6228480000000007"

#define E2E_NEXT_STEP "ctrl+alt+Next"

extern GDBusConnection *e2e_bus;
extern GPtrArray *e2e_said;   /* char*: what the daemon said, in order */

/* The session bus and the UtteranceStarted subscription.  FALSE (and the
 * reason in *why) when there is no display: not under desktop-session. */
gboolean e2e_init (char **why);
void e2e_shutdown (void);

void e2e_pump (double seconds);
/* Something said from @from on holding every one of @parts (NULL-ended):
 * its index, or -1 after @seconds. */
int e2e_wait_said (guint from, const char *const *parts, double seconds);
#define E2E_WAIT_SAID(from, seconds, ...) \
  e2e_wait_said ((from), (const char *const[]) { __VA_ARGS__, NULL }, (seconds))

/* @text fit for test output: every digit '#', the made-up names "(name)". */
char *e2e_printable (const char *text);

/* ---- Keys and windows ---- */
void e2e_key (const char *keysym);
/* Space-separated keys, each may end in "*N" for N presses. */
void e2e_keys (const char *spec);
void e2e_type (const char *text);
gboolean e2e_window_named (const char *part);
gboolean e2e_wait_window_name (const char *part, double seconds);

/* ---- The daemon's status ---- */
char *e2e_status_string (const char *key);
gboolean e2e_wait_status (const char *key, const char *want, double seconds);

/* ---- The daemon ---- */
/* claimguided with the plugin (judging claims as on 2025-01-24), its
 * stdout and stderr into @out and @err (NULL: inherited), speech into
 * @wav; @env: extra NAME=VALUE pairs or NULL.  Waits until the plugin
 * runs. */
GSubprocess *e2e_start_daemon (const char *wav, const char *out, const char *err,
                               const char *const *env);
/* SIGTERM (the session ends), and waits. */
void e2e_stop_daemon (GSubprocess **daemon);

/* ---- The GTK claim form ---- */
typedef struct {
  GSubprocess *proc;
  char *wid;
} E2eApp;

/* The form, its output into @log (NULL: form.log in TMPDIR); focused. */
void e2e_app_start_gtk (E2eApp *app, const char *log);
void e2e_app_stop (E2eApp *app);

/* ---- The senior's moves ---- */
typedef struct {
  const char *keys;       /* pressed first, as e2e_keys, or NULL */
  const char *type;       /* then typed, or NULL */
  const char *expect[4];  /* then to be said (all in one utterance), or { NULL } */
} E2eAct;

void e2e_act (const E2eAct *a);

/* A hospital-allowance claim with nothing to fix, in the GTK form, from the
 * claim type (focused, the guide not started) to the Send button, whose
 * check is heard as "nothing to fix: 420 yuan by 2025-02-08".  *@bank: the
 * index of the move to the bank card's step. */
const E2eAct *e2e_clean_claim (guint *n, guint *bank);
