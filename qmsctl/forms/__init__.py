"""The official forms: one module per form turns records into its content; xlsx.py writes workbooks."""
