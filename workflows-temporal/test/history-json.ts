// Temporal histories to and from the proto JSON format that the Temporal CLI and Web UI download,
// and that `historyToJSON` / `historyFromJSON` (@temporalio/common/lib/proto-utils) write and read.
//
// Why not those two helpers: in this install they throw "type must be a Type". @temporalio/common
// and @temporalio/proto each carry their own nested copy of protobufjs 8 (the hoisted one is
// grpc's protobufjs 7), and the helpers hand a Type built by @temporalio/proto's copy to the
// `protojson` of @temporalio/common's copy, whose `instanceof Type` check then fails. The
// worker's replay entry points call `historyFromJSON` for JSON histories too, so replay is given
// the decoded History objects from here instead. Both functions below use `protojson` from the
// very protobufjs that @temporalio/proto is built with, whatever the node_modules layout.
import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils.js';

type ProtoType = { readonly fullName: string };
interface ProtoJson {
  toJson(type: ProtoType, message: unknown): unknown;
  fromJson(type: ProtoType, json: unknown, options?: { ignoreUnknownFields?: boolean }): History | null;
}

const requireHere = createRequire(import.meta.url);
const requireFromProto = createRequire(requireHere.resolve('@temporalio/proto'));
const protojson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
const { patchProtobufRoot } = requireFromProto('@temporalio/proto/lib/patch-protobuf-root') as {
  patchProtobufRoot<T>(root: T): T & { lookupType(name: string): ProtoType };
};
const historyType = patchProtobufRoot(requireFromProto('@temporalio/proto') as object).lookupType(
  'temporal.api.history.v1.History',
);

/** A history (as `handle.fetchHistory()` returns it) as indented proto JSON text. */
export function historyToJsonText(history: History): string {
  return JSON.stringify(protojson.toJson(historyType, history), null, 2);
}

/** A history from proto JSON text, with Long event ids, as the replay worker wants it. */
export function historyFromJsonText(text: string): History {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { events?: unknown }).events)) {
    throw new TypeError('not a Temporal history: expected an object with an array of events');
  }
  const history = protojson.fromJson(historyType, parsed, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a Temporal history');
  return history;
}

/** The JSON text with every payload and metadata value decoded, so a search finds what history holds in base64. */
export function decodedHistoryText(json: string): string {
  const parts: string[] = [json];
  const walk = (value: unknown, key: string | null, inMetadata: boolean): void => {
    if (typeof value === 'string') {
      if (inMetadata || key === 'data') parts.push(Buffer.from(value, 'base64').toString('utf8'));
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, key, inMetadata);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k, inMetadata || k === 'metadata');
    }
  };
  walk(JSON.parse(json), null, false);
  return parts.join('\n');
}
