"""Accounts: who is asking (the viewer), passwords, tokens, sessions, invitations."""
