// The MCP server (dist/mcp.js) offered to VS Code's own agents, without setup: a definition
// provider (vscode.lm.registerMcpServerDefinitionProvider, VS Code 1.101 and later; looked up at
// run time, so older versions still activate) runs it with this workspace folder as its root, and
// hands it the key from SecretStorage only when VS Code starts it (resolveMcpServerDefinition),
// never in settings. In Restricted Mode no server is offered: a repository you did not write
// cannot have an agent spend through it. Also: Copy MCP Server Configuration, for other agents.
import * as vscode from 'vscode';
import { t } from '../api/i18n';
import { baseUrl, outputFolderSetting, workspaceTrusted } from '../common/config';
import { Emitter } from '../common/emitter';
import { DEFAULT_OUTPUT_FOLDER } from '../jobs/outputLocation';

export const MCP_PROVIDER_ID = 'seedance.mcp';

/** The parts of VS Code's MCP API used here (not in @types/vscode 1.95, this extension's floor). */
interface McpStdioDefinition {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  env: Record<string, string | number | null>;
  readonly version?: string;
}
type McpStdioCtor = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => McpStdioDefinition;
interface McpProvider {
  readonly onDidChangeMcpServerDefinitions: vscode.Event<void>;
  provideMcpServerDefinitions(): McpStdioDefinition[];
  resolveMcpServerDefinition(server: McpStdioDefinition): Promise<McpStdioDefinition | undefined>;
}
interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpProvider): vscode.Disposable;
}

export class McpDefinitions implements McpProvider {
  readonly #changed = new Emitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.#changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly key: () => Promise<string | undefined>,
    private readonly version: string,
  ) {}

  /** The script: the bundle beside the extension's own. */
  get script(): string {
    return vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'mcp.js').fsPath;
  }

  /** What changes the offer: trust granted, folders added or removed, settings. */
  changed(): void {
    this.#changed.fire();
  }

  provideMcpServerDefinitions(): McpStdioDefinition[] {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    const Stdio = (vscode as unknown as { McpStdioServerDefinition?: McpStdioCtor }).McpStdioServerDefinition;
    if (!folder || !Stdio || !workspaceTrusted()) return [];
    return [
      new Stdio(
        t('Seedance Video'),
        // The extension host's own runtime: Node itself, or Electron told to act as Node.
        process.execPath,
        [this.script],
        {
          ELECTRON_RUN_AS_NODE: '1',
          SEEDANCE_ROOT: folder.uri.fsPath,
          SEEDANCE_OUTPUT_FOLDER: outputFolderSetting(folder.uri) ?? DEFAULT_OUTPUT_FOLDER,
          COMETAPI_BASE_URL: baseUrl(),
        },
        this.version,
      ),
    ];
  }

  /** When VS Code starts it: the key, from SecretStorage (asked for if there is none). */
  async resolveMcpServerDefinition(server: McpStdioDefinition): Promise<McpStdioDefinition | undefined> {
    const key = await this.key();
    if (key) server.env = { ...server.env, COMETAPI_KEY: key };
    return server;
  }

  dispose(): void {
    this.#changed.dispose();
  }
}

/** Registers the provider where this VS Code has the API; says so in the log either way. */
export function registerMcpServer(definitions: McpDefinitions, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const lm = vscode.lm as unknown as Partial<McpApi>;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function') {
    log.info('This VS Code has no MCP server API (1.101 or later): Copy MCP Server Configuration still works');
    return [];
  }
  return [
    lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, definitions),
    vscode.workspace.onDidGrantWorkspaceTrust(() => definitions.changed()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => definitions.changed()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('seedance.baseUrl') || e.affectsConfiguration('seedance.outputFolder'))
        definitions.changed();
    }),
  ];
}

/** Seedance: Copy MCP Server Configuration: the server for any MCP client, with a placeholder for the key. */
export async function copyMcpConfiguration(definitions: McpDefinitions): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  const config = {
    mcpServers: {
      seedance: {
        command: 'node',
        args: [definitions.script],
        env: {
          COMETAPI_KEY: '<your CometAPI key>',
          ...(folder && { SEEDANCE_ROOT: folder.uri.fsPath }),
        },
      },
    },
  };
  const text = JSON.stringify(config, null, 2);
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(
    t(
      'Copied the Seedance MCP server configuration (for Cursor’s .cursor/mcp.json, Claude Code or any MCP client). Put your CometAPI key in place of <your CometAPI key>.',
    ),
  );
  return text;
}
