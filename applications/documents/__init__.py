"""Documents applicants upload (CV, research plan, publication list): checks on their content."""
