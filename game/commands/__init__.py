"""One module per subcommand; see ``game.cli``."""
