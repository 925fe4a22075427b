"""Notice texts never carry a NIK-, KK-, NPWP- or account-like number (UU 27/2022)."""

import pytest

from jmo.domain.notices import carries_sensitive_number


@pytest.mark.parametrize(
    "text",
    [
        "NIK Anda 3171014501900001",
        "rekening 1234-5678-90",
        "NPWP 01.234.567.8-901.000",
        "nomor 1234 5678 90 di akhir",
    ],
)
def test_long_numbers_are_caught(text: str) -> None:
    assert carries_sensitive_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kode verifikasi Anda 123456",
        "Klaim JHT-20261125-123456 senilai Rp1.312.500.000",
        "Klaim JKM-20261125-0A1B2C",
        # a one-time link whose random token happens to hold a long run of digits
        "Buka https://jmo.example/akun/reset-kata-sandi?token=ab1234567890-12cd untuk lanjut",
    ],
)
def test_codes_amounts_and_links_pass(text: str) -> None:
    assert not carries_sensitive_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://jmo.example/x rekening 1234567890",
        "Rp5.000 ke rekening 1234567890",
        "JHT-20261125-123456 NIK 3171014501900001",
    ],
)
def test_a_number_beside_a_system_number_is_still_caught(text: str) -> None:
    assert carries_sensitive_number(text)
