"""The data-quality rules (hooks.py): access and aliases, references, transitions, history."""
