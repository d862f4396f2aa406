// `node dist/mcp.js`: the Seedance MCP server, over stdio. stdout is the protocol: every line of
// the log goes to stderr, in English, never with the key (the client scrubs it from what it logs).
// Settings come from the environment (config.ts; README, "Use from other agents").
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Log } from '../jobs/jobManager';
import { ConfigError, readConfig } from './config';
import { Engine } from './engine';
import { LineTransport } from './lineTransport';
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

/**
 * The protocol side: the tools, answered through `engine`; `inFlight` holds calls under way, and
 * `hangUp()` withdraws the questions still waiting for the person (the client went away).
 */
export function createServer(engine: Engine): { server: Server; inFlight: Set<Promise<unknown>>; hangUp: () => void } {
  const server = new Server(
    { name: 'seedance-video', title: 'Seedance Video', version: engine.version },
    { capabilities: { tools: {} } },
  );
  // The person is asked before a paid job where the client can show a question (elicitation);
  // elsewhere the client's own approval of each tool call applies, as the tool says.
  // A person may read a summary for minutes: the SDK's 60 s default is replaced by the server's
  // own time to answer (SEEDANCE_CONFIRM_MINUTES), after which the call says nothing was sent.
  const pending = new Set<AbortController>();
  const confirm: Confirm = async (message) => {
    if (!server.getClientCapabilities()?.elicitation) return 'unsupported';
    const asking = new AbortController();
    pending.add(asking);
    try {
      const answer = await server.elicitInput(
        { message, requestedSchema: { type: 'object', properties: {} } },
        { timeout: engine.config.confirmMs, signal: asking.signal },
      );
      return answer.action === 'accept' ? 'accept' : 'decline';
    } catch (err) {
      if (asking.signal.aborted) return 'gone';
      if (err instanceof McpError && err.code === (ErrorCode.RequestTimeout as number)) return 'no-answer';
      throw err;
    } finally {
      pending.delete(asking);
    }
  };
  const hangUp = () => {
    for (const asking of pending) asking.abort();
  };
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList(engine.catalog) }));
  // Calls under way when the client goes: answered before the process ends.
  const inFlight = new Set<Promise<unknown>>();
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    // An unknown tool is a protocol error (the spec's Tools → Error Handling: -32602), not a tool
    // result the agent might take for an answer.
    const known = toolList().map((t) => t.name as string);
    if (!known.includes(request.params.name))
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool: ${request.params.name} (the tools are ${known.join(', ')})`,
      );
    const call = callTool(engine, request.params.name, request.params.arguments, confirm);
    inFlight.add(call);
    try {
      return await call;
    } finally {
      inFlight.delete(call);
    }
  });
  return { server, inFlight, hangUp };
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const log = stderrLog(env.SEEDANCE_DEBUG === '1');
  let engine: Engine;
  try {
    const config = readConfig(env, process.cwd());
    for (const p of config.problems) log.warn(p);
    const poll = Number(env.SEEDANCE_POLL_SECONDS);
    engine = await Engine.open(config, log, Number.isFinite(poll) && poll >= 1 ? poll : 5);
    log.info(
      `Seedance MCP server ${engine.version}: root ${config.root}, videos in ${config.outputFolder}/, ${config.key ? 'key set' : 'no COMETAPI_KEY (read-only tools only)'}`,
    );
  } catch (err) {
    log.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(2);
  }
  const { server, inFlight, hangUp } = createServer(engine);
  // Jobs an earlier run started are picked up: polled, and downloaded once finished.
  await engine.manager.restore();
  // The client went away: the messages it sent last are still handled (their handlers start a
  // moment later, after the SDK's own checks), then answered, then the process ends.
  // A question still waiting for the person is withdrawn: nobody is left to answer it.
  const stop = () =>
    setTimeout(() => {
      hangUp();
      void Promise.allSettled([...inFlight])
        .then(() => engine.close())
        .then(() => process.exit(0));
    }, 200);
  process.stdin.on('close', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Whatever the protocol layer cannot handle is said on stderr, never dropped in silence.
  server.onerror = (err) => log.warn(`Protocol: ${err.message}`);
  await server.connect(new LineTransport(process.stdin, process.stdout, (line) => log.warn(line)));
}

if (require.main === module) void main();
