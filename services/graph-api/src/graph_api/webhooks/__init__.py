"""Webhooks for chat and other tools: what a delivery says (`messages.py`), how it is signed
(`signing.py`), and the worker that sends the deliveries with retries (`worker.py`, run by
`python -m graph_api send-mail` beside the mail)."""
