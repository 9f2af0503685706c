/**
 * fedmsg-echo's formatter library: pure functions, no I/O, no logging.
 *
 *     import { format } from "fedmsg-echo/formatters";
 *     const summary = format(JSON.parse(line)); // Summary | undefined
 */
export { format, formatTrace, type FormatTrace } from "./format.js";
export { decodeMessage, decodeJson, AMQP_BRIDGE_USERNAME } from "./message.js";
export { DecodeError } from "./errors.js";
export { parseTopic } from "./topic.js";
export { Payload, isObject } from "./payload.js";
export { defineService, type Ctx, type Handler, type Result, type ServiceDef, type SchemaEntry } from "./define.js";
export { avatarUrl, emailAvatarUrl } from "./util/avatar.js";
export { compileGlob, type TopicGlob } from "./util/glob.js";
export { cleanText, MAX_CLUSTER_CODE_POINTS } from "./util/text.js";
export * from "./types.js";
export * from "./render/index.js";
