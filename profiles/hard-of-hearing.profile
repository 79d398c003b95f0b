# claimguide profile: hard of hearing.  A slower, lower voice with longer
# gaps between words, louder; the lens shows everything that is said.

[Profile]
Title=Hard of hearing
Title[zh_CN]=听力差
Description=Slow, low, loud voice with long gaps between words.
Description[zh_CN]=声音慢、低、响，字词间停顿长。

[Speech]
Voice=senior-clear
Rate=125
Pitch=35
Volume=170
WordGap=2
Verbosity=brief
