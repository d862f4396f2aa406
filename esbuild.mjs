// Bundles the extension into dist/extension.js (`vscode` is provided by the host at run time) and
// the MCP server into dist/mcp.js (plain Node: run with `node dist/mcp.js`).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
  plugins: watch ? [problemMatcher] : [],
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
