// `node dist/mcp.js`: the Seedance MCP server, over stdio. stdout is the protocol: every line of
// the log goes to stderr, in English, never with the key (the client scrubs it from what it logs).
// Settings come from the environment (config.ts; README, "Use from other agents").
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Log } from '../jobs/jobManager';
import { ConfigError, readConfig } from './config';
import { Engine } from './engine';
import { type Confirm, callTool, toolList } from './tools';

function stderrLog(debug: boolean): Log {
  const line = (level: string) => (text: string) => process.stderr.write(`[seedance ${level}] ${text}\n`);
  return {
    debug: debug ? line('debug') : () => undefined,
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
}

/** The protocol side: the tools, answered through `engine`; `inFlight` holds calls under way. */
export function createServer(engine: Engine): { server: Server; inFlight: Set<Promise<unknown>> } {
  const server = new Server(
    { name: 'seedance-video', title: 'Seedance Video', version: engine.version },
    { capabilities: { tools: {} } },
  );
  // The person is asked before a paid job where the client can show a question (elicitation);
  // elsewhere the client's own approval of each tool call applies, as the tool says.
  const confirm: Confirm = async (message) => {
    if (!server.getClientCapabilities()?.elicitation) return 'unsupported';
    const answer = await server.elicitInput({
      message,
      requestedSchema: { type: 'object', properties: {} },
    });
    return answer.action === 'accept' ? 'accept' : 'decline';
  };
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList() }));
  // Calls under way when the client goes: answered before the process ends.
  const inFlight = new Set<Promise<unknown>>();
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const call = callTool(engine, request.params.name, request.params.arguments, confirm);
    inFlight.add(call);
    try {
      return await call;
    } finally {
      inFlight.delete(call);
    }
  });
  return { server, inFlight };
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const log = stderrLog(env.SEEDANCE_DEBUG === '1');
  let engine: Engine;
  try {
    const config = readConfig(env, process.cwd());
    for (const p of config.problems) log.warn(p);
    const poll = Number(env.SEEDANCE_POLL_SECONDS);
    engine = new Engine(config, log, Number.isFinite(poll) && poll >= 1 ? poll : 5);
    log.info(
      `Seedance MCP server ${engine.version}: root ${config.root}, videos in ${config.outputFolder}/, ${config.key ? 'key set' : 'no COMETAPI_KEY (read-only tools only)'}`,
    );
  } catch (err) {
    log.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(2);
  }
  const { server, inFlight } = createServer(engine);
  // Jobs an earlier run started are picked up: polled, and downloaded once finished.
  await engine.manager.restore();
  // The client went away: the messages it sent last are still handled (their handlers start a
  // moment later, after the SDK's own checks), then answered, then the process ends.
  const stop = () =>
    setTimeout(
      () =>
        void Promise.allSettled([...inFlight]).then(() => {
          engine.dispose();
          process.exit(0);
        }),
      200,
    );
  process.stdin.on('close', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await server.connect(new StdioServerTransport());
}

if (require.main === module) void main();
