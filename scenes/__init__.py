"""The 3D front end (Ursina): sets, the customer avatar, the call screen, screenshots and the UI.

Everything that imports Ursina or Panda3D lives in this package; ``game/`` stays engine-free.
"""
