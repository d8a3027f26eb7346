"""The organization server: one case store on PostgreSQL, each volunteer signed in as themself.

On a laptop the kit keeps its own SQLite store, and whoever has the passphrase reads every case
in it. An organization's server is different: 10 to 50 volunteers take intake, two or three
coordinators decide. Here:

- every hub user is a PostgreSQL login role (:mod:`ddkit.org.names`), in one of two groups:
  volunteers or coordinators;
- PostgreSQL itself decides which rows each role sees, with row-level security
  (:mod:`ddkit.org.policies`): a volunteer sees and changes only the cases they created or
  were assigned; a coordinator sees every case; nobody can change or delete an audit row;
- every save records who saved, in the case's row and in the audit log, and opening a case is
  audited too (who, which case id, when; never what is in it);
- the encryption stays as it is: each case's fields sealed with its own key, and the
  organization's passphrase (the master key, a file on the server) opening those keys.

Row-level security decides who reads a row; encryption makes a dump, a backup or a stolen disk
unreadable without the master key. ``docs/deploy.md`` says what each layer protects against.

The commands are ``ddkit org init | add-user | remove-user | assign | audit``
(:mod:`ddkit.commands.org`); the hub's side is :mod:`ddkit.org.hub`.
"""
