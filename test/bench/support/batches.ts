import http from 'node:http';

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
}

/**
 * Sends every prepared POST exactly once over `connections` keep-alive sockets (one request in
 * flight per socket, like wrk) and times the whole run. Bodies are unique (new event ids), so unlike
 * a replaying load tool every request does real inserts.
 */
export async function postAll(
  url: string,
  path: string,
  posts: readonly PreparedPost[],
  connections: number,
): Promise<PostRunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const base = new URL(url);
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const send = (post: PreparedPost) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.request(
        { agent, host: base.hostname, port: base.port, method: 'POST', path, headers: post.headers },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => {
            latencies.push(performance.now() - started);
            if (res.statusCode === 202) accepted += post.events;
            else {
              errors++;
              firstError ??= `${res.statusCode} ${text.slice(0, 300)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        errors++;
        firstError ??= err.message;
        resolve();
      });
      req.end(post.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < posts.length; i = next++) {
        const post = posts[i];
        if (post) await send(post);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
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
  };
}
