"""The indicators page of a network (R-VG-3, -4, -7, -8): aggregates only, so no access log."""

from datetime import date, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.selectors.netwerken import network_get_for_user
from verkennend_gesprek.constants import FOLLOW_UP_DAYS
from verkennend_gesprek.selectors.indicatoren import charts, default_period, vg_indicators

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]
MAX_PERIOD_DAYS = 5 * 366  # a longer period says little and draws too many months


class PeriodForm(forms.Form):
    van = forms.DateField(
        label=_("Van"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Eerste dag van de aanvraagperiode."),
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Laatste dag van de aanvraagperiode."),
    )

    def __init__(self, *args, today: date, **kwargs):
        self.default = default_period(today)
        super().__init__(
            *args, initial=dict(zip(("van", "tot"), self.default, strict=True)), **kwargs
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start = data.get("van") or self.default[0]
        end = data.get("tot") or self.default[1]
        if start > end:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        elif end - start > timedelta(days=MAX_PERIOD_DAYS):
            self.add_error("van", _("Kies een periode van hooguit vijf jaar."))
        data["van"], data["tot"] = start, end
        return data

    def period(self) -> tuple[date, date]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["van"], self.cleaned_data["tot"]
        return self.default


@login_required
def page(request, slug: str):
    network = network_get_for_user(request.user, slug)
    today = timezone.localdate()
    asked = {"van", "tot"} & set(request.GET)
    form = PeriodForm(request.GET if asked else None, today=today)
    context = {"network": network, "form": form, "follow_up_weeks": FOLLOW_UP_DAYS // 7}
    if not form.is_bound or form.is_valid():
        start, end = form.period()
        ind = vg_indicators(network, start=start, end=end, today=today)
        context.update(ind=ind, charts=charts(ind))
    return render(request, "verkennend_gesprek/indicatoren.html", context)
