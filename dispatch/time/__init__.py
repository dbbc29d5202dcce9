"""Time: the working calendar, dates and deadlines written in a dispatch, relative and recurring
deadlines, and the urgency (độ khẩn) printed in its header."""
