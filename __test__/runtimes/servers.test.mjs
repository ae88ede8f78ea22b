// Express 5 with the Node entry (native addon), and a Web-standard Hono app with the WebCrypto
// entry (the one edge-light/workerd select), each a real server over HTTP.
// Fastify 5 and Hono with the Node entry are in __test__/compat/servers.test.mjs.
import { describe } from "vitest";
import * as edge from "../../edge.mjs";
import * as native from "../../index.mjs";
import { serverSuite, startExpress, startHono } from "../helpers/servers.mjs";

describe("Express 5, native addon", () => serverSuite(startExpress, native));
describe("Hono (Web-standard handler), WebCrypto build", () => serverSuite(startHono, edge));
