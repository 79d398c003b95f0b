#include "cg-messages.h"

#include <string.h>

static const char *const messages[CG_M_N][2] = {
  [CG_M_REPEAT] = { "Repeat", "再说一遍" },
  [CG_M_CHECK_AGAIN] = { "Check again", "再检查一次" },
  [CG_M_CHECK_TITLE] = { "Your claim was checked", "理赔检查好了" },
  [CG_M_TO_FIX] = { "{n} things to fix before you send.", "发送前有{n}个地方要改。" },
  [CG_M_ONE_TO_FIX] = { "One thing to fix before you send.", "发送前有一个地方要改。" },
  [CG_M_NOTHING_TO_FIX] = { "Nothing to fix.", "没有要改的地方。" },
  [CG_M_NOT_COVERED] = { "This claim is not covered.", "这次理赔不在保障范围内。" },
  [CG_M_SHOULD_PAY] = { "It should pay {amount} yuan.", "预计赔{amount}元。" },
  [CG_M_PAID_BY] = { "The money should arrive by {date}.", "钱应该在{date}前到账。" },
  [CG_M_FORM_FOUND] = { "This is a claim form for {name}. For help, press {keys}.",
                        "这是{name}的理赔申请表。要帮助，按{keys}。" },
  [CG_M_NOT_ANSWERING] = { "{app} is not answering. Wait a moment, or close it and open it again.",
                           "{app}没有反应。等一会儿，或者关掉再打开。" },
  [CG_M_AN_APP] = { "The program", "这个程序" },
};

const char *
cg_message (CgMessageId id, const char *lang)
{
  g_return_val_if_fail (id < CG_M_N, "");
  return messages[id][lang != NULL && g_str_has_prefix (lang, "zh") ? 1 : 0];
}

char *
cg_message_with (CgMessageId id, const char *lang, const char *placeholder, const char *value)
{
  g_auto(GStrv) parts = g_strsplit (cg_message (id, lang), placeholder, -1);
  return g_strjoinv (value, parts);
}
