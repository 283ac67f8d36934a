// tests/api/smtp.mjs: a small SMTP server for the suites that check mail the system sends. It
// speaks just enough of RFC 5321 for libcurl (EHLO, MAIL, RCPT, DATA, QUIT), keeps every
// message, and decodes the UTF-8 subject and base64 body the backend writes.
import net from 'node:net';

// Decodes "=?UTF-8?B?…?=" words of a header.
function decodeWords(value) {
  return value.replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

function parse(data) {
  const [head, ...rest] = data.split('\r\n\r\n');
  const headers = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const raw = rest.join('\r\n\r\n');
  const body = /base64/i.test(headers['content-transfer-encoding'] || '')
    ? Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8') : raw;
  return { headers, subject: decodeWords(headers.subject || ''), body };
}

// Starts the server on port (127.0.0.1): {messages, waitFor(predicate, ms), close()}.
export async function smtpServer(port) {
  const messages = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let envelope = { from: null, to: [] };
    const say = (line) => socket.write(`${line}\r\n`);
    say('220 qiao.test ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          messages.push({ ...envelope, ...parse(data) });
          envelope = { from: null, to: [] };
          inData = false;
          say('250 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') { socket.write('250-qiao.test\r\n250 8BITMIME\r\n'); }
        else if (verb === 'MAIL') { envelope.from = line.match(/<([^>]*)>/)?.[1] ?? null; say('250 ok'); }
        else if (verb === 'RCPT') { envelope.to.push(line.match(/<([^>]*)>/)?.[1] ?? ''); say('250 ok'); }
        else if (verb === 'DATA') { inData = true; say('354 go ahead'); }
        else if (verb === 'QUIT') { say('221 bye'); socket.end(); return; }
        else if (verb === 'RSET' || verb === 'NOOP') say('250 ok');
        else say('502 not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    messages,
    // The first message matching predicate, waiting up to ms for it.
    async waitFor(predicate, ms = 15_000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        if (Date.now() > until) return null;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
