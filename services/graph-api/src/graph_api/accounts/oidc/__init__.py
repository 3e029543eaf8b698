"""Sign-in with an organisation's identity provider (OpenID Connect, authorization code with
PKCE S256), through Authlib's Starlette client: `routes.py` starts and finishes the flow,
`discovery.py` reads the provider's metadata and keys within limits, `accounts.py` turns a
verified identity into a member, `sealing.py` keeps client secrets sealed in the graph."""
