import type { DemoCredentials } from './credentials.ts';

/** The lines printed at start so a newcomer can open the demo, the console and the docs at once. */
export function bannerLines(publicUrl: string, credentials: DemoCredentials, created: boolean): string[] {
  const base = publicUrl.replace(/\/+$/, '');
  const lines = [
    '',
    `  Attach demo workspace "${credentials.workspaceId}" ${created ? 'created' : 'ready'}`,
    '',
    `  Demo product   ${base}/demo`,
    `  Console        ${base}/console`,
    `  API reference  ${base}/docs  (OpenAPI 3.1: ${base}/openapi.json)`,
    '',
    `  Publishable key  ${credentials.publishableKey}`,
    `  Secret key       ${credentials.secretKey || '(rotated since the demo was created; not known here)'}`,
  ];
  if (credentials.consoleLogin) {
    lines.push(`  Console login    ${credentials.consoleLogin.email} / ${credentials.consoleLogin.password}`);
  }
  lines.push(
    '  Identity secret  in demo-credentials.json (identitySecret): your backend signs end-user tokens with it',
    '',
    '  (kept in demo-credentials.json in the data directory; delete the data directory to reset)',
    '',
  );
  return lines;
}
