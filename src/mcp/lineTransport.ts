// The server's stdio transport: one JSON-RPC message per line, as the MCP spec's stdio transport
// says. It replaces the SDK's StdioServerTransport, which drops what it cannot read without an
// answer or a log line (a client that sent an id then waits forever) and closes the connection,
// exiting 0 in silence, on one message over its 10 MiB buffer. Here every message that is not one
// the server can take is answered per JSON-RPC 2.0 where an answer can be addressed, and always
// logged to stderr; a message too large is skipped to its end and refused, and serving goes on.
//
// Where the spec and the SDK differ, the spec is followed: a parse error is answered with id null
// (JSON-RPC 2.0 §5.1), which the SDK's own schemas do not allow; such answers are written here,
// not through the SDK. Batches are refused: MCP 2025-06-18 removed JSON-RPC batching.
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

/** The largest message taken (the SDK's stdio limit, kept). */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

type Id = string | number | null;

/** The requests this server answers, with the shape of each (checked here: one line on a mistake). */
const REQUESTS: Record<string, { safeParse(v: unknown): { success: boolean; error?: { issues: Issue[] } } }> = {
  initialize: InitializeRequestSchema,
  ping: PingRequestSchema,
  'tools/list': ListToolsRequestSchema,
  'tools/call': CallToolRequestSchema,
};

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export class LineTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  /** The start of a line not yet ended. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** A line over the limit is being skipped up to its end (it was answered when it went over). */
  #skipping = false;
  #closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly log: (line: string) => void,
    private readonly maxBytes = MAX_MESSAGE_BYTES,
  ) {}

  start(): Promise<void> {
    this.input.on('data', this.#onData);
    this.input.on('error', this.#onError);
    this.input.on('end', this.#onEnd);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.#write(message);
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.input.off('data', this.#onData);
    this.input.off('error', this.#onError);
    this.input.off('end', this.#onEnd);
    this.#pending = [];
    this.onclose?.();
    return Promise.resolve();
  }

  readonly #onError = (err: Error) => this.onerror?.(err);
  readonly #onEnd = () => void this.close();

  readonly #onData = (chunk: Buffer | string) => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (;;) {
      const end = data.indexOf(0x0a);
      if (this.#skipping) {
        if (end === -1) return;
        this.#skipping = false;
        data = data.subarray(end + 1);
        continue;
      }
      if (end === -1) {
        this.#keep(data);
        return;
      }
      const line =
        this.#pendingBytes + end > this.maxBytes ? undefined : Buffer.concat([...this.#pending, data.subarray(0, end)]);
      if (line) {
        this.#pending = [];
        this.#pendingBytes = 0;
        this.#take(line.toString('utf8'));
      } else {
        this.#keep(data.subarray(0, end));
        this.#skipping = false;
      }
      data = data.subarray(end + 1);
    }
  };

  /** Keeps the start of a line; past the limit, refuses the message and skips the rest of it. */
  #keep(part: Buffer): void {
    if (this.#pendingBytes + part.length <= this.maxBytes) {
      this.#pending.push(part);
      this.#pendingBytes += part.length;
      return;
    }
    const head = Buffer.concat(this.#pending.length ? this.#pending : [part])
      .subarray(0, 4096)
      .toString('utf8');
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#skipping = true;
    this.#refuse(
      idNear(head),
      ErrorCode.InvalidRequest,
      `Invalid Request: a message over ${this.maxBytes / 1024 / 1024} MiB is not taken (it was skipped; the server goes on)`,
    );
  }

  /** One line: handed to the server when it is a message it can take, else answered and logged. */
  #take(text: string): void {
    if (!text.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.#refuse(null, ErrorCode.ParseError, 'Parse error: the line is not JSON');
    }
    if (Array.isArray(value))
      return this.#refuse(
        null,
        ErrorCode.InvalidRequest,
        'Invalid Request: batches are not supported; send one message per line',
      );
    if (typeof value !== 'object' || value === null)
      return this.#refuse(null, ErrorCode.InvalidRequest, 'Invalid Request: a message is a JSON object');
    const message = value as Record<string, unknown>;
    const id =
      typeof message.id === 'string' || Number.isSafeInteger(message.id) ? (message.id as string | number) : null;
    if (message.jsonrpc !== '2.0')
      return this.#refuse(
        id,
        ErrorCode.InvalidRequest,
        `Invalid Request: "jsonrpc" must be "2.0" (got ${short(message.jsonrpc)})`,
      );
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success)
      return this.#refuse(id, ErrorCode.InvalidRequest, 'Invalid Request: not a request, notification or response');
    if (typeof message.method === 'string' && id !== null) {
      // A key named __proto__ is dropped by the SDK's parsing before a handler could refuse it.
      const proto = protoPath(message.params);
      if (proto)
        return this.#refuse(id, ErrorCode.InvalidParams, `Invalid params: unknown field "__proto__" (at ${proto})`);
      const problem = REQUESTS[message.method]?.safeParse(value).error?.issues[0];
      if (problem)
        return this.#refuse(
          id,
          ErrorCode.InvalidParams,
          `Invalid params for ${message.method}: ${problem.path.map(String).join('.') || 'params'}: ${problem.message}`,
        );
    }
    this.onmessage?.(parsed.data);
  }

  #refuse(id: Id, code: number, message: string): void {
    this.log(`Answered ${code} to a message${id === null ? '' : ` (id ${JSON.stringify(id)})`}: ${message}`);
    void this.#write({ jsonrpc: '2.0', id, error: { code, message } });
  }

  #write(message: unknown): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }
}

/** The id of a message from its start, when it comes before its params (as clients write it). */
function idNear(head: string): Id {
  const body = head.search(/"(params|result|error)"\s*:/);
  const match = /"id"\s*:\s*(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")/.exec(body === -1 ? '' : head.slice(0, body));
  if (!match) return null;
  try {
    return JSON.parse(match[1]) as string | number;
  } catch {
    return null;
  }
}

/** Where a `__proto__` key sits in what a message carries, if anywhere (a few levels deep). */
function protoPath(value: unknown, path = 'params', depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 6) return undefined;
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return path;
    const found = protoPath((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
