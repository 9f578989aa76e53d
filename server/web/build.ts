// Bundles the browser app into server/web/dist/ (served by the express server at /).
// Everything the page needs is copied locally (bpmn-js and properties-panel css, the bpmn icon
// font): officials' machines may have no internet. Code splitting keeps the modeler (bpmn-js
// Modeler + properties panel + FEEL editor) out of the inbox officials load.
import { build, type BuildOptions } from 'esbuild';
import { cpSync, mkdirSync, rmSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// CommonJS under tsx and jest alike, so __dirname rather than import.meta
const here = __dirname;
const root = resolve(here, '../..');

export interface WebBuildOptions {
  /** output folder; default server/web/dist */
  outdir?: string;
  /** extra entry points (e.g. a test harness), bundled beside main.js */
  extraEntries?: Record<string, string>;
  minify?: boolean;
}

export async function buildWeb(opts: WebBuildOptions = {}): Promise<{ outdir: string; bytes: number; scriptBytes: number }> {
  const outdir = opts.outdir ?? join(here, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'assets'), { recursive: true });

  const options: BuildOptions = {
    entryPoints: { main: join(here, 'src/main.ts'), vote: join(here, 'src/vote/vote.ts'), ...(opts.extraEntries ?? {}) },
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    target: ['es2020', 'chrome100', 'firefox100'],
    minify: opts.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    // json imports (bpmn/gov.json) are inlined
    loader: { '.json': 'json' },
    plugins: [
      {
        // the bpmn/ compiler runs in the browser for "Validate"; its one Node import gets a shim
        name: 'node-crypto-shim',
        setup(b) {
          b.onResolve({ filter: /^(node:)?crypto$/ }, () => ({ path: join(here, 'src/shims/node-crypto.ts') }));
        },
      },
    ],
  };
  await build(options);

  const nm = join(root, 'node_modules');
  const assets = join(outdir, 'assets');
  copyFileSync(join(nm, 'bpmn-js/dist/assets/diagram-js.css'), join(assets, 'diagram-js.css'));
  copyFileSync(join(nm, 'bpmn-js/dist/assets/bpmn-js.css'), join(assets, 'bpmn-js.css'));
  cpSync(join(nm, 'bpmn-js/dist/assets/bpmn-font'), join(assets, 'bpmn-font'), { recursive: true });
  copyFileSync(join(nm, '@bpmn-io/properties-panel/dist/assets/properties-panel.css'), join(assets, 'properties-panel.css'));
  copyFileSync(join(here, 'src/styles.css'), join(outdir, 'styles.css'));
  copyFileSync(join(here, 'src/index.html'), join(outdir, 'index.html'));
  // the owners' voting page: its own small page, no app shell, no login
  copyFileSync(join(here, 'src/vote/vote.html'), join(outdir, 'vote.html'));
  copyFileSync(join(here, 'src/vote/vote.css'), join(outdir, 'vote.css'));
  copyFileSync(join(here, 'src/gov-modeler/gov-modeler.css'), join(assets, 'gov-modeler.css'));

  return { outdir, bytes: dirSize(outdir, () => true), scriptBytes: dirSize(outdir, (f) => f.endsWith('.js')) };
}

function dirSize(dir: string, include: (file: string) => boolean): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    total += s.isDirectory() ? dirSize(p, include) : include(name) ? s.size : 0;
  }
  return total;
}

if (require.main === module) {
  buildWeb()
    .then(({ outdir, bytes, scriptBytes }) =>
      console.log(`web app built into ${outdir}: ${(scriptBytes / 1024).toFixed(0)} KiB of scripts (the modeler's share loads only for admins), ${(bytes / 1024).toFixed(0)} KiB with css, fonts and source maps`),
    )
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
