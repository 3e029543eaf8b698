"""Mail: the outbox's worker (`python -m graph_api send-mail`), what each mail says, how it is
sent over SMTP, and the one-click unsubscribe links.

Mails are queued in the graph (store/outbox.py) by the very statement that causes them: an
invitation, a published proposal set (one digest per member), and, queued by this worker, the
reminder of an event a member attends. The worker claims due mails with a lease, sends each
with its plain-text and HTML parts, and marks it sent, or retries it later with exponential
backoff: a mail server that is down delays mail and loses none.
"""
