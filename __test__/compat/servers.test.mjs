// Fastify 5, and Hono on @hono/node-server with the Node entry (native addon); Express and Hono
// with the WebCrypto entry are in __test__/runtimes/servers.test.mjs.
import { describe } from "vitest";
import * as edge from "../../edge.mjs";
import * as native from "../../index.mjs";
import { serverSuite, startExpress, startFastify, startHono } from "../helpers/servers.mjs";

describe("Fastify 5, native addon", () => serverSuite(startFastify, native));
describe("Fastify 5, WebCrypto build", () => serverSuite(startFastify, edge));
describe("Hono on @hono/node-server, native addon", () => serverSuite(startHono, native));
describe("Express 5, WebCrypto build", () => serverSuite(startExpress, edge));
