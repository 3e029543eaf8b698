import { test } from "node:test";
import assert from "node:assert/strict";
import { deliveriesSummary, deliveryLine, endpointInput, eventsInWords, formatInWords } from "../src/settings-webhooks-model.js";

test("a new endpoint needs a name, an https address and an event", () => {
  assert.equal(endpointInput({ name: " ", url: "https://x.example.org", events: ["MET_RECORDED"] }).error.field, "name");
  assert.equal(endpointInput({ name: "Chat", url: "http://x.example.org", events: ["MET_RECORDED"] }).error.field, "url");
  assert.equal(endpointInput({ name: "Chat", url: "https://x.example.org", events: [] }).error.field, "events");
  assert.deepEqual(endpointInput({ name: " Chat ", url: " https://x.example.org/in ", events: ["MET_RECORDED", "PROPOSAL_PUBLISHED"], format: "JSON" }).input, {
    name: "Chat", url: "https://x.example.org/in", events: ["PROPOSAL_PUBLISHED", "MET_RECORDED"], format: "JSON",
  });
});

test("events and formats are said in words", () => {
  assert.equal(eventsInWords(["MET_RECORDED"]), "Meetings recorded");
  assert.equal(eventsInWords(["MET_RECORDED", "PROPOSAL_PUBLISHED", "PROPOSAL_ANSWERED"]), "Proposals published, proposals answered and meetings recorded");
  assert.equal(formatInWords("CHAT"), "Chat message");
});

test("a delivery's line says its status and when, never a code", () => {
  const base = { id: "hook-1", event: "PROPOSAL_PUBLISHED", createdAt: "2026-03-05T18:00:00Z", lastAttemptAt: null };
  const delivered = deliveryLine({ ...base, status: "DELIVERED", attempts: 3, deliveredAt: "2026-03-05T18:05:00Z" }, { timeZone: "UTC" });
  assert.equal(delivered.what, "Proposals published, Thu 5 Mar 2026, 18:00");
  assert.equal(delivered.status, "Delivered Thu 5 Mar 2026, 18:05 after 3 attempts");
  const retrying = deliveryLine({ ...base, status: "RETRYING", attempts: 1, nextAttemptAt: "2026-03-05T18:00:30Z", lastError: "the receiver answered 503 Service Unavailable" }, { timeZone: "UTC" });
  assert.equal(retrying.status, "Failed, next try Thu 5 Mar 2026, 18:00 (1 attempt so far)");
  assert.equal(retrying.error, "the receiver answered 503 Service Unavailable");
  assert.equal(deliveryLine({ ...base, status: "PENDING", attempts: 0 }).status, "Waiting to be sent");
});

test("the summary counts what waits and what was given up", () => {
  assert.equal(deliveriesSummary({ totalCount: 0, edges: [] }), "Nothing sent yet.");
  const edges = [{ node: { status: "DELIVERED" } }, { node: { status: "RETRYING" } }, { node: { status: "FAILED" } }];
  assert.equal(deliveriesSummary({ totalCount: 3, edges }), "3 deliveries in the last 30 days, 1 waiting, 1 given up.");
});
