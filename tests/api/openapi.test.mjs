// tests/api/openapi.test.mjs: docs/openapi.yaml against the route table and the handlers — every
// ROUTE of backend/src/routes.c is documented under its path and method, every query parameter
// and JSON body field its handler reads is documented for it (the hostile-input suite derives its
// cases from the document, so what the document leaves out would go untested), the document
// parses as YAML (python3's yaml module, when the machine has it, and the suite's own reader
// alike) and every $ref points at something. Static: needs no stack.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { routeTable } from './lib.mjs';
import { handlerInputs, openapiDoc, operations } from './openapi.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SPEC = path.join(root, 'docs/openapi.yaml');

// The operations under `paths:` as a Map path -> Set of methods, read by indentation (two
// spaces for a path, four for a method), which is how the document is written.
function documented() {
  const out = new Map();
  let inPaths = false;
  let current = null;
  for (const line of readFileSync(SPEC, 'utf8').split('\n')) {
    if (/^\S/.test(line)) { inPaths = line.startsWith('paths:'); current = null; continue; }
    if (!inPaths) continue;
    const p = line.match(/^ {2}(\/\S*):\s*$/);
    if (p) { current = p[1]; out.set(current, new Set()); continue; }
    const m = line.match(/^ {4}(get|put|post|delete|patch|head|options):\s*$/);
    if (m && current) out.get(current).add(m[1].toUpperCase());
  }
  return out;
}

describe('docs/openapi.yaml', () => {
  test('every route of backend/src/routes.c is documented with its method', () => {
    const doc = documented();
    const missing = routeTable().filter(([m, p]) => !doc.get(p)?.has(m)).map(([m, p]) => `${m} ${p}`);
    assert.deepEqual(missing, [], `routes missing from docs/openapi.yaml: ${missing.join(', ')}`);
  });

  test('every documented operation is a route (nothing stale)', () => {
    const have = new Set(routeTable().map(([m, p]) => `${m} ${p}`));
    const stale = [];
    for (const [p, methods] of documented()) for (const m of methods) if (!have.has(`${m} ${p}`)) stale.push(`${m} ${p}`);
    assert.deepEqual(stale, [], `documented but not routed: ${stale.join(', ')}`);
  });

  test('every query parameter and JSON body field a handler reads (backend/src) is documented for its route', () => {
    const ops = operations();
    const missing = [];
    for (const [route, read] of handlerInputs(routeTable())) {
      assert.ok(read.found, `${route}: no definition of its handler ${read.handler} in backend/src`);
      const op = ops.get(route);
      if (!op) continue; // the first test names it
      const query = new Set(op.query.map((q) => q.name));
      const body = new Set(Object.keys(op.body?.props ?? {}));
      for (const k of read.query) if (!query.has(k)) missing.push(`${route}: query parameter ${k}`);
      for (const k of read.body) if (!body.has(k)) missing.push(`${route}: body field ${k}`);
    }
    assert.deepEqual(missing, [], `read by the handlers but not in docs/openapi.yaml:\n  ${missing.join('\n  ')}`);
  });

  test('the document parses as YAML, operationIds are unique, and every $ref resolves', (t) => {
    const script = String.raw`
import json, sys
try:
    import yaml
except ImportError:
    print(json.dumps({"skip": "python3 has no yaml module"})); sys.exit(0)
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
refs, ids = set(), []
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "$ref": refs.add(v)
            else: walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(d)
broken = []
for r in sorted(refs):
    node = d
    for part in r[2:].split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    if node is None: broken.append(r)
for item in d.get("paths", {}).values():
    for k, op in item.items():
        if isinstance(op, dict) and "operationId" in op: ids.append(op["operationId"])
print(json.dumps({"openapi": d.get("openapi"), "broken": broken, "ids": ids, "doc": d}, default=str))
`;
    let out;
    try {
      out = JSON.parse(execFileSync('python3', ['-c', script, SPEC], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (e) {
      assert.fail(`docs/openapi.yaml does not parse: ${(e.stderr || e.message).toString().trim().split('\n').slice(-3).join(' ')}`);
    }
    if (out.skip) { t.skip(out.skip); return; }
    assert.match(String(out.openapi), /^3\.1\./);
    assert.deepEqual(out.broken, [], `unresolved $ref: ${out.broken.join(', ')}`);
    const dup = out.ids.filter((id, i) => out.ids.indexOf(id) !== i);
    assert.deepEqual(dup, [], `duplicate operationId: ${dup.join(', ')}`);
    // The suites read the document with tests/api/openapi.mjs, which must see what python sees.
    assert.deepEqual(openapiDoc(), out.doc, 'tests/api/openapi.mjs reads docs/openapi.yaml otherwise than python3\'s yaml');
  });
});
