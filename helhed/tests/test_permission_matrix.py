"""Every URL pattern × every role × own citizen / other citizen / other municipality, against a declared table.

A route without an entry fails `test_every_route_has_an_entry`. Expected codes: 200 shown; 302 redirect (to
login, or a mentor's overview to the team view); 403 the role may never use the page; 404 no reason to see
this citizen (Helhed does not reveal that the citizen exists); 405 POST-only route fetched with GET.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from helhed.citizens.models import AccessLogEntry
from helhed.core.models import Role
from helhed.portal.tests.helpers import sign_in_as
from helhed.tests.world import ROLES, build_world

# "citizen" is the own citizen signed in to the portal (its own session, helhed/core/sessions.py).
VISITORS = ["anonymous", "citizen", *ROLES]
RELATIONS = ["own", "other", "foreign"]

CW, CO, JB, MT, SO, TL, PA, DP, AD = (
    Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.JOB_BROKER, Role.MENTOR, Role.SANCTION_OFFICER,
    Role.TEAM_LEADER, Role.PARTNER, Role.DATA_PROTECTION, Role.ADMIN,
)
WRITERS = {CW, CO}
FULL_READERS = {CW, CO, SO, TL, DP}
TEAM_READERS = {JB, MT, PA}
MEETERS = WRITERS | {JB, MT}  # book and hold appointments: caseworkers and the team members who meet the citizen
ARRANGERS = WRITERS | {JB}  # arrange offers: the caseworkers and a job broker on the citizen's team


def per_role(default, anonymous=302, citizen=None, **codes):
    """Codes per visitor. A citizen signed in to the portal is, outside the portal, no one: by default the same as
    anonymous."""
    table = {"anonymous": anonymous, "citizen": anonymous if citizen is None else citizen,
             **{role: default for role in ROLES}}
    for roles, code in codes.values():
        table.update({role: code for role in roles})
    return table


def citizen_route(own):
    """A page about one citizen: `own` gives the codes for the own citizen; other and foreign citizens are 404."""
    return {"citizen": True, "own": own, "other": per_role(404), "foreign": per_role(404)}


def plain_route(table):
    return {"citizen": False, "own": table, "other": table, "foreign": table}


POST_ONLY = per_role(405)
# The portal's routes about one of the citizen's objects, and the world's name of that object.
PORTAL_OBJECTS = {"portal:move_request": "apk", "portal:report_absence": "apk", "portal:thread": "thread_pk",
                  "portal:attachment": "attachment_pk", "portal:hearing": "hearing_pk"}
EXPECTED = {
    "home": plain_route(per_role(302)),
    "healthz": plain_route(per_role(200, anonymous=200)),
    "readyz": plain_route(per_role(200, anonymous=200)),
    "metrics": plain_route(per_role(200, anonymous=200)),  # the test client comes from 127.0.0.1 (HELHED_METRICS_ALLOW)
    "login": plain_route(per_role(302, anonymous=200)),
    "logout": plain_route(per_role(405, anonymous=405)),
    "set_language": plain_route(per_role(302)),
    "reauthenticate": plain_route(per_role(200)),
    "citizens:my_citizens": plain_route(per_role(200)),
    "core:municipality_settings": plain_route(per_role(403, admin=({AD}, 200))),
    "casefile:start": plain_route(per_role(302, own_work=({TL, DP, AD}, 200))),
    "citizens:create": plain_route(per_role(403, writers=(WRITERS, 200))),
    "audit:stated_access": plain_route(per_role(403, leaders=({TL, DP}, 200))),
    "audit:access_review": plain_route(per_role(403, leaders=({TL, DP}, 200))),
    "audit:access_review_mark": plain_route(per_role(403, leaders=({TL, DP}, 405))),
    "audit:read_log": plain_route(per_role(403, dpo=({DP}, 200))),
    "casefile:overview": citizen_route(per_role(404, full=(FULL_READERS, 200), team=(TEAM_READERS, 302))),
    "casefile:team_view": citizen_route(per_role(404, readers=(FULL_READERS | TEAM_READERS, 200))),
    "audit:citizen_history": citizen_route(per_role(404, full=(FULL_READERS, 200))),
    "audit:citizen_export_html": citizen_route(per_role(404, full=(FULL_READERS, 403), allowed=(WRITERS | {DP}, 200))),
    "audit:citizen_export_json": citizen_route(per_role(404, full=(FULL_READERS, 403), allowed=(WRITERS | {DP}, 200))),
    "audit:citizen_export_pdf": citizen_route(per_role(404, full=(FULL_READERS, 403), allowed=(WRITERS | {DP}, 200))),
    "citizens:target_group_change": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "citizens:case_edit": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "citizens:safety_marker_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "citizens:consent_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "contact:journal_note_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "contact:journal_note_correct": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "coordination:team_member_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "contact:document_upload": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "helhed_rules:exemption_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    # the worklist: the caseworkers' obligations, and every meeting-action owner's actions
    "casefile:worklist": plain_route(per_role(403, owners=(WRITERS | {JB, MT, PA}, 200))),
    "contact:document_download": citizen_route(per_role(404, full=(FULL_READERS, 200))),
    "contact:appointment_book": citizen_route(per_role(404, meet=(MEETERS, 200))),
    "contact:conversation_afterwards": citizen_route(per_role(404, meet=(MEETERS, 200))),
    "contact:appointment_detail": citizen_route(per_role(404, readers=(FULL_READERS | MEETERS, 200))),
    "contact:appointment_move": citizen_route(per_role(404, settle=(WRITERS | {MT}, 200))),
    "contact:appointment_held": citizen_route(per_role(404, settle=(WRITERS | {MT}, 200))),
    "contact:appointment_not_held": citizen_route(per_role(404, settle=(WRITERS | {MT}, 200))),
    "contact:week": plain_route(per_role(200)),
    "contact:staff_feeds": plain_route(per_role(200)),
    "contact:staff_feed_revoke": plain_route(POST_ONLY),
    "contact:outbox": plain_route(per_role(200)),
    "contact:ical_feed": plain_route(per_role(200, anonymous=200)),
    "contact:citizen_feed_create": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "contact:citizen_feed_revoke": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "contact:quota_decision_add": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "contact:quota_decision_end": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "contact:contact_quota": plain_route(per_role(403, leaders=({TL}, 200))),
    "plans:plan": citizen_route(per_role(404, readers=(FULL_READERS | TEAM_READERS, 200))),
    "plans:plan_history": citizen_route(per_role(404, readers=(FULL_READERS | MEETERS, 200))),
    "plans:plan_pdf": citizen_route(per_role(404, readers=(FULL_READERS | TEAM_READERS, 200))),
    "plans:story": citizen_route(per_role(404, readers=(FULL_READERS | MEETERS, 200))),
    "plans:plan_edit": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "plans:plan_part": citizen_route(per_role(404, meet=(MEETERS, 302))),  # no plan in the world: to the plan page
    "plans:scoring_add": citizen_route(per_role(404, meet=(MEETERS, 200))),
    "plans:small_step_add": citizen_route(per_role(404, meet=(MEETERS, 200))),
    "plans:plan_sign": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "citizens:safety_marker_remove": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "citizens:consent_withdraw": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "coordination:team_member_end": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "coordination:coordinator_offer": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    "coordination:coordinator_answer": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    **{f"offers:{name}": citizen_route(per_role(404, arrange=(ARRANGERS, 200))) for name in (
        "citizen_offers", "wishes", "internship_match", "internship_create", "internship_found_place", "other_offer",
        "extend", "adjust_hours", "midway", "end", "documentation")},
    "offers:employers": plain_route(per_role(403, readers=(ARRANGERS | {TL}, 200))),
    "offers:employer": plain_route(per_role(403, readers=(ARRANGERS | {TL}, 200))),
    "offers:employer_add": plain_route(per_role(403, writers=(ARRANGERS, 200))),
    "offers:place_add": plain_route(per_role(403, writers=(ARRANGERS, 200))),
    **{f"offers:{name}": plain_route(per_role(403, leaders=({TL}, 200)))
       for name in ("providers", "supervision", "supervision_pdf", "supervision_csv")},
    "offers:referral_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "offers:referral": citizen_route(per_role(404, readers=(WRITERS | {MT}, 200))),
    "offers:referral_move": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    **{f"offers:{name}": citizen_route(per_role(404, provider=({MT}, 200)))
       for name in ("mentor_time", "attendance", "progress")},
    "sanctions:worklist": plain_route(per_role(403, documenters=(WRITERS | {MT, JB, SO}, 200))),
    "sanctions:statistics": plain_route(per_role(403, leaders=({TL, SO}, 200))),
    # the leader's overview: aggregates for the team leader and (read only) the data-protection officer; the
    # drill-down to citizens not seen is the team leader's, and without a caseworker or group it goes back (302)
    "insight:overview": plain_route(per_role(403, leaders=({TL, DP}, 200))),
    "insight:download": plain_route(per_role(403, leaders=({TL, DP}, 200))),
    "insight:parked": plain_route(per_role(403, leader=({TL}, 302))),
    "sanctions:rates": plain_route(per_role(403, admin=({AD}, 200))),
    "sanctions:refusal_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "sanctions:guidance_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    # the absence case and its hearing letter: the full record, and the team members who meet the citizen
    "sanctions:case": citizen_route(per_role(404, readers=(FULL_READERS | {JB, MT}, 200))),
    "sanctions:letter_pdf": citizen_route(per_role(404, readers=(FULL_READERS | {JB, MT}, 200))),
    "coordination:rc_results": plain_route(per_role(403, readers=({TL, CO}, 200))),
    "coordination:rc_answer": plain_route(per_role(403, respondents=({CW, CO, JB, MT, SO, PA}, 200))),
    "meetings:desk": plain_route(per_role(403, coordinator=({CO}, 200))),
    "meetings:external_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "meetings:meeting_add": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "meetings:meeting": citizen_route(per_role(404, readers=(FULL_READERS | TEAM_READERS, 200))),
    "meetings:action_done": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    # tasks about a citizen: everyone with a reason to see the citizen reads and writes in the thread
    "meetings:task_add": citizen_route(per_role(404, readers=(FULL_READERS | TEAM_READERS, 200))),
    "meetings:task": citizen_route(per_role(404, readers=(FULL_READERS | TEAM_READERS, 200))),
    "meetings:task_done": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    **{f"sanctions:{name}": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}}
       for name in ("context", "attempt", "resolve", "refer", "assess", "hearing", "answer", "decide")},
    # outreach: the office and its groups for the roles that work there and the housing plan's partner staff (figures
    # only); names, the target group and attendance for the roles that work with citizens
    **{f"outreach:{name}": plain_route(per_role(403, office=({CW, CO, JB, MT, TL, PA}, 200)))
       for name in ("offices", "office", "report", "groups", "group")},
    "outreach:target_group": plain_route(per_role(403, names=({CW, CO, JB, MT, TL}, 200))),
    **{f"outreach:{name}": plain_route(per_role(403, organisers=({CW, CO, JB, MT}, 200)))
       for name in ("group_add", "session")},
    **{f"outreach:{name}": plain_route(POST_ONLY) for name in ("discreet", "drop_in_add")},
    "outreach:housing_consent": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
    # programmes: figures for the leaders and the staff who carry them out; names only with a reason (the drill-down)
    **{f"programmes:{name}": plain_route(per_role(403, readers=({TL, CW, CO, JB, DP}, 200)))
       for name in ("list", "programme", "members", "figures")},
    **{f"programmes:{name}": plain_route(per_role(403, leader=({TL}, 200))) for name in ("add", "criterion_change")},
    "programmes:enrol": plain_route(per_role(403, leader=({TL}, 405))),
    **{f"programmes:{name}": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}} for name in ("step", "broker")},
    # the citizen portal: only the signed-in citizen, and only their own objects; staff are not citizens there
    # the development identity provider (never routed in production): public OpenID Connect endpoints, the same for all
    "dev_idp:root": plain_route(per_role(302)),
    **{f"dev_idp:{name}": plain_route(per_role(200, anonymous=200)) for name in ("discovery", "jwks")},
    "dev_idp:authorize": plain_route(per_role(400, anonymous=400)),  # without the client's parameters
    "dev_idp:token": plain_route(per_role(405, anonymous=405)),
    "dev_idp:userinfo": plain_route(per_role(401, anonymous=401)),  # without an access token
    "portal:front": plain_route(per_role(200, anonymous=200, citizen=200)),
    # sign-in goes to the identity provider; its answer without a state of this session is refused (the whole flow:
    # portal/tests/test_sign_in.py)
    "portal:sign_in": plain_route(per_role(302)),
    "portal:callback": plain_route(per_role(400, anonymous=400, citizen=400)),
    **{f"portal:{name}": plain_route(per_role(405, anonymous=405, citizen=405)) for name in ("sign_out", "easy_read")},
    **{f"portal:{name}": plain_route(per_role(302, citizen=200)) for name in (
        "plan", "progress", "appointments", "appointments_ics", "messages", "message_new", "hearings", "who_looked",
        "my_data", "my_data_pdf", "my_data_json")},
    # staff see what citizens send through the portal: the messages, with the full record; caseworkers write
    **{f"portal_staff:{name}": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}}
       for name in ("move_request_handled", "absence_notice_seen")},
    "portal:plan_answer": plain_route(per_role(302, citizen=405)),
    "portal_staff:staff_thread": citizen_route(per_role(404, full=(FULL_READERS, 200))),
    "portal_staff:staff_thread_new": citizen_route(per_role(404, writers=(WRITERS, 200))),
    "portal_staff:staff_attachment": citizen_route(per_role(404, full=(FULL_READERS, 200))),
    **{name: {"citizen": True, "own": per_role(302, citizen=200), "other": per_role(302, citizen=404),
                          "foreign": per_role(302, citizen=404)} for name in PORTAL_OBJECTS},
}


# --- The open API (helhed/api) ---------------------------------------------------------------------------------------
# /api/v1/ needs a bearer token, never a session: every operation answers every session visitor 401 (a problem), or
# 405 where its path has no GET. Its routes come from the URL patterns and its OpenAPI document, so a new resource
# joins the table by itself; the API's own access rules (scopes, need-to-know) are tested in helhed/api/tests.
API_NAMESPACE = "api:api-v1:"


def _pattern_routes(resolver=None, namespace="", prefix=""):
    """(route name, full route string) for every named URL pattern."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _pattern_routes(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                                       prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


API_ROUTES = {name: route for name, route in _pattern_routes() if name.startswith(API_NAMESPACE)}


def _api_operations():
    from helhed.api.v1 import api

    methods = {path: set(item) for path, item in api.get_openapi_schema(path_prefix="/api/v1/")["paths"].items()}
    for name, route in API_ROUTES.items():
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if path in methods:
            code = 401 if "get" in methods[path] else 405
            yield name, plain_route(per_role(code, anonymous=code))


EXPECTED.update({
    **dict(_api_operations()),
    f"{API_NAMESPACE}openapi-json": plain_route(per_role(200, anonymous=200)),  # the document is public
    f"{API_NAMESPACE}api-root": plain_route(per_role(404, anonymous=404)),  # Ninja's root: no page (docs_url=None)
    "api:token": plain_route(per_role(405, anonymous=405)),  # OAuth2 client credentials: POST only
    # the administrator's pages for API clients
    **{f"api:{name}": plain_route(per_role(403, admin=({AD}, 200))) for name in ("clients", "client_add")},
    "api:client_deactivate": plain_route(per_role(403, admin=({AD}, 405))),
    # a caseworker marks a provider's proposed appointment handled (POST only)
    "api:proposal_handled": {"citizen": True, **{r: POST_ONLY for r in RELATIONS}},
})

# Pages that show personal data must log one read row per citizen shown, and none when refused.
LOGGED = {name for name, spec in EXPECTED.items() if spec["citizen"] and not name.startswith("portal:")} - {
    "citizens:safety_marker_remove", "citizens:consent_withdraw", "coordination:team_member_end", "offers:referral_move",
    "contact:citizen_feed_create", "contact:citizen_feed_revoke", "plans:plan_sign", "meetings:action_done", "meetings:task_done",
}


def _route_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _route_names(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_route_has_an_entry():
    assert set(_route_names()) == set(EXPECTED)


def _api_url(route, citizen):
    """A URL of the API app: `pk` is the citizen's, other numbers 1 (a session gets 401 or 405 before any lookup, and
    a POST-only page 405), other parts "x"."""
    values = {"int": "1", "uuid": "00000000-0000-0000-0000-000000000000"}

    def value(match):
        return str(citizen.pk) if citizen and match.group(2) == "pk" else values.get(match.group(1), "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, dict(_pattern_routes())[route])


def _url(route, world, citizen):
    if route.startswith("api:"):
        return _api_url(route, citizen)
    if route in PORTAL_OBJECTS:  # the portal's routes name the citizen's own object, never the citizen
        related = world.objects[(citizen or world.own).pk]
        return reverse(route, kwargs={"pk": related[PORTAL_OBJECTS[route]]})
    related = {**world.objects[world.own.pk], **world.objects.get(citizen.pk, {})} if citizen else {}
    candidates = {"pk": citizen.pk if citizen else None, **related, "access_pk": world.objects["access_pk"],
                  "feed_pk": world.objects["feed_pk"], "token": world.objects["token"],
                  "employer_pk": world.objects["employer_pk"], "place_pk": world.objects["place_pk"],
                  "programme_pk": world.objects["programme_pk"], "fmt": world.objects["fmt"],
                  "unit_pk": world.objects["provider_pk"], "office_pk": world.objects["office_pk"],
                  "group_pk": world.objects["group_pk"], "session_pk": world.objects["session_pk"]}
    for names in [[], ["pk"], ["pk", "note_pk"], ["pk", "marker_pk"], ["pk", "member_pk"], ["pk", "consent_pk"], ["pk", "document_pk"],
                  ["pk", "apk"], ["pk", "offer_pk"], ["pk", "case_pk"], ["pk", "case_pk", "letter_pk"],
                  ["pk", "meeting_pk"], ["pk", "thread_pk"], ["pk", "attachment_pk"], ["pk", "request_pk"], ["pk", "notice_pk"], ["pk", "enrolment_pk"], ["programme_pk"], ["programme_pk", "fmt"], ["pk", "action_pk"], ["pk", "task_pk"], ["pk", "place_pk"], ["pk", "referral_pk"], ["access_pk"],
                  ["feed_pk"], ["token"],
                  ["employer_pk"], ["unit_pk"], ["office_pk"], ["office_pk", "pk"], ["group_pk"],
                  ["group_pk", "session_pk"]]:
        try:
            return reverse(route, kwargs={n: candidates[n] for n in names})
        except Exception:  # noqa: BLE001 - try the next argument set
            continue
    raise AssertionError(f"no arguments found for {route}")


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_route_matches_the_table_for_every_role_and_citizen(client, db, settings, tmp_path, route):
    settings.MEDIA_ROOT = tmp_path
    settings.PORTAL_SIGN_IN_LIMIT = 1000
    world = build_world()
    spec = EXPECTED[route]
    mismatches = []
    for relation in RELATIONS:
        citizen = getattr(world, relation) if spec["citizen"] else None
        url = _url(route, world, citizen)
        for visitor in VISITORS:
            client.logout()
            client.cookies.pop(settings.CITIZEN_SESSION_COOKIE_NAME, None)
            if visitor == "citizen":
                sign_in_as(client, world.own)
            elif visitor != "anonymous":
                client.force_login(world.staff[visitor].user)
            before = AccessLogEntry.objects.count()
            status = client.get(url).status_code
            expected = spec[relation][visitor]
            if status != expected:
                mismatches.append(f"{visitor:<24} {relation:<8} got {status}, expected {expected}")
            if route in LOGGED:
                logged = AccessLogEntry.objects.count() - before
                if logged != (1 if status == 200 else 0):
                    mismatches.append(f"{visitor:<24} {relation:<8} status {status} but {logged} read-log rows")
    assert not mismatches, f"{route} ({url}):\n" + "\n".join(mismatches)
