"""What each worker has due and overdue, from the record and the statutory timescales."""
