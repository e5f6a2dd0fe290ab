"""Shared fixtures. Factories live beside the tests of the app they build for (tests/<app>/factories.py)."""
