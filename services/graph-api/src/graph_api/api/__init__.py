"""The GraphQL API (Strawberry)."""
