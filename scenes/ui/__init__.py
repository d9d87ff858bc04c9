"""The game's screens: menu, HUD, debrief, settings, and the theme and widgets they share."""
