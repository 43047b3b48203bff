import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** `npm test` builds first (pretest): this is the file the server hands out at /widget.d.ts. */
const dts = readFileSync(join(process.cwd(), 'dist', 'widget.d.ts'), 'utf8');

/**
 * Type-checks `files` the way a host project would: alone in a fresh directory (no node_modules
 * above it, no type roots), strict, browser libraries only, and the .d.ts itself checked too.
 * Returns the diagnostics as `file:line message` and the files the program read.
 */
function typeCheck(files: Record<string, string>): { errors: string[]; read: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'attach-dts-consumer-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const program = ts.createProgram(
      Object.keys(files).map((name) => join(dir, name)),
      {
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: false,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
        typeRoots: [],
      },
    );
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    const libDir = dirname(ts.getDefaultLibFilePath(program.getCompilerOptions()));
    const read = program
      .getSourceFiles()
      .map((f) => f.fileName)
      .filter((f) => !f.startsWith(libDir))
      .map((f) => f.slice(dir.length + 1));
    return { errors, read };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A bundler app that vendors widget.mjs and saves the declarations beside it as widget.d.mts (the
// name TypeScript looks up for a .mjs), as widget/README.md says. Every member of the API and every
// event is used, so a declaration that goes missing fails the check; a type that loosens (to `any`)
// fails it too, through an unused `@ts-expect-error`.
const bundlerApp = `
import { type AttachApi, createAttach, type HostEvents, type HostListener } from './widget.mjs';

const attach: AttachApi = createAttach({ server: 'https://attach.example.com', key: 'pk_test', token: 'eyJ.x.y' });
createAttach({ server: 'https://attach.example.com', assets: 'https://cdn.example.com', key: 'pk_test', locale: 'de' });
attach.identify('eyJ.x.y');
attach.track('report.exported', { format: 'csv' });
attach.track('report.exported');
attach.page();
attach.show('3f0c6d1e-0000-4000-8000-000000000000');
const ready: boolean = attach.isReady();

attach.on('purchased', (detail) => {
  const productKey: string = detail.productKey;
  if ('amount' in detail) {
    const cents: number = detail.amount;
    const status: 'pending' | 'completed' | 'failed' = detail.status;
    console.log(productKey, cents, status);
  }
});
attach.on('trial_started', (detail) => {
  if ('daysLeft' in detail) console.log(detail.daysLeft, detail.plan.weeks[0]?.steps.length, detail.offer?.amount);
});
attach.on('requested', ({ productKey, kind, request }) => {
  const how: 'ask' | 'contact' = kind;
  const status: 'open' | 'approved' | 'declined' = request.status;
  console.log(productKey, how, status);
});
attach.on('shown', ({ campaignId, decisionId }) => console.log(campaignId, decisionId));
attach.on('clicked', ({ action }) => {
  const what: 'trial' | 'buy' | 'ask_admin' | 'contact' = action;
  console.log(what);
});
attach.on('dismissed', ({ snoozeDays }) => console.log(snoozeDays ?? 0));

const onShown: HostListener<'shown'> = (detail: HostEvents['shown']) => console.log(detail.decisionId);
const untyped = (detail: unknown) => console.log(detail);
attach.on('shown', onShown);
attach.on('purchased', untyped);
attach.off('shown', onShown);
attach.off('purchased');
attach.reset();
console.log(ready);

// @ts-expect-error: event names are checked
attach.on('bought', untyped);
// @ts-expect-error: track takes the event's name
attach.track(42);
// @ts-expect-error: a purchase's productKey is a string
attach.on('purchased', (detail: { productKey: number }) => detail);
// @ts-expect-error: the publishable key is required
createAttach({ server: 'https://attach.example.com' });
`;

// A page with the script tag: no import, only the declarations somewhere the project includes.
const scriptTagPage = `
declare function unlock(productKey: string): void;

window.Attach?.identify('eyJ.x.y');
window.Attach?.on('purchased', ({ productKey }) => unlock(productKey));
addEventListener('attach:purchased', (event) => unlock(event.detail.productKey));
window.addEventListener('attach:requested', (event) => console.log(event.detail.request.id));
document.querySelector('button')?.addEventListener('click', () => window.Attach?.track('upgrade.clicked'));

// @ts-expect-error: track takes the event's name
window.Attach?.track(42);
// @ts-expect-error: the global is optional (the script may not have loaded)
window.Attach.page();
`;

describe('dist/widget.d.ts', () => {
  it('imports and references nothing', () => {
    const info = ts.preProcessFile(dts, true, true);
    expect(info.importedFiles.map((f) => f.fileName)).toEqual([]);
    expect(info.referencedFiles).toEqual([]);
    expect(info.typeReferenceDirectives).toEqual([]);
    expect(info.libReferenceDirectives).toEqual([]);
  });

  it('types the ESM exports for a bundler app: strict, alone, zero diagnostics', () => {
    const { errors, read } = typeCheck({ 'widget.d.mts': dts, 'app.ts': bundlerApp });
    expect(errors).toEqual([]);
    expect(read.sort()).toEqual(['app.ts', 'widget.d.mts']);
  });

  it('types window.Attach and the attach:<name> window events for a script-tag page', () => {
    const { errors, read } = typeCheck({ 'attach.d.ts': dts, 'page.ts': scriptTagPage });
    expect(errors).toEqual([]);
    expect(read.sort()).toEqual(['attach.d.ts', 'page.ts']);
  });
});
