// tests/api/hostile-inputs.mjs: the input catalogue of tests/api/hostile.test.mjs — SQL-injection
// strings, unicode oddities, wrong JSON types, raw byte sequences that are not UTF-8, odd path ids,
// hostile query strings, content-type lies and forged Authorization headers. Plain data and small
// builders only; the requests are made by the suite.
import { Buffer } from 'node:buffer';

/* ---------- strings ---------- */

// [label, value]: SQL-injection payloads, sent as plain values (query filters, JSON strings, CSV cells).
export const SQLI = [
  ['quote-or', "' OR '1'='1"],
  ['quote-or-comment', "' OR 1=1 -- "],
  ['stacked-drop', '1; DROP TABLE students--'],
  ['quote-stacked-drop', "x'); DROP TABLE students; --"],
  ['escaped-union', "\\' UNION SELECT username, password_hash, 1, 2 FROM accounts -- "],
  ['double-quote-or', '" OR ""="'],
  ['percent-27', '%27 OR %271%27=%271'],
  ['like-wildcards', '%_%'],
  ['backslash', '\\'],
  ['backslash-quote', "\\'"],
  ['trailing-backslashes', 'abc\\\\\\'],
  ['c-comment', '/**/OR/**/1=1'],
  ['hash-comment', "x' #"],
  ['sleep', "' OR SLEEP(5) OR '"],
  ['gbk-quote', "\u00bf' OR 1=1 -- "],
  ['semicolon-select', "'; SELECT * FROM accounts; --"],
  ['backslash-zero', '\\0'],
  ['hex-literal', '0x27204f5220313d31'],
];

// [label, value]: unicode oddities as JS strings (JSON.stringify escapes NUL and lone surrogates).
export const UNICODE = [
  ['nul', 'a\u0000b'],
  ['lone-high-surrogate', 'a\ud800b'],
  ['lone-low-surrogate', '\udc00'],
  ['rtl-override', 'abc\u202edcba'],
  ['zwj-family', '👨\u200d👩\u200d👧'],
  ['zero-width', 'a\u200b\u200c\u200db\ufeff'],
  ['emoji-4byte', '😀🎓💼'],
  ['fullwidth-digits', '１２３４５'],
  ['combining', 'e\u0301\u0301\u0301'],
  ['line-separators', 'a\u2028b\u2029c'],
  ['noncharacters', '\ufffe\uffff'],
  ['control-chars', 'a\u0001\u001fb'],
  ['newline-tab', 'a\r\n\tb'],
  ['long-cjk-1000', '中'.repeat(1000)],
  ['long-cjk-offset', `a${'中'.repeat(999)}`],
  ['long-emoji-200', '😀'.repeat(200)],
];

// Every hostile string for a JSON string field.
export const STRINGS = [...SQLI.map(([l, v]) => [`sqli:${l}`, v]), ...UNICODE.map(([l, v]) => [`unicode:${l}`, v])];

/* ---------- wrong JSON types (raw JSON text) ---------- */

// [label, JSON text]: values of the wrong type, or numbers at the edges (2^63 does not fit a long long).
export const WRONG_TYPES = [
  ['int', '12345'],
  ['minus-one', '-1'],
  ['zero', '0'],
  ['float', '1.5'],
  ['2^63', '9223372036854775808'],
  ['2^63-1', '9223372036854775807'],
  ['-2^63-1', '-9223372036854775809'],
  ['1e999', '1e999'],
  ['true', 'true'],
  ['false', 'false'],
  ['null', 'null'],
  ['empty-array', '[]'],
  ['array', '["x",1]'],
  ['empty-object', '{}'],
  ['object', '{"$ne":null}'],
  ['empty-string', '""'],
  ['numeric-string', '"1"'],
];

// Extra values for a field that holds an array of ids.
export const ID_ARRAYS = [
  ['float-ids', '[1.5]'],
  ['string-ids', '["1"]'],
  ['fullwidth-ids', '["１"]'],
  ['negative-ids', '[-1]'],
  ['zero-ids', '[0]'],
  ['huge-ids', '[9223372036854775807]'],
  ['overflow-ids', '[9223372036854775808]'],
  ['null-ids', '[null]'],
  ['nested-ids', '[[1]]'],
  ['object-ids', '[{"id":1}]'],
  ['sqli-ids', '["1 OR 1=1"]'],
  ['bool-ids', '[true]'],
  ['10001-ids', `[${Array(10_001).fill(1).join(',')}]`],
];

// Extra values for a field that holds an array of permission items.
export const ITEM_ARRAYS = [
  ['sqli-items', JSON.stringify(["' OR '1'='1", 'students.view\' --'])],
  ['number-items', '[1]'],
  ['null-items', '[null]'],
  ['nested-items', '[["students.view"]]'],
  ['duplicate-items', '["students.view","students.view"]'],
  ['nul-items', '["students.view\\u0000x"]'],
  ['1001-items', JSON.stringify(Array(1001).fill('students.view'))],
];

/* ---------- raw bytes that are not UTF-8 ---------- */

// [label, bytes]: placed raw (not escaped) inside a JSON string, a query value or a CSV cell.
export const BAD_BYTES = [
  ['invalid-ff', [0xff]],
  ['overlong-slash', [0xc0, 0xaf]],
  ['overlong-nul', [0xc0, 0x80]],
  ['overlong-3byte', [0xe0, 0x80, 0xaf]],
  ['utf8-surrogate', [0xed, 0xa0, 0x80]],
  ['beyond-10ffff', [0xf4, 0x90, 0x80, 0x80]],
  ['five-byte', [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ['truncated-cjk', [0xe4, 0xb8]],
  ['latin1-e9', [0xe9]],
  ['raw-nul', [0x00]],
  ['raw-control', [0x01]],
];

// A JSON object body `{"field":"a<bytes>b"}` as a Buffer, with `extra` (an object) merged before it.
export function badBytesBody(field, bytes, extra = {}) {
  const head = JSON.stringify(extra).slice(0, -1);
  const sep = head.length > 1 ? ',' : '';
  return Buffer.concat([
    Buffer.from(`${head}${sep}${JSON.stringify(field)}:"a`, 'utf8'),
    Buffer.from(bytes),
    Buffer.from('b"}', 'utf8'),
  ]);
}

/* ---------- query values (already percent-encoded) ---------- */

const pct = (bytes) => bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

// [label, encoded value]: every hostile string for a query filter.
export const QUERY_VALUES = [
  ...SQLI.map(([l, v]) => [`sqli:${l}`, encodeURIComponent(v)]),
  ['sqli:raw-quote-unencoded', "'"],
  ['sqli:plus-as-space', "'+OR+'1'='1"],
  ...UNICODE.filter(([l]) => !l.includes('surrogate')).map(([l, v]) => [`unicode:${l}`, encodeURIComponent(v)]),
  ['unicode:nul-%00', 'a%00b'],
  ['unicode:lone-surrogate', '%ED%A0%80'],
  ...BAD_BYTES.filter(([l]) => !l.startsWith('raw-')).map(([l, b]) => [`bytes:${l}`, `a${pct(b)}b`]),
  ['odd:malformed-percent', '%'],
  ['odd:bad-hex', '%G1'],
  ['odd:fullwidth-one', encodeURIComponent('１')],
  ['odd:2^63', '9223372036854775808'],
  ['odd:minus-one', '-1'],
  ['odd:float', '1.5'],
  ['odd:hex', '0x10'],
  ['odd:array-syntax', '[1,2]'],
];

/* ---------- odd path ids ---------- */

// [label, raw path segment]: none of them is a positive integer of at most 18 digits.
export const ODD_IDS = [
  ['dotdot-encoded', '..%2F..%2Fetc%2Fpasswd'],
  ['dotdot-encoded-deep', '..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd'],
  ['dotdot-raw', '..'],
  ['dot', '.'],
  ['dotdot-pct', '%2e%2e'],
  ['slash-encoded', '1%2F2'],
  ['nul-after', '1%00'],
  ['nul-only', '%00'],
  ['minus-one', '-1'],
  ['zero', '0'],
  ['20-digits', '99999999999999999999'],
  ['2^63-1', '9223372036854775807'],
  ['2^63', '9223372036854775808'],
  ['leading-zeros-20', '00000000000000000001'],
  ['float', '1.5'],
  ['hex', '0x10'],
  ['exponent', '1e3'],
  ['plus', '%2B1'],
  ['space-before', '%201'],
  ['space-after', '1%20'],
  ['fullwidth-1', encodeURIComponent('１')],
  ['fullwidth-12', encodeURIComponent('１２')],
  ['quote', "1'"],
  ['sqli', encodeURIComponent("1' OR '1'='1")],
  ['sqli-drop', encodeURIComponent('1;DROP TABLE students')],
  ['emoji', encodeURIComponent('😀')],
  ['invalid-utf8', '%FF'],
  ['overlong', '%C0%AF'],
  ['array', '%5B1%5D'],
  ['list', '1,2'],
  ['null', 'null'],
  ['percent-alone', '%'],
  ['percent-bad-hex', '%ZZ'],
];

/* ---------- hostile query strings (whole) ---------- */

// [label, raw query string after "?"] for a list route.
export function queryOddities() {
  return [
    ['duplicate page', 'page=1&page=2'],
    ['duplicate per_page', 'per_page=1&per_page=500'],
    ['duplicate status', 'status=a&status=b'],
    ['duplicate q', "q=a&q='"],
    ['empty key', '=1'],
    ['empty pair', '='],
    ['only ampersands', '&&&'],
    ['key without =', 'page'],
    ['keys without =', 'page&per_page&q'],
    ['empty values', 'page=&per_page=&q='],
    ['encoded = in key', '%3D=1'],
    ['encoded & in value', 'q=a%26page%3D2'],
    ['NUL in key', 'q%00=1'],
    ['NUL in value', 'q=%00'],
    ['malformed percent in key', '%=1'],
    ['semicolon separators', 'page=1;per_page=5'],
    ['array syntax', 'status[]=a&status[0]=b'],
    ['object syntax', 'q[$ne]=1'],
    ['long key', `${'k'.repeat(4000)}=1`],
    ['1,000 empty pairs', '&'.repeat(1000)],
    ['255 pairs', Array.from({ length: 255 }, (_, i) => `x${i}=1`).join('&')],
    ['257 pairs', Array.from({ length: 257 }, (_, i) => `x${i}=1`).join('&')],
    ['10,000 pairs (20 KB)', Array(10_000).fill('a').join('&')],
    ['10,000 pairs (39 KB)', Array(10_000).fill('p=1').join('&')],
    ['30 KB q', `q=${'a'.repeat(30 * 1024)}`],
    ['30 KB unknown key', `x=${'a'.repeat(30 * 1024)}`],
    ['30 KB of percent escapes', `q=${'%41'.repeat(10 * 1024)}`],
  ];
}

/* ---------- content-type lies ---------- */

// A tiny PNG (1x1, transparent).
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

// A minimal PDF header.
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

// [body, name, type]: files that are no PNG, JPEG or PDF by their bytes, whatever their name and
// Content-Type claim: an upload of a document (an interaction's files, a resume's) refuses each.
export const NOT_DOCUMENTS = [
  [Buffer.from('合作备忘录：双方同意……\n', 'utf8'), 'memo.pdf', 'application/pdf'],
  [Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>', 'utf8'), '授牌照片.pdf', 'application/pdf'],
  [Buffer.from('<html><body>hi</body></html>', 'utf8'), 'page.png', 'image/png'],
  [Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'anim.gif', 'image/gif'],
  [Buffer.concat([Buffer.from(' '), PDF]), 'late-header.pdf', 'application/pdf'],
];

// A multipart/form-data body holding one file part; returns {type, body}.
export function multipart(filename, content, partType = 'text/csv') {
  const boundary = `----qiaoHostile${Date.now().toString(36)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n`
    + `Content-Type: ${partType}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, 'utf8'), Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return { type: `multipart/form-data; boundary=${boundary}`, body };
}

// Upload names with traversal, sent as Content-Disposition of a raw body.
export const UPLOAD_NAMES = [
  ['dotdot', 'attachment; filename="../../../../etc/passwd"'],
  ['dotdot-csv', 'attachment; filename="../../var/students.csv"'],
  ['backslashes', 'attachment; filename="..\\..\\..\\windows\\win.ini"'],
  ['absolute', 'attachment; filename="/etc/cron.d/qiao"'],
  ['rfc5987', "attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd"],
  ['nul-in-name', 'attachment; filename="students.csv%00.png"'],
  ['form-data', 'form-data; name="file"; filename="../../../../tmp/x.csv"'],
];
