# Made up: every key a profile takes, each set.
[Profile]
Title=Every key
Title[zh_CN]=每个键
Description=A profile for the fuzzer: every key set once.
Description[zh_CN]=模糊测试用

[Speech]
Language=yue
Voice=senior-bright
Rate=450
Pitch=0
Range=100
Volume=200
WordGap=100
Output=file:/tmp/claimguide-fuzz.wav
Verbosity=brief
EchoCharacters=true
EchoWords=false

[Lens]
TextSize=144
Foreground=#000000
Background=#ffff00
Position=beside
PageZoom=3.0

[Keys]
NextStep=F9
PreviousStep=<Super><Shift>Left
Repeat=<Alt>F2
WhereAmI=<Control><Super>w
CheckNow=F24
Help=<Shift><Control>h
AllowHelper=<Control><Alt>y
DenyHelper=<Control><Alt>n

[Privacy]
KeepDrafts=false
HelperAllowed=false
