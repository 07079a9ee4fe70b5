"""Users admin on the page: the users in the admin's scope, creating one, and each user's
page (deactivate, reactivate, role and region, a new password), every change ending that
user's sessions."""

from __future__ import annotations

from blanko_tracker.db.tables import AppUser
from blanko_tracker.domain.access import Role
from tests.builders import given_user
from tests.web.pages import another_browser, csrf_of, page_sign_in, signed_in

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
    assert taken.status_code == 409 and "Nama pengguna gudang-jakpus sudah dipakai." in taken.text
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


# --- one user's page: status, role and region, a new password -------------------------------

def change(token: str, form: str, **fields: str) -> dict[str, str]:
    return {"csrf_token": token, "form": form, **fields}


async def test_the_list_shows_each_users_status_and_leads_to_their_page(client):
    operator = await given_user(Role.PRINT_OPERATOR, "31.71", username="operator-jakpus")
    await signed_in(client, await given_user(Role.ADMIN, "31"))
    await client.post(f"/users/{operator.id}", data=change(
        csrf_of(await client.get("/users")), "status", active="false"))

    page = await client.get("/users")

    rows = page.text.split('id="users"')[1].split("</tbody>")[0].split("<tr>")
    theirs = next(row for row in rows if f'href="/users/{operator.id}"' in row)
    admins = next(row for row in rows if "admin-" in row)
    assert "operator-jakpus" in theirs and ">nonaktif</span>" in theirs
    assert ">aktif</span>" in admins


async def test_a_deactivated_users_browser_is_sent_to_login_on_its_next_page(database, client):
    operator = await given_user(Role.PRINT_OPERATOR, "31.71")
    async with another_browser(database) as theirs:
        await signed_in(theirs, operator)
        token = await signed_in(client, await given_user(Role.ADMIN, "31"))

        done = await client.post(f"/users/{operator.id}",
                                 data=change(token, "status", active="false"))
        shown = await client.get(done.headers["location"])
        next_page = await theirs.get("/regions/31.71")

    assert done.status_code == 303
    assert done.headers["location"] == f"/users/{operator.id}?saved=true"
    assert "Perubahan disimpan" in shown.text and "nonaktif" in shown.text
    assert 'value="true"' in shown.text and "Aktifkan kembali" in shown.text
    assert next_page.status_code == 303
    assert next_page.headers["location"].startswith("/login?next=")
    async with another_browser(database) as again:
        assert (await page_sign_in(again, operator)).status_code == 401


async def test_a_reactivated_user_signs_in_again(database, client):
    operator = await given_user(Role.PRINT_OPERATOR, "31.71")
    token = await signed_in(client, await given_user(Role.ADMIN, "31"))
    await client.post(f"/users/{operator.id}", data=change(token, "status", active="false"))

    back = await client.post(f"/users/{operator.id}", data=change(token, "status", active="true"))

    assert back.status_code == 303
    async with another_browser(database) as theirs:
        assert (await page_sign_in(theirs, operator)).status_code == 303


async def test_an_admin_moves_a_user_and_resets_their_password(database, client):
    staff = await given_user(Role.WAREHOUSE_STAFF, "31.71")
    async with another_browser(database) as theirs:
        await signed_in(theirs, staff)
        token = await signed_in(client, await given_user(Role.ADMIN, "31"))

        moved = await client.post(f"/users/{staff.id}", data=change(
            token, "placement", role="warehouse_staff", region="31.73"))
        reset = await client.post(f"/users/{staff.id}",
                                  data=change(token, "password", password=SECRET))
        ended = await theirs.get("/")
        old = await page_sign_in(theirs, staff)
        new = await page_sign_in(theirs, staff, password=SECRET)

    assert moved.status_code == 303 and reset.status_code == 303
    row = await AppUser.select().where(AppUser.id == staff.id).first()
    assert (row["role"], row["region"], row["active"]) == ("warehouse_staff", "31.73", True)
    assert ended.status_code == 303 and ended.headers["location"].startswith("/login")
    assert old.status_code == 401 and new.status_code == 303
    page = await client.get(f"/users/{staff.id}")
    assert SECRET not in page.text and '(31.73)"' in page.text


async def test_saving_a_form_unchanged_changes_nothing_and_ends_no_session(database, client):
    staff = await given_user(Role.WAREHOUSE_STAFF, "31.71")
    async with another_browser(database) as theirs:
        await signed_in(theirs, staff)
        token = await signed_in(client, await given_user(Role.ADMIN, "31"))

        same = await client.post(f"/users/{staff.id}", data=change(
            token, "placement", role="warehouse_staff", region="31.71"))
        still = await theirs.get("/")

    assert same.status_code == 400
    assert "Pilih setidaknya satu perubahan" in same.text
    assert still.status_code == 200


async def test_refused_changes_come_back_on_the_users_page_without_the_password(client):
    staff = await given_user(Role.WAREHOUSE_STAFF, "31.71")
    token = await signed_in(client, await given_user(Role.ADMIN, "31"))

    short = await client.post(f"/users/{staff.id}", data=change(token, "password",
                                                                password="pendek"))
    misplaced = await client.post(f"/users/{staff.id}", data=change(
        token, "placement", role="ministry_officer", region="31.71"))

    assert short.status_code == 400 and "pendek" not in short.text
    assert "Isian ini minimal 10 karakter." in short.text
    assert misplaced.status_code == 400
    assert "bekerja di tingkat nasional, bukan kabupaten/kota." in misplaced.text
    assert '<option value="ministry_officer" selected>' in misplaced.text
    row = await AppUser.select().where(AppUser.id == staff.id).first()
    assert (row["role"], row["region"]) == ("warehouse_staff", "31.71")


async def test_an_admin_neither_deactivates_nor_re_roles_themselves(client):
    admin = await given_user(Role.ADMIN, "31")
    token = await signed_in(client, admin)

    page = await client.get(f"/users/{admin.id}")
    forced = await client.post(f"/users/{admin.id}", data=change(token, "status", active="false"))

    assert page.status_code == 200 and 'name="active"' not in page.text
    assert 'href="/password"' in page.text.split('id="content"')[1]
    assert forced.status_code == 400 and "Admin tidak menonaktifkan" in forced.text
    assert (await client.get("/")).status_code == 200


async def test_a_user_outside_the_admins_scope_is_neither_shown_nor_changed(client):
    outside = await given_user(Role.PRINT_OPERATOR, "75.05", username="operator-gorontalo")
    token = await signed_in(client, await given_user(Role.ADMIN, "31"))

    shown = await client.get(f"/users/{outside.id}")
    changed = await client.post(f"/users/{outside.id}",
                                data=change(token, "status", active="false"))
    unknown = await client.get("/users/999999")

    for answer in (shown, changed):
        assert answer.status_code == 403 and "Di luar wilayah Anda" in answer.text
        assert "operator-gorontalo" not in answer.text and "<form" not in answer.text
    assert unknown.status_code == 404
    row = await AppUser.select().where(AppUser.id == outside.id).first()
    assert bool(row["active"]) is True
