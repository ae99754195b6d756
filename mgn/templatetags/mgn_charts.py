"""``{% chart_uid "hatch" as hid %}``: an element id unique within one rendering ("hatch-1",
"hatch-2", …), for the pattern each chart defines inside its own SVG (WeasyPrint draws every
SVG on its own, so a pattern defined elsewhere on the page is not found). The same page
renders the same ids every time, so a PDF made again has the same bytes."""

from django import template

register = template.Library()

COUNTER = "_mgn_chart_uid"


@register.simple_tag(takes_context=True)
def chart_uid(context, prefix: str = "chart") -> str:
    # The context's first dict lives as long as this rendering and is shared by its includes.
    counters = context.dicts[0].setdefault(COUNTER, {})
    counters[prefix] = counters.get(prefix, 0) + 1
    return f"{prefix}-{counters[prefix]}"
