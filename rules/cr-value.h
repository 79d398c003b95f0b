/* cr-value.h: a claim's fields parsed by their scheme types. */
#pragma once
#include "cr-scheme-private.h"

G_BEGIN_DECLS

typedef enum {
  CR_VALUE_ABSENT,     /* not typed, or only spaces */
  CR_VALUE_OK,
  CR_VALUE_BAD_FORMAT, /* cannot be read as its type */
  CR_VALUE_BAD_CHECKSUM, /* readable, but its check digit is wrong */
} CrValueState;

typedef struct {
  CrValueState state;
  union {
    gint64  integer;  /* integer, money (in fen) */
    CrDay   day;      /* date; birth date of a resident ID */
    guint   choice;   /* choice index */
    gboolean boolean;
  };
  guint   n_items;    /* lists */
  gint32  items[CR_MAX_LIST_ITEMS]; /* integer items, or choice indexes */
  guint64 item_mask;  /* choice lists: the chosen set */
  char    normal[20]; /* resident IDs, mobiles and cards, as plain digits */
} CrValue;

/* Reads @typed as @field's type into @value.  A checksum failure still
 * fills what could be read (the birth date of an ID). */
void cr_value_parse (const CrField *field, const char *typed, CrValue *value);

/* A value counts as usable when it could be read. */
static inline gboolean
cr_value_usable (const CrValue *v)
{
  return v->state == CR_VALUE_OK || v->state == CR_VALUE_BAD_CHECKSUM;
}

G_END_DECLS
