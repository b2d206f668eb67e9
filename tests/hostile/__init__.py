"""Hostile and broken input: every case builds its own input and runs under a time and memory bound."""
