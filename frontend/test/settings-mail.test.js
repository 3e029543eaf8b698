import { test } from "node:test";
import assert from "node:assert/strict";
import { MAIL_KINDS, choiceInput, mailChoiceRows, mailSummary } from "../src/settings-mail-model.js";

const ALL_ON = { mailOn: true, proposals: true, tables: true, reminders: true, followUps: true };

test("every kind of mail is shown, on unless turned off", () => {
  const rows = mailChoiceRows({ ...ALL_ON, reminders: false });
  assert.deepEqual(rows.map((r) => [r.field, r.on]), [["proposals", true], ["tables", true], ["reminders", false], ["followUps", true]]);
  assert.ok(rows.every((r) => r.label && r.hint));
});

test("changing one kind sends only that kind", () => {
  assert.deepEqual(choiceInput("reminders", false), { reminders: false });
  assert.throws(() => choiceInput("invitation", false));
});

test("the summary says how many kinds are on, in words", () => {
  assert.equal(mailSummary(ALL_ON), "You get every kind of mail below.");
  assert.equal(mailSummary({ ...ALL_ON, proposals: false }), `You get 3 of the ${MAIL_KINDS.length} kinds of mail below.`);
  assert.equal(mailSummary({ mailOn: true, proposals: false, tables: false, reminders: false, followUps: false }), "You get none of the mails below.");
});

test("a community without mail says so", () => {
  assert.match(mailSummary({ ...ALL_ON, mailOn: false }), /^This community sends no mail yet/);
});
