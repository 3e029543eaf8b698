// "I know this person" on another member's profile: ask for a bond, confirm theirs, withdraw or end it.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { BOND_KINDS, bondKindLabel, bondWith } from "./member-model.js";
import { ErrorText, useQuery } from "./ui.js";
import "./member.css";

const MY_BONDS = `query MyBonds { viewer { bonds { kind other { handle } } } myBondRequests {
  incoming { kind other { handle } } outgoing { kind other { handle } } } }`;
const RECORD = `mutation RecordBond($other: ID!, $kind: BondKind!) { recordBond(otherMemberId: $other, kind: $kind) { status } }`;
const REMOVE = `mutation RemoveBond($other: ID!, $kind: BondKind!) { removeBond(otherMemberId: $other, kind: $kind) }`;

/** What the viewer can say about knowing `member` (key, handle, name), and what stands now. */
export function BondBox({ client, member }) {
  const { data, error, reload } = useQuery(client, MY_BONDS, {}, [member.handle]);
  const [kind, setKind] = useState("MET");
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState(null);
  const [said, setSaid] = useState("");
  if (!data) return html`<${ErrorText} error=${error} />`;
  const name = member.name;
  const stand = bondWith(member.handle, data.viewer?.bonds, data.myBondRequests);
  const run = async (query, bondKind, message) => {
    setBusy(true);
    setActionError(null);
    try {
      await client.request(query, { other: member.key, kind: bondKind });
      setSaid(message);
      reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  const how = stand.kind && html` <span class="muted">(${bondKindLabel(stand.kind).toLowerCase()})</span>`;
  let body;
  if (stand.state === "bonded") {
    body = html`<p>You and ${name} know each other${how}.</p>
      <button type="button" class="secondary" disabled=${busy} onClick=${() => run(REMOVE, stand.kind, `Your bond with ${name} is removed.`)}>Remove this bond</button>`;
  } else if (stand.state === "asked") {
    body = html`<p>You said you know ${name}${how}. Waiting for ${name} to confirm.</p>
      <button type="button" class="secondary" disabled=${busy} onClick=${() => run(REMOVE, stand.kind, "Your request is withdrawn.")}>Withdraw the request</button>`;
  } else if (stand.state === "asking") {
    body = html`<p>${name} says you know each other${how}.</p>
      <button type="button" disabled=${busy} onClick=${() => run(RECORD, stand.kind, `You and ${name} are now bonded.`)}>Confirm</button>
      <button type="button" class="secondary" disabled=${busy} onClick=${() => run(REMOVE, stand.kind, "The request is declined.")}>Decline</button>`;
  } else {
    body = html`<p>Know ${name}? Say so, and ${name} is asked to confirm; the bond shows once they do.</p>
      <label>How you know them <select value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
        ${BOND_KINDS.map((k) => html`<option value=${k.value}>${k.label}</option>`)}</select></label>
      <button type="button" disabled=${busy} onClick=${() => run(RECORD, kind, `${name} is asked to confirm.`)}>I know ${name}</button>`;
  }
  return html`<section class="bond-box" aria-labelledby="bond-title">
    <h2 id="bond-title">You and ${name}</h2>
    ${body}
    <p role="status" class="ok">${said}</p>
    <${ErrorText} error=${actionError} />
  </section>`;
}
