/* cr-strings.c: the rules core's own sentences, in Simplified Chinese and English. */
#include "cr-strings.h"

static const char *const strings[CR_S_N_STRINGS][2] = {
  [CR_S_UNKNOWN_FIELD] = {
    "The claim has a field called “{name}” that this scheme does not know. It was not checked.",
    "理赔里有一项“{name}”，这个保险方案里没有，所以没有检查它。" },
  [CR_S_COVERED] = { "Covered by the scheme.", "在保障范围内。" },
  [CR_S_NOT_COVERED] = { "Not covered by the scheme.", "不在保障范围内。" },
  [CR_S_ELIGIBILITY_UNKNOWN] = {
    "Cover cannot be told yet.", "现在还不能判断是否在保障范围内。" },
  [CR_S_UNKNOWN_REASON] = {
    "Cover cannot be told until the ID number and the date of the accident are right.",
    "身份证号码和出事日期都填对以后，才能判断是否在保障范围内。" },
  [CR_S_PROBLEMS] = { "To fix or check:", "需要改正或核对的地方：" },
  [CR_S_NO_PROBLEMS] = { "Nothing to fix.", "没有需要改正的地方。" },
  [CR_S_ERROR] = { "Fix", "要改" },
  [CR_S_WARNING] = { "Check", "要核对" },
  [CR_S_DOCUMENTS_MISSING] = { "Papers still to send:", "还要交的材料：" },
  [CR_S_NO_DOCUMENTS_MISSING] = { "All the papers this claim needs are listed.",
                                  "这类理赔需要的材料都已列上。" },
  [CR_S_BENEFIT] = { "The claim should pay:", "预计赔付：" },
  [CR_S_NO_BENEFIT] = { "Nothing can be estimated yet.", "现在还算不出赔付金额。" },
  [CR_S_TOTAL] = { "In all", "合计" },
  [CR_S_REVIEW_BY] = { "Review done by", "审核完成不晚于" },
  [CR_S_PAID_BY] = { "Money paid by", "赔款到账不晚于" },
  [CR_S_NO_CALENDAR] = {
    "The dates cannot be said: the official holidays for {year} are not known yet.",
    "日期无法确定：{year}年的法定节假日安排还没有公布。" },
  [CR_S_DATES_NEED_DOCUMENTS] = {
    "These dates count from the day the insurer has every paper.",
    "以上日期从保险公司收齐全部材料的那天算起。" },
  [CR_S_DATES_NOT_COVERED] = { "No dates: the claim is not covered.",
                               "不在保障范围内，所以没有日期。" },
  [CR_S_DATES_NO_TYPE] = { "No dates until the type of claim is chosen.",
                           "先选好理赔类型，才能算出日期。" },
  [CR_S_NO_BENEFIT_REASON] = {
    "Nothing is payable while the problem above stands.", "上面的问题不解决，就没有赔付。" },
  [CR_S_NOT_PAYABLE_NOT_COVERED] = {
    "Nothing is payable: the claim is not covered.", "不在保障范围内，没有赔付。" },
  [CR_S_COLON] = { ": ", "：" },
  [CR_S_SUMMARY_TITLE] = { "Your claim: a copy to keep", "理赔申请（本人留存）" },
  [CR_S_SUMMARY_FIELDS] = { "What the claim says", "申请填写的内容" },
  [CR_S_SUMMARY_NOTHING_FILLED] = { "Nothing has been filled in yet.", "还没有填写任何内容。" },
  [CR_S_SUMMARY_PAPERS] = { "Papers this claim needs", "这次理赔要交的材料" },
  [CR_S_SUMMARY_TICK] = { "Tick each box as you put that paper with the claim.",
                          "每放好一份材料，就在它前面的方框里打个勾。" },
  [CR_S_SUMMARY_AT_HAND] = { "(marked on the claim as ready)", "（申请里已写明备好）" },
  [CR_S_SUMMARY_PAYMENT] = { "The payment", "赔付金额" },
  [CR_S_SUMMARY_PAPERS_NEED_TYPE] = {
    "The papers can be listed once the type of claim is chosen.",
    "先选好理赔类型，才能列出要交的材料。" },
  [CR_S_SUMMARY_DATES] = { "When to expect an answer", "预计办理时间" },
  [CR_S_SUMMARY_HELP] = { "Where to get help", "找人帮忙" },
  [CR_S_SUMMARY_MADE_ON] = { "This page was made on {date}.", "本页制作于{date}。" },
};

gboolean
cr_lang_is_chinese (const char *lang)
{
  return lang != NULL && g_str_has_prefix (lang, "zh");
}

const char *
cr_string (CrStringId id, const char *lang)
{
  g_return_val_if_fail (id < CR_S_N_STRINGS, "");
  return strings[id][cr_lang_is_chinese (lang) ? 1 : 0];
}

char *
cr_string_with (CrStringId id, const char *lang, const char *placeholder, const char *value)
{
  GString *s = g_string_new (cr_string (id, lang));
  g_string_replace (s, placeholder, value, 0);
  return g_string_free (s, FALSE);
}
