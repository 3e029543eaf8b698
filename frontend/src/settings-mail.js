// One's mail choices, on one's own profile page: which kinds of mail Kindred sends you.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Loading, useQuery } from "./ui.js";
import { CHOICES_QUERY, SET_CHOICES, choiceInput, mailChoiceRows, mailSummary } from "./settings-mail-model.js";

export function MailChoices({ client }) {
  const { data, error, loading } = useQuery(client, CHOICES_QUERY, {}, []);
  const [choices, setChoices] = useState(null);
  const [busy, setBusy] = useState(null);
  const [saveError, setSaveError] = useState(null);
  const shown = choices || data?.viewer?.mailChoices || null;
  if (loading && !shown) return html`<${Loading} what="Loading your mail choices" />`;
  if (error && !shown) return html`<${ErrorText} error=${error} />`;
  if (!shown) return null;
  const change = async (field, on) => {
    const before = shown;
    setChoices({ ...shown, [field]: on }); // shown at once; the answer confirms it, or it goes back
    setBusy(field);
    setSaveError(null);
    try {
      setChoices((await client.request(SET_CHOICES, { input: choiceInput(field, on) })).setMyMailChoices);
    } catch (err) {
      setChoices(before);
      setSaveError(err);
    } finally {
      setBusy(null);
    }
  };
  return html`<section class="pause-box mail-choices" aria-labelledby="mail-choices-title">
    <h2 id="mail-choices-title">Mail</h2>
    <p role="status">${mailSummary(shown)}</p>
    <fieldset>
      <legend>Send me mail about</legend>
      ${mailChoiceRows(shown).map(
        (row) => html`<p key=${row.field}>
          <label>
            <input type="checkbox" checked=${row.on} disabled=${busy !== null}
              aria-describedby=${`mail-hint-${row.field}`}
              onChange=${(event) => change(row.field, event.currentTarget.checked)} />
            ${" "}${row.label}
          </label>
          <br /><small class="muted" id=${`mail-hint-${row.field}`}>${row.hint}</small>
        </p>`,
      )}
    </fieldset>
    <${ErrorText} error=${saveError} />
  </section>`;
}
