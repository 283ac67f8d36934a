// tests/api/openapi.mjs: docs/openapi.yaml and backend/src as data, for the suites that must reach
// every input of every route: a reader of the YAML the document is written in, each operation's
// query parameters and JSON body properties, and the query keys and body fields each route's
// handler reads in backend/src (so the document can be checked against the code). No npm
// dependencies: the machines that run the suite need not have a YAML module.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC = path.join(root, 'docs/openapi.yaml');

/* ---------- a YAML reader for the subset the document is written in ---------- */

// Block mappings and sequences, flow collections (over several lines too), plain, quoted and
// block (| and >, with chomping) scalars, comments. No anchors, tags or multi-document streams:
// those throw, so a document this reader would misread fails loudly instead.

function yamlError(n, why) {
  return new Error(`docs/openapi.yaml line ${n + 1}: ${why}`);
}

// The line without its comment (a # at the start or after a blank, outside quotes).
function stripComment(line) {
  let q = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === q) {
        if (q === "'" && line[i + 1] === "'") i++;
        else q = null;
      } else if (c === '\\' && q === '"') i++;
    } else if (c === "'" || c === '"') {
      if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) q = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i).replace(/\s+$/, '');
    }
  }
  return line.replace(/\s+$/, '');
}

function plainScalar(s) {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(s)) return true;
  if (/^(false|False|FALSE)$/.test(s)) return false;
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(s)) return Number(s);
  if (/^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^[&*!%@`]/.test(s)) throw new Error(`unsupported YAML: ${s}`);
  return s;
}

const DQ_ESCAPES = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', 0: '\0', b: '\b', f: '\f', e: '\x1b', ' ': ' ' };

// A quoted scalar starting at s[i]: [value, index after it].
function quoted(s, i) {
  const q = s[i];
  let out = '';
  for (let k = i + 1; k < s.length; k++) {
    const c = s[k];
    if (q === "'" && c === "'") {
      if (s[k + 1] === "'") { out += "'"; k++; continue; }
      return [out, k + 1];
    }
    if (q === '"' && c === '"') return [out, k + 1];
    if (q === '"' && c === '\\') {
      const e = s[++k];
      if (e === 'u' || e === 'x' || e === 'U') {
        const n = { x: 2, u: 4, U: 8 }[e];
        out += String.fromCodePoint(parseInt(s.slice(k + 1, k + 1 + n), 16));
        k += n;
      } else if (e in DQ_ESCAPES) out += DQ_ESCAPES[e];
      else throw new Error(`unsupported escape \\${e}`);
      continue;
    }
    out += c;
  }
  throw new Error(`unterminated quote in ${s.slice(i, i + 40)}`);
}

// Quoted scalars over several lines fold their line breaks into spaces.
const foldLines = (text) => text.split('\n').map((l, i) => (i ? l.trim() : l.replace(/\s+$/, ''))).join(' ');

// A flow collection or scalar at s[i]: [value, index after it].
function flowValue(s, i) {
  while (/\s/.test(s[i])) i++;
  const c = s[i];
  if (c === '{' || c === '[') {
    const close = c === '{' ? '}' : ']';
    const out = c === '{' ? {} : [];
    i++;
    for (;;) {
      while (/[\s]/.test(s[i])) i++;
      if (s[i] === close) return [out, i + 1];
      if (c === '{') {
        let key;
        [key, i] = flowScalar(s, i, true);
        while (/\s/.test(s[i])) i++;
        let value = null;
        if (s[i] === ':') [value, i] = flowValue(s, i + 1);
        out[String(key)] = value;
      } else {
        let value;
        [value, i] = flowValue(s, i);
        out.push(value);
      }
      while (/\s/.test(s[i])) i++;
      if (s[i] === ',') i++;
      else if (s[i] !== close) throw new Error(`expected , or ${close} in ${s.slice(0, 80)}`);
    }
  }
  return flowScalar(s, i, false);
}

function flowScalar(s, i, isKey) {
  while (/\s/.test(s[i])) i++;
  if (s[i] === "'" || s[i] === '"') return quoted(s, i);
  let k = i;
  while (k < s.length && !/[,\]}]/.test(s[k]) && !(s[k] === ':' && (isKey || /[\s,\]}]/.test(s[k + 1] ?? ' ')))) k++;
  return [plainScalar(s.slice(i, k).trim()), k];
}

// Whether a flow text has closed every bracket it opened (quotes respected).
function flowClosed(s) {
  let depth = 0;
  let q = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === q) {
        if (q === "'" && s[i + 1] === "'") i++;
        else q = null;
      } else if (c === '\\' && q === '"') i++;
    } else if ((c === "'" || c === '"') && (i === 0 || /[\s:[{,]/.test(s[i - 1]))) q = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth === 0 && q === null;
}

/** Parses the YAML subset described above; throws on anything else. */
export function parseYaml(text) {
  const raw = text.split(/\r?\n/);
  const lines = raw.map(stripComment);
  const indentOf = (l) => l.length - l.trimStart().length;
  let n = 0;
  const skipBlank = () => { while (n < lines.length && lines[n].trim() === '') n++; };

  // The value after "key:" or "- " on line n (rest is the text after it).
  function inlineValue(rest, ownIndent) {
    const t = rest.trim();
    if (t === '') {
      n++;
      skipBlank();
      if (n >= lines.length) return null;
      const ind = indentOf(lines[n]);
      if (ind > ownIndent || (ind === ownIndent && lines[n].trimStart().startsWith('- '))) return block(ind);
      return null;
    }
    if (/^[|>][-+]?$/.test(t)) return blockScalar(t, ownIndent);
    if (t[0] === '{' || t[0] === '[') {
      let acc = t;
      while (!flowClosed(acc)) {
        n++;
        if (n >= lines.length) throw yamlError(n, 'unterminated flow collection');
        acc += ` ${lines[n].trim()}`;
      }
      n++;
      const [v, end] = flowValue(acc, 0);
      if (acc.slice(end).trim()) throw yamlError(n - 1, `text after a flow collection: ${acc.slice(end)}`);
      return v;
    }
    if (t[0] === "'" || t[0] === '"') {
      let acc = t;
      for (;;) {
        try {
          const [v, end] = quoted(acc, 0);
          if (acc.slice(end).trim()) throw yamlError(n, `text after a quoted scalar: ${acc.slice(end)}`);
          n++;
          return acc.includes('\n') ? foldQuoted(v) : v;
        } catch (e) {
          if (!/unterminated/.test(e.message)) throw e;
          n++;
          if (n >= lines.length) throw yamlError(n, 'unterminated quoted scalar');
          acc += `\n${raw[n]}`;
        }
      }
    }
    // A plain scalar, continued on more indented lines.
    let acc = t;
    n++;
    while (n < lines.length && lines[n].trim() !== '' && indentOf(lines[n]) > ownIndent) {
      acc += ` ${lines[n].trim()}`;
      n++;
    }
    return plainScalar(acc);
  }

  const foldQuoted = (v) => foldLines(v);

  function blockScalar(indicator, ownIndent) {
    const style = indicator[0];
    const chomp = indicator[1] || '';
    n++;
    const body = [];
    let ind = null;
    while (n < raw.length) {
      const l = raw[n];
      if (l.trim() === '') { body.push(''); n++; continue; }
      const li = indentOf(l);
      if (li <= ownIndent) break;
      if (ind === null) ind = li;
      if (li < ind) break;
      body.push(l.slice(ind).replace(/\s+$/, (m) => (style === '|' ? m : '')));
      n++;
    }
    while (body.length && body.at(-1) === '') body.pop();
    let text;
    if (style === '|') text = body.join('\n');
    else {
      text = '';
      for (let k = 0; k < body.length; k++) {
        const l = body[k];
        if (k === 0) text = l;
        else if (l === '' || body[k - 1] === '' || /^\s/.test(l) || /^\s/.test(body[k - 1])) text += `\n${l}`;
        else text += ` ${l}`;
      }
      text = text.replace(/\n(?=\n)/g, '\n');
    }
    return chomp === '-' ? text : `${text}\n`;
  }

  function block(ind) {
    skipBlank();
    if (lines[n].trimStart().startsWith('- ') || lines[n].trim() === '-') return sequence(ind);
    return mapping(ind);
  }

  function keyOf(s) {
    if (s[0] === "'" || s[0] === '"') {
      const [k, end] = quoted(s, 0);
      const rest = s.slice(end).trimStart();
      if (rest[0] !== ':') throw yamlError(n, `no ":" after key ${s}`);
      return [k, rest.slice(1)];
    }
    const m = s.match(/^([^\s'"{[][^:]*?|[^:]*?):(\s(.*)|)$/);
    if (!m) throw yamlError(n, `not a key: value line: ${s}`);
    return [m[1].trim(), m[2] ?? ''];
  }

  function mapping(ind, first = null) {
    const out = {};
    let pending = first;
    for (;;) {
      let s;
      if (pending !== null) { s = pending; pending = null; } else {
        skipBlank();
        if (n >= lines.length || indentOf(lines[n]) < ind) break;
        if (indentOf(lines[n]) > ind) throw yamlError(n, 'unexpected indentation');
        s = lines[n].slice(ind);
        if (s.startsWith('- ')) break;
      }
      const [key, rest] = keyOf(s);
      if (Object.hasOwn(out, key)) throw yamlError(n, `duplicate key ${key}`);
      out[key] = inlineValue(rest, ind);
    }
    return out;
  }

  function sequence(ind) {
    const out = [];
    for (;;) {
      skipBlank();
      if (n >= lines.length || indentOf(lines[n]) !== ind) break;
      const s = lines[n].slice(ind);
      if (!(s.startsWith('- ') || s === '-')) break;
      const rest = s === '-' ? '' : s.slice(2);
      const t = rest.trim();
      if (t !== '' && !/^[{['"|>]/.test(t) && /^[^\s][^:]*:(\s|$)/.test(t)) {
        // "- key: value" opens a mapping whose keys sit two columns in.
        out.push(mapping(ind + 2 + (rest.length - rest.trimStart().length), t));
      } else {
        out.push(inlineValue(rest, ind));
      }
    }
    return out;
  }

  skipBlank();
  const doc = mapping(0);
  skipBlank();
  if (n < lines.length) throw yamlError(n, `unread text: ${lines[n]}`);
  return doc;
}

/* ---------- the operations of the document ---------- */

let docCache;
/** The parsed docs/openapi.yaml (cached). */
export function openapiDoc() {
  docCache ??= parseYaml(readFileSync(SPEC, 'utf8'));
  return docCache;
}

// Follows $ref within the document.
export function deref(doc, node) {
  let x = node;
  for (let hops = 0; x && typeof x === 'object' && typeof x.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`a $ref loop at ${node.$ref}`);
    let target = doc;
    for (const part of x.$ref.replace(/^#\//, '').split('/')) target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`unresolved $ref ${x.$ref}`);
    x = target;
  }
  return x;
}

// The properties of an object schema, allOf/oneOf/anyOf merged: {name: schema}.
export function schemaProperties(doc, schema) {
  const s = deref(doc, schema) ?? {};
  const out = {};
  for (const sub of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) Object.assign(out, schemaProperties(doc, sub));
  for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = deref(doc, v);
  return out;
}

/**
 * Every operation of the document, keyed "METHOD /path" as routeTable() writes routes:
 * {method, path, query: [{name, required, schema}], pathParams: [names],
 *  body: null | {type (the first content type), json (a JSON object body), props {name: schema}},
 *  produces: [the content types of a success that is a file, not JSON]}.
 */
export function operations() {
  const doc = openapiDoc();
  const out = new Map();
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    const common = item.parameters ?? [];
    for (const [m, op] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(m)) continue;
      const params = [...common, ...(op.parameters ?? [])].map((x) => deref(doc, x));
      const query = params.filter((x) => x.in === 'query').map((x) => ({ name: x.name, required: x.required === true, schema: deref(doc, x.schema) ?? {} }));
      const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
      // The content types of the success answers other than JSON (a file the route answers).
      const produces = [];
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        if (!/^2/.test(status)) continue;
        for (const type of Object.keys(deref(doc, r)?.content ?? {})) if (type !== 'application/json' && !produces.includes(type)) produces.push(type);
      }
      let body = null;
      if (op.requestBody) {
        const rb = deref(doc, op.requestBody);
        const [type, media] = Object.entries(rb.content ?? {})[0] ?? [];
        const json = /json/.test(type ?? '');
        body = { type, json, props: json ? schemaProperties(doc, media?.schema) : {} };
      }
      out.set(`${m.toUpperCase()} ${p}`, { method: m.toUpperCase(), path: p, query, pathParams, body, produces });
    }
  }
  return out;
}

/* ---------- what the handlers read, from backend/src ---------- */

function cFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...cFiles(f));
    else if (e.name.endsWith('.c')) out.push(f);
  }
  return out;
}

// The function definitions of a C file written in the house style (the body's braces at column
// 0): [{name, params (names), isStatic, body}], and the text outside them (file-level arrays).
function cFunctions(text) {
  const out = [];
  let outside = '';
  let from = 0;
  const re = /\n\{\n/g;
  let m;
  while ((m = re.exec(text))) {
    const open = m.index;
    const end = text.indexOf('\n}\n', open);
    if (end < 0) break;
    // The declarator before the brace: "… name(args)".
    const head = text.slice(Math.max(0, text.lastIndexOf('\n\n', open) + 1), open);
    const close = head.lastIndexOf(')');
    let depth = 0;
    let k = close;
    for (; k >= 0; k--) {
      if (head[k] === ')') depth++;
      else if (head[k] === '(') { depth--; if (depth === 0) break; }
    }
    const name = head.slice(0, k).match(/(\w+)\s*$/)?.[1];
    if (name && !/=\s*$/.test(head.slice(0, k))) {
      const params = splitArgs(head.slice(k + 1, close)).map((a) => a.replace(/\[[^\]]*\]/g, '').match(/(\w+)\s*$/)?.[1] ?? '');
      out.push({ name, params, isStatic: /(^|\n)static\b/.test(head), body: text.slice(open, end + 2) });
      outside += text.slice(from, open);
      from = end + 2;
    }
    re.lastIndex = end;
  }
  return { functions: out, outside: outside + text.slice(from) };
}

// The arguments of a call, split at the commas outside brackets.
function splitArgs(s) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

// The calls in a function body: [{callee, args}].
function calls(body) {
  const out = [];
  const re = /\b([a-z_][a-z0-9_]*)\s*\(/g;
  let m;
  while ((m = re.exec(body))) {
    let depth = 1;
    let k = re.lastIndex;
    for (; k < body.length && depth; k++) {
      if (body[k] === '(') depth++;
      else if (body[k] === ')') depth--;
    }
    out.push({ callee: m[1], args: splitArgs(body.slice(re.lastIndex, k - 1)) });
  }
  return out;
}

// The string literals of a C array initializer `name[] = {…}` in text (null when there is none).
function arrayLiterals(text, name) {
  const m = text.match(new RegExp(`\\b${name}\\s*\\[[^\\]]*\\]\\s*=\\s*\\{([\\s\\S]*?)\\};`));
  return m ? [...m[1].matchAll(/"([^"\\]*)"/g)].map((x) => x[1]) : null;
}

// The keys one function reads with literal names: {query: Set, body: Set, list: Set or null}.
// list: the names of an array given to body_only_or_422 (the fields a route accepts, all others
// refused), directly or through a function that passes its parameter on (fn.listParams, the
// indices of such parameters).
function keysRead(fn, fileOutside, lookup) {
  const query = new Set();
  const body = new Set();
  let list = null;
  const literals = (name) => arrayLiterals(fn.body, name) ?? arrayLiterals(fileOutside, name) ?? [];
  for (const [, k] of fn.body.matchAll(/\b(?:query_\w+_or_422|request_query)\(\s*req\s*,\s*"(\w+)"/g)) query.add(k);
  for (const [, a] of fn.body.matchAll(/\bquery_\w+_or_422\(\s*req\s*,\s*(\w+)\s*\[/g)) for (const k of literals(a)) query.add(k);
  for (const [, f, k] of fn.body.matchAll(/\b(body_\w+_or_422)\(\s*req\s*,\s*"(\w+)"/g)) if (f !== 'body_only_or_422') body.add(k);
  for (const [, k] of fn.body.matchAll(/\bjson_object_get\(\s*req->json\s*,\s*"(\w+)"/g)) body.add(k);
  for (const { callee, args } of calls(fn.body)) {
    const listed = callee === 'body_only_or_422' ? [1] : [...(lookup(callee)?.listParams ?? [])];
    for (const i of listed) {
      if (!/^\w+$/.test(args[i] ?? '') || fn.params.includes(args[i])) continue;
      list ??= new Set();
      for (const k of literals(args[i])) list.add(k);
    }
  }
  return { query, body, list };
}

// Marks, to a fixpoint, the parameters of each function that reach body_only_or_422's list.
function markListParams(all, lookup) {
  for (const fn of all) fn.listParams = new Set();
  for (let changed = true; changed;) {
    changed = false;
    for (const fn of all) {
      for (const { callee, args } of calls(fn.body)) {
        const listed = callee === 'body_only_or_422' ? [1] : [...(lookup(callee, fn.file)?.listParams ?? [])];
        for (const i of listed) {
          const p = fn.params.indexOf(args[i]);
          if (p >= 0 && !fn.listParams.has(p)) { fn.listParams.add(p); changed = true; }
        }
      }
    }
  }
}

/**
 * What each route's handler reads, with every function of backend/src it calls (transitively):
 * Map "METHOD /path" -> {handler, found, query: Set of query keys, body: Set of JSON body fields}.
 * The body fields are the route's list of accepted fields where it has one (body_only_or_422
 * refuses the others), else every field read by a literal name. A static function is looked up
 * in its own file first. Keys named through a variable other than an array of literals are not
 * seen.
 */
export function handlerInputs(routes) {
  const global = new Map();
  const local = new Map();
  const all = [];
  for (const f of cFiles(path.join(root, 'backend/src'))) {
    const { functions, outside } = cFunctions(readFileSync(f, 'utf8'));
    for (const fn of functions) {
      const entry = { ...fn, file: f, outside };
      if (!fn.isStatic) global.set(fn.name, entry);
      local.set(`${f}:${fn.name}`, entry);
      all.push(entry);
    }
  }
  const resolve = (name, file) => local.get(`${file}:${name}`) ?? global.get(name);
  markListParams(all, resolve);
  for (const fn of all) fn.reads = keysRead(fn, fn.outside, (name) => resolve(name, fn.file));
  const routesSrc = readFileSync(path.join(root, 'backend/src/routes.c'), 'utf8');
  const handlers = new Map([...routesSrc.matchAll(/ROUTE\(\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*(\w+)/g)].map((m) => [`${m[1]} ${m[2]}`, m[3]]));
  const out = new Map();
  for (const [method, p] of routes) {
    const key = `${method} ${p}`;
    const handler = handlers.get(key);
    const start = handler && global.get(handler);
    const query = new Set();
    const body = new Set();
    let list = null;
    if (start) {
      const seen = new Set();
      const todo = [start];
      while (todo.length) {
        const fn = todo.pop();
        const id = `${fn.file}:${fn.name}`;
        if (seen.has(id)) continue;
        seen.add(id);
        for (const k of fn.reads.query) query.add(k);
        for (const k of fn.reads.body) body.add(k);
        if (fn.reads.list) list = new Set([...(list ?? []), ...fn.reads.list]);
        for (const { callee } of calls(fn.body)) {
          const next = resolve(callee, fn.file);
          if (next) todo.push(next);
        }
      }
    }
    out.set(key, { handler, found: Boolean(start), query, body: list ?? body });
  }
  return out;
}

/**
 * Who may call each route, as backend/src/routes.c says: Map "METHOD /path" ->
 * {roles: the role expression ('0' for anyone), tokenOptional, upload}.
 */
export function routeAccess() {
  const src = readFileSync(path.join(root, 'backend/src/routes.c'), 'utf8');
  const out = new Map();
  for (const m of src.matchAll(/ROUTE\(\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*\w+\s*,\s*([^,]+?)\s*,\s*(?:NULL|"[^"]*")\s*((?:,[^)]*)?)\)/g)) {
    out.set(`${m[1]} ${m[2]}`, { roles: m[3].replace(/\s+/g, ' '), tokenOptional: /\.token_optional\s*=\s*1/.test(m[4]), upload: /\.upload\s*=\s*1/.test(m[4]) });
  }
  return out;
}
