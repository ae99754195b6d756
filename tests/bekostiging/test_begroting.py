"""The budget (begroting) against realised declarations, lumpsums and the gemeenten's SD
part, per function and funder, with hand-computed figures."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from bekostiging.constants import SD_DEELNAME, Function, RegelStatus
from bekostiging.models import Begrotingspost, Declaratieregel
from bekostiging.selectors.begroting import budget_overview
from bekostiging.services.begroting import begrotingspost_create
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_correct,
    regel_judge,
    regel_transition,
    regels_mark_ready,
)
from bekostiging.services.lumpsum import lumpsum_generate
from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from tests.bekostiging.factories import afspraak, at, held_vg_on
from tests.networks.factories import GemeenteFactory, OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
D = Decimal


def post(bk, funder, function, amount, year=YEAR):
    return begrotingspost_create(
        network=bk.network, year=year, function=function, funder=funder, amount=D(amount)
    )


def gemeente_org(bk):
    return bk.network.partnerships.get(organisation__kind=OrganisationKind.GEMEENTE).organisation


def reject(regel, reason="Geen indicatie"):
    regels_mark_ready([regel])
    regel.refresh_from_db()
    regel_transition(regel, RegelStatus.GEEXPORTEERD)
    regel_judge(regel, accepted=False, reason=reason)


@pytest.fixture
def year_data(bk_cast):
    """2025 in noord, computed by hand:

    - Verzekeraar Noord (€ 150 a VG): three VGs. A is rejected and corrected (A, its
      credit out; the new line € 150 in), B rejected (out), C € 150 → VG € 300.
    - Verzekeraar Twee (€ 140): two VGs, one accepted and corrected (−140 + 140) → € 280.
    - A VG in 2026 (not in 2025). Wachttijden lumpsum € 100,000 split 60/40.
    - Gemeente Noord (Noorddorp): agreement € 90 per VG; all 5 VGs of 2025 are its
      residents' → € 450.
    """
    vc = bk_cast.vg_cast
    noord = [held_vg_on(vc, at(YEAR, 3, d), insurer=bk_cast.insurer) for d in (3, 4, 5)]
    twee = [held_vg_on(vc, at(YEAR, 4, d), insurer=bk_cast.insurer_two) for d in (1, 2)]
    held_vg_on(vc, at(YEAR + 1, 2, 1), insurer=bk_cast.insurer)
    declaraties_generate(network=bk_cast.network)
    lumpsum_generate(network=bk_cast.network, year=YEAR)

    def line(vg):
        return Declaratieregel.objects.get(gesprek__verkennend_gesprek=vg)

    a, b = line(noord[0]), line(noord[1])
    reject(a)
    reject(b)
    regel_correct(a)
    t1 = line(twee[0])
    regels_mark_ready([t1])
    t1.refresh_from_db()
    regel_transition(t1, RegelStatus.GEEXPORTEERD)
    regel_judge(t1, accepted=True)
    regel_correct(t1)

    afspraak(bk_cast.network, vc.gemeente, YEAR, agreed=10, rate="90.00")
    post(bk_cast, bk_cast.insurer, Function.VERKENNEND_GESPREK, "600")
    post(bk_cast, bk_cast.insurer, Function.WACHTTIJDEN, "60000")
    post(bk_cast, bk_cast.insurer, Function.TRANSFER, "5000")
    post(bk_cast, bk_cast.insurer_two, Function.VERKENNEND_GESPREK, "420")
    post(bk_cast, bk_cast.insurer_two, Function.WACHTTIJDEN, "40000")
    post(bk_cast, gemeente_org(bk_cast), SD_DEELNAME, "900")
    return bk_cast


def figures(figure):
    return (figure.budget, figure.realised, figure.difference, figure.percent)


def test_budget_against_realised_per_function_and_funder(year_data):
    bk = year_data
    o = budget_overview(bk.network, YEAR)

    by_function = {b.function: b for b in o.functions}
    assert list(by_function) == [
        Function.VERKENNEND_GESPREK,
        Function.TRANSFER,
        Function.WACHTTIJDEN,
        SD_DEELNAME,
    ]
    vg = by_function[Function.VERKENNEND_GESPREK]
    assert figures(vg.total) == (D("1020"), D("580"), D("440"), D("56.9"))
    assert [(f.name, figures(c)) for f, c in vg.cells] == [
        ("Verzekeraar Noord", (D("600"), D("300"), D("300"), D("50.0"))),
        ("Verzekeraar Twee", (D("420"), D("280"), D("140"), D("66.7"))),
    ]
    assert figures(by_function[Function.TRANSFER].total) == (D("5000"), 0, D("5000"), D("0.0"))
    assert figures(by_function[Function.WACHTTIJDEN].total) == (
        D("100000"),
        D("100000"),
        0,
        D("100.0"),
    )
    sd = by_function[SD_DEELNAME]
    assert [(f.name, figures(c)) for f, c in sd.cells] == [
        ("Gemeente Noord", (D("900"), D("450"), D("450"), D("50.0"))),
    ]

    assert [(f.name, figures(c)) for f, c in o.funders] == [
        ("Verzekeraar Noord", (D("65600"), D("60300"), D("5300"), D("91.9"))),
        ("Verzekeraar Twee", (D("40420"), D("40280"), D("140"), D("99.7"))),
        ("Gemeente Noord", (D("900"), D("450"), D("450"), D("50.0"))),
    ]
    assert figures(o.total) == (D("106920"), D("101030"), D("5890"), D("94.5"))


def test_credits_net_out_and_rejected_lines_are_left_out(year_data):
    bk = year_data
    lines = Declaratieregel.objects.filter(
        insurer=bk.insurer, function=Function.VERKENNEND_GESPREK, service_date__year=YEAR
    )
    # Everything ever declared to Noord for the VG in 2025: A, B, C, A's credit, A's new line.
    assert lines.count() == 5
    assert sum(r.amount for r in lines) == D("450")  # 150 × 4 − 150
    o = budget_overview(bk.network, YEAR)
    vg = next(b for b in o.functions if b.function == Function.VERKENNEND_GESPREK)
    assert {f.name: c.realised for f, c in vg.cells}["Verzekeraar Noord"] == D("300")
    # Twee: the accepted line, its credit and the new line net out to the two VGs.
    assert {f.name: c.realised for f, c in vg.cells}["Verzekeraar Twee"] == D("280")


def test_the_page_shows_the_table_and_an_accessible_chart(client, year_data):
    bk = year_data
    client.force_login(bk.coordinator)
    response = client.get(reverse("bekostiging:begroting", args=[bk.network.slug]), {"jaar": YEAR})
    assert response.status_code == 200
    html = response.content.decode()

    svg = re.search(r'<svg class="ind-chart__svg"[^>]*>', html).group(0)
    assert 'role="img"' in svg
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    assert label.startswith("Begroot en gerealiseerd per functie in 2025.")
    assert "Deelname ggz aan verkennend gesprek: begroot € 1.020,00, gerealiseerd € 580,00" in label
    assert (
        "Deelname sociaal domein aan verkennend gesprek: begroot € 900,00, gerealiseerd € 450,00"
        in label
    )
    assert f"<title>{label}</title>" in html
    assert "Gerealiseerd (gearceerd)" in html
    # A realised bar per function, and the legend: each with its chart's own hatch pattern.
    assert len(re.findall(r'fill="url\(#chart-hatch-\d+\)"', html)) == 4 + 1

    for text in (
        "€ 106.920,00",
        "€ 101.030,00",
        "94,5%",
        "56,9%",
        "Subtotaal Deelname ggz aan verkennend gesprek",
        '<th scope="rowgroup" colspan="5">Informatievoorziening wachttijden</th>',
    ):
        assert text in html, text


def test_over_budget_is_marked(client, bk_cast):
    held_vg_on(bk_cast.vg_cast, at(YEAR, 3, 3), insurer=bk_cast.insurer)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 3, 4), insurer=bk_cast.insurer)
    declaraties_generate(network=bk_cast.network)
    post(bk_cast, bk_cast.insurer, Function.VERKENNEND_GESPREK, "200")

    o = budget_overview(bk_cast.network, YEAR)
    assert figures(o.total) == (D("200"), D("300"), D("-100"), D("150.0"))
    assert o.total.over_budget
    client.force_login(bk_cast.coordinator)
    html = client.get(
        reverse("bekostiging:begroting", args=[bk_cast.network.slug]), {"jaar": YEAR}
    ).content.decode()
    assert '€ -100,00<span class="visually-hidden"> boven de begroting</span>' in html


def test_realised_without_budget_and_unfunded_residents(client, bk_cast):
    """Lines for an insurer without a budget line still count; VGs of residents of a
    gemeente without agreement are a warning."""
    held_vg_on(bk_cast.vg_cast, at(YEAR, 5, 1), insurer=bk_cast.insurer_two)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 5, 2), gemeente=GemeenteFactory(name="Buitendorp"))
    declaraties_generate(network=bk_cast.network)

    o = budget_overview(bk_cast.network, YEAR)

    assert [(f.name, figures(c)) for f, c in o.funders] == [
        ("Verzekeraar Noord", (0, D("150"), D("-150"), None)),
        ("Verzekeraar Twee", (0, D("140"), D("-140"), None)),
    ]
    assert o.unfunded_vgs == 2  # no agreement for Noorddorp either
    client.force_login(bk_cast.coordinator)
    html = client.get(
        reverse("bekostiging:begroting", args=[bk_cast.network.slug]), {"jaar": YEAR}
    ).content.decode()
    assert "niet begroot" in html
    assert "2 gehouden gesprekken van inwoners van gemeenten zonder afspraak" in html


def test_a_gemeente_without_partner_organisation_still_counts(bk_cast):
    anderdorp = GemeenteFactory(name="Anderdorp", region=bk_cast.network.regions.first())
    bk_cast.network.gemeenten.add(anderdorp)
    afspraak(bk_cast.network, anderdorp, YEAR, rate="50.00")
    held_vg_on(bk_cast.vg_cast, at(YEAR, 5, 1), gemeente=anderdorp)

    o = budget_overview(bk_cast.network, YEAR)

    assert [(f.name, c.realised) for f, c in o.funders] == [
        ("Anderdorp (geen partnerorganisatie)", D("50.00"))
    ]


# --- Budget lines --------------------------------------------------------------------


def test_a_budget_line_is_validated(bk_cast):
    stranger = OrganisationFactory(name="Verzekeraar Nergens", zorgverzekeraar=True)
    sd_provider = bk_cast.network.partnerships.get(
        organisation__kind=OrganisationKind.SD_AANBIEDER
    ).organisation
    for field, kwargs in (
        ("funder", {"funder": stranger}),  # not a partner
        ("funder", {"funder": sd_provider}),  # not a financier
        ("funder", {"function": SD_DEELNAME}),  # the SD part is the gemeente's
        ("amount", {"amount": D("-1")}),
        ("year", {"year": 2019}),
        ("function", {"function": "lotto"}),
    ):
        values = {
            "network": bk_cast.network,
            "year": YEAR,
            "function": Function.VERKENNEND_GESPREK,
            "funder": bk_cast.insurer,
            "amount": D("100"),
            **kwargs,
        }
        with pytest.raises(ValidationError) as error:
            begrotingspost_create(**values)
        assert field in error.value.message_dict, kwargs
    assert not Begrotingspost.objects.exists()


def test_one_budget_line_per_year_function_and_funder(bk_cast):
    post(bk_cast, bk_cast.insurer, Function.VERKENNEND_GESPREK, "100")
    with pytest.raises(ValidationError) as error:
        post(bk_cast, bk_cast.insurer, Function.VERKENNEND_GESPREK, "200")
    assert error.value.message_dict["function"] == [
        "Verzekeraar Noord heeft voor 2025 al een begrotingspost voor deze functie."
    ]
    post(bk_cast, bk_cast.insurer, Function.VERKENNEND_GESPREK, "100", year=YEAR + 1)
    post(bk_cast, bk_cast.insurer_two, Function.VERKENNEND_GESPREK, "100")
    assert Begrotingspost.objects.count() == 3


def test_a_coordinator_adds_a_budget_line(client, bk_cast):
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:begrotingspost_create", args=[bk_cast.network.slug])
    page = client.get(url, {"jaar": YEAR})
    assert page.status_code == 200
    options = page.content.decode()
    assert "Verzekeraar Noord" in options and "Gemeente Noord" in options
    assert "Praktijk Noord" not in options  # only financiers
    data = {
        "year": YEAR,
        "function": SD_DEELNAME,
        "funder": gemeente_org(bk_cast).pk,
        "amount": "1020,50",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?jaar={YEAR}")
    assert Begrotingspost.objects.get().amount == D("1020.50")
    again = client.post(url, data)
    assert again.status_code == 200
    assert "al een begrotingspost" in again.content.decode()


def test_only_coordinators_see_the_budget(client, bk_cast, outsider):
    begroting = reverse("bekostiging:begroting", args=[bk_cast.network.slug])
    create = reverse("bekostiging:begrotingspost_create", args=[bk_cast.network.slug])
    for user in (bk_cast.insurer_user, bk_cast.gemeente_user, bk_cast.provider_user):
        client.force_login(user)
        assert client.get(begroting).status_code in (403, 404)
        assert client.post(create, {}).status_code in (403, 404)
    client.force_login(bk_cast.gemeente_user)  # sees the network, may not see its budget
    assert client.get(begroting).status_code == 403
    client.force_login(outsider)
    assert client.get(begroting).status_code == 404
    assert client.get(create).status_code == 404
    index = client.get(reverse("bekostiging:begroting_index")).content.decode()
    assert "MGN Zuid" in index and "MGN Noord" not in index
    client.force_login(bk_cast.vg_cast.users[Role.HUISARTS])
    assert client.get(reverse("bekostiging:begroting_index")).status_code == 403


def test_the_budget_page_runs_a_constant_number_of_queries(
    client, bk_cast, django_assert_max_num_queries
):
    client.force_login(bk_cast.coordinator)
    region = bk_cast.network.regions.first()
    url = f"{reverse('bekostiging:begroting', args=[bk_cast.network.slug])}?jaar={YEAR}"

    def grow(n, offset):
        for i in range(n):
            gemeente = GemeenteFactory(region=region)
            bk_cast.network.gemeenten.add(gemeente)
            org = OrganisationFactory(kind=OrganisationKind.GEMEENTE, gemeente=gemeente)
            PartnershipFactory(
                network=bk_cast.network,
                organisation=org,
                role_uitvoering=False,
                role_monitoring=True,
            )
            afspraak(bk_cast.network, gemeente, YEAR)
            post(bk_cast, org, SD_DEELNAME, "1000")
            for insurer in (bk_cast.insurer, bk_cast.insurer_two):
                held_vg_on(
                    bk_cast.vg_cast, at(YEAR, 1 + offset + i, 1), gemeente=gemeente, insurer=insurer
                )
        declaraties_generate(network=bk_cast.network)

    lumpsum_generate(network=bk_cast.network, year=YEAR)
    grow(1, 0)
    client.get(url)  # unmeasured: fills the process's content-type cache
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    grow(8, 2)
    with django_assert_max_num_queries(20) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_coordinator_changes_a_budget_lines_amount_from_the_overview(client, bk_cast):
    line = post(bk_cast, bk_cast.insurer, Function.VERKENNEND_GESPREK, "1000")
    client.force_login(bk_cast.coordinator)
    page = client.get(
        reverse("bekostiging:begroting", args=[bk_cast.network.slug]), {"jaar": YEAR}
    ).content.decode()
    edit = reverse("bekostiging:begrotingspost_edit", args=[line.pk])
    assert f'href="{edit}"' in page
    refused = client.post(edit, {"amount": "-5"})
    assert refused.status_code == 200 and refused.context["form"].errors["amount"]
    line.refresh_from_db()
    assert line.amount == Decimal("1000")
    response = client.post(edit, {"amount": "1250,50"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("1250.50")
    assert (line.year, line.function, line.funder) == (
        YEAR,
        Function.VERKENNEND_GESPREK,
        bk_cast.insurer,
    )


def test_only_the_networks_coordinators_change_a_budget_line(client, bk_cast, other_network):
    line = post(bk_cast, bk_cast.insurer, Function.VERKENNEND_GESPREK, "1000")
    edit = reverse("bekostiging:begrotingspost_edit", args=[line.pk])
    client.force_login(bk_cast.insurer_user)  # sees the network, does not coordinate it
    assert client.post(edit, {"amount": "1"}).status_code == 403
    client.force_login(bk_cast.other_insurer_user)  # another network: not even there
    assert client.get(edit).status_code == 404
    line.refresh_from_db()
    assert line.amount == Decimal("1000")
