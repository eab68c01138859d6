"""Running VoiceCRM in production: health, metrics, worker liveness and restarts, notifications,
rate limits and retention."""
