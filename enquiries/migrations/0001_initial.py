"""The quote and account requests move from storefront to this app (issue 15) without touching
their tables: the models keep them (`Meta.db_table`), this migration only tells Django's state
where they now live, and storefront's 0011_requests_moved drops them from storefront's state.

Permissions, group grants, log entries, revisions and the reference index point at content type
ids: the three content types are renamed in place (app_label storefront → enquiries,
core/model_moves.py), so every one of those rows follows.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import storefront.validators
from core.model_moves import relabel_content_types

class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("storefront", "0010_account_request_origin_page"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        relabel_content_types(
            "storefront", "enquiries", ["quoterequest", "quoterequestline", "accountrequest"]
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AccountRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'En attente'), ('approved', 'Approuvée'), ('rejected', 'Refusée')], db_index=True, default='pending', max_length=20, verbose_name='Statut')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='Reçue le')),
                        ('company_name', models.CharField(max_length=150, verbose_name='Raison sociale')),
                        ('siret', models.CharField(help_text='14 chiffres, sans espace.', max_length=14, validators=[storefront.validators.validate_siret], verbose_name='SIRET')),
                        ('vat_number', models.CharField(blank=True, max_length=20, validators=[storefront.validators.validate_vat_number], verbose_name='N° de TVA intracommunautaire')),
                        ('address', models.TextField(help_text='Adresse de facturation.', verbose_name='Adresse')),
                        ('contact_name', models.CharField(max_length=150, verbose_name='Contact')),
                        ('email', models.EmailField(help_text="Devient l'identifiant du compte client à l'approbation.", max_length=254, verbose_name='E-mail')),
                        ('phone', models.CharField(max_length=30, verbose_name='Téléphone')),
                        ('message', models.TextField(blank=True, verbose_name='Message')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='Décision le')),
                        ('created_company', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='storefront.customercompany', verbose_name='Société créée')),
                        ('created_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Compte créé')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Décision par')),
                        ('origin_page', models.ForeignKey(blank=True, help_text='Page depuis laquelle le visiteur a ouvert le formulaire.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name="Page d'origine")),
                    ],
                    options={
                        'verbose_name': 'Demande de compte professionnel',
                        'verbose_name_plural': 'Demandes de compte professionnel',
                        'db_table': 'storefront_accountrequest',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='QuoteRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.CharField(editable=False, help_text='Communiquée au demandeur ; à rappeler dans la réponse.', max_length=20, null=True, unique=True, verbose_name='Référence')),
                        ('status', models.CharField(choices=[('new', 'Nouvelle'), ('in_progress', 'En cours'), ('answered', 'Répondue')], db_index=True, default='new', max_length=20, verbose_name='Statut')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='Reçue le')),
                        ('company', models.CharField(max_length=150, verbose_name='Société')),
                        ('contact_name', models.CharField(max_length=150, verbose_name='Contact')),
                        ('email', models.EmailField(max_length=254, verbose_name='E-mail')),
                        ('phone', models.CharField(blank=True, max_length=30, verbose_name='Téléphone')),
                        ('message', models.TextField(blank=True, verbose_name='Message')),
                        ('staff_notes', models.TextField(blank=True, help_text="Visibles seulement dans l'administration : suivi, devis envoyé, relances…", verbose_name='Notes internes')),
                        ('customer', models.ForeignKey(blank=True, help_text='Renseigné quand le demandeur était connecté.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='quote_requests', to=settings.AUTH_USER_MODEL, verbose_name='Compte client')),
                        ('origin_page', models.ForeignKey(blank=True, help_text='Produit, catégorie ou espace client depuis lequel la demande a été faite.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name="Page d'origine")),
                    ],
                    options={
                        'verbose_name': 'Demande de devis',
                        'verbose_name_plural': 'Demandes de devis',
                        'db_table': 'storefront_quoterequest',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='QuoteRequestLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sku', models.CharField(max_length=40, verbose_name='Référence')),
                        ('title', models.CharField(max_length=255, verbose_name='Désignation')),
                        ('quantity', models.PositiveIntegerField(verbose_name='Quantité')),
                        ('unit', models.CharField(blank=True, max_length=40, verbose_name='Unité')),
                        ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='storefront.productpage', verbose_name='Produit')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='enquiries.quoterequest', verbose_name='Demande')),
                    ],
                    options={
                        'verbose_name': 'Ligne de demande de devis',
                        'verbose_name_plural': 'Lignes de demande de devis',
                        'db_table': 'storefront_quoterequestline',
                        'ordering': ['pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
