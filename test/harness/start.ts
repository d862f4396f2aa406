// `npm start`: the extension in a real VS Code, against the simulator, until Ctrl-C.
//   npm start              code-server (VS Code 1.139.1 in your browser), the .vsix installed
//   npm start -- --desktop VS Code desktop (`code` on PATH), the extension loaded from source
// Ports: VSCODE_PORT (default 8080) and SIMULATOR_PORT (default 8787).
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { Simulator } from '../simulator/simulator';
import { QUIET_SETTINGS } from './codeServer';
import { HarnessError } from './errors';
import { CACHE_DIR, ensureVsCode } from './install';
import { Session } from './session';
import { packageVsix } from './vsix';
import { createWorkspace } from './workspace';

const VSCODE_PORT = Number(process.env.VSCODE_PORT ?? 8080);
const SIM_PORT = Number(process.env.SIMULATOR_PORT ?? 8787);
const ROOT = join(CACHE_DIR, 'demo');
const log = (line: string) => console.log(line);
const simLog = (line: string) => console.log(`  [simulator] ${line}`);

async function browserMode(): Promise<() => Promise<void>> {
  const install = await ensureVsCode(log);
  const vsix = await packageVsix(log);
  log('Starting the simulator and VS Code');
  const session = await Session.start({
    install,
    vsix,
    root: ROOT,
    keepProfile: true,
    port: VSCODE_PORT,
    browser: false,
    simulator: { port: SIM_PORT, taskSeconds: 20, log: simLog },
    // The first start opens the sample script, the walkthrough beside it (extension.ts firstStart).
    env: { SEEDANCE_DEMO_SCRIPT: join(ROOT, 'workspace', 'script.md') },
  });
  banner(session.url, session.sim);
  return () => session.stop();
}

async function desktopMode(): Promise<() => Promise<void>> {
  const userData = join(ROOT, 'desktop-user-data');
  const workspace = await createWorkspace(join(ROOT, 'workspace'));
  const sim = await Simulator.start({ port: SIM_PORT, taskSeconds: 20, log: simLog });
  await mkdir(join(userData, 'User'), { recursive: true });
  await writeFile(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, 'seedance.baseUrl': sim.apiUrl }, null, 2),
  );
  const code = spawn(
    'code',
    ['--new-window', `--extensionDevelopmentPath=${REPO_ROOT}`, '--user-data-dir', userData, workspace],
    { stdio: 'inherit', env: { ...process.env, SEEDANCE_DEMO_SCRIPT: join(workspace, 'script.md') } },
  );
  await new Promise<void>((resolve, reject) => {
    code.once('spawn', resolve);
    code.once('error', () =>
      reject(new HarnessError('`code` is not on PATH: run `npm start` without --desktop for the browser version')),
    );
  });
  banner('the VS Code window that just opened', sim);
  return () => sim.close();
}

function banner(where: string, sim: Simulator): void {
  log(`
  Seedance Video is running in VS Code: ${where}

  1. Open the link above in your browser (from another machine: ssh -L ${VSCODE_PORT}:127.0.0.1:${VSCODE_PORT} …).
  2. Run "Seedance: Set API Key" (F1) and enter the simulator's key:  ${sim.key}
  3. In script.md, click "Generate Video" above a scene (or "Generate All Scenes" at the top),
     or select a paragraph and run "Seedance: Generate Video", or right-click an image.

  Simulator: ${sim.apiUrl} (tasks take ${sim.taskSeconds} s; a prompt with [sim:fail] fails).
  Press Ctrl-C to stop.
`);
}

async function main(): Promise<void> {
  const stop = await (process.argv.includes('--desktop') ? desktopMode() : browserMode());
  const shutdown = () => {
    log('\nStopping…');
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : err}`);
  process.exit(err instanceof HarnessError ? 2 : 1);
});
