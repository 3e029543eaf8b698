// Webhooks, for organisers: add an endpoint (its secret shown once, with a copy button), see the
// endpoints and their recent deliveries, give one a new secret, remove one.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Field, Loading, fieldError, useQuery } from "./ui.js";
import {
  CREATE_ENDPOINT, DELIVERIES_QUERY, ENDPOINTS_QUERY, REMOVE_ENDPOINT, ROTATE_SECRET, WEBHOOK_EVENTS, WEBHOOK_FORMATS,
  deliveriesSummary, deliveryLine, endpointInput, eventsInWords, formatInWords,
} from "./settings-webhooks-model.js";
import "./settings-webhooks.css";

/** A secret shown once: a read-only field, a copy button, and what to do with it. */
function SecretOnce({ shown, onDone }) {
  const [copied, setCopied] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown.secret);
      setCopied("Copied.");
    } catch {
      setCopied("Copying is not allowed here: select the secret and copy it by hand.");
    }
  };
  return html`<div class="card webhook-secret" role="status">
    <p><strong>Copy the secret of ${shown.name} now: it will not be shown again.</strong>
      The receiver checks each delivery's signature with it.</p>
    <label>Secret <input readonly value=${shown.secret} onFocus=${(e) => e.currentTarget.select()} /></label>
    <div class="webhook-actions">
      <button type="button" onClick=${copy}>Copy secret</button>
      <button type="button" class="secondary" onClick=${onDone}>Done</button>
    </div>
    ${copied && html`<p class="muted">${copied}</p>`}
  </div>`;
}

function AddEndpoint({ client, onAdded }) {
  const [form, setForm] = useState({ name: "", url: "", events: ["PROPOSAL_PUBLISHED", "EVENT_PLAN_PUBLISHED"], format: "CHAT" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const toggle = (value, on) => setForm({ ...form, events: on ? [...form.events, value] : form.events.filter((e) => e !== value) });
  const submit = async (e) => {
    e.preventDefault();
    const checked = endpointInput(form);
    if (checked.error) return setError(checked.error);
    setBusy(true);
    setError(null);
    try {
      const created = (await client.request(CREATE_ENDPOINT, { input: checked.input })).createWebhookEndpoint;
      setForm({ ...form, name: "", url: "" });
      onAdded({ name: created.endpoint.name, secret: created.secret });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const eventsError = fieldError(error, "events");
  return html`<form onSubmit=${submit} aria-labelledby="webhook-add-title" novalidate>
    <h3 id="webhook-add-title">Add an endpoint</h3>
    <${Field} id="webhook-name" label="Title" value=${form.name} hint="What you call it, such as “Organisers' chat”." error=${fieldError(error, "name")}
      onInput=${(name) => setForm({ ...form, name })} />
    <${Field} id="webhook-url" label="Address" type="url" value=${form.url} error=${fieldError(error, "url")}
      hint="The https:// address your chat or tool gave you for an incoming webhook." onInput=${(url) => setForm({ ...form, url })} />
    <fieldset aria-describedby=${eventsError ? "webhook-events-error" : undefined}>
      <legend>Tell it when</legend>
      ${WEBHOOK_EVENTS.map((event) => html`<div class="webhook-choice" key=${event.value}>
        <input type="checkbox" id=${`webhook-event-${event.value}`} checked=${form.events.includes(event.value)}
          aria-describedby=${`webhook-event-hint-${event.value}`} onChange=${(e) => toggle(event.value, e.currentTarget.checked)} />
        <span><label for=${`webhook-event-${event.value}`}>${event.label}</label>
          <small class="muted" id=${`webhook-event-hint-${event.value}`}>${event.hint}</small></span>
      </div>`)}
      <${ErrorText} id="webhook-events-error" error=${eventsError} />
    </fieldset>
    <fieldset>
      <legend>Send it as</legend>
      ${WEBHOOK_FORMATS.map((format) => html`<div class="webhook-choice" key=${format.value}>
        <input type="radio" name="webhook-format" id=${`webhook-format-${format.value}`} checked=${form.format === format.value}
          aria-describedby=${`webhook-format-hint-${format.value}`} onChange=${() => setForm({ ...form, format: format.value })} />
        <span><label for=${`webhook-format-${format.value}`}>${format.label}</label>
          <small class="muted" id=${`webhook-format-hint-${format.value}`}>${format.hint}</small></span>
      </div>`)}
    </fieldset>
    <button type="submit" disabled=${busy}>${busy ? "Adding…" : "Add endpoint"}</button>
    ${error && !error.field && html`<${ErrorText} error=${error} />`}
  </form>`;
}

function Deliveries({ connection }) {
  if (!connection) return null;
  const lines = connection.edges.map((edge) => ({ id: edge.node.id, ...deliveryLine(edge.node) }));
  return html`<p class="muted">${deliveriesSummary(connection)}</p>
    ${lines.length > 0 && html`<ul class="webhook-deliveries" aria-label="Recent deliveries">
      ${lines.map((line) => html`<li key=${line.id}>${line.what}: <span class=${line.tone}>${line.status}</span>${line.error ? ` (${line.error})` : ""}</li>`)}
    </ul>`}`;
}

function Endpoint({ client, endpoint, deliveries, onSecret, onRemoved }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const act = async (query, then) => {
    setBusy(true);
    setError(null);
    try {
      then(await client.request(query, { id: endpoint.id }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const rotate = () => act(ROTATE_SECRET, (data) => onSecret({ name: endpoint.name, secret: data.rotateWebhookSecret.secret }));
  const remove = () => act(REMOVE_ENDPOINT, () => onRemoved());
  return html`<li>
    <h3>${endpoint.name}</h3>
    <p class="webhook-url">${endpoint.url}</p>
    <p>${eventsInWords(endpoint.events)} · ${formatInWords(endpoint.format)}</p>
    <${Deliveries} connection=${deliveries} />
    ${confirming
      ? html`<div class="confirm" role="group" aria-label=${`Remove ${endpoint.name}?`}>
          <p>Remove ${endpoint.name}? It hears of nothing more, and its deliveries are forgotten.</p>
          <div class="webhook-actions">
            <button type="button" class="danger" disabled=${busy} onClick=${remove}>Remove it</button>
            <button type="button" class="secondary" onClick=${() => setConfirming(false)}>Keep it</button>
          </div>
        </div>`
      : html`<div class="webhook-actions">
          <button type="button" class="secondary" disabled=${busy} onClick=${rotate} aria-label=${`New secret for ${endpoint.name}`}>New secret</button>
          <button type="button" class="secondary" onClick=${() => setConfirming(true)} aria-label=${`Remove ${endpoint.name}`}>Remove</button>
        </div>`}
    <${ErrorText} error=${error} />
  </li>`;
}

export function WebhookSettings({ client }) {
  const endpoints = useQuery(client, ENDPOINTS_QUERY, {}, []);
  const deliveries = useQuery(client, DELIVERIES_QUERY, {}, []);
  const [secret, setSecret] = useState(null);
  const reload = () => {
    endpoints.reload();
    deliveries.reload();
  };
  const byEndpoint = Object.fromEntries((deliveries.data?.webhookEndpoints ?? []).map((e) => [e.id, e.deliveries]));
  const list = endpoints.data?.webhookEndpoints ?? [];
  return html`<section class="webhooks-box" aria-labelledby="webhooks-title">
    <h2 id="webhooks-title">Webhooks</h2>
    <p>Tell your chat or your own tools when proposals or table plans are published, proposals answered or meetings recorded.
      Each delivery is signed with the endpoint's secret, and tried again for a while when the receiver is down.</p>
    ${secret && html`<${SecretOnce} shown=${secret} onDone=${() => setSecret(null)} />`}
    <${ErrorText} error=${endpoints.error} />
    ${endpoints.loading && !endpoints.data && html`<${Loading} what="Loading the webhooks" />`}
    ${endpoints.data && (list.length
      ? html`<ul class="webhook-list" aria-label="Endpoints">${list.map((endpoint) => html`<${Endpoint} key=${endpoint.id} client=${client}
          endpoint=${endpoint} deliveries=${byEndpoint[endpoint.id]} onSecret=${setSecret} onRemoved=${reload} />`)}</ul>`
      : html`<p class="muted">No endpoints yet.</p>`)}
    <${AddEndpoint} client=${client} onAdded=${(shown) => { setSecret(shown); reload(); }} />
  </section>`;
}
