"""Function I has no admin pages (R-PR-2).

Requests, persons, conversations, participants, adviezen and advice letters are person
data. A platform beheerder has no care relationship with the person, so none of them is
in the admin (not even read-only): they are read and changed only through the
application's pages, which check who may see what (selectors/aanvraag.py,
selectors/inzage.py) and write the access log. Support questions go to the network's
coordinator, who sees the request.
"""
