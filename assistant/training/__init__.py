"""Training: a case's brief, the learner's answers and prediction, and the debrief."""
