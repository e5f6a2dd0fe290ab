"""Steps in care: starting care, placement moves, reviews, missing, ceasing care, permanence."""
