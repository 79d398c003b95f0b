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
  [CG_M_STEP] = { "Step {i} of {n}.", "第{i}步，共{n}步。" },
  [CG_M_LAST_STEP] = { "This is the last step. When you are ready, press Send.",
                       "这是最后一步。准备好了，就按发送。" },
  [CG_M_FIRST_STEP] = { "This is the first step.", "这是第一步。" },
  [CG_M_ON_FIELD] = { "You are on {field}.", "您现在在{field}。" },
  [CG_M_GUIDE_KEYS] = { "Next step: {next}. Step back: {back}. Say it again: {repeat}. "
                        "Where am I: {where}. Check the claim: {check}.",
                        "下一步，按{next}。上一步，按{back}。再说一遍，按{repeat}。"
                        "我在哪里，按{where}。检查理赔，按{check}。" },
  [CG_M_NO_FORM] = { "There is no claim form in front of you. Open the claim form first.",
                     "现在没有打开理赔申请表。请先打开理赔申请表。" },
  [CG_M_GUIDE_STOPPED] = { "The guide has stopped.", "引导停止了。" },
  [CG_M_CHECK_ANSWERS] = { "Check your answers.", "请核对您填的内容。" },
  [CG_M_SENDING] = { "You will send a claim for {type}, with {n} answers filled in.",
                     "您要发送的是{type}的理赔，填了{n}项。" },
  [CG_M_ATTACH] = { "Attach these papers: {papers}.", "要附上这些材料：{papers}。" },
  [CG_M_STILL_TO_FIND] = { "You still need these papers: {papers}.",
                           "还缺这些材料：{papers}。" },
  [CG_M_WHOM_TO_CALL] = { "What you can do: {help}", "您可以这样做：{help}" },
  [CG_M_DRAFT_FOUND] = { "You started this claim on {date}. We carry on where you stopped.",
                         "您{date}填过这份理赔。我们从上次停下的地方接着填。" },
  [CG_M_REFILL_OFFER] = { "To put what you typed last time back on the form, press {keys}.",
                          "要把上次填的内容填回表上，请按{keys}。" },
  [CG_M_REFILLING] = { "Putting back {n} answers from last time. Check them when it is done.",
                       "正在把上次填的{n}项填回表上。填好后请再核对一遍。" },
  [CG_M_NOTHING_TO_REFILL] = { "There is nothing from last time to put back.",
                               "没有上次填的内容可以填回去。" },
  [CG_M_HELPER_TITLE] = { "From your helper", "帮手的话" },
  [CG_M_HELPER_SAYS] = { "Your helper says: {text}", "您的帮手说：{text}" },
  [CG_M_HELPER_WATCHING] = { "Your helper is now following your claim. Your ID, card, phone and "
                             "names stay hidden from them.",
                             "您的帮手现在在看您填表。您的身份证、银行卡、电话和姓名，帮手看不到。" },
  [CG_M_HELPER_WATCHING_ALL] = { "Your helper is now following your claim.",
                                 "您的帮手现在在看您填表。" },
  [CG_M_HELPER_ASK_TITLE] = { "Your helper asks to see your details", "帮手想看您的资料" },
  [CG_M_HELPER_ASK] = { "Your helper asks to see everything you filled in, even your ID and bank "
                        "card. To say yes, press {allow}. To say no, press {deny}.",
                        "您的帮手想看您填的全部内容，包括身份证和银行卡号。同意，就按{allow}。"
                        "不同意，就按{deny}。" },
  [CG_M_HELPER_ALLOW] = { "Allow", "同意" },
  [CG_M_HELPER_DENY] = { "Deny", "不同意" },
  [CG_M_HELPER_ALLOWED] = { "All right. Your helper can see everything you filled in. "
                            "To hide it again, press {deny}.",
                            "好的。您的帮手现在能看到您填的全部内容。要再遮住，就按{deny}。" },
  [CG_M_HELPER_DENIED] = { "All right. Your details stay hidden.", "好的。您的资料继续遮住。" },
  [CG_M_HELPER_WITHDRAWN] = { "All right. Your details are hidden again.",
                              "好的。您的资料又遮住了。" },
  [CG_M_CTL_WATCHING] = { "Following the claim. ID, card, phone and names are masked unless the "
                          "senior allows. Ctrl+C stops.",
                          "正在看老人填表。除非老人同意，身份证、银行卡、电话和姓名都遮住。按Ctrl+C停止。" },
  [CG_M_CTL_WATCH_ENDED] = { "claimguided stopped, so watching ended.",
                             "claimguided停了，看不到了。" },
  [CG_M_CTL_SAID] = { "Said to the senior, and shown on their screen.",
                      "已经说给老人听，也显示在屏幕上了。" },
  [CG_M_CTL_ASKING] = { "Asking the senior. Waiting for the answer, at most two minutes.",
                        "正在问老人。最多等两分钟。" },
  [CG_M_CTL_YES] = { "The senior said yes: watch shows everything until the claim is sent or "
                     "they take it back.",
                     "老人同意了：在理赔发送或老人收回之前，watch显示全部内容。" },
  [CG_M_CTL_NO] = { "The senior said no, or did not answer: details stay masked.",
                    "老人不同意，或者没有回答：资料继续遮住。" },
  [CG_M_CTL_WITHDRAWN] = { "Details are masked again.", "资料又遮住了。" },
  [CG_M_CTL_HELPER_OFF] = { "The helper is turned off in the senior's profile "
                            "([Privacy] HelperAllowed).",
                            "老人的设置里关掉了远程帮忙（[Privacy] HelperAllowed）。" },
  [CG_M_CTL_LOG_EMPTY] = { "Nothing recorded yet.", "还没有记录。" },
  [CG_M_LOG_WATCH_STARTED] = { "A helper started to follow the claim.", "帮手开始看填表。" },
  [CG_M_LOG_WATCH_ENDED] = { "The helper stopped following.", "帮手不看了。" },
  [CG_M_LOG_SAID] = { "The helper spoke to the senior ({n} characters).",
                      "帮手对老人说了话（{n}个字）。" },
  [CG_M_LOG_ASKED] = { "The helper asked to see everything.", "帮手请求看全部内容。" },
  [CG_M_LOG_ALLOWED] = { "The senior said yes.", "老人同意了。" },
  [CG_M_LOG_DENIED] = { "The senior said no.", "老人不同意。" },
  [CG_M_LOG_NO_ANSWER] = { "The senior did not answer.", "老人没有回答。" },
  [CG_M_LOG_WITHDRAWN] = { "Details were masked again.", "资料又遮住了。" },
  [CG_M_LOG_ENDED] = { "The permission ended.", "同意到期了。" },
  [CG_M_LOG_REFUSED] = { "A helper's request was refused: the helper is turned off.",
                         "帮手的请求被拒绝：远程帮忙已关掉。" },
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
  return cg_text_with (cg_message (id, lang), placeholder, value);
}

char *
cg_text_with (const char *text, const char *placeholder, const char *value)
{
  g_auto(GStrv) parts = g_strsplit (text, placeholder, -1);
  return g_strjoinv (value, parts);
}
