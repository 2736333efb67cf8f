// One build for the four bundles of docs/ARCHITECTURE.md §2 (layers): extension (node, `vscode` external), worker (node),
// CLI (node) and webview (browser). Flags: --watch, --production, --only <name>[,<name>].
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(',')) : undefined;

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};
// ESM entries first: some packages' UMD builds (jsonc-parser) require() files esbuild cannot see.
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] };

const bundles = [
  { name: 'extension', entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], ...node },
  { name: 'worker', entryPoints: ['src/worker/worker.ts'], outfile: 'dist/worker.js', ...node },
  { name: 'cli', entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...node },
  { name: 'webview', entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', target: 'es2022', format: 'iife', ...common },
].filter((b) => (only ? only.has(b.name) : true)).filter((b) => existsSync(b.entryPoints[0]));

/**
 * dist/schema/scoot.config.schema.json for `contributes.jsonValidation`, from the schema object the
 * loader validates with (src/study/config-schema.ts): bundled in memory and evaluated, never re-typed.
 */
async function writeConfigSchema() {
  const out = await esbuild.build({ entryPoints: ['src/study/config-schema.ts'], bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'warning' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  const { $id: _id, ...schema } = module.exports.configSchema;
  mkdirSync('dist/schema', { recursive: true });
  writeFileSync('dist/schema/scoot.config.schema.json', `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2)}\n`);
}
const withSchema = !only || only.has('extension') || only.has('schema');

const options = bundles.map(({ name: _name, ...o }) => o);
if (watch) {
  if (withSchema) await writeConfigSchema();
  for (const o of options) await (await esbuild.context(o)).watch();
  console.log(`watching ${bundles.map((b) => b.name).join(', ')}`);
} else {
  await Promise.all([...options.map((o) => esbuild.build(o)), ...(withSchema ? [writeConfigSchema()] : [])]);
  console.log(`built ${[...bundles.map((b) => b.name), ...(withSchema ? ['schema'] : [])].join(', ')}${production ? ' (production)' : ''}`);
}
