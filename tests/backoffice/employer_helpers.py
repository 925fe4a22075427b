"""The employer portal's test set-up: HR users of the cast's company (NPP 30000001, where
``enrol_member`` employs everyone) and of another company, and a CSV builder."""

from __future__ import annotations

import csv
import io
from datetime import date

from jmo.domain.accounts import Actor, Role
from jmo.domain.backoffice.employer import Employer
from jmo.domain.participant import Employment
from jmo.usecases.backoffice.staff_accounts import create_employer_user, set_second_factor
from jmo.usecases.employer.corrections import Tools
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.cast import PASSWORD, Member, enrol_member
from tests.staff import STAFF_SECRET

OWN_NPP, OTHER_NPP = "30000001", "30000002"  # the cast's company, and another


def company(services: Services, npp: str, name: str) -> None:
    uow = services.uow()
    with uow:
        if uow.employers.get_by_npp(npp) is None:
            uow.employers.add(Employer(npp, name), services.clock.now())
            uow.commit()


def other_company(services: Services) -> None:
    company(services, OTHER_NPP, "PT Lain Usaha")


def hr_user(services: Services, email: str, npp: str = OWN_NPP) -> Actor:
    """An HR login of the company, with the tests' authenticator secret."""
    company(services, npp, "PT Uji Coba Sejahtera" if npp == OWN_NPP else "PT Lain Usaha")
    account = create_employer_user(
        services.uow(),
        services.passwords,
        operator_actor(),
        email=email,
        password=PASSWORD,
        npp=npp,
        now=services.clock.now(),
    )
    set_second_factor(
        services.uow(), operator_actor(), email=email, secret=STAFF_SECRET, now=services.clock.now()
    )
    return Actor(
        account.id, Role.EMPLOYER_HR, None, "employer", "198.51.100.9", "pytest", employer_npp=npp
    )


def worker_elsewhere(services: Services, key: str = "lain") -> Member:
    """A participant employed only by the other company."""
    other_company(services)
    return enrol_member(
        services,
        key=key,
        full_name="Wahyu Hidayat",
        face=None,
        employments=(Employment(OTHER_NPP, "PT Lain Usaha", date(2018, 3, 1), None, 5_000_000),),
    )


def employer_tools(services: Services) -> Tools:
    return Tools(regions=services.regions, tokens=services.card_tokens, notices=services.notices)


def csv_file(rows: list[dict[str, str]], columns: tuple[str, ...] | None = None) -> bytes:
    names = columns or tuple(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(n, "") for n in names])
    return out.getvalue().encode()
