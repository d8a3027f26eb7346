"""Planning and running the public campaign: the dated plan, its exports and charts, the
field office and congressional targets, call scripts and trackers.

Modules load on demand (pandas, matplotlib and icalendar only when a plan is made or drawn).
"""
