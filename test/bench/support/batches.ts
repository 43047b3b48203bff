import net from 'node:net';

/** One prepared request: headers and a serialised body, built before the clock starts. */
export interface PreparedPost {
  headers: Record<string, string>;
  body: string;
  /** Events in the body, counted as ingested when the answer is 202. */
  events: number;
}

export interface PostRunResult {
  requests: number;
  accepted: number;
  seconds: number;
  p50ms: number;
  p99ms: number;
  /** Non-202 answers and socket errors. */
  errors: number;
  firstError?: string;
  /** What sent the requests: the CPU it costs is taken from the server it measures. */
  client: string;
}

interface Answer {
  status: number;
  /** The body, decoded only for answers that are not 202 (for the first error's text). */
  body: string;
}

/** Frames one HTTP/1.1 answer at the start of `buf` (Content-Length or chunked); null until whole. */
function frameAnswer(buf: Buffer): { answer: Answer; used: number } | null {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headEnd + 4;
  const text = (from: number, to: number) => (status === 202 ? '' : buf.toString('utf8', from, to));
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return buf.length < end ? null : { answer: { status, body: text(bodyStart, end) }, used: end };
  }
  if (!/\r\ntransfer-encoding:[ \t]*chunked/i.test(head))
    return { answer: { status, body: '' }, used: bodyStart };
  let body = '';
  for (let pos = bodyStart; ; ) {
    const lineEnd = buf.indexOf('\r\n', pos);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(buf.toString('latin1', pos, lineEnd), 16);
    const dataStart = lineEnd + 2;
    if (buf.length < dataStart + size + 2) return null;
    if (size === 0) return { answer: { status, body }, used: dataStart + 2 };
    body += text(dataStart, dataStart + size);
    pos = dataStart + size + 2;
  }
}

/**
 * One keep-alive connection sending prebuilt request bytes, one request at a time, and reading only
 * each answer's status and framing. Node's http client spent ~4 µs of CPU per event on this bench
 * (about a third of the server's own cost), taken on a shared 2-vCPU machine from the server being
 * measured; this costs a fraction of that.
 */
class Connection {
  private pending: Buffer = Buffer.alloc(0);
  private waiting: { resolve(a: Answer): void; reject(e: Error): void } | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      const framed = frameAnswer(this.pending);
      if (!framed || !this.waiting) return;
      this.pending = this.pending.subarray(framed.used);
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve(framed.answer);
    });
    const fail = (err: Error) => {
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  send(request: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

function requestBytes(base: URL, path: string, post: PreparedPost): Buffer {
  const body = Buffer.from(post.body);
  const headers = { ...post.headers, host: base.host, 'content-length': String(body.length) };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\n${head}\r\n`), body]);
}

/**
 * Sends every prepared POST exactly once over `connections` keep-alive sockets (one request in
 * flight per socket, like wrk) and times the whole run. Bodies are unique (new event ids), so unlike
 * a replaying load tool every request does real inserts. Requests are serialised and sockets opened
 * before the clock starts.
 */
export async function postAll(
  url: string,
  path: string,
  posts: readonly PreparedPost[],
  connections: number,
): Promise<PostRunResult> {
  const base = new URL(url);
  const requests = posts.map((post) => requestBytes(base, path, post));
  const sockets = await Promise.all(
    Array.from({ length: connections }, () => Connection.open(base.hostname, Number(base.port))),
  );
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    sockets.map(async (socket) => {
      for (let i = next++; i < posts.length; i = next++) {
        const sentAt = performance.now();
        try {
          const answer = await socket.send(requests[i] as Buffer);
          latencies.push(performance.now() - sentAt);
          if (answer.status === 202) accepted += (posts[i] as PreparedPost).events;
          else {
            errors++;
            firstError ??= `${answer.status} ${answer.body.slice(0, 300)}`;
          }
        } catch (err) {
          errors++;
          firstError ??= (err as Error).message;
          return;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const socket of sockets) socket.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  return {
    requests: latencies.length,
    accepted,
    seconds,
    p50ms: pct(50),
    p99ms: pct(99),
    errors,
    firstError,
    client: 'raw keep-alive sockets',
  };
}
