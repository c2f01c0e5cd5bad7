"""Results rendered for people: Markdown now; other transcript formats build on it."""
