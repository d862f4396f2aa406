// The Copilot tool's input schema is written in package.json (VS Code reads it from the manifest
// before the extension runs); the MCP server's is made from plan/requestShape.ts. They describe
// one request: the same fields, types, required ones and closed values, checked here, so a field
// added to the request shape and forgotten in the manifest fails the suite (its words may differ:
// the tool speaks of workspace paths, the server of its root folder).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentRequestJsonSchema } from '../../src/plan/requestShape';
import { REPO_ROOT } from '../support/paths';

interface Schema {
  type?: string;
  required?: string[];
  additionalProperties?: boolean;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}

/** What a schema says about its values, without its words; `open` drops what a settings catalog can add to. */
function shape(schema: Schema, open: readonly string[] = []): unknown {
  return {
    type: schema.type,
    required: [...(schema.required ?? [])].sort(),
    additionalProperties: schema.additionalProperties,
    properties: Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, p]) => [
        key,
        {
          type: p.type,
          items: p.items?.type,
          ...(!open.includes(key) && { enum: p.enum, minimum: p.minimum, maximum: p.maximum }),
        },
      ]),
    ),
  };
}

describe('the Copilot tool’s input schema', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { languageModelTools: { name: string; inputSchema: Schema }[] };
  };
  const tool = manifest.contributes.languageModelTools.find((t) => t.name === 'seedance_generate_video');

  it('describes the request the MCP server’s schema describes: fields, types, required, closed values', () => {
    assert.ok(tool, 'seedance_generate_video in package.json');
    // The model ids, sizes and seconds follow the catalog, which settings can extend: in the
    // manifest they are named in words, not closed.
    const open = ['model', 'size', 'seconds'];
    assert.deepEqual(shape(tool.inputSchema, open), shape(agentRequestJsonSchema() as Schema, open));
  });
});
