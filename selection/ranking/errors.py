"""The one exception of the ranking module, kept in a leaf module so every other module can raise it."""


class RankingInputError(ValueError):
    """The reviews, weights or quota cannot be ranked; the message says what is wrong, in one line."""
