import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

/**
 * Type-checks `source` as if it were a file of this project (same compiler options, same
 * node_modules), without writing it anywhere. Returns `line: message` for each diagnostic.
 */
function typeCheck(source: string): string[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const file = join(root, 'test', 'server', 'webhooks', 'virtual-enqueue-calls.ts');
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, version, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, version)
      : getSourceFile.call(host, name, version, ...rest);
  const fileExists = host.fileExists;
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0;
    return `${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

const calls = `
import type { Tx } from '../../../server/db/client.ts';
import { enqueue } from '../../../server/services/outbox.ts';
import { webhookSample } from '../../../server/services/webhook-samples.ts';
declare const tx: Tx;
const now = new Date();
const created = webhookSample('purchase.created', now);
enqueue(tx, 'ws', 'purchase.created', created);
enqueue(tx, 'ws', 'trial.expired', { ...webhookSample('trial.expired', now), entitlement: null });
enqueue(tx, 'ws', 'lead.created', created);
enqueue(tx, 'ws', 'purchase.created', { n: 1 });
enqueue(tx, 'ws', 'trial.started', { ...webhookSample('trial.started', now), entitlement: null });
enqueue(tx, 'ws', 'purchase.fulfilled', { purchase: { ...created.purchase, status: 'refunded' } });
enqueue(tx, 'ws', 'request.created', { request: webhookSample('request.created', now).request });
`;

describe('enqueue › payload types', () => {
  it('accepts each event type’s schema and rejects a payload of another type or shape at compile time', () => {
    const lines = typeCheck(calls).map((d) => Number(d.split(':')[0]));
    // Lines 8–9 are valid; 10–14 each break the schema of their event type.
    expect(lines).toEqual([10, 11, 12, 13, 14]);
  }, 60_000);
});
