"""The consultation core: answers in, a cited result out. No UI imports here."""
