"""The knowledge: rule and dialogue files, their schema, and how they are loaded."""
