"""Demo content for `manage.py load_demo`: each function creates what is missing, nothing else."""
