"""Benefit claims: JHT, JKM, JKK and JP. Eligibility, benefits and tax by the fund's rules
(each module cites its source in docs/domain-rules.md), the documents each reason needs, and
the tracking of a claim from submission to payment."""
