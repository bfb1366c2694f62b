"""Public views: /devis/ (quote request) and /compte-pro/ (professional account request).

Pages holding a form carry a CSRF token and personal details: never cached (`never_cache`
sends `Cache-Control: private, no-store…`). Acknowledgement pages show a request only to the
browser session that sent it, so guessing a reference reveals nothing.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from core import ratelimit
from enquiries.forms import (
    EMPTY_LINES,
    LINES_PREFIX,
    AccountRequestForm,
    QuoteContactForm,
    initial_contact,
    prefilled_quantity,
    quote_line_formset,
)
from enquiries.lines import create_quote_request, initial_lines, open_origin_page
from enquiries.mail import notify_account_request, notify_quote_request
from enquiries.models import AccountRequest, QuoteRequest
from storefront.validators import normalise_sku

QUOTE_SCOPE = ratelimit.Scope("quote_request", allowed=5, window=10 * 60)
ACCOUNT_SCOPE = ratelimit.Scope("account_request", allowed=3, window=60 * 60)
ADD_LINES_BUTTON = "ajouter_lignes"
SESSION_QUOTES = "storefront_quote_requests"
SESSION_ACCOUNT = "storefront_account_request"
REMEMBERED_QUOTES = 10
# What a product page's « Demander un devis » link fills the form with (`prefilled_forms`).
QUERY_PARAMETERS = ("ref", "qty", "from")


def prefilled_forms(request):
    skus = [sku for sku in (normalise_sku(value) for value in request.GET.getlist("ref")) if sku]
    origin = open_origin_page(request, request.GET.get("from"))
    contact_form = QuoteContactForm(
        initial={**initial_contact(request.user), "origin": origin.pk if origin else None}
    )
    lines = initial_lines(skus, [prefilled_quantity(value) for value in request.GET.getlist("qty")])
    return contact_form, quote_line_formset()(initial=lines, prefix=LINES_PREFIX)


def with_more_lines(contact_form, formset):
    """The same form, unvalidated, with empty lines added: works without JavaScript."""
    lines = [{"sku": form["sku"].value(), "quantity": form["quantity"].value()} for form in formset]
    more = quote_line_formset(extra=EMPTY_LINES)(initial=lines, prefix=LINES_PREFIX)
    return QuoteContactForm(initial=contact_form.raw_values()), more


def render_quote_form(request, contact_form, formset, *, status=200, limited=False):
    origin_id = contact_form["origin"].value()
    context = {
        "form": contact_form,
        "formset": formset,
        "origin": open_origin_page(request, origin_id) if origin_id else None,
        "limited": limited,
        "add_lines_button": ADD_LINES_BUTTON,
    }
    return render(request, "enquiries/quote_request.html", context, status=status)


@never_cache
def quote_request(request):
    if request.method != "POST":
        return render_quote_form(request, *prefilled_forms(request))

    contact_form = QuoteContactForm(request.POST)
    formset = quote_line_formset()(request.POST, prefix=LINES_PREFIX)
    if ADD_LINES_BUTTON in request.POST:
        return render_quote_form(request, *with_more_lines(contact_form, formset))
    if ratelimit.is_limited(request, QUOTE_SCOPE):
        return render_quote_form(request, contact_form, formset, status=429, limited=True)
    if not all([contact_form.is_valid(), formset.is_valid()]):
        return render_quote_form(request, contact_form, formset)
    if not ratelimit.consume(request, QUOTE_SCOPE):
        return render_quote_form(request, contact_form, formset, status=429, limited=True)

    quote = create_quote_request(
        formset.lines,
        customer=request.user if request.user.is_authenticated else None,
        origin_page=open_origin_page(request, contact_form.cleaned_data["origin"]),
        **contact_form.contact_data(),
    )
    notify_quote_request(request, quote)
    sent = request.session.get(SESSION_QUOTES, [])
    request.session[SESSION_QUOTES] = (sent + [quote.pk])[-REMEMBERED_QUOTES:]
    return redirect("quote_request_done", reference=quote.reference)


@never_cache
def quote_request_done(request, reference):
    quote = get_object_or_404(
        QuoteRequest, reference=reference, pk__in=request.session.get(SESSION_QUOTES, [])
    )
    return render(
        request,
        "enquiries/quote_request_done.html",
        {"quote": quote, "lines": quote.lines.all()},
    )


@never_cache
def account_request(request):
    if request.method == "POST":
        form = AccountRequestForm(request.POST)
    else:
        origin = open_origin_page(request, request.GET.get("from"))
        form = AccountRequestForm(initial={"origin": origin.pk if origin else None})
    limited = form.is_bound and ratelimit.is_limited(request, ACCOUNT_SCOPE)
    if form.is_bound and not limited and form.is_valid():
        if ratelimit.consume(request, ACCOUNT_SCOPE):
            account_request = form.save(commit=False)
            account_request.origin_page = open_origin_page(request, form.cleaned_data["origin"])
            account_request.save()
            notify_account_request(request, account_request)
            request.session[SESSION_ACCOUNT] = account_request.pk
            return redirect("account_request_done")
        limited = True
    return render(
        request,
        "enquiries/account_request.html",
        {"form": form, "limited": limited},
        status=429 if limited else 200,
    )


@never_cache
def account_request_done(request):
    pk = request.session.get(SESSION_ACCOUNT)
    account_request = AccountRequest.objects.filter(pk=pk).first() if pk else None
    if account_request is None:
        return redirect("account_request")
    return render(
        request,
        "enquiries/account_request_done.html",
        {"account_request": account_request},
    )
