"""Following without an account: e-mail subscriptions to topics, their events and the outbox.

A topic is a kind and an object id ("plan", 12). This app does not know what a plan is: the
app that owns the objects registers the kind (how to name it and where it lives) and a source
of events (``topics.py``); kp_plans registers plans, working groups and the catalogue of one
municipality. ``sending.py`` turns events into e-mails from a cron command.
"""
