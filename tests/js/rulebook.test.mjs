// docs/rulebook.md is generated from src/policies/*.json by
// scripts/gen-rulebook.mjs; this fails when the committed file is stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { renderRulebook } from '../../scripts/gen-rulebook.mjs';
import { root } from './lib.mjs';

test('docs/rulebook.md is what scripts/gen-rulebook.mjs makes of src/policies', () => {
  const fresh = renderRulebook(root);
  const committed = readFileSync(path.join(root, 'docs/rulebook.md'), 'utf8');
  if (fresh === committed) return;
  const a = fresh.split('\n');
  const b = committed.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  assert.fail(
    `docs/rulebook.md is stale (first difference at line ${i + 1}); run npm run gen:rulebook\n` +
      `  committed: ${b[i] ?? '(end of file)'}\n  generated: ${a[i] ?? '(end of file)'}`,
  );
});

// One rule's section of the rule book.
function section(text, id) {
  const at = text.indexOf(`#### \`${id}\``);
  if (at < 0) return '';
  const end = text.indexOf('\n####', at + 1);
  return text.slice(at, end < 0 ? undefined : end);
}

test('the rule book lists every rule of every policy with its source', () => {
  const text = renderRulebook(root);
  const dir = path.join(root, 'src/policies');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const policy = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    assert.ok(text.includes(`## ${policy.name}`), policy.id);
    for (const rule of policy.rules) {
      assert.ok(text.includes(`#### \`${rule.id}\`: ${rule.title}`), `${rule.id} has no section`);
      const title = policy.sources[rule.source].title.replace(/\|/g, '\\|');
      assert.ok(
        section(text, rule.id).includes(`- Source: ${policy.sources[rule.source].url ? '[' : ''}${title}`),
        `${rule.id}: source missing`,
      );
    }
  }
  // Numbers with their units, attributed to the rule owning the expression.
  assert.match(section(text, 'ta2017.coverage_period'), /- 60 days \(buyer\.tier = enterprise\) after `received_on`/);
  assert.match(section(text, 'ta2017.coverage_period'), /- 30 days \(otherwise\) after `received_on`/);
  assert.match(section(text, 'ta2017.late_delivery_percent'), /- 10 % of `order\.total`/);
  assert.match(section(text, 'ta2017.late_delivery_limit'), /- US\$100/);
  assert.match(section(text, 'ta2015.supplier_response'), /- 15 business days \(CN calendar\) after `history\.dispute_opened_on`/);
  assert.match(section(text, 'ta2015.coverage_period'), /RULE_AMBIGUOUS/);
  assert.doesNotMatch(section(text, 'ta2015.late_shipment'), /90 days/);
  assert.doesNotMatch(text, /\.\.\/shared/);
});
