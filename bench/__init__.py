"""VoiceCRM's benchmark suite: `python -m bench` (see README, "Performance")."""
