/* cg-normalize-private: what the scanner (cg-normalize.c) found, and the speakers
 * (cg-normalize-zh.c, cg-normalize-en.c) that say it in words. */
#pragma once

#include <glib.h>

#include "cg-lang.h"

G_BEGIN_DECLS

#define CG_NUM_MAX_INT  15 /* longer runs are identifiers, read digit by digit */
#define CG_NUM_MAX_FRAC 32

typedef enum {
  CG_MULT_NONE,
  CG_MULT_WAN, /* 万, ten thousand */
  CG_MULT_YI,  /* 亿, a hundred million */
} CgMult;

/* A number as written: 3,000.50 is int "3000", frac "50"; 3.5万 is "3", "5", WAN. */
typedef struct {
  char int_digits[CG_NUM_MAX_INT + 1];   /* ASCII digits, no leading zero but "0" itself */
  char frac_digits[CG_NUM_MAX_FRAC + 1]; /* the digits after the point, "" if none */
  CgMult mult;
} CgNum;

/* Each function appends the words for one thing found to @out, which holds only the words
 * of that thing (the scanner adds the spaces around it). */
typedef struct {
  /* @liang: a bare 2 before a measure word (两天). */
  void (*number) (GString *out, CgLang lang, const CgNum *num, gboolean liang);
  void (*ordinal) (GString *out, CgLang lang, const char *digits); /* 1st, 22nd */
  void (*money) (GString *out, CgLang lang, const CgNum *yuan);
  void (*percent) (GString *out, CgLang lang, const CgNum *num);
  /* A real date; @year, @month or @day is 0 when not written (3月14日, 2025年). */
  void (*date) (GString *out, CgLang lang, int year, int month, int day);
  /* Shaped like a date but not one (2025-02-30): the three numbers, with pauses. */
  void (*bad_date) (GString *out, CgLang lang, int year, int month, int day);
  void (*time) (GString *out, CgLang lang, int hour, int minute, int second); /* second -1: none */
  /* Digits one by one; @grouped holds 0-9, X (a check digit) and a space between groups. */
  void (*digits) (GString *out, CgLang lang, const char *grouped);
  void (*point) (GString *out, CgLang lang); /* between the parts of 1.2.3 */
  /* Whether a bare 2 is read as 两 here: @prev is the character before it, @next the
   * (up to three) characters after it, 0-terminated. NULL for languages without 两. */
  gboolean (*takes_liang) (CgLang lang, gunichar prev, const gunichar next[4]);
} CgNormalizer;

extern const CgNormalizer cg_normalize_zh; /* Mandarin and Cantonese */
extern const CgNormalizer cg_normalize_en;

G_END_DECLS
