// The MCP server offered to VS Code's own agents: this VS Code (1.139) has the definition API; the
// definition runs dist/mcp.js of the installed extension with the workspace folder as its root,
// the key from SecretStorage only once resolved, and the server it starts answers an MCP client
// (the SDK's) with its tools. Copy MCP Server Configuration never copies the key.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { sim, useExtension, workspaceFolder } from './support';

describe('the MCP server for VS Code’s agents', () => {
  const ext = useExtension();

  it('is offered through VS Code’s MCP API, with the workspace root; the key is added only when resolved', async () => {
    assert.equal(
      typeof (vscode.lm as { registerMcpServerDefinitionProvider?: unknown }).registerMcpServerDefinitionProvider,
      'function',
    );
    const [definition] = ext.api.mcp.provideMcpServerDefinitions();
    assert.ok(definition, 'one server');
    assert.equal(definition.label, 'Seedance Video');
    assert.ok(definition.args[0].endsWith('dist/mcp.js') && existsSync(definition.args[0]), definition.args[0]);
    assert.equal(definition.env.SEEDANCE_ROOT, workspaceFolder().fsPath);
    assert.equal(definition.env.COMETAPI_KEY, undefined, 'no key before VS Code starts it');
    const resolved = await ext.api.mcp.resolveMcpServerDefinition(definition);
    assert.equal(resolved?.env.COMETAPI_KEY, sim.key, 'the key from SecretStorage');

    // What VS Code then starts answers an MCP client with the four tools.
    const env = Object.fromEntries(
      Object.entries({ ...process.env, ...resolved.env }).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    );
    const client = new Client({ name: 'host-test', version: '1' });
    await client.connect(
      new StdioClientTransport({ command: resolved.command, args: [...resolved.args], env, stderr: 'pipe' }),
    );
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        ['list_models', 'estimate_video_cost', 'check_videos', 'generate_video'],
      );
      const estimate = await client.callTool({
        name: 'estimate_video_cost',
        arguments: { prompt: 'A kite over the dunes', model: 'doubao-seedance-2-0', seconds: 5 },
      });
      assert.match(JSON.stringify(estimate.content), /≈ \$0\.40/);
    } finally {
      await client.close();
    }
  });

  it('Copy MCP Server Configuration copies the command, the script and the root, with a placeholder for the key', async () => {
    const text = await vscode.commands.executeCommand<string>('seedance.copyMcpConfiguration');
    assert.equal(await vscode.env.clipboard.readText(), text);
    const config = JSON.parse(text) as {
      mcpServers: { seedance: { command: string; args: string[]; env: Record<string, string> } };
    };
    assert.equal(config.mcpServers.seedance.command, 'node');
    assert.ok(config.mcpServers.seedance.args[0].endsWith('dist/mcp.js'));
    assert.equal(config.mcpServers.seedance.env.SEEDANCE_ROOT, workspaceFolder().fsPath);
    assert.equal(config.mcpServers.seedance.env.COMETAPI_KEY, '<your CometAPI key>');
    assert.ok(!text.includes(sim.key));
  });
});
