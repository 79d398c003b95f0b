/* claimrules.h: the public API of libclaimrules, the claim rules core.
 *
 * Load a scheme (a key file that says everything the insurance scheme says),
 * the working-day calendars, build a claim from fields as a person typed
 * them, check it and read the report.  GLib only.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Errors: every file problem names the file, the line and what is wrong. */
#define CR_ERROR (cr_error_quark ())
GQuark cr_error_quark (void);

typedef enum {
  CR_ERROR_FILE,      /* the file cannot be read */
  CR_ERROR_SYNTAX,    /* not a valid key file */
  CR_ERROR_INVALID,   /* a valid key file that says something wrong */
  CR_ERROR_NOT_FOUND, /* no such scheme or field */
} CrError;

typedef enum {
  CR_SEVERITY_ERROR,
  CR_SEVERITY_WARNING,
} CrSeverity;

typedef enum {
  CR_FIELD_TEXT,
  CR_FIELD_INTEGER,
  CR_FIELD_CHOICE,
  CR_FIELD_BOOLEAN,
  CR_FIELD_LIST,
  CR_FIELD_DATE,
  CR_FIELD_MONEY,
  CR_FIELD_CN_RESIDENT_ID,
  CR_FIELD_CN_MOBILE,
  CR_FIELD_BANK_CARD,
} CrFieldType;

typedef enum {
  CR_ELIGIBILITY_COVERED,
  CR_ELIGIBILITY_NOT_COVERED,
  CR_ELIGIBILITY_UNKNOWN, /* the fields it depends on are missing or wrong */
} CrEligibility;

/* ---- Dates, as days since 1970-01-01 (proleptic Gregorian) ---- */

typedef gint32 CrDay;

gboolean    cr_day_from_ymd        (int year, int month, int day, CrDay *out);
void        cr_day_to_ymd          (CrDay d, int *year, int *month, int *day);
int         cr_day_weekday         (CrDay d); /* 1 = Monday .. 7 = Sunday */
/* Dates as people type them: 2025-03-14, 2025/3/14, 2025.3.14, 2025年3月14日,
 * 20250314, with full-width digits and spaces anywhere. */
gboolean    cr_parse_date          (const char *typed, CrDay *out);
/* Money as people type it: ¥3,000.50, 3000元, full-width digits. In fen. */
gboolean    cr_parse_money         (const char *typed, gint64 *fen_out);
char       *cr_day_to_iso          (CrDay d);
/* Money as a person reads it in @lang: "3,000 yuan", "3,000元", "12.50". */
char       *cr_money_to_string     (gint64 fen, const char *lang, gboolean with_unit);

/* ---- Identity numbers ---- */

typedef enum {
  CR_ID_OK,
  CR_ID_BAD_FORMAT,   /* not 17 digits and a check character, or no real birth date */
  CR_ID_BAD_CHECKSUM, /* the check character does not match (GB 11643-1999) */
} CrIdStatus;

/* Normalises (full-width, spaces, lower-case x) into @normal (19 bytes) and
 * gives the birth date when the format is right. */
CrIdStatus  cr_resident_id_check   (const char *typed, char normal[19], CrDay *birth);
gboolean    cr_mobile_check        (const char *typed, char normal[12]);
typedef enum {
  CR_CARD_OK,
  CR_CARD_BAD_FORMAT,   /* not 16 to 19 digits */
  CR_CARD_BAD_CHECKSUM, /* fails the Luhn check: probably mistyped */
} CrCardStatus;
CrCardStatus cr_bank_card_check    (const char *typed, char normal[20]);

/* ---- Calendars of working days ---- */

typedef struct _CrCalendar CrCalendar;

CrCalendar *cr_calendar_new        (void);
CrCalendar *cr_calendar_ref        (CrCalendar *cal);
void        cr_calendar_unref      (CrCalendar *cal);
/* One file a year; a mistake refuses the whole file, with its line. */
gboolean    cr_calendar_load_file  (CrCalendar *cal, const char *path, GError **error);
gboolean    cr_calendar_load_data  (CrCalendar *cal, const char *data, gsize len,
                                    const char *name, GError **error);
/* Every *.calendar file in @dir. */
gboolean    cr_calendar_load_dir   (CrCalendar *cal, const char *dir, GError **error);
gboolean    cr_calendar_covers     (const CrCalendar *cal, int year);
/* FALSE with *known = FALSE when no calendar covers the day's year. */
gboolean    cr_calendar_is_working_day (const CrCalendar *cal, CrDay d, gboolean *known);
/* The @n-th working day after @from (not counting @from itself).
 * FALSE ("cannot say") when the count reaches a year no calendar covers. */
gboolean    cr_calendar_add_working_days (const CrCalendar *cal, CrDay from, guint n, CrDay *out);

/* ---- Schemes ---- */

typedef struct _CrScheme CrScheme;
typedef struct _CrField CrField;

CrScheme   *cr_scheme_new_from_file (const char *path, GError **error);
CrScheme   *cr_scheme_new_from_data (const char *data, gsize len, const char *name,
                                     GError **error);
/* @id_or_path: a path to a .scheme file, or a scheme id looked up in
 * $CLAIMRULES_SCHEME_PATH (colon-separated) and then the installed schemes. */
CrScheme   *cr_scheme_load          (const char *id_or_path, GError **error);
CrScheme   *cr_scheme_ref           (CrScheme *scheme);
void        cr_scheme_unref         (CrScheme *scheme);
const char *cr_scheme_get_id        (const CrScheme *scheme);
const char *cr_scheme_get_name      (const CrScheme *scheme, const char *lang);
/* Whom a claimant can call or visit when not covered or stuck, for the guide
 * to say after the reason; in @lang (falling back to English), or NULL when
 * the scheme says nothing. */
const char *cr_scheme_get_help      (const CrScheme *scheme, const char *lang);
const char *const *cr_scheme_get_languages (const CrScheme *scheme);
guint       cr_scheme_get_n_fields  (const CrScheme *scheme);
const CrField *cr_scheme_get_field  (const CrScheme *scheme, guint i);
const CrField *cr_scheme_lookup_field (const CrScheme *scheme, const char *name);
const char *cr_scheme_get_calendar_dir (const CrScheme *scheme);
/* The calendars for @scheme: its Calendars= folder, else the installed ones. */
CrCalendar *cr_calendar_new_for_scheme (const CrScheme *scheme, GError **error);

const char *cr_field_get_name       (const CrField *field);
CrFieldType cr_field_get_field_type (const CrField *field);
const char *cr_field_get_label      (const CrField *field, const char *lang);
const char *cr_field_get_prompt     (const CrField *field, const char *lang);
/* NULL-terminated; the label is not repeated among them. */
const char *const *cr_field_get_synonyms (const CrField *field, const char *lang);
const char *cr_field_type_to_string (CrFieldType type);
/* The personal data a field holds: what must be masked wherever its value
 * is shown to anyone but the claimant (claimguide's helper).  ID numbers,
 * mobile numbers and bank cards are personal by their type; a scheme marks
 * any other field with Personal=name (a person's name) or Personal=other
 * (anything else about a person, such as an address). */
typedef enum {
  CR_PERSONAL_NONE,
  CR_PERSONAL_NAME,
  CR_PERSONAL_OTHER,
  CR_PERSONAL_ID,        /* Type=cn-resident-id */
  CR_PERSONAL_MOBILE,    /* Type=cn-mobile */
  CR_PERSONAL_BANK_CARD, /* Type=bank-card */
} CrPersonal;
CrPersonal  cr_field_get_personal   (const CrField *field);
/* The id of the choice of @field that @typed names (by id, label or synonym,
 * in any language, folded), or NULL. */
const char *cr_field_match_choice   (const CrField *field, const char *typed);
/* The label of @field's choice @id in @lang, or NULL for no such choice. */
const char *cr_field_get_choice_label (const CrField *field, const char *id, const char *lang);
/* Every scheme id found in $CLAIMRULES_SCHEME_PATH and the installed schemes,
 * each once (the first folder that has it wins, as in cr_scheme_load). */
GStrv       cr_scheme_list_ids      (void);
/* The folded form in which claimguide compares what people type or read
 * with labels and synonyms: full-width letters and digits made ASCII, ASCII
 * in lower case, spaces at either end trimmed.  NULL when not UTF-8. */
char       *cr_text_key             (const char *text);

/* ---- Claims: fields as the person typed them ---- */

typedef struct _CrClaim CrClaim;

CrClaim    *cr_claim_new            (void);
void        cr_claim_free           (CrClaim *claim);
/* Replaces any earlier value; NULL or "" clears the field. */
void        cr_claim_set            (CrClaim *claim, const char *field, const char *typed);
const char *cr_claim_get            (const CrClaim *claim, const char *field);
/* A key file with a [Claim] group of field=value. */
CrClaim    *cr_claim_new_from_file  (const char *path, GError **error);
CrClaim    *cr_claim_new_from_data  (const char *data, gsize len, const char *name,
                                     GError **error);
/* Field names in the order they were first set. */
GPtrArray  *cr_claim_get_field_names (const CrClaim *claim);

/* ---- The guide's steps: the claim one step at a time ---- */

/* A step of the scheme's [Step ID] groups, owned by the scheme.  The first
 * step applies to every claim and asks what happened (it covers claim_type
 * when the scheme has that field); the others may apply only to some claims. */
typedef struct _CrStep CrStep;

/* Every step in file order, whatever the claim. */
guint         cr_scheme_get_n_steps (const CrScheme *scheme);
const CrStep *cr_scheme_get_step    (const CrScheme *scheme, guint i);
/* The step called @id, or NULL. */
const CrStep *cr_scheme_lookup_step (const CrScheme *scheme, const char *id);
/* The steps that apply to @claim (their When= clauses hold against its
 * values), in order; the first step always.  A claim with no claim type yet
 * gets only the steps without When=.  @claim may be NULL (nothing filled in).
 * An array of const CrStep *, owned by the scheme; free with g_ptr_array_unref. */
GPtrArray    *cr_scheme_steps_for_claim (const CrScheme *scheme, const CrClaim *claim);
const char   *cr_step_get_id        (const CrStep *step);
/* What the guide says at this step, written for the ear, in @lang (falling
 * back to English as cr_field_get_prompt does). */
const char   *cr_step_get_prompt    (const CrStep *step, const char *lang);
/* The papers to have at hand for this step, in @lang; NULL when none. */
const char   *cr_step_get_papers    (const CrStep *step, const char *lang);
/* The names of the fields this step covers, in order; NULL-terminated. */
const char *const *cr_step_get_fields (const CrStep *step);

/* ---- Checking ---- */

typedef struct _CrReport CrReport;

typedef struct {
  const char *field;
  const char *field_label; /* in the report's language */
  const char *check;     /* the kind of check, e.g. "date-order" */
  const char *check_id;  /* the check's name in the scheme file */
  CrSeverity  severity;
  const char *message;   /* in the report's language */
} CrProblem;

typedef struct {
  const char *name;      /* in the report's language */
  gint64      amount_fen;
} CrBenefitItem;

/* @today: the day "not in the future" is judged against and, when the claim
 * has no submitted date, the day the working-day count starts after.
 * @lang: "en" or "zh_CN" (any language the scheme ships). */
CrReport   *cr_check_claim          (const CrScheme *scheme, const CrCalendar *calendar,
                                     const CrClaim *claim, CrDay today, const char *lang);
void        cr_report_free          (CrReport *report);

CrEligibility cr_report_get_eligibility (const CrReport *report);
const char *cr_report_get_eligibility_reason (const CrReport *report);
guint       cr_report_get_n_problems (const CrReport *report);
const CrProblem *cr_report_get_problem (const CrReport *report, guint i);
gboolean    cr_report_has_errors    (const CrReport *report);
/* Document ids still missing for the claim type; NULL-terminated. */
const char *const *cr_report_get_documents_missing (const CrReport *report);
/* Every paper the claim type needs, at hand or not; NULL-terminated, in the
 * scheme's order (empty while the claim type is unknown). */
const char *const *cr_report_get_documents_needed (const CrReport *report);
const char *cr_report_get_document_label (const CrReport *report, const char *doc_id);
gint64      cr_report_get_benefit_fen (const CrReport *report);
guint       cr_report_get_n_benefit_items (const CrReport *report);
const CrBenefitItem *cr_report_get_benefit_item (const CrReport *report, guint i);
/* FALSE when it cannot be said (no calendar, not covered, claim type unknown). */
gboolean    cr_report_get_review_by (const CrReport *report, CrDay *out);
gboolean    cr_report_get_paid_by   (const CrReport *report, CrDay *out);
/* Why the dates are missing, or what they assume; NULL when nothing to say. */
const char *cr_report_get_dates_note (const CrReport *report);
const char *cr_report_get_claim_type (const CrReport *report);
const char *cr_report_get_language  (const CrReport *report);

/* The report as one JSON object (the format of `claimcheck --json`). */
char       *cr_report_to_json       (const CrReport *report);
/* The report as plain text for a person to read, in the report's language. */
char       *cr_report_to_text       (const CrReport *report);
/* The claim as a printable HTML page (one file, no network, large type: body
 * text 18 pt or more) for the senior's own copy, in the report's language:
 * the scheme's name, the fields that have a value (label and value as typed,
 * in the scheme's order), the papers the claim needs with a box to tick by
 * hand (saying which the claim marks as ready), the problems, the payment,
 * the dates and the scheme's help.  @report: cr_check_claim()'s for @scheme and @claim.
 * @claim: the values shown; @today: the date printed on it.  The page holds
 * the claim's personal data: write it only where the person asked for it. */
char       *cr_report_to_html       (const CrReport *report, const CrScheme *scheme,
                                     const CrClaim *claim, CrDay today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrCalendar, cr_calendar_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrScheme, cr_scheme_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrClaim, cr_claim_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrReport, cr_report_free)

G_END_DECLS
