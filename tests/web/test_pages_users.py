"""Users admin on the page: the users in the admin's scope and creating one."""

from __future__ import annotations

from blanko_tracker.db.tables import AppUser
from blanko_tracker.domain.access import Role
from tests.builders import given_user
from tests.web.pages import signed_in

SECRET = "a-long-enough-password"


def new_user(token: str, **changes: str) -> dict[str, str]:
    return {"csrf_token": token, "username": "gudang-jakpus", "password": SECRET,
            "role": "warehouse_staff", "region": "31.71", **changes}


async def test_an_admin_lists_the_users_in_scope_and_creates_one(client):
    await given_user(Role.PRINT_OPERATOR, "31.71", username="operator-jakpus")
    await given_user(Role.PRINT_OPERATOR, "75.05", username="operator-gorontalo")
    token = await signed_in(client, await given_user(Role.ADMIN, "31"))

    page = await client.get("/users")
    created = await client.post("/users", data=new_user(token))

    assert page.status_code == 200 and '<html lang="id">' in page.text
    assert "operator-jakpus" in page.text and "operator-gorontalo" not in page.text
    assert created.status_code == 303
    row = await AppUser.select().where(AppUser.username == "gudang-jakpus").first()
    assert (row["role"], row["region"]) == ("warehouse_staff", "31.71")
    after = await client.get(created.headers["location"])
    assert "Pengguna dibuat" in after.text and "gudang-jakpus" in after.text


async def test_refused_users_keep_the_typing_but_never_the_password(client):
    token = await signed_in(client, await given_user(Role.ADMIN, "31"))
    before = await AppUser.count()

    short = await client.post("/users", data=new_user(token, password="pendek"))
    outside = await client.post("/users", data=new_user(token, region="75.05"))
    misplaced = await client.post("/users", data=new_user(token, role="print_operator",
                                                          region="31"))
    await client.post("/users", data=new_user(token))
    taken = await client.post("/users", data=new_user(token))

    assert short.status_code == 400 and "password" in short.text
    assert 'value="gudang-jakpus"' in short.text and "pendek" not in short.text
    assert outside.status_code == 403 and "Di luar wilayah Anda" in outside.text
    assert 'value="75.05"' in outside.text and SECRET not in outside.text
    assert misplaced.status_code == 400
    assert "bekerja di tingkat kabupaten/kota, bukan provinsi." in misplaced.text
    assert '<option value="print_operator" selected>' in misplaced.text
    assert taken.status_code == 409 and "taken" in taken.text
    assert await AppUser.count() == before + 1  # only the one accepted


async def test_only_admins_see_the_users_page(client):
    token = await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))
    page = await client.get("/users")
    created = await client.post("/users", data=new_user(token))
    assert page.status_code == 403 and "Peran Anda tidak berhak" in page.text
    assert created.status_code == 403
    assert await AppUser.select().where(AppUser.username == "gudang-jakpus").first() is None


async def test_creating_a_user_without_the_csrf_token_writes_nothing(client):
    await signed_in(client, await given_user(Role.ADMIN, "00"))
    answer = await client.post("/users", data=new_user("forged"))
    assert answer.status_code == 403
    assert await AppUser.select().where(AppUser.username == "gudang-jakpus").first() is None
