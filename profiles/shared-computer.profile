# claimguide profile: a shared computer (library, community centre).  Keeps
# nothing: no drafts, and no helper watching.  What was typed is gone when
# the session ends, so the next person finds nothing of the last one.

[Profile]
Title=Shared computer
Title[zh_CN]=公用电脑
Description=Keeps nothing on disk; no remote helper.
Description[zh_CN]=不在电脑上保存任何资料；不能远程协助。

[Privacy]
KeepDrafts=false
HelperAllowed=false
