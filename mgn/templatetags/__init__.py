"""Template tags and filters of the core: ``mgn_format`` (numbers, weeks, money, dates) and
``mgn_badge`` (a badge for a choice value)."""
