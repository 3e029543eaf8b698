// Webhooks (organisers): endpoints that hear of events in the community, and their deliveries, in words.
// No DOM and no Preact, so node's test runner can check it.
import { formatWhen, plural } from "./words.js";

/** The events an endpoint can hear of: the API's value, what it is called, and when it comes. */
export const WEBHOOK_EVENTS = [
  { value: "PROPOSAL_PUBLISHED", label: "Proposals published", hint: "Introductions, purpose groups or skills pairings are out." },
  { value: "PROPOSAL_ANSWERED", label: "Proposals answered", hint: "A member accepts or declines a proposal (no names are sent)." },
  { value: "EVENT_PLAN_PUBLISHED", label: "Table plans published", hint: "The tables of an event are out." },
  { value: "MET_RECORDED", label: "Meetings recorded", hint: "A member notes whom they met at an event (no names are sent)." },
];

export const WEBHOOK_FORMATS = [
  { value: "CHAT", label: "Chat message", hint: "A sentence for a Slack, Microsoft Teams or Mattermost incoming webhook." },
  { value: "JSON", label: "Signed JSON", hint: "For your own tools: the event, when it happened, a sentence and the figures." },
];

/** A delivery's status, as people say it. */
export const DELIVERY_STATUS = {
  PENDING: "Waiting to be sent",
  RETRYING: "Failed, trying again",
  DELIVERED: "Delivered",
  FAILED: "Given up",
};

export const ENDPOINT_FIELDS = "id name url events format createdAt secretRotatedAt";
export const ENDPOINTS_QUERY = `query WebhookEndpoints { webhookEndpoints { ${ENDPOINT_FIELDS} } }`;
export const DELIVERIES_QUERY = `query WebhookDeliveries { webhookEndpoints { id deliveries(first: 10) { totalCount
  edges { node { id event status attempts lastHttpStatus lastError createdAt lastAttemptAt deliveredAt nextAttemptAt } } } } }`;
export const CREATE_ENDPOINT = `mutation CreateWebhook($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`;
export const ROTATE_SECRET = `mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { ${ENDPOINT_FIELDS} } } }`;
export const REMOVE_ENDPOINT = `mutation RemoveWebhook($id: ID!) { removeWebhookEndpoint(id: $id) }`;

/** A new endpoint's form, checked as the API will: { input } to send, or { error } to show (its field named). */
export function endpointInput({ name = "", url = "", events = [], format = "CHAT" }) {
  const trimmed = { name: name.trim(), url: url.trim() };
  if (!trimmed.name) return { error: { code: "BAD_USER_INPUT", field: "name", message: "Give the endpoint a name, such as “Organisers' chat”." } };
  if (!/^https:\/\//i.test(trimmed.url)) {
    return { error: { code: "BAD_USER_INPUT", field: "url", message: "The address must start with https://." } };
  }
  const chosen = WEBHOOK_EVENTS.map((e) => e.value).filter((value) => events.includes(value));
  if (!chosen.length) return { error: { code: "BAD_USER_INPUT", field: "events", message: "Choose at least one event to hear of." } };
  return { input: { ...trimmed, events: chosen, format } };
}

/** "Proposals published and meetings recorded". */
export function eventsInWords(events) {
  const labels = WEBHOOK_EVENTS.filter((e) => events.includes(e.value)).map((e, i) => (i === 0 ? e.label : e.label.toLowerCase()));
  if (labels.length <= 1) return labels.join("");
  return `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}

export function formatInWords(format) {
  return WEBHOOK_FORMATS.find((f) => f.value === format)?.label ?? "Signed JSON";
}

/** One delivery in a line: what, its status and when, and what went wrong last. */
export function deliveryLine(delivery, { timeZone } = {}) {
  const when = (iso) => formatWhen(iso, { timeZone });
  const what = WEBHOOK_EVENTS.find((e) => e.value === delivery.event)?.label ?? "An event";
  const status = DELIVERY_STATUS[delivery.status] ?? "Unknown";
  const tries = delivery.attempts > 1 ? ` after ${plural(delivery.attempts, "attempt")}` : "";
  let detail;
  if (delivery.status === "DELIVERED") detail = `${status} ${when(delivery.deliveredAt)}${tries}`;
  else if (delivery.status === "RETRYING") detail = `Failed, next try ${when(delivery.nextAttemptAt)} (${plural(delivery.attempts, "attempt")} so far)`;
  else if (delivery.status === "FAILED") detail = `${status}${tries}`;
  else detail = status;
  return { what: `${what}, ${when(delivery.createdAt)}`, status: detail, error: delivery.lastError || null, tone: delivery.status.toLowerCase() };
}

/** One sentence over an endpoint's recent deliveries. */
export function deliveriesSummary(connection) {
  if (!connection || connection.totalCount === 0) return "Nothing sent yet.";
  const nodes = connection.edges.map((e) => e.node);
  const failed = nodes.filter((n) => n.status === "FAILED").length;
  const waiting = nodes.filter((n) => n.status === "PENDING" || n.status === "RETRYING").length;
  const parts = [`${plural(connection.totalCount, "delivery", "deliveries")} in the last 30 days`];
  if (waiting) parts.push(`${waiting} waiting`);
  if (failed) parts.push(`${failed} given up`);
  return `${parts.join(", ")}.`;
}
