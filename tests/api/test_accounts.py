"""Accounts end and change: an admin lists, deactivates, moves, re-roles and resets users in
its scope, everyone changes their own password, and every token and browser session issued
before such a change stops at once; user ids are never handed out twice."""

from __future__ import annotations

from blanko_tracker.db.tables import AppUser
from blanko_tracker.domain.access import Role
from tests.builders import PASSWORD, given_user, problem, sign_in

NEW_PASSWORD = "a-brand-new-phrase-9"


async def _refused(client, headers: dict[str, str]) -> None:
    problem(await client.get("/api/v1/me", headers=headers), 401, "not_authenticated")


async def _browser_session(client, username: str, password: str = PASSWORD) -> str:
    """Signs a browser in through the login page; its session cookie."""
    page = await client.get("/login")
    token = page.cookies["blanko_login_csrf"]
    answer = await client.post("/login", data={"username": username, "password": password,
                                               "csrf_token": token},
                               cookies={"blanko_login_csrf": token})
    assert answer.status_code == 303, answer.text
    return answer.cookies["blanko_session"]


async def _page_status(client, session: str) -> int:
    answer = await client.get("/", cookies={"blanko_session": session})
    client.cookies.clear()
    return answer.status_code


async def test_an_admin_lists_the_users_of_its_scope_only(client):
    admin = await given_user(Role.ADMIN, "75")
    await given_user(Role.WAREHOUSE_STAFF, "75", username="gudang.gorontalo")
    await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    headers = await sign_in(client, admin)

    listed = (await client.get("/api/v1/users", headers=headers)).json()
    assert {user["username"] for user in listed["items"]} == {admin.username, "gudang.gorontalo"}
    assert listed["total"] == 2 and all(user["active"] for user in listed["items"])
    problem(await client.get("/api/v1/users", params={"region": "31"}, headers=headers),
            403, "out_of_scope")
    staff = await sign_in(client, await given_user(Role.WAREHOUSE_STAFF, "75"))
    problem(await client.get("/api/v1/users", headers=staff), 403, "not_permitted")


async def test_a_deactivated_user_is_refused_at_once_everywhere(client):
    admin = await sign_in(client, await given_user(Role.ADMIN, "00"))
    staff = await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    token = await sign_in(client, staff)
    session = await _browser_session(client, staff.username)
    assert await _page_status(client, session) == 200

    changed = await client.patch(f"/api/v1/users/{staff.id}", headers=admin,
                                 json={"active": False})

    assert changed.status_code == 200 and changed.json()["active"] is False
    await _refused(client, token)
    assert await _page_status(client, session) == 303  # back to /login
    problem(await client.post("/api/v1/auth/token", json={
        "username": staff.username, "password": PASSWORD}), 401, "invalid_credentials")

    await client.patch(f"/api/v1/users/{staff.id}", headers=admin, json={"active": True})
    await _refused(client, token)  # reactivated: a new sign-in, not the old token
    assert (await client.get("/api/v1/me", headers=await sign_in(client, staff))
            ).status_code == 200


async def test_a_new_role_region_or_password_ends_every_earlier_token(client):
    admin = await sign_in(client, await given_user(Role.ADMIN, "00"))
    for change in ({"role": "provincial_head"}, {"region": "75"},
                   {"password": NEW_PASSWORD}):
        user = await given_user(Role.WAREHOUSE_STAFF, "31")
        token = await sign_in(client, user)

        answer = await client.patch(f"/api/v1/users/{user.id}", headers=admin, json=change)

        assert answer.status_code == 200, (change, answer.text)
        await _refused(client, token)
        password = change.get("password", PASSWORD)
        signed_in = await client.post("/api/v1/auth/token", json={
            "username": user.username, "password": password})
        me = (await client.get("/api/v1/me", headers={
            "Authorization": f"Bearer {signed_in.json()['access_token']}"})).json()
        assert me["role"] == change.get("role", "warehouse_staff")
        assert me["region"] == change.get("region", "31")


async def test_an_admin_changes_only_users_of_its_scope_and_not_itself_away(client):
    admin = await given_user(Role.ADMIN, "75")
    headers = await sign_in(client, admin)
    foreign = await given_user(Role.WAREHOUSE_STAFF, "31")
    own = await given_user(Role.WAREHOUSE_STAFF, "75")

    problem(await client.patch(f"/api/v1/users/{foreign.id}", headers=headers,
                               json={"active": False}), 403, "out_of_scope")
    problem(await client.patch(f"/api/v1/users/{own.id}", headers=headers,
                               json={"region": "31"}), 403, "out_of_scope")
    problem(await client.patch(f"/api/v1/users/{admin.id}", headers=headers,
                               json={"active": False}), 400, "invalid_input")
    problem(await client.patch(f"/api/v1/users/{own.id}", headers=headers, json={}),
            400, "invalid_input")
    problem(await client.patch("/api/v1/users/999999", headers=headers,
                               json={"active": False}), 404, "not_found")
    problem(await client.patch(f"/api/v1/users/{own.id}", headers=headers,
                               json={"role": "print_operator"}), 400, "invalid_input")
    assert (await client.get("/api/v1/me", headers=await sign_in(client, own))
            ).json()["region"] == "75"


async def test_changing_ones_own_password_ends_the_other_sessions(client):
    user = await given_user(Role.PRINT_OPERATOR, "31.71", username="operator.jakpus")
    old_token = await sign_in(client, user)
    other_browser = await _browser_session(client, user.username)

    problem(await client.post("/api/v1/me/password", headers=old_token, json={
        "current_password": "not-the-password", "new_password": NEW_PASSWORD}),
        401, "invalid_credentials")
    problem(await client.post("/api/v1/me/password", headers=old_token, json={
        "current_password": PASSWORD, "new_password": "1234567890"}), 400, "invalid_input")
    answer = await client.post("/api/v1/me/password", headers=old_token, json={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert answer.status_code == 200, answer.text
    new_token = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    assert (await client.get("/api/v1/me", headers=new_token)).status_code == 200
    await _refused(client, old_token)
    assert await _page_status(client, other_browser) == 303
    problem(await client.post("/api/v1/auth/token", json={
        "username": user.username, "password": PASSWORD}), 401, "invalid_credentials")


async def test_a_deleted_users_id_is_never_given_to_the_next_user(client, database):
    """SQLite handed a deleted user's id to the next user, and the old token then acted as
    the newcomer. Ids are never reused, and a token names the stamp of the user it was for."""
    leaving = await given_user(Role.MINISTRY_OFFICER, "00")
    token = await sign_in(client, leaving)
    await AppUser.delete().where(AppUser.id == leaving.id)

    newcomer = await given_user(Role.ADMIN, "00")

    assert newcomer.id != leaving.id
    await _refused(client, token)
