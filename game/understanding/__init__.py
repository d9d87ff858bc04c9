"""Reply understanding: map a trainee's free reply to an authored branch and find behaviour tags."""

from game.understanding.base import (
    BranchOption,
    Evidence,
    MatchResult,
    ReplyAnalyzer,
    Zone,
)

__all__ = ["BranchOption", "Evidence", "MatchResult", "ReplyAnalyzer", "Zone"]
