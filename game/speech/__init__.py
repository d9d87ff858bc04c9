"""Pure speech logic: prosody, voice-activity endpointing, turn-taking, delivery measures, LM text.

Nothing here imports a speech, audio or engine library; the real engines live in ``game.adapters``
(``tts_*``, ``asr_*``, ``audio_*``) behind the Protocols of ``game.speech.types``. numpy is allowed.
See docs/speech.md.
"""
