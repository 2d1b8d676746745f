"""`python -m services.orchestrator.retention`: one retention pass (see sweep.py)."""

from services.orchestrator.retention.sweep import main

main()
