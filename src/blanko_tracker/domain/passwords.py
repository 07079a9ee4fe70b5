"""What a password must be. Length matters most (schemas.CreateUser asks for 10 or more);
these refuse the guesses that come first: the username itself, one or two characters
repeated, a keyboard run or a well-known password."""

from __future__ import annotations

from blanko_tracker.domain.errors import InvalidInput

MIN_DISTINCT_CHARACTERS = 5
COMMON = frozenset({
    "1234567890", "0123456789", "12345678910", "qwertyuiop", "asdfghjkl;", "password12",
    "password123", "passw0rd123", "iloveyou12", "katasandi1", "katasandi123", "rahasia123",
    "indonesia1", "indonesia123", "jakarta123", "bismillah1", "admin12345", "dukcapil123",
    "kemendagri", "blanko1234", "ktpelektronik",
})


def check_password(username: str, password: str) -> None:
    lowered = password.lower()
    if username and username.lower() in lowered:
        raise InvalidInput("password", "must not contain the username",
                           rule="password_has_username")
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        raise InvalidInput("password", f"needs at least {MIN_DISTINCT_CHARACTERS} different "
                                       "characters", rule="password_too_plain",
                           values={"distinct": MIN_DISTINCT_CHARACTERS})
    if lowered in COMMON:
        raise InvalidInput("password", "is one of the first passwords anyone would try",
                           rule="password_common")
