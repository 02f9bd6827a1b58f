"""The screens of the game, each one scene on the scene stack."""
