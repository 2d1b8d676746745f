"""The git layer: worktrees, commits, changes, approve and resolve (docs/architecture.md,
"Workspaces"). It runs git and nothing else: it imports neither the database nor the agents."""
