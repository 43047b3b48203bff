/**
 * `npm run bench -- <name>`: runs one benchmark. Benches print figures; they never assert on time.
 */
const BENCHES: Record<string, string> = {
  decide: './decide.ts',
  ingest: './ingest.ts',
  campaigns: './campaigns.ts',
  analytics: './analytics.ts',
};

const requested = process.argv[2];
const file = requested ? BENCHES[requested] : undefined;
if (!file) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
  process.exit(2);
}
await import(file);

export {};
