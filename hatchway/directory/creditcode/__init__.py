"""The unified social credit code (统一社会信用代码) of GB 32100-2015, checked without Django.

A code has 18 characters: the registering authority (1), the kind of entity (1), the
administrative division (6 digits), the organisation code of GB 11714 (9, with its own check
character) and a final check character. Characters come from a 31-symbol alphabet that leaves
out I, O, S, V and Z. The last character is ``31 - (Σ value·weight mod 31)``, weights ``3^i mod 31``.

>>> is_valid_credit_code("914403001922038216")
True
>>> credit_code_problem("914403001922038217")
'check_character'
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = [
    "ALPHABET",
    "CreditCodeProblem",
    "check_character",
    "credit_code_problem",
    "is_valid_credit_code",
    "organisation_code_check_character",
]

ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE: Final = {char: index for index, char in enumerate(ALPHABET)}
_WEIGHTS: Final = tuple(pow(3, index, 31) for index in range(17))
_ORGANISATION_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
_AUTHORITIES: Final = frozenset("123456789ANY")

CreditCodeProblem = Literal[
    "length", "character", "authority", "division", "organisation_code", "check_character"
]


def check_character(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters of a code.

    >>> check_character("91440300192203821")
    '6'
    >>> check_character("9144030071526726X")
    'G'
    """
    if len(first17) != 17 or any(char not in _VALUE for char in first17):
        raise ValueError("Give exactly 17 characters of the credit code alphabet.")
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def organisation_code_check_character(first8: str) -> str:
    """Return the GB 11714 check character of an organisation code's first 8 characters.

    >>> organisation_code_check_character("19220382")
    '1'
    >>> organisation_code_check_character("71526726")
    'X'
    """
    if len(first8) != 8 or any(char not in _VALUE and char not in "IOSVZ" for char in first8):
        raise ValueError("Give exactly 8 digits or capital letters.")
    total = sum(int(char, 36) * weight for char, weight in zip(first8, _ORGANISATION_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def credit_code_problem(code: str) -> CreditCodeProblem | None:
    """Say what is wrong with a code (None when it is valid); letters must be capitals.

    >>> credit_code_problem("91310000MA1FL8TQ1")
    'length'
    >>> credit_code_problem("91310115MA1K4ATO1L")
    'character'
    >>> credit_code_problem("9144030071526726XG") is None
    True
    """
    if len(code) != 18:
        return "length"
    if any(char not in _VALUE for char in code):
        return "character"
    if code[0] not in _AUTHORITIES:
        return "authority"
    if not code[2:8].isdigit():
        return "division"
    if code[16] != organisation_code_check_character(code[8:16]):
        return "organisation_code"
    if code[17] != check_character(code[:17]):
        return "check_character"
    return None


def is_valid_credit_code(code: str) -> bool:
    """True when the code is well formed and both of its check characters are right.

    >>> is_valid_credit_code("91310000MA1FL0BT8X")
    False
    """
    return credit_code_problem(code) is None
