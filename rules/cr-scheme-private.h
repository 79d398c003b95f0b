/* cr-scheme-private.h: what a loaded scheme holds, shared by the loader,
 * the checks, the benefits and the report. */
#pragma once
#include "claimrules.h"
#include "cr-keyfile.h"

G_BEGIN_DECLS

#define CR_MAX_CHOICES    64  /* a choice field's values fit a 64-bit mask */
#define CR_MAX_LIST_ITEMS 32

/* Texts are arrays indexed like scheme->langs (0 is English). */
typedef char **CrText;
typedef char ***CrTextList;

typedef struct {
  char      *id;
  CrText     label;
  CrTextList synonyms; /* may be NULL */
} CrChoice;

struct _CrField {
  char       *name;
  char      **langs;       /* the scheme's, borrowed */
  guint       index;
  CrFieldType type;
  CrFieldType item_type;   /* for lists: CR_FIELD_INTEGER or CR_FIELD_CHOICE */
  CrText      label;
  CrText      prompt;
  CrTextList  synonyms;    /* may be NULL */
  GPtrArray  *choices;     /* of CrChoice, for choice fields and lists of choices */
  GHashTable *choice_by_text; /* folded, ASCII-lowercased id/label/synonym -> index + 1 */
  gint64      min, max;    /* for integers and integer list items */
  CrPersonal  personal;    /* Personal=name or other; NONE for the personal types */
};

/* field=v1|v2 clauses, all of which must hold.  Conditions name choice fields. */
typedef struct {
  guint   field;
  guint64 mask;
} CrClause;

typedef struct {
  guint     n_clauses;
  CrClause *clauses;
} CrCondition;

typedef struct _CrCheckKind CrCheckKind;

typedef struct {
  char              *id;
  const CrCheckKind *kind;
  guint              field;
  int                other;      /* -1 when the kind takes no other field */
  gint64             number;     /* Days or Age */
  guint64            mask;       /* Values, for one-of and not-one-of */
  char             **prefixes;   /* for id-region */
  CrCondition        when;
  CrSeverity         severity;
  gboolean           eligibility;
  gboolean           no_benefit;
  CrText             message;
} CrCheck;

typedef struct {
  gboolean   present;
  CrText     message;            /* the value cannot be read */
  CrText     checksum_message;   /* ID and bank card check digits */
  CrSeverity checksum_severity;
} CrFormat;

typedef struct {
  char       *id;
  CrCondition when;
  guint64     documents; /* choices of the scheme's documents field */
} CrNeed;

typedef enum {
  CR_RULE_FIXED,
  CR_RULE_BY_CHOICE,
  CR_RULE_GRADE_SHARE,
  CR_RULE_PER_DAY,
} CrRule;

typedef enum {
  CR_SEVERAL_MOST_SEVERE,
  CR_SEVERAL_RAISE_ONE_GRADE, /* JR/T 0083-2013 clause 4.4 */
} CrSeveral;

typedef struct {
  char       *id;
  CrRule      rule;
  CrCondition when;
  CrText      name;
  gint64      amount_fen;        /* fixed; the base for grade-share */
  int         field;             /* by-choice, grade-share */
  gint64     *choice_fen;        /* by-choice: per choice of field, -1 for none */
  guint       n_shares;          /* grade-share: shares[grade - 1] in percent */
  gint64     *shares;
  CrSeveral   several;
  gint64      per_day_fen;       /* per-day */
  int         from, to, used;
  gint64      min_days, max_days_per_stay, max_days_per_year;
} CrBenefit;

/* One step of the guide: what it says, the fields it covers and for which
 * claims (cr-steps.c). */
struct _CrStep {
  char       *id;
  char      **langs;   /* the scheme's, borrowed */
  CrText      prompt;
  CrText      papers;  /* may be NULL */
  char      **fields;  /* field names, NULL-terminated */
  CrCondition when;
};

struct _CrScheme {
  gint        ref_count;
  char       *id;
  char       *path;
  char      **langs;
  guint       n_langs;
  CrText      name;
  CrText      help;             /* whom to ask; may be NULL */
  GPtrArray  *fields;           /* of CrField */
  GHashTable *field_by_name;
  CrFormat    formats[CR_FIELD_BANK_CARD + 1];
  GPtrArray  *checks;           /* of CrCheck, in file order */
  GPtrArray  *needs;            /* of CrNeed */
  GPtrArray  *benefits;         /* of CrBenefit */
  GPtrArray  *steps;            /* of CrStep, in file order; frees them */
  int         claim_type_field; /* -1 when the scheme has none */
  char       *documents_field_name;
  int         documents_field;  /* the list of papers the claimant has; -1 if none.
                                 * Its choices are the documents a claim can need. */
  char       *calendar_dir;
  gint64      review_days, pay_days_small, pay_days_large, small_below_fen;
  int         complete_field;
};

/* The index into @langs for @lang, falling back to English (0). */
guint cr_lang_index (const char *const *langs, const char *lang);
guint cr_scheme_lang_index (const CrScheme *scheme, const char *lang);

/* The check kinds (cr-checks.c). */
const CrCheckKind *cr_check_kind_lookup (const char *name);
const char        *cr_check_kind_name   (const CrCheckKind *kind);
/* Reads the kind's own keys of a [Check] group into @check. */
gboolean           cr_check_kind_parse  (const CrCheckKind *kind, CrScheme *scheme,
                                         CrKeyFile *kf, const char *group, CrCheck *check,
                                         GError **error);
/* Keys the kind takes besides the common ones (NULL-terminated). */
const char *const *cr_check_kind_keys   (const CrCheckKind *kind);

/* The guide's steps (cr-steps.c): a [Step ID] group, and what only the whole
 * file can say of them (run once every group is read). */
gboolean cr_scheme_parse_step  (CrScheme *scheme, CrKeyFile *kf, const char *group,
                                const char *id, GError **error);
gboolean cr_scheme_check_steps (CrScheme *scheme, CrKeyFile *kf, GError **error);
void     cr_step_free          (gpointer step);

/* Helpers for the loader and the kinds. */
gboolean cr_is_identifier (const char *s); /* letters, digits, - and _; starts alphanumeric */
/* When=field=a|b;other=c into @cond (left empty when @group has no When=). */
gboolean cr_scheme_parse_condition (CrScheme *scheme, CrKeyFile *kf, const char *group,
                                    CrCondition *cond, GError **error);
gboolean cr_scheme_parse_field_ref (CrScheme *scheme, CrKeyFile *kf, const char *group,
                                    const char *key, gboolean required, int *out,
                                    GError **error);
gboolean cr_scheme_parse_choice_mask (CrScheme *scheme, CrKeyFile *kf, const char *group,
                                      const char *key, const CrField *field,
                                      const char *const *values, guint64 *mask,
                                      GError **error);
int      cr_field_find_choice (const CrField *field, const char *typed);
/* The key choice_by_text uses for @text: folded, ASCII letters lower-cased. */
gboolean cr_choice_key (const char *text, GString *out);

G_END_DECLS
