/* cr-ids.c: resident ID numbers (GB 11643-1999), mobile numbers, bank cards. */
#include "claimrules.h"
#include "cr-text.h"

#include <string.h>

CrIdStatus
cr_resident_id_check (const char *typed, char normal[19], CrDay *birth)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check_chars[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };
  g_autoptr(GString) s = g_string_new (NULL);
  int sum = 0, y, m, d;

  normal[0] = '\0';
  if (!cr_text_fold_compact (typed, "-", s) || s->len != 18)
    return CR_ID_BAD_FORMAT;
  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (s->str[i]))
        return CR_ID_BAD_FORMAT;
      sum += (s->str[i] - '0') * weights[i];
    }
  char last = g_ascii_toupper (s->str[17]);
  if (!g_ascii_isdigit (last) && last != 'X')
    return CR_ID_BAD_FORMAT;

  y = (s->str[6] - '0') * 1000 + (s->str[7] - '0') * 100 + (s->str[8] - '0') * 10 + (s->str[9] - '0');
  m = (s->str[10] - '0') * 10 + (s->str[11] - '0');
  d = (s->str[12] - '0') * 10 + (s->str[13] - '0');
  CrDay b;
  if (!cr_day_from_ymd (y, m, d, &b))
    return CR_ID_BAD_FORMAT;

  memcpy (normal, s->str, 17);
  normal[17] = last;
  normal[18] = '\0';
  if (birth != NULL)
    *birth = b;
  return check_chars[sum % 11] == last ? CR_ID_OK : CR_ID_BAD_CHECKSUM;
}

gboolean
cr_mobile_check (const char *typed, char normal[12])
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *p;

  normal[0] = '\0';
  if (!cr_text_fold_compact (typed, "-()", s))
    return FALSE;
  p = s->str;
  if (g_str_has_prefix (p, "+86"))
    p += 3;
  else if (g_str_has_prefix (p, "0086"))
    p += 4;
  if (strlen (p) != 11 || p[0] != '1' || p[1] < '3' || p[1] > '9')
    return FALSE;
  for (int i = 0; i < 11; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  memcpy (normal, p, 12);
  return TRUE;
}

CrCardStatus
cr_bank_card_check (const char *typed, char normal[20])
{
  g_autoptr(GString) s = g_string_new (NULL);
  int sum = 0;

  normal[0] = '\0';
  if (!cr_text_fold_compact (typed, "-", s) || s->len < 16 || s->len > 19)
    return CR_CARD_BAD_FORMAT;
  for (gsize i = 0; i < s->len; i++)
    if (!g_ascii_isdigit (s->str[i]))
      return CR_CARD_BAD_FORMAT;

  /* Luhn: double every second digit from the right. */
  for (gsize i = 0; i < s->len; i++)
    {
      int v = s->str[s->len - 1 - i] - '0';
      if (i % 2 == 1)
        {
          v *= 2;
          if (v > 9)
            v -= 9;
        }
      sum += v;
    }
  memcpy (normal, s->str, s->len + 1);
  return sum % 10 == 0 ? CR_CARD_OK : CR_CARD_BAD_CHECKSUM;
}
