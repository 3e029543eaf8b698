"""Kindred recommender: purpose-based groupings that cross silos, each explained."""

__version__ = "0.1.0"
