"""The audit history as a person reads it (+ ui/). The chain itself is written
by db/audit_chain.py inside every unit of work."""
