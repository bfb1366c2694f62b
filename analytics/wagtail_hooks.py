from wagtail import hooks

from analytics.flush import flush


@hooks.register("before_serve_page")
def mark_page_view(page, request, serve_args, serve_kwargs):
    # Read by analytics.middleware.PageMarkMiddleware once the page is answered.
    request.analytics_page_id = page.pk


@hooks.register("scheduler_task")
def flush_counters():
    written = flush()
    return f"Statistiques : {written} évènement(s) écrit(s)" if written else None
