import { test } from "node:test";
import assert from "node:assert/strict";
import { colourDistance, distinctColours, NONE_COLOUR } from "../src/palette.js";

test("every colour is different, well past forty, and none is the grey of 'none'", () => {
  const colours = distinctColours(500);
  assert.equal(colours.length, 500);
  assert.equal(new Set(colours).size, 500);
  assert.ok(!colours.includes(NONE_COLOUR));
  for (const colour of colours) assert.match(colour, /^#[0-9a-f]{6}$/);
});

test("the same count gives the same colours, and a longer list starts like a shorter one", () => {
  assert.deepEqual(distinctColours(40), distinctColours(40));
  assert.deepEqual(distinctColours(60).slice(0, 40), distinctColours(40));
});

test("the first forty colours are far enough apart to tell at a glance", () => {
  const colours = distinctColours(40);
  let closest = Infinity;
  for (let i = 0; i < colours.length; i++) {
    for (let j = i + 1; j < colours.length; j++) closest = Math.min(closest, colourDistance(colours[i], colours[j]));
  }
  assert.ok(closest >= 60, `two colours only ${closest.toFixed(1)} apart`);
});
