"""What a user types in the bot: deadlines written in a message and the product rules that read them
(not part of reading a dispatch)."""
