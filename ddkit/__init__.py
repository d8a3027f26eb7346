"""ddkit, the Deportation Defense Kit: helpers for immigrant-rights organizers.

Import what you need from the submodules; importing ``ddkit`` itself stays cheap::

    from ddkit.case import load_case
    from ddkit.assess import assess

Not legal advice: work with an immigration attorney or a DOJ-accredited representative.
"""

__version__ = "0.1.0"
