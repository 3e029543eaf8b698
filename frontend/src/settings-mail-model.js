// Mail choices: which kinds of mail a member gets (viewer.mailChoices, setMyMailChoices), in words.

/** The kinds, in the order shown: the API's field, what it is called, and when it comes. */
export const MAIL_KINDS = [
  { field: "proposals", label: "New proposals", hint: "When an organiser publishes introductions, purpose groups or skills pairings that include you." },
  { field: "tables", label: "Your tables at events", hint: "When the table plan of an event you attend is out." },
  { field: "reminders", label: "Event reminders", hint: "Shortly before an event you attend." },
  { field: "followUps", label: "“Did you meet?” follow-ups", hint: "Some days after you accept an introduction or a group, to note whether you met." },
];

export const CHOICES_QUERY = "query MailChoices { viewer { mailChoices { mailOn proposals tables reminders followUps } } }";
export const SET_CHOICES = `mutation SetMailChoices($input: MailChoicesInput!) {
  setMyMailChoices(input: $input) { mailOn proposals tables reminders followUps }
}`;

/** The rows to show for the choices the API gave. */
export function mailChoiceRows(choices) {
  return MAIL_KINDS.map((kind) => ({ ...kind, on: choices?.[kind.field] !== false }));
}

/** The mutation's input to turn one kind on or off (the others stay as they are). */
export function choiceInput(field, on) {
  if (!MAIL_KINDS.some((kind) => kind.field === field)) throw new Error(`unknown kind of mail ${field}`);
  return { [field]: Boolean(on) };
}

/** One sentence on the whole, for a screen reader's status and the sighted alike. */
export function mailSummary(choices) {
  if (!choices) return "";
  const on = mailChoiceRows(choices).filter((row) => row.on).length;
  const lead = choices.mailOn ? "" : "This community sends no mail yet; your choices count once it does. ";
  if (on === MAIL_KINDS.length) return `${lead}You get every kind of mail below.`;
  if (on === 0) return `${lead}You get none of the mails below.`;
  return `${lead}You get ${on} of the ${MAIL_KINDS.length} kinds of mail below.`;
}
