"""Notifiers: where alerts go (Telegram, or the console without a token)."""
