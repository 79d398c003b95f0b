# claimguide profile: low vision.  Bigger lens text, yellow on black (high
# contrast, 18:1 and more), the page zoomed further, more said about each field.

[Profile]
Title=Low vision
Title[zh_CN]=视力差
Description=Very large yellow-on-black lens text, page zoomed twice, fuller speech.
Description[zh_CN]=放大镜特大黄字黑底，网页放大两倍，说得更详细。

[Speech]
Verbosity=full
EchoCharacters=true

[Lens]
TextSize=48
Foreground=#FFFF00
Background=#000000
PageZoom=2.0
