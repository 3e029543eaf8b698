"""Deterministic demo data for Kindred (no database access)."""
