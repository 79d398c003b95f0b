# claimguide profile: default
#
# The profile every other one starts from: a profile file names only what it
# changes.  Layers: this folder (shipped), then /etc/xdg/claimguide/profiles/
# (the helpdesk's, for every account on the machine), then
# ~/.config/claimguide/profiles/ (this person's).  A later file changes only
# the keys it names.  A file with a mistake is refused (claimguidectl status
# says where and what) and the last good version stays in force.
# See README.md in this folder for every key.

[Profile]
Title=Default
Title[zh_CN]=默认
Description=Mandarin, a slower voice for older listeners, large lens text.
Description[zh_CN]=普通话，适合长者的慢速声音，放大镜大字。

[Speech]
# zh_CN (Mandarin), yue (Cantonese) or en
Language=zh_CN
# plain, or a variant from voices/: senior, senior-clear, senior-bright
Voice=senior
# words a minute, 80 to 450 (eSpeak's usual is 175)
Rate=150
Pitch=45
Range=40
# 0 to 200; 100 is normal
Volume=100
# extra pause between words, in tens of milliseconds
WordGap=0
# sound, or file:/absolute/path.wav to say everything into a file
Output=sound
# brief, normal or full: how much is said about each field
Verbosity=normal
EchoCharacters=false
EchoWords=true

[Lens]
# points; the lens never goes under 30 for the field's text by default
TextSize=32
Foreground=#FFFFFF
Background=#000000
# bottom (docked) or beside (next to the control)
Position=bottom
# how much a recognised web form is zoomed in, 1.0 to 3.0
PageZoom=1.5

[Keys]
# Chosen to clash with neither the browsers' keys nor Orca's (Insert/Caps Lock).
NextStep=<Control><Alt>Page_Down
PreviousStep=<Control><Alt>Page_Up
Repeat=<Control><Alt>r
WhereAmI=<Control><Alt>w
CheckNow=<Control><Alt>c
Help=<Control><Alt>h
# the senior's answer when a helper asks to see everything (claimguidectl
# helper ask-to-see); DenyHelper also hides it again at any time
AllowHelper=<Control><Alt>y
DenyHelper=<Control><Alt>n
# puts back what was typed last time, when the guide carries on from a draft
Refill=<Control><Alt>f

[Privacy]
# keep what was typed so the claim can be finished another day (user-only file)
KeepDrafts=true
# may a relative, logged in to this computer, follow and help (claimguidectl
# helper): they see the claim with ID, card, phone and names masked unless
# the senior says yes; false turns every helper request away
HelperAllowed=true
