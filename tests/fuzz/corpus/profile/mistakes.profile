[Speech]
Rate=79
Volume= 100
Language=zh_TW
[Lens]
Foreground=#777777
Background=#888888
[Keys]
NextStep=a
Help=<Control><Alt>h
Repeat=<Alt><Control>h
[Colours]
Text=#FFFFFF
