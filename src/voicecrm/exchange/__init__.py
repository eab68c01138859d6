"""CSV and vCard in and out: export of clients, and imports run as queued jobs."""
