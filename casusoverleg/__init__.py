"""Function app; see ../shared/DOMAIN.md. Built in a later issue."""
