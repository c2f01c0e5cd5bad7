"""Reasoning over the rule base: compiled to Experta, and evaluated directly for what-if searches."""
