"""The floor for bench/pages.py: the least a Django page on this machine can cost (one primary-key lookup)."""
