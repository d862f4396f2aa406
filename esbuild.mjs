// Bundles the extension into dist/extension.js (`vscode` is provided by the host at run time) and
// the MCP server into dist/mcp.js (plain Node: run with `node dist/mcp.js`).
import { copyFileSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const forTests = process.argv.includes('--tests') || process.env.SEEDANCE_TEST_BUILD === '1';

/** Prints the lines VS Code's `$esbuild-watch` problem matcher looks for. */
const problemMatcher = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * undici's HTTP parser is WebAssembly written into two modules (with SIMD and without, 70 KB each
 * as base64) that it requires only when it opens its first connection. They ship beside the
 * bundles (dist/llhttp/) instead of inside them: the extension host no longer reads 141 KB at
 * every activation for a parser the first request loads.
 */
const LLHTTP = ['llhttp_simd-wasm.js', 'llhttp-wasm.js'];
const llhttpBeside = {
  name: 'llhttp-beside',
  setup(build) {
    build.onResolve({ filter: /[\\/]llhttp[\\/]llhttp(_simd)?-wasm\.js$/ }, (args) => ({
      path: `./llhttp/${args.path.split(/[\\/]/).pop()}`,
      external: true,
    }));
    build.onEnd(() => {
      mkdirSync('dist/llhttp', { recursive: true });
      for (const name of LLHTTP) copyFileSync(`node_modules/undici/lib/llhttp/${name}`, `dist/llhttp/${name}`);
    });
  },
};

/**
 * undici requires its fetch body machinery (WHATWG FormData, webidl, ~40 KB) only to encode a
 * FormData body; the create request's body is written by src/api/multipart.ts, so nothing here
 * ever sends one. The require is answered by a module that says so, should one ever be sent.
 */
const noFetchBody = {
  name: 'no-fetch-body',
  setup(build) {
    build.onResolve({ filter: /[\\/]web[\\/]fetch[\\/]body\.js$/ }, (args) =>
      args.importer.includes('undici') ? { path: 'undici-fetch-body', namespace: 'no-fetch-body' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-fetch-body' }, () => ({
      contents:
        "exports.extractBody = () => { throw new Error('FormData bodies are not sent here: write the body with src/api/multipart.ts'); };",
      loader: 'js',
    }));
  },
};

const ctx = await esbuild.context({
  entryPoints: { extension: 'src/extension.ts', mcp: 'src/mcp/main.ts' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  // The extension hands its internals to its own in-host tests only in a build made for them
  // (`--tests`, or SEEDANCE_TEST_BUILD=1 as the harness packages it); the shipped build has none.
  define: { SEEDANCE_TEST_BUILD: JSON.stringify(forTests) },
  plugins: watch ? [llhttpBeside, noFetchBody, problemMatcher] : [llhttpBeside, noFetchBody],
});

if (watch) {
  await ctx.watch();
} else {
  const { metafile } = await ctx.rebuild();
  await ctx.dispose();
  // The MCP server runs where there is no VS Code: nothing in its bundle may need it.
  const mcp = Object.entries(metafile.outputs).find(([file]) => file.endsWith('mcp.js'));
  if (mcp?.[1].imports.some((i) => i.path === 'vscode')) {
    console.error('dist/mcp.js imports vscode: the MCP server must run in plain Node');
    process.exit(1);
  }
}
