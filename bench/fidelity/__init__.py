"""`make fidelity`: how faithfully Dossier reads real sources, beside trafilatura alone; writes FIDELITY.md."""
