// Members the organisation's identity provider manages (provisioned over SCIM): a mark in the
// members list, and in the editor their name, email and team shown read-only with the reason.
import { html } from "./html.js";
import { managedReason, shownValue } from "./provisioning-model.js";
import "./provisioning.css";

export function ManagedBadge() {
  return html`<span class="managed-badge">Managed by your identity provider</span>`;
}

export function ManagedNote({ member, id }) {
  return html`<p class="managed-note" id=${id}>${managedReason(member)}</p>`;
}

/** A field the identity provider owns: its label and value as text, tied to the note that says why. */
export function ReadOnlyField({ id, label, value, none, noteId }) {
  return html`<div class="field">
    <span class="managed-label" id=${`${id}-label`}>${label}</span>
    <p class="managed-value" id=${id} aria-labelledby=${`${id}-label`} aria-describedby=${noteId}>${shownValue(value, none)}</p>
  </div>`;
}
