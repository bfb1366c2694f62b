"""Moving a model to another app without touching its table.

The model's new app declares it with `SeparateDatabaseAndState` (state only, `db_table` kept)
and the old app deletes it the same way. Its content type row is renamed rather than
replaced, because permissions, group grants, log entries, revisions and the reference index
point at the row's id. On a new database there is no row yet (Django creates content types
after the migrations) and the rename does nothing.
"""

from django.db import migrations


def relabel_content_types(source, target, models):
    """A reversible migration step moving these models' content types from app to app."""

    def move(from_label, to_label):
        def run(apps, schema_editor):
            types = apps.get_model("contenttypes", "ContentType").objects.using(
                schema_editor.connection.alias
            )
            # A row already under the new label (Django made it after an earlier migration to
            # this state) is left alone: (app_label, model) is unique.
            taken = types.filter(app_label=to_label, model__in=models).values_list("model")
            types.filter(app_label=from_label, model__in=models).exclude(model__in=taken).update(
                app_label=to_label
            )

        return run

    return migrations.RunPython(move(source, target), move(target, source))
