"""The Telegram side of Đôn đốc: settings, clock, application assembly and the CLI."""
