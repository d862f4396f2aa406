// `npm run test:electron`: the same in-host suites (test/host) under @vscode/test-electron, for
// contributors with a network and a display. It downloads VS Code desktop, so it cannot run on
// offline machines; there `npm run test:vscode` runs them in code-server instead.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../support/paths';
import { Simulator } from '../simulator/simulator';
import { QUIET_SETTINGS } from './codeServer';
import { createWorkspace } from './workspace';

async function main(): Promise<void> {
  const sim = await Simulator.start({ taskSeconds: 5 });
  const scratch = await mkdtemp(join(tmpdir(), 'seedance-electron-'));
  const workspace = await createWorkspace(join(scratch, 'workspace'));
  const userData = join(scratch, 'user-data');
  await mkdir(join(userData, 'User'), { recursive: true });
  await writeFile(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, 'seedance.baseUrl': sim.apiUrl }),
  );
  try {
    await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'host', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', userData],
      extensionTestsEnv: { SEEDANCE_SIM_URL: sim.apiUrl, SEEDANCE_SIM_KEY: sim.key },
    });
  } finally {
    await sim.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
