"""Adapters: the only modules that import engine, audio, speech and model libraries, always lazily.

Speech (see docs/speech.md): ``tts_*`` voices (``open_voice()``), ``asr_*`` recognisers
(``open_recognizer()``), ``audio_*`` microphone and scripted listeners. Each has a null or scripted
stand-in so the game and the tests run on machines that lack the real thing.
"""
