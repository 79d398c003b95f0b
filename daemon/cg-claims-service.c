/* org.claimguide.Claims1: the rules core behind the bus. */
#include "cg-daemon-private.h"

#include <string.h>

#include "claimrules.h"
#include "cg-messages.h"

typedef struct {
  CrScheme *scheme;
  CrCalendar *calendar;
} LoadedScheme;

static void
loaded_scheme_free (LoadedScheme *ls)
{
  cr_scheme_unref (ls->scheme);
  cr_calendar_unref (ls->calendar);
  g_free (ls);
}

/* A scheme id names a file in the scheme path, never a path itself. */
static gboolean
is_scheme_id (const char *id)
{
  if (id[0] == '\0' || id[0] == '.' || strlen (id) > CG_MAX_NAME)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static LoadedScheme *
get_scheme (CgDaemon *self, const char *id, GError **error)
{
  g_autoptr(GError) local = NULL;
  LoadedScheme *ls;
  CrScheme *scheme;
  CrCalendar *calendar;

  if (!is_scheme_id (id))
    {
      g_autofree char *shown = cg_error_quote (id, 60);
      g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a scheme id (letters, digits, - and _ only)", shown);
      return NULL;
    }
  ls = g_hash_table_lookup (self->schemes, id);
  if (ls != NULL)
    return ls;
  scheme = cr_scheme_load (id, &local);
  if (scheme == NULL)
    {
      gboolean missing = g_error_matches (local, CR_ERROR, CR_ERROR_NOT_FOUND);
      g_set_error (error, CG_ERROR, missing ? CG_ERROR_UNKNOWN_SCHEME : CG_ERROR_SCHEME_REFUSED,
                   "%s", local->message);
      return NULL;
    }
  calendar = cr_calendar_new_for_scheme (scheme, &local);
  if (calendar == NULL)
    {
      cr_scheme_unref (scheme);
      g_set_error (error, CG_ERROR, CG_ERROR_SCHEME_REFUSED, "a calendar was refused: %s",
                   local->message);
      return NULL;
    }
  ls = g_new0 (LoadedScheme, 1);
  ls->scheme = scheme;
  ls->calendar = calendar;
  g_hash_table_insert (self->schemes, g_strdup (id), ls);
  return ls;
}

CrScheme *
cg_claims_service_lookup_scheme (CgDaemon *self, const char *id, GError **error)
{
  LoadedScheme *ls = get_scheme (self, id, error);
  return ls != NULL ? ls->scheme : NULL;
}

gboolean
cg_claims_service_check_fields (GVariant *fields, GError **error)
{
  GVariantIter iter;
  const char *name, *value;

  if (g_variant_n_children (fields) > CG_MAX_FIELDS)
    {
      g_set_error (error, CG_ERROR, CG_ERROR_TOO_LARGE, "%zu fields; a claim has at most %d",
                   g_variant_n_children (fields), CG_MAX_FIELDS);
      return FALSE;
    }
  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&s&s}", &name, &value))
    {
      if (strlen (name) == 0 || strlen (name) > CG_MAX_FIELD_NAME)
        {
          g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                       "a field name must have 1 to %d bytes", CG_MAX_FIELD_NAME);
          return FALSE;
        }
      if (strlen (value) > CG_MAX_FIELD_VALUE)
        {
          g_set_error (error, CG_ERROR, CG_ERROR_TOO_LARGE,
                       "the field %s holds %zu bytes; at most %d", name, strlen (value),
                       CG_MAX_FIELD_VALUE);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cg_claims_service_read_options (CgDaemon *self, GVariant *options, CgCheckOptions *out,
                                GError **error)
{
  static const char *const known[] = { "language", "today", "announce", NULL };
  GVariantIter iter;
  const char *key;
  GVariant *value;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  out->speak_lang = cg_daemon_default_lang (self);
  out->announce = FALSE;
  if (self->today != 0)
    out->today = self->today;
  else
    cr_day_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                     g_date_time_get_day_of_month (now), &out->today);

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) v = value;
      gboolean ok = TRUE;

      if (!g_strv_contains (known, key))
        {
          g_autofree char *shown = cg_error_quote (key, 40);
          g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                       "unknown option “%s” (Check takes language, today, announce)", shown);
          return FALSE;
        }
      if (g_str_equal (key, "language"))
        ok = g_variant_is_of_type (v, G_VARIANT_TYPE_STRING) &&
             cg_daemon_parse_lang (self, g_variant_get_string (v, NULL), &out->speak_lang, NULL);
      else if (g_str_equal (key, "today"))
        ok = g_variant_is_of_type (v, G_VARIANT_TYPE_STRING) &&
             cr_parse_date (g_variant_get_string (v, NULL), &out->today);
      else if (g_str_equal (key, "announce"))
        {
          ok = g_variant_is_of_type (v, G_VARIANT_TYPE_BOOLEAN);
          out->announce = ok && g_variant_get_boolean (v);
        }
      if (!ok)
        {
          g_set_error (error, CG_ERROR, CG_ERROR_INVALID_ARGUMENT,
                       "option %s: %s", key,
                       g_str_equal (key, "language") ? "a string: zh_CN, yue or en"
                       : g_str_equal (key, "today")  ? "a date string such as 2025-03-14"
                                                     : "a boolean");
          return FALSE;
        }
    }
  out->lang = cg_lang_text_language (out->speak_lang);
  return TRUE;
}

char *
cg_claims_service_summary (const CrReport *report, const char *lang)
{
  GString *s = g_string_new (NULL);
  guint errors = 0;
  const CrProblem *first = NULL;
  CrDay paid;

  for (guint i = 0; i < cr_report_get_n_problems (report); i++)
    {
      const CrProblem *p = cr_report_get_problem (report, i);
      if (p->severity == CR_SEVERITY_ERROR && errors++ == 0)
        first = p;
    }
  if (errors > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", errors);
      g_autofree char *head = errors == 1 ? g_strdup (cg_message (CG_M_ONE_TO_FIX, lang))
                                          : cg_message_with (CG_M_TO_FIX, lang, "{n}", n);
      g_string_append_printf (s, "%s %s", head, first->message);
      return g_string_free (s, FALSE);
    }
  if (cr_report_get_eligibility (report) == CR_ELIGIBILITY_NOT_COVERED)
    {
      g_string_append_printf (s, "%s %s", cg_message (CG_M_NOT_COVERED, lang),
                              cr_report_get_eligibility_reason (report));
      return g_string_free (s, FALSE);
    }
  g_string_append (s, cg_message (CG_M_NOTHING_TO_FIX, lang));
  if (cr_report_get_benefit_fen (report) > 0)
    {
      g_autofree char *amount = cr_money_to_string (cr_report_get_benefit_fen (report), lang, FALSE);
      g_autofree char *pay = cg_message_with (CG_M_SHOULD_PAY, lang, "{amount}", amount);
      g_string_append_printf (s, " %s", pay);
    }
  if (cr_report_get_paid_by (report, &paid))
    {
      g_autofree char *date = cr_day_to_iso (paid);
      g_autofree char *by = cg_message_with (CG_M_PAID_BY, lang, "{date}", date);
      g_string_append_printf (s, " %s", by);
    }
  return g_string_free (s, FALSE);
}

static gboolean
run_check (CgDaemon *self, const char *scheme_id, GVariant *fields, GVariant *options,
           gboolean *ok, char **name, char **json, char **text, GError **error)
{
  CgCheckOptions opts;
  LoadedScheme *ls;
  g_autoptr(CrClaim) claim = cr_claim_new ();
  g_autoptr(CrReport) report = NULL;
  GVariantIter iter;
  const char *k, *v;

  if (!cg_claims_service_check_fields (fields, error) || !cg_claims_service_read_options (self, options, &opts, error))
    return FALSE;
  ls = get_scheme (self, scheme_id, error);
  if (ls == NULL)
    return FALSE;
  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    cr_claim_set (claim, k, v);

  report = cr_check_claim (ls->scheme, ls->calendar, claim, opts.today, opts.lang);
  *ok = cr_report_get_eligibility (report) == CR_ELIGIBILITY_COVERED && !cr_report_has_errors (report);
  *name = g_strdup (cr_scheme_get_name (ls->scheme, opts.lang));
  *json = cr_report_to_json (report);
  *text = cr_report_to_text (report);

  if (opts.announce)
    {
      g_autofree char *said = cg_claims_service_summary (report, opts.lang);
      g_clear_pointer (&self->last_check, g_variant_unref);
      self->last_check = g_variant_ref_sink (g_variant_new ("(s@a{ss}@a{sv})", scheme_id, fields, options));
      cg_daemon_announce (self, cg_message (CG_M_CHECK_TITLE, opts.lang), said, CG_PRIORITY_PROMPT,
                          opts.speak_lang);
    }
  return TRUE;
}

static gboolean
handle_check (CgDBusClaims1 *iface, GDBusMethodInvocation *inv, const char *scheme,
              GVariant *fields, GVariant *options, gpointer data)
{
  CgDaemon *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *json = NULL, *text = NULL;
  gboolean ok = FALSE;

  if (!run_check (self, scheme, fields, options, &ok, &name, &json, &text, &error))
    {
      g_dbus_method_invocation_return_gerror (inv, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  cg_dbus_claims1_complete_check (iface, inv, ok, name, json, text);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

CrReport *
cg_claims_service_check_claim (CgDaemon *self, const char *scheme_id, const CrClaim *claim,
                               const CgCheckOptions *opts, GError **error)
{
  LoadedScheme *ls = get_scheme (self, scheme_id, error);
  if (ls == NULL)
    return NULL;
  return cr_check_claim (ls->scheme, ls->calendar, claim, opts->today, opts->lang);
}

void
cg_claims_service_check_again (CgDaemon *self)
{
  g_autoptr(GVariant) last = self->last_check != NULL ? g_variant_ref (self->last_check) : NULL;
  g_autoptr(GVariant) fields = NULL, options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *json = NULL, *text = NULL;
  const char *scheme;
  gboolean ok;

  if (last == NULL)
    return;
  g_variant_get (last, "(&s@a{ss}@a{sv})", &scheme, &fields, &options);
  if (!run_check (self, scheme, fields, options, &ok, &name, &json, &text, &error))
    g_warning ("Checking again failed: %s", error->message);
}

void
cg_claims_service_export (CgDaemon *self)
{
  self->schemes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) loaded_scheme_free);
  self->claims_iface = cg_dbus_claims1_skeleton_new ();
  g_signal_connect (self->claims_iface, "handle-check", G_CALLBACK (handle_check), self);
}

void
cg_claims_service_free (CgDaemon *self)
{
  g_clear_pointer (&self->schemes, g_hash_table_unref);
}
