import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDtsBundle } from 'dts-bundle-generator';
import ts from 'typescript';

/**
 * Writes dist/widget.d.ts: the types of widget/index.ts (its ESM exports, `window.Attach`, the
 * `attach:<name>` window events) in one file that imports nothing, so a host project can drop it
 * in without zod or Preact installed. Run by `npm run build:widget`.
 *
 * tsc writes the declarations, with one change (`withoutZod`): a type alias defined through zod
 * (`type Trial = z.infer<typeof Trial>`, or built on one) is written as the plain type it resolves
 * to, which is what hosts get at run time, and the schemas themselves are left out; as they are,
 * they would pull in zod's own types. dts-bundle-generator then joins what the entry reaches into
 * one file.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'widget/index.ts');
// The per-file declarations, until they are bundled; a directory of its own per run.
const staging = mkdtempSync(join(tmpdir(), 'attach-widget-dts-'));

const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => fail([d]),
});
if (!config) throw new Error('tsconfig.json could not be read');
const options: ts.CompilerOptions = {
  ...config.options,
  noEmit: false,
  declaration: true,
  emitDeclarationOnly: true,
  rootDir: root,
  declarationDir: staging,
  // The widget runs in browsers: no Node globals may leak into what hosts see.
  types: [],
};
const program = ts.createProgram([entry], options);
const checker = program.getTypeChecker();

function fail(diagnostics: readonly ts.Diagnostic[]): never {
  const host = {
    getCanonicalFileName: (f: string) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  };
  throw new Error(ts.formatDiagnostics(diagnostics, host));
}

const inZod = (decl: ts.Node) => /[\\/]node_modules[\\/]zod[\\/]/.test(decl.getSourceFile().fileName);

/** True when `node` names a declaration of the zod package, directly or through type aliases. */
function fromZod(node: ts.Node, seen: Set<ts.Symbol>): boolean {
  if (ts.isTypeReferenceNode(node)) {
    let symbol = checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (symbol && !seen.has(symbol)) {
      seen.add(symbol);
      for (const decl of symbol.declarations ?? []) {
        if (inZod(decl)) return true;
        if (ts.isTypeAliasDeclaration(decl) && fromZod(decl.type, seen)) return true;
      }
    }
  }
  return ts.forEachChild(node, (child) => fromZod(child, seen) || undefined) ?? false;
}

/** The plain type a zod-derived alias resolves to; undefined for any other alias. */
function plainType(alias: ts.TypeAliasDeclaration): ts.TypeNode | undefined {
  const source = ts.getParseTreeNode(alias);
  if (!source || !ts.isTypeAliasDeclaration(source) || source.typeParameters) return undefined;
  if (!fromZod(source.type, new Set())) return undefined;
  return checker.typeToTypeNode(
    checker.getTypeAtLocation(source.name),
    undefined,
    ts.NodeBuilderFlags.InTypeAlias |
      ts.NodeBuilderFlags.NoTruncation |
      ts.NodeBuilderFlags.MultilineObjectLiterals,
  );
}

/** A schema constant (`declare const Trial: z.ZodObject<…>`) or the import of zod itself. */
function isZodStatement(statement: ts.Statement): boolean {
  if (ts.isImportDeclaration(statement))
    return ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'zod';
  const source = ts.getParseTreeNode(statement);
  if (!source || !ts.isVariableStatement(source)) return false;
  return source.declarationList.declarations.every((d) =>
    (checker.getTypeAtLocation(d.name).getSymbol()?.declarations ?? []).some(inZod),
  );
}

/**
 * Hosts see what the schemas parse to, never the schemas: zod-derived aliases become plain types
 * and the schemas and zod's import go, so that nothing of zod is left to bundle.
 */
const withoutZod: ts.TransformerFactory<ts.SourceFile | ts.Bundle> = (context) => (file) => {
  if (!ts.isSourceFile(file)) return file;
  const statements = file.statements.flatMap((statement) => {
    if (isZodStatement(statement)) return [];
    const plain = ts.isTypeAliasDeclaration(statement) ? plainType(statement) : undefined;
    if (!plain || !ts.isTypeAliasDeclaration(statement)) return [statement];
    return [
      context.factory.updateTypeAliasDeclaration(
        statement,
        statement.modifiers,
        statement.name,
        undefined,
        plain,
      ),
    ];
  });
  return context.factory.updateSourceFile(file, statements);
};

/**
 * Emits the declarations of `entry` and of the project files they import, and no others: the UI
 * components never reach the public types, and declaring them would triple the time.
 */
function emitReachable(): void {
  const queue = [entry];
  const done = new Set<string>();
  for (let fileName = queue.pop(); fileName; fileName = queue.pop()) {
    if (done.has(fileName)) continue;
    done.add(fileName);
    let text = '';
    const emitted = program.emit(
      program.getSourceFile(fileName),
      (path, data) => {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, data);
        text = data;
      },
      undefined,
      true,
      { afterDeclarations: [withoutZod] },
    );
    if (emitted.diagnostics.length) fail(emitted.diagnostics);
    for (const { fileName: specifier } of ts.preProcessFile(text).importedFiles) {
      const target = ts.resolveModuleName(specifier, fileName, options, ts.sys).resolvedModule;
      if (target && !target.isExternalLibraryImport) queue.push(target.resolvedFileName);
    }
  }
}

try {
  emitReachable();
  // The bundler reads its compiler options from a file: the project's, without Node's types.
  writeFileSync(
    join(staging, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { types: [] },
      include: ['widget/index.d.ts'],
    }),
  );
  const [bundle] = generateDtsBundle(
    [
      {
        filePath: join(staging, 'widget/index.d.ts'),
        output: { inlineDeclareGlobals: true, noBanner: true, exportReferencedTypes: false },
      },
    ],
    { preferredConfigPath: join(staging, 'tsconfig.json') },
  );
  if (!bundle) throw new Error('dts-bundle-generator returned nothing');
  writeFileSync(join(root, 'dist/widget.d.ts'), bundle);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
