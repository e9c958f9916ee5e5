"""Demo data for `make run` (`icportal demo_data`): fictional firms, offices' users, EPCs, ICs in
every state, a finished bulk job and some weeks of history, all made through the real services.

Top of the house: it may import every app; nothing imports it (tests may).
    people.py        firms, staff, logins, the sandbox seed file; `load()` runs everything below
    certificates.py  EPCs, IC applications and certificates in every state, copies, complaints
    workbench.py     one bulk issue run to the end
    hindi.py         the Hindi-reading member (Agra): its applications, IC, mail, copy, complaint
    history.py       past ICs moved back in time for the dashboard
"""
