"""Steps about the child's family and network, notes and documents."""
