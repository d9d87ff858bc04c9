"""Empathy Trainer: the engine-free core (scenario model, loader, validator, runtime, scoring).

Nothing in this package imports a game engine, audio or speech library at module level; adapters
for those live in ``game.adapters`` and import their library lazily.
"""

__version__ = "0.1.0"
