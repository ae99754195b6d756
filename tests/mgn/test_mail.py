"""mgn.mail: links to the site, templated Dutch messages, one connection per batch."""

from django.core import mail

from mgn.mail import absolute, email_message, email_send, site_url


def test_site_url_and_absolute_links(settings):
    settings.SITE_URL = "https://mgn.example/"
    assert site_url() == "https://mgn.example"
    assert absolute("/vg/12/") == "https://mgn.example/vg/12/"


def test_site_url_falls_back_without_the_setting(settings):
    del settings.SITE_URL
    assert site_url() == "http://127.0.0.1:8000"


def test_a_message_is_rendered_from_its_template(settings, tmp_path):
    settings.SITE_URL = "https://mgn.example"
    settings.DEFAULT_FROM_EMAIL = "MGN <noreply@mgn.example>"
    (tmp_path / "groet.txt").write_text("Beste {{ name }}, zie {{ site_url }}{{ path }}.\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    message = email_message("Onderwerp", "groet.txt", {"name": "Anna", "path": "/x/"}, "a@b.nl")
    assert message.subject == "Onderwerp"
    assert message.body == "Beste Anna, zie https://mgn.example/x/.\n"
    assert message.from_email == "MGN <noreply@mgn.example>"
    assert message.to == ["a@b.nl"]
    assert email_message("O", "groet.txt", {}, ["a@b.nl", "c@d.nl"]).to == ["a@b.nl", "c@d.nl"]


def test_send_sends_every_message_and_counts_them():
    messages = [
        mail.EmailMessage("Een", "tekst", to=["a@b.nl"]),
        mail.EmailMessage("Twee", "tekst", to=["c@d.nl"]),
    ]
    assert email_send(messages) == 2
    assert [m.subject for m in mail.outbox] == ["Een", "Twee"]
    assert email_send([]) == 0
