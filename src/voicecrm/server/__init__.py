"""The web server: `voicecrm serve`, the ASGI entry point uvicorn runs, and the listening socket its
processes share. Only what a measurement justifies is ours (README "Performance")."""
