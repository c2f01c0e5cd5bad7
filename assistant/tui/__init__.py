"""The terminal UI. Attributes go down to widgets, messages come up; no decision logic here."""
