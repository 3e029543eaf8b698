"""Kindred graph-api: the community graph (members, passions, bonds) behind GraphQL."""

__version__ = "0.1.0"
