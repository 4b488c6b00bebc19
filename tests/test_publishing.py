"""Publishing a flagged group, or a group with a flagged claim: publish and unpublish, its
ClaimReview JSON-LD and public page.

The raid event of the demo (Colonel Vahid's) holds the civilian toll, disputed, and the hideout."""

from __future__ import annotations

import json
from typing import Any

from api_calls import assert_error, history, statement_of
from flask.testing import FlaskClient
from pages import history as page_history
from pages import page

from verify.choices import SIDES

# What Google's fact-check markup documentation requires (R) and recommends of each object.
REQUIRED_REVIEW = ("@context", "@type", "claimReviewed", "reviewRating", "url")
REQUIRED_RATING = ("@type", "alternateName")
RECOMMENDED_REVIEW = ("author", "datePublished", "itemReviewed")
RECOMMENDED_CLAIM = ("author", "appearance", "datePublished")

XSS = "</script><script>alert(1)</script> & <b>"
NOTE = "rival tolls, no independent count"
FLAG_FIRST = "flag the group or one of its claims first"
ARMY_TOLL = "Every person killed in Sarkand was an armed militant"  # the raid: the toll claim
HIDEOUT = "special forces have overrun a large hideout"  # ... the hideout claim


def vahid_group(client: FlaskClient) -> int:
    group_id: int = statement_of(client, "Colonel Idris Vahid")["group_id"]
    return group_id


def flag(client: FlaskClient, group_id: int, note: str = NOTE) -> None:
    response = client.post(
        f"/api/groups/{group_id}/flag",
        json={"flag": "disputed", "note": note},
    )
    assert response.status_code == 200, response.get_json()


def claim_holding(client: FlaskClient, group_id: int, fragment: str) -> int:
    """The id of the group's claim holding the member whose text contains `fragment`."""
    members = client.get(f"/api/groups/{group_id}").get_json()["members"]
    found: int = next(m["claim_id"] for m in members if fragment in m["text"])
    return found


def publish_the_flagged_toll(client: FlaskClient) -> tuple[int, int]:
    """The army's toll claim flagged in the unflagged raid event, which is then published:
    (the event's id, the claim's id)."""
    group_id = vahid_group(client)
    toll = claim_holding(client, group_id, ARMY_TOLL)
    flag_claim(client, toll)
    publish(client, group_id)
    return group_id, toll


def flag_claim(client: FlaskClient, claim_id: int, verdict: str | None = "corroborated") -> None:
    response = client.post(f"/api/claims/{claim_id}/flag", json={"flag": verdict, "note": NOTE})
    assert response.status_code == 200, response.get_json()


def publish(client: FlaskClient, group_id: int) -> dict[str, Any]:
    response = client.post(f"/api/groups/{group_id}/publish", json={})
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def reviews(client: FlaskClient, group_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/groups/{group_id}/claimreview")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/ld+json"
    found: list[dict[str, Any]] = response.get_json()
    return found


def test_publishing_an_unflagged_group_is_refused_saying_flag_it_first(
    demo_client: FlaskClient,
) -> None:
    group_id = vahid_group(demo_client)
    response = demo_client.post(f"/api/groups/{group_id}/publish", json={})
    assert_error(response, 409, FLAG_FIRST, "suggests")
    assert demo_client.get(f"/api/groups/{group_id}").get_json()["published_at"] is None


def test_claimreview_of_an_unflagged_group_is_a_409(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    assert_error(demo_client.get(f"/api/groups/{group_id}/claimreview"), 409, FLAG_FIRST)


def test_unknown_group_is_a_404_for_publish_and_claimreview(client: FlaskClient) -> None:
    assert_error(client.get("/api/groups/999/claimreview"), 404, "999")
    response = client.post("/api/groups/999/publish", json={})
    assert_error(response, 404, "999")


def test_publish_records_who_and_when_in_the_history(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    flag(demo_client, group_id)
    body = publish(demo_client, group_id)
    assert body["published"] and body["published_by"] == "Ana"
    assert body["page"].endswith(f"/published/groups/{group_id}")
    entry = history(demo_client, group_id)[0]
    assert (entry["action"], entry["editor"]) == ("publish_group", "Ana")


def test_unpublish_takes_the_page_down(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    flag(demo_client, group_id)
    publish(demo_client, group_id)
    response = demo_client.post(f"/api/groups/{group_id}/unpublish", json={"note": "wrong toll"})
    assert response.status_code == 200 and not response.get_json()["published"]
    assert demo_client.get(f"/published/groups/{group_id}").status_code == 404
    again = demo_client.post(f"/api/groups/{group_id}/unpublish", json={})
    assert_error(again, 409, "not published")


def test_clearing_the_flag_unpublishes_the_group(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    flag(demo_client, group_id)
    publish(demo_client, group_id)
    demo_client.post(f"/api/groups/{group_id}/flag", json={"flag": None})
    assert demo_client.get(f"/published/groups/{group_id}").status_code == 404


def test_publish_takes_no_unknown_fields(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    response = demo_client.post(f"/api/groups/{group_id}/publish", json={"when": "now"})
    assert_error(response, 400, "when")


def assert_complete(review: dict[str, Any], group_id: int, verdict: str) -> None:
    """Every property the fact-check markup requires or recommends, and the editor's verdict."""
    for key in REQUIRED_REVIEW + RECOMMENDED_REVIEW:
        assert review.get(key), (key, review)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert f"/published/groups/{group_id}#review-" in review["url"]
    for key in REQUIRED_RATING:
        assert review["reviewRating"].get(key), (key, review["reviewRating"])
    assert review["reviewRating"]["alternateName"] == verdict
    assert review["reviewRating"]["ratingExplanation"] == NOTE
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    for key in RECOMMENDED_CLAIM:
        assert claim.get(key), (key, claim)
    assert claim["author"]["@type"] in {"Person", "Organization"}
    assert claim["appearance"]["@type"] == "CreativeWork"


def test_every_review_has_every_required_property(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    flag(demo_client, group_id)
    publish(demo_client, group_id)
    found = reviews(demo_client, group_id)
    assert found
    for review in found:
        assert_complete(review, group_id, "disputed")


def test_reviews_keep_both_sides_of_the_dispute_and_link_each_other(
    demo_client: FlaskClient,
) -> None:
    group_id = vahid_group(demo_client)
    flag(demo_client, group_id)
    found = reviews(demo_client, group_id)  # flagged is enough; publishing is not needed
    ids = {review["@id"] for review in found}
    sides = {review["@id"].rsplit("-", 1)[1] for review in found}
    assert {"asserts", "denies"} <= sides <= set(SIDES)
    for review in found:
        rivals = {link["@id"] for link in review.get("associatedClaimReview", [])}
        assert rivals <= ids and review["@id"] not in rivals
    kaleev = next(r for r in found if r["itemReviewed"]["author"].get("name") == "Rustam Kaleev")
    assert kaleev["itemReviewed"]["author"]["@type"] == "Person"
    assert kaleev["associatedClaimReview"]  # the denial names the assertion it answers


def test_speaker_kinds_become_people_or_organisations() -> None:
    from verify.models import Speaker
    from verify.services.claimreview import claim_author

    def author(name: str, kind: str, anonymous: bool = False) -> dict[str, Any]:
        return claim_author(Speaker(name=name, kind=kind, is_anonymous=anonymous))

    assert author("Valoria army", "military")["@type"] == "Organization"
    assert author("Colonel Idris Vahid", "military") == {
        "@type": "Person",
        "name": "Colonel Idris Vahid",
    }
    assert author("Government ministers", "government")["@type"] == "Organization"
    assert author("The Sarkand Weekly", "media")["@type"] == "Organization"
    assert author("Hamid Toor", "other")["@type"] == "Person"
    unnamed = author("Senior provincial administrator (anonymous)", "anonymous_official", True)
    assert unnamed["@type"] == "Person" and "name" not in unnamed
    assert "anonymous" in unnamed["description"]


def test_public_page_shows_the_sides_without_a_form_and_embeds_the_reviews(
    demo_client: FlaskClient,
) -> None:
    group_id = vahid_group(demo_client)
    flag(demo_client, group_id)
    publish(demo_client, group_id)
    response = demo_client.get(f"/published/groups/{group_id}")
    assert response.status_code == 200
    html = page(response)
    assert html.find("form") is None and html.find("input") is None
    columns = {c["data-side"] for c in html.select("section.column")}
    assert {"asserts", "denies"} <= columns
    script = html.find("script", type="application/ld+json")
    assert script is not None
    embedded = json.loads(script.string or "")
    assert embedded == reviews(demo_client, group_id)
    anchors = {f"#{c['id']}" for c in html.select("section.column[id]")}
    assert {r["url"].split("/published", 1)[1].split("#", 1)[1] for r in embedded} <= {
        a[1:] for a in anchors
    }


def test_public_page_of_an_unpublished_group_is_a_404(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    assert demo_client.get(f"/published/groups/{group_id}").status_code == 404
    flag(demo_client, group_id)  # flagged is not published
    assert demo_client.get(f"/published/groups/{group_id}").status_code == 404
    assert demo_client.get("/published/groups/999999").status_code == 404


def test_a_statement_cannot_close_the_json_ld_script(client: FlaskClient) -> None:
    body = {"statements": [{"text": f"Nine died {XSS}", "speaker": "Army", "side": "asserts"}]}
    response = client.post("/api/import", json=body)
    assert response.status_code == 201, response.get_json()
    group_id = client.get("/api/groups").get_json()["items"][0]["id"]
    flag(client, group_id, note=XSS)
    publish(client, group_id)
    raw = client.get(f"/published/groups/{group_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in raw
    head = raw.split("</head>", 1)[0]
    assert head.count("</script>") == 1  # only the JSON-LD's own closing tag
    script = page(client.get(f"/published/groups/{group_id}")).find("script")
    assert script is not None
    embedded = json.loads(script.string or "")
    assert embedded[0]["claimReviewed"] == f"Nine died {XSS}"
    assert embedded[0]["reviewRating"]["ratingExplanation"] == XSS


def test_group_page_publishes_from_its_form(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    refused = demo_client.post(f"/groups/{group_id}/publish", data={})
    assert refused.status_code == 302
    shown = page(demo_client.get(f"/groups/{group_id}"))
    assert FLAG_FIRST in shown.select_one(".flash.error").get_text()  # type: ignore[union-attr]
    flag(demo_client, group_id)
    demo_client.post(f"/groups/{group_id}/publish", data={})
    shown = page(demo_client.get(f"/groups/{group_id}"))
    link = shown.select_one("#publish-form a")
    assert link is not None and link["href"] == f"/published/groups/{group_id}"
    demo_client.post(f"/groups/{group_id}/publish", data={"unpublish": "1"})
    assert demo_client.get(f"/published/groups/{group_id}").status_code == 404


# ---------------------------------------------------------------- a flagged claim, no group flag


def test_a_claim_flagged_in_an_unflagged_group_can_be_published(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    toll = claim_holding(demo_client, group_id, ARMY_TOLL)
    flag_claim(demo_client, toll)
    body = publish(demo_client, group_id)
    assert body["published"] and body["flag"] is None
    entry = history(demo_client, group_id)[0]
    assert entry["action"] == "publish_group"
    assert entry["detail"] == {
        "flag": None,
        "claims": [{"claim": toll, "flag": "corroborated"}],
        "republished": False,
    }


def test_the_claimreview_of_a_flagged_claim_is_complete_and_reviews_only_that_claim(
    demo_client: FlaskClient,
) -> None:
    group_id = vahid_group(demo_client)
    toll = claim_holding(demo_client, group_id, ARMY_TOLL)
    assert claim_holding(demo_client, group_id, HIDEOUT) != toll
    flag_claim(demo_client, toll)
    publish(demo_client, group_id)
    found = reviews(demo_client, group_id)
    assert found
    for review in found:
        assert_complete(review, group_id, "corroborated")
    anchors = [review["@id"].split("#", 1)[1] for review in found]
    assert all(anchor.startswith(f"review-{toll}-") for anchor in anchors), anchors
    assert {"asserts", "denies"} <= {anchor.rsplit("-", 1)[1] for anchor in anchors}
    for review in found:  # the dispute stays: each side names the other
        assert [link["@id"] for link in review["associatedClaimReview"]] == [
            other["@id"] for other in found if other is not review
        ]


def test_clearing_the_only_claim_flag_unpublishes_and_refuses_the_claimreview(
    demo_client: FlaskClient,
) -> None:
    group_id, toll = publish_the_flagged_toll(demo_client)
    flag_claim(demo_client, toll, None)
    assert history(demo_client, group_id)[0]["detail"]["unpublished"] is True
    assert demo_client.get(f"/published/groups/{group_id}").status_code == 404
    assert_error(demo_client.get(f"/api/groups/{group_id}/claimreview"), 409, FLAG_FIRST)


def test_clearing_the_group_flag_keeps_a_page_that_a_claim_flag_holds_up(
    demo_client: FlaskClient,
) -> None:
    group_id = vahid_group(demo_client)
    flag(demo_client, group_id)
    flag_claim(demo_client, claim_holding(demo_client, group_id, ARMY_TOLL))
    publish(demo_client, group_id)
    demo_client.post(f"/api/groups/{group_id}/flag", json={"flag": None})
    assert demo_client.get(f"/published/groups/{group_id}").status_code == 200


def test_the_public_page_of_a_flagged_claim_shows_its_verdict_and_only_that_claim(
    demo_client: FlaskClient,
) -> None:
    group_id, toll = publish_the_flagged_toll(demo_client)
    html = page(demo_client.get(f"/published/groups/{group_id}"))
    claims = html.select("section.claim")
    assert len(claims) == 1
    verdict = claims[0].select_one(".claim-flag")
    assert verdict is not None and "corroborated" in verdict.get_text()
    assert NOTE in verdict.get_text()
    text = html.get_text()
    assert ARMY_TOLL in text and HIDEOUT not in text  # nor in the title
    shown = html.select_one("p.verdict")
    claims_of_event = len(demo_client.get(f"/api/groups/{group_id}").get_json()["claims"])
    assert claims_of_event > 1
    assert shown is not None and f"{claims_of_event - 1} other claims" in shown.get_text()
    script = html.find("script", type="application/ld+json")
    assert script is not None and json.loads(script.string or "") == reviews(demo_client, group_id)


def test_group_page_offers_publishing_a_flagged_claim(demo_client: FlaskClient) -> None:
    group_id = vahid_group(demo_client)
    toll = claim_holding(demo_client, group_id, ARMY_TOLL)
    flag_claim(demo_client, toll)
    form = page(demo_client.get(f"/groups/{group_id}")).select_one("#publish-form")
    assert form is not None
    assert f"claim #{toll} “corroborated”" in form.get_text()
    assert "first" not in form.get_text()
    demo_client.post(f"/groups/{group_id}/publish", data={})
    shown = page(demo_client.get(f"/groups/{group_id}"))
    link = shown.select_one("#publish-form a")
    assert link is not None and link["href"] == f"/published/groups/{group_id}"
    assert any(
        f"published the group with the verdict claim #{toll} “corroborated”" in line
        for line in page_history(shown)
    ), page_history(shown)
