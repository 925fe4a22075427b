"""Pengkinian Data: the participant's own data update, in the fund's 11 steps."""
