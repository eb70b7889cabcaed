import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the fake SMTP server received and parsed it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
  auth: { username: string } | null;
}

/** A running fake SMTP server; `messages` fills as mail arrives. */
export interface FakeSmtpServer {
  host: string;
  port: number;
  messages: ReceivedMail[];
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

// Big enough for any mail the app sends; beyond it the server answers 552 instead of buffering.
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

/** A real SMTP server on loopback; requires AUTH PLAIN/LOGIN when credentials are given. */
export async function startSmtpServer(options: { username?: string; password?: string } = {}): Promise<FakeSmtpServer> {
  const requireAuth = options.username !== undefined || options.password !== undefined;
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    // Plain-text SMTP only: the app's own TLS handling is not what these tests exercise.
    secure: false,
    disabledCommands: ['STARTTLS'],
    // Without TLS smtp-server would refuse AUTH unless told plain-text auth is acceptable.
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: !requireAuth,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // close() would otherwise wait up to 30 s for lingering client connections.
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      const ok = !requireAuth || (auth.username === options.username && auth.password === options.password);
      if (!ok) {
        // smtp-server turns an error without responseCode into "535 ..." — the code real servers use.
        callback(new Error('Invalid username or password'));
        return;
      }
      callback(null, { user: auth.username ?? '' });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (stream.sizeExceeded) {
            callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
            return;
          }
          const user = session.user;
          messages.push({
            from: addresses(parsed.from)[0] ?? '',
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            subject: parsed.subject ?? '',
            // A single-part body keeps the line break SMTP framing adds; multipart ones do not. Drop it so both read alike.
            text: (parsed.text ?? '').replace(/\r?\n$/, ''),
            html: typeof parsed.html === 'string' ? parsed.html : null,
            auth: typeof user === 'string' && user !== '' ? { username: user } : null,
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    messages,
    waitForMessages(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(messages.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// mailparser gives one AddressObject or several (one per header line); flatten groups too.
function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects
    .flatMap((object) => object.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((entry) => entry.address ?? '')
    .filter((address) => address !== '');
}
